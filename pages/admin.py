"""Quản trị: accounts, roles and scopes; criteria and targets; settings; the audit log. Admins only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import streamlit as st

import ui
from core.access import accounts, audit
from core.access.accounts import AccountError, User
from core.base.exports import safe_csv_bytes, safe_xlsx_bytes
from core.base.formatting import fmt_date
from core.domain import admin
from core.views import queries

NO_PROVINCE = ""


def _users(current: User) -> None:
    database = ui.db()
    frame = accounts.list_users(database)
    provinces = queries.province_names(database)
    table = pd.DataFrame(
        {
            ui.tr("login.username"): frame["username"],
            ui.tr("admin.full_name"): frame["full_name"],
            ui.tr("login.role"): frame["role"].map(lambda r: ui.tr(f"role.{r}")),
            ui.tr("admin.scope"): [
                next((n for n in (c_name, p_name) if isinstance(n, str)), ui.tr("scope.all"))
                for c_name, p_name in zip(frame["commune_name"], frame["province_name"], strict=True)
            ],
            ui.tr("admin.active"): frame["active"].map(lambda a: "✓" if a else "✗"),
            ui.tr("admin.last_login"): frame["last_login_at"].map(
                lambda v: "" if pd.isna(v) else v.strftime("%d/%m/%Y %H:%M")
            ),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="admin_users")
    flash = st.session_state.pop("admin_password_flash", None)
    if flash:
        st.success(flash)

    options = [NO_PROVINCE, *provinces]
    labels = {NO_PROVINCE: ui.tr("scope.all"), **provinces}
    add, edit = st.columns(2, gap="large")
    with add, st.form("admin_add_user", clear_on_submit=True):
        st.markdown(f"**{ui.tr('admin.add_user')}**")
        username = st.text_input(ui.tr("login.username"), key="admin_new_username")
        full_name = st.text_input(ui.tr("admin.full_name"), key="admin_new_name")
        role = st.selectbox(
            ui.tr("login.role"), accounts.ROLES, format_func=lambda r: ui.tr(f"role.{r}"), key="admin_new_role"
        )
        province = st.selectbox(
            ui.tr("admin.province"), options, format_func=labels.__getitem__, key="admin_new_province"
        )
        commune = st.text_input(ui.tr("admin.commune"), key="admin_new_commune", help=ui.tr("admin.commune_help"))
        email = st.text_input(ui.tr("admin.email"), key="admin_new_email")
        password = st.text_input(
            ui.tr("login.password"), type="password", key="admin_new_password", help=ui.tr("admin.password_help")
        )
        if st.form_submit_button(ui.tr("admin.add_submit"), type="primary"):
            chosen = password or accounts.random_password()
            try:
                user = accounts.create_user(
                    ui.db(), current, username, chosen, role, full_name, province or None, commune or None, email
                )
            except AccountError as exc:
                st.error(ui.plain(exc))
            else:
                st.session_state["admin_password_flash"] = (
                    ui.tr("admin.created_random", user=ui.plain(user.username), password=ui.plain(chosen))
                    if not password
                    else ui.tr("admin.created", user=ui.plain(user.username))
                )
                st.rerun()

    names = list(frame["username"])
    with edit:
        st.markdown(f"**{ui.tr('admin.edit_user')}**")
        picked = st.selectbox(ui.tr("login.username"), names, key="admin_edit_pick")
        if picked is None:
            return
        row = frame[frame["username"] == picked].iloc[0]
        with st.form(f"admin_edit_{picked}"):
            role = st.selectbox(
                ui.tr("login.role"),
                accounts.ROLES,
                index=accounts.ROLES.index(str(row["role"])),
                format_func=lambda r: ui.tr(f"role.{r}"),
            )
            current_province = row["province_code"] if isinstance(row["province_code"], str) else NO_PROVINCE
            province = st.selectbox(
                ui.tr("admin.province"),
                options,
                index=options.index(current_province) if current_province in options else 0,
                format_func=labels.__getitem__,
            )
            commune = st.text_input(
                ui.tr("admin.commune"), value=row["commune_code"] if isinstance(row["commune_code"], str) else ""
            )
            active = st.checkbox(ui.tr("admin.active"), value=bool(row["active"]))
            if st.form_submit_button(ui.tr("admin.save")):
                try:
                    accounts.update_user(
                        ui.db(),
                        current,
                        str(picked),
                        role=role,
                        province=province or None,
                        commune=commune or None,
                        active=active,
                    )
                except AccountError as exc:
                    st.error(ui.plain(exc))
                else:
                    st.session_state["admin_password_flash"] = ui.tr("admin.saved", user=ui.plain(picked))
                    st.rerun()
        if st.button(ui.tr("admin.reset_password"), key="admin_reset"):
            try:
                new = accounts.reset_password(ui.db(), current, str(picked))
            except AccountError as exc:
                st.error(ui.plain(exc))
            else:
                st.session_state["admin_password_flash"] = ui.tr(
                    "admin.reset_done", user=ui.plain(picked), password=ui.plain(new)
                )
                st.rerun()


def _save(change: Callable[[], int], done_key: str) -> None:
    """Run an admin change; on success say how many things changed (after the rerun), else why not."""
    try:
        n = change()
    except (admin.AdminRefused, AccountError) as exc:
        st.error(ui.plain(exc))
    else:
        st.session_state["admin_flash"] = ui.tr(done_key, n=n)
        st.rerun()


def _criteria(current: User) -> None:
    frame = admin.criteria_table(ui.db())
    st.caption(ui.tr("admin.criteria_help"))
    edited = st.data_editor(
        frame[["code", "name_vi", "name_en", "comparison", "target", "required", "unit"]],
        column_config={
            "code": st.column_config.TextColumn(ui.tr("upload.col_code"), disabled=True),
            "name_vi": st.column_config.TextColumn(ui.tr("admin.name_vi"), width="large"),
            "name_en": st.column_config.TextColumn(ui.tr("admin.name_en"), width="large"),
            "comparison": st.column_config.SelectboxColumn(
                ui.tr("admin.comparison"), options=list(admin.COMPARISONS), required=True
            ),
            "target": st.column_config.NumberColumn(ui.tr("admin.target"), required=True),
            "required": st.column_config.CheckboxColumn(ui.tr("admin.required")),
            "unit": st.column_config.TextColumn(ui.tr("admin.unit"), disabled=True),
        },
        hide_index=True,
        width="stretch",
        key=f"admin_criteria_{ui.version()}",
    )
    if st.button(ui.tr("admin.save"), type="primary", key="admin_criteria_save"):
        _save(lambda: admin.update_criteria(ui.db(), current, edited), "admin.criteria_saved")


def _settings(current: User) -> None:
    values = admin.settings(ui.db())
    with st.form("admin_settings"):
        edited = {
            key: st.number_input(
                ui.tr(f"admin.setting.{key}"),
                min_value=float(least),
                max_value=float(most),
                value=float(values[key]),
                step=1.0,
                format="%g",
                key=f"admin_setting_{key}",
            )
            for key, (_, least, most) in admin.SETTINGS.items()
        }
        if st.form_submit_button(ui.tr("admin.save"), type="primary"):
            _save(lambda: admin.update_settings(ui.db(), current, edited), "admin.settings_saved")


def _audit() -> None:
    database = ui.db()
    left, middle, right = st.columns(3)
    actor = left.selectbox(
        ui.tr("admin.audit_actor"), ["", *audit.actors(database)], format_func=lambda a: a or ui.tr("filter.all")
    )
    action = middle.selectbox(
        ui.tr("admin.audit_action"),
        ["", *audit.ACTIONS],
        format_func=lambda a: ui.tr(f"audit.{a}") if a else ui.tr("filter.all"),
    )
    today = date.today()
    span = right.date_input(ui.tr("admin.audit_dates"), (today - timedelta(days=30), today), format="DD/MM/YYYY")
    since, until = (span[0], span[1]) if isinstance(span, tuple) and len(span) == 2 else (None, None)
    frame = audit.entries(database, actor or None, action or None, since, until, limit=5000)
    shown = pd.DataFrame(
        {
            ui.tr("admin.audit_when"): frame["logged_at"].map(lambda v: v.strftime("%d/%m/%Y %H:%M:%S")),
            ui.tr("admin.audit_actor"): frame["actor"],
            ui.tr("admin.audit_action"): frame["action"].map(lambda a: ui.tr(f"audit.{a}")),
            ui.tr("admin.audit_target"): frame["target"].fillna(""),
            ui.tr("admin.audit_summary"): frame["summary"].fillna(""),
            ui.tr("admin.audit_before"): frame["before"].fillna(""),
            ui.tr("admin.audit_after"): frame["after"].fillna(""),
        }
    )
    st.caption(ui.tr("admin.audit_count", n=len(frame), since=fmt_date(since), until=fmt_date(until)))
    st.dataframe(shown, hide_index=True, width="stretch", key="admin_audit")
    csv, xlsx = st.columns(2)
    # Built when clicked, for an account still allowed the audit log (not on every run of the page).
    sheet = ui.tr("admin.tab_audit")
    ui.download_button(csv, "CSV", lambda _: safe_csv_bytes(shown), "nhat_ky.csv", "text/csv", "audit_csv", "audit")
    ui.download_button(
        xlsx, "XLSX", lambda _: safe_xlsx_bytes({sheet: shown}), "nhat_ky.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "audit_xlsx", "audit",
    )  # fmt: skip
    ui.download_notice()


def render() -> None:
    current = ui.guard("users")
    ui.page_header(ui.tr("admin.title"), ui.tr("admin.caption"), "admin_flash")
    users_tab, criteria_tab, settings_tab, audit_tab = st.tabs(
        [ui.tr("admin.tab_users"), ui.tr("admin.tab_criteria"), ui.tr("admin.tab_settings"), ui.tr("admin.tab_audit")]
    )
    with users_tab:
        _users(current)
    with criteria_tab:
        _criteria(current)
    with settings_tab:
        _settings(current)
    with audit_tab:
        _audit()


render()
