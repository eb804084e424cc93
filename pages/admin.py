"""Quản trị: accounts, roles and scopes; criteria and targets; settings; the audit log. Admins only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import streamlit as st

import web
from core.access import accounts, audit
from core.access.accounts import AccountError, User
from core.base.exports import safe_csv_bytes, safe_xlsx_bytes
from core.base.formatting import fmt_date
from core.domain import admin
from core.views import queries

NO_PROVINCE = ""


def _users(current: User) -> None:
    database = web.db()
    frame = accounts.list_users(database)
    provinces = queries.province_names(database)
    table = pd.DataFrame(
        {
            web.tr("login.username"): frame["username"],
            web.tr("admin.full_name"): frame["full_name"],
            web.tr("login.role"): frame["role"].map(lambda r: web.tr(f"role.{r}")),
            web.tr("admin.scope"): [
                next((n for n in (c_name, p_name) if isinstance(n, str)), web.tr("scope.all"))
                for c_name, p_name in zip(frame["commune_name"], frame["province_name"], strict=True)
            ],
            web.tr("admin.active"): frame["active"].map(lambda a: "✓" if a else "✗"),
            web.tr("admin.last_login"): frame["last_login_at"].map(
                lambda v: "" if pd.isna(v) else v.strftime("%d/%m/%Y %H:%M")
            ),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="admin_users")
    flash = st.session_state.pop("admin_password_flash", None)
    if flash:
        st.success(flash)
    options = [NO_PROVINCE, *provinces]
    labels = {NO_PROVINCE: web.tr("scope.all"), **provinces}
    add, edit = st.columns(2, gap="large")
    with add:
        _add_user(current, options, labels)
    with edit:
        _edit_user(current, frame, options, labels)


def _add_user(current: User, options: list[str], labels: dict[str, str]) -> None:
    with st.form("admin_add_user", clear_on_submit=True):
        st.markdown(f"**{web.tr('admin.add_user')}**")
        username = st.text_input(web.tr("login.username"), key="admin_new_username")
        full_name = st.text_input(web.tr("admin.full_name"), key="admin_new_name")
        role = st.selectbox(
            web.tr("login.role"), accounts.ROLES, format_func=lambda r: web.tr(f"role.{r}"), key="admin_new_role"
        )
        province = st.selectbox(
            web.tr("admin.province"), options, format_func=labels.__getitem__, key="admin_new_province"
        )
        commune = st.text_input(web.tr("admin.commune"), key="admin_new_commune", help=web.tr("admin.commune_help"))
        email = st.text_input(web.tr("admin.email"), key="admin_new_email")
        password = st.text_input(
            web.tr("login.password"), type="password", key="admin_new_password", help=web.tr("admin.password_help")
        )
        if st.form_submit_button(web.tr("admin.add_submit"), type="primary"):
            chosen = password or accounts.random_password()
            try:
                user = accounts.create_user(
                    web.db(), current, username, chosen, role, full_name, province or None, commune or None, email
                )
            except AccountError as exc:
                st.error(web.plain(exc))
            else:
                st.session_state["admin_password_flash"] = (
                    web.tr("admin.created_random", user=web.plain(user.username), password=web.plain(chosen))
                    if not password
                    else web.tr("admin.created", user=web.plain(user.username))
                )
                st.rerun()


def _edit_user(current: User, frame: pd.DataFrame, options: list[str], labels: dict[str, str]) -> None:
    st.markdown(f"**{web.tr('admin.edit_user')}**")
    picked = st.selectbox(web.tr("login.username"), list(frame["username"]), key="admin_edit_pick")
    if picked is None:
        return
    row = frame[frame["username"] == picked].iloc[0]
    with st.form(f"admin_edit_{picked}"):
        role = st.selectbox(
            web.tr("login.role"),
            accounts.ROLES,
            index=accounts.ROLES.index(str(row["role"])),
            format_func=lambda r: web.tr(f"role.{r}"),
        )
        current_province = row["province_code"] if isinstance(row["province_code"], str) else NO_PROVINCE
        province = st.selectbox(
            web.tr("admin.province"),
            options,
            index=options.index(current_province) if current_province in options else 0,
            format_func=labels.__getitem__,
        )
        commune = st.text_input(
            web.tr("admin.commune"), value=row["commune_code"] if isinstance(row["commune_code"], str) else ""
        )
        active = st.checkbox(web.tr("admin.active"), value=bool(row["active"]))
        if st.form_submit_button(web.tr("admin.save")):
            try:
                accounts.update_user(
                    web.db(),
                    current,
                    str(picked),
                    role=role,
                    province=province or None,
                    commune=commune or None,
                    active=active,
                )
            except AccountError as exc:
                st.error(web.plain(exc))
            else:
                st.session_state["admin_password_flash"] = web.tr("admin.saved", user=web.plain(picked))
                st.rerun()
    if st.button(web.tr("admin.reset_password"), key="admin_reset"):
        try:
            new = accounts.reset_password(web.db(), current, str(picked))
        except AccountError as exc:
            st.error(web.plain(exc))
        else:
            st.session_state["admin_password_flash"] = web.tr(
                "admin.reset_done", user=web.plain(picked), password=web.plain(new)
            )
            st.rerun()


def _save(change: Callable[[], int], done_key: str) -> None:
    """Run an admin change; on success say how many things changed (after the rerun), else why not."""
    try:
        n = change()
    except (admin.AdminRefused, AccountError) as exc:
        st.error(web.plain(exc))
    else:
        st.session_state["admin_flash"] = web.tr(done_key, n=n)
        st.rerun()


def _criteria(current: User) -> None:
    frame = admin.criteria_table(web.db())
    st.caption(web.tr("admin.criteria_help"))
    edited = st.data_editor(
        frame[["code", "name_vi", "name_en", "comparison", "target", "required", "unit"]],
        column_config={
            "code": st.column_config.TextColumn(web.tr("upload.col_code"), disabled=True),
            "name_vi": st.column_config.TextColumn(web.tr("admin.name_vi"), width="large"),
            "name_en": st.column_config.TextColumn(web.tr("admin.name_en"), width="large"),
            "comparison": st.column_config.SelectboxColumn(
                web.tr("admin.comparison"), options=list(admin.COMPARISONS), required=True
            ),
            "target": st.column_config.NumberColumn(web.tr("admin.target"), required=True),
            "required": st.column_config.CheckboxColumn(web.tr("admin.required")),
            "unit": st.column_config.TextColumn(web.tr("admin.unit"), disabled=True),
        },
        hide_index=True,
        width="stretch",
        key=f"admin_criteria_{web.version()}",
    )
    if st.button(web.tr("admin.save"), type="primary", key="admin_criteria_save"):
        _save(lambda: admin.update_criteria(web.db(), current, edited), "admin.criteria_saved")


def _settings(current: User) -> None:
    values = admin.settings(web.db())
    with st.form("admin_settings"):
        edited = {
            key: st.number_input(
                web.tr(f"admin.setting.{key}"),
                min_value=float(least),
                max_value=float(most),
                value=float(values[key]),
                step=1.0,
                format="%g",
                key=f"admin_setting_{key}",
            )
            for key, (_, least, most) in admin.SETTINGS.items()
        }
        if st.form_submit_button(web.tr("admin.save"), type="primary"):
            _save(lambda: admin.update_settings(web.db(), current, edited), "admin.settings_saved")


def _audit() -> None:
    database = web.db()
    left, middle, right = st.columns(3)
    actor = left.selectbox(
        web.tr("admin.audit_actor"), ["", *audit.actors(database)], format_func=lambda a: a or web.tr("filter.all")
    )
    action = middle.selectbox(
        web.tr("admin.audit_action"),
        ["", *audit.ACTIONS],
        format_func=lambda a: web.tr(f"audit.{a}") if a else web.tr("filter.all"),
    )
    today = date.today()
    span = right.date_input(web.tr("admin.audit_dates"), (today - timedelta(days=30), today), format="DD/MM/YYYY")
    since, until = (span[0], span[1]) if isinstance(span, tuple) and len(span) == 2 else (None, None)
    frame = audit.entries(database, actor or None, action or None, since, until, limit=5000)
    shown = pd.DataFrame(
        {
            web.tr("admin.audit_when"): frame["logged_at"].map(lambda v: v.strftime("%d/%m/%Y %H:%M:%S")),
            web.tr("admin.audit_actor"): frame["actor"],
            web.tr("admin.audit_action"): frame["action"].map(lambda a: web.tr(f"audit.{a}")),
            web.tr("admin.audit_target"): frame["target"].fillna(""),
            web.tr("admin.audit_summary"): frame["summary"].fillna(""),
            web.tr("admin.audit_before"): frame["before"].fillna(""),
            web.tr("admin.audit_after"): frame["after"].fillna(""),
        }
    )
    st.caption(web.tr("admin.audit_count", n=len(frame), since=fmt_date(since), until=fmt_date(until)))
    st.dataframe(shown, hide_index=True, width="stretch", key="admin_audit")
    csv, xlsx = st.columns(2)
    # Built when clicked, for an account still allowed the audit log (not on every run of the page).
    sheet = web.tr("admin.tab_audit")
    web.download_button(csv, "CSV", lambda _: safe_csv_bytes(shown), "nhat_ky.csv", "text/csv", "audit_csv", "audit")
    web.download_button(
        xlsx, "XLSX", lambda _: safe_xlsx_bytes({sheet: shown}), "nhat_ky.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "audit_xlsx", "audit",
    )  # fmt: skip
    web.download_notice()


def render() -> None:
    current = web.guard("users")
    web.page_header(web.tr("admin.title"), web.tr("admin.caption"), "admin_flash")
    users_tab, criteria_tab, settings_tab, audit_tab = st.tabs(
        [
            web.tr("admin.tab_users"),
            web.tr("admin.tab_criteria"),
            web.tr("admin.tab_settings"),
            web.tr("admin.tab_audit"),
        ]
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
