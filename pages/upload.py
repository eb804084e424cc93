"""Cập nhật dữ liệu: upload a file, see what it will do and every problem, confirm; history; undo."""

from __future__ import annotations

import hashlib
from functools import partial

import pandas as pd
import streamlit as st

import web
from core import importer
from core.access.accounts import PermissionDenied, User
from core.access.scope import Scope
from core.base.formatting import fmt_month, fmt_number
from core.geo import boundaries
from core.importer import templates, uploads
from core.storage.db import Database, DatabaseError
from core.views import area

KINDS = ["auto", "indicators", "rounds", "areas", "hotspots", "boundaries"]


def _plan(content: bytes, file_name: str, kind: str) -> importer.ImportPlan:
    """The plan for this file against the data as it is now (kept while nothing changes)."""
    key = (hashlib.sha256(content).hexdigest(), kind, web.version())
    kept = st.session_state.get("upload_plan")
    if kept is not None and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    with st.status(web.tr("upload.checking", name=web.plain(file_name)), expanded=False) as status:
        plan = importer.plan_import(
            web.db(), content, file_name, kind=None if kind == "auto" else kind, scope=web.scope()
        )
        status.update(label=web.tr("upload.checked", name=web.plain(file_name)), state="complete")
    st.session_state["upload_plan"] = (key, plan)
    return plan


def _problems_table(problems: list[importer.Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            web.tr("upload.col_severity"): [web.tr(f"upload.severity.{p.severity}") for p in problems],
            web.tr("upload.col_row"): [p.row for p in problems],
            web.tr("upload.col_column"): [p.column for p in problems],
            web.tr("upload.col_value"): [p.value for p in problems],
            web.tr("upload.col_reason"): [p.reason for p in problems],
            web.tr("upload.col_suggestion"): [p.suggestion or "" for p in problems],
        }
    )


def _changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    if "indicator" not in changes.columns:  # rounds, areas, hotspots: shown as the importer describes them
        return changes
    return pd.DataFrame(
        {
            web.tr("col.area"): changes["area_code"],
            web.tr("upload.col_month"): changes["month"].map(lambda m: fmt_month(m, lang)),
            web.tr("upload.col_indicator"): changes["indicator"],
            web.tr("upload.col_old"): changes["old_value"].map(
                lambda v: "" if pd.isna(v) else fmt_number(v, 0 if float(v).is_integer() else 2, lang)
            ),
            web.tr("upload.col_new"): changes["new_value"].map(
                lambda v: fmt_number(v, 0 if float(v).is_integer() else 2, lang)
            ),
        }
    )


def _boundaries(content: bytes, file_name: str, lang: str, nonce: int) -> None:
    """A GeoJSON of area boundaries (for the map): preview the matches, then confirm."""
    key = (hashlib.sha256(content).hexdigest(), file_name, web.version())
    kept = st.session_state.get("boundaries_plan")
    if kept is not None and kept[0] == key:  # kept while nothing changes: a large file is read once
        plan = kept[1]
    else:
        with st.status(web.tr("upload.checking", name=web.plain(file_name)), expanded=False) as status:
            plan = boundaries.plan_boundaries(web.db(), content, file_name)
            status.update(label=web.tr("upload.checked", name=web.plain(file_name)), state="complete")
        st.session_state["boundaries_plan"] = (key, plan)
    st.caption(web.tr("upload.boundaries_found", n=fmt_number(len(plan.features), 0, lang)))
    if plan.problems:
        st.dataframe(_problems_table(plan.problems), hide_index=True, width="stretch")
    if not plan.ok:
        st.error(web.tr("upload.boundaries_refused"))
        return
    st.dataframe(
        plan.features[["area_code", "area_name"]].set_axis([web.tr("upload.col_code"), web.tr("col.area")], axis=1),
        hide_index=True,
        width="stretch",
    )
    if st.button(web.tr("upload.confirm"), type="primary", key="upload_confirm"):
        upload_id = boundaries.commit_boundaries(web.db(), plan, actor=web.actor())
        st.session_state["upload_flash"] = web.tr(
            "upload.boundaries_done", name=web.plain(file_name), id=upload_id, n=fmt_number(len(plan.features), 0, lang)
        )
        st.session_state["upload_nonce"] = nonce + 1
        st.rerun()


def _upload_section(lang: str) -> None:
    st.subheader(web.tr("upload.new"))
    left, right = st.columns([1, 3])
    kind = left.selectbox(
        web.tr("upload.kind"),
        [k for k in KINDS if k != "boundaries" or web.can("settings")],  # boundaries: the country's map, admins
        format_func=lambda k: web.tr(f"upload.kind.{k}"),
        key="upload_kind",
    )
    nonce = st.session_state.get("upload_nonce", 0)
    file = right.file_uploader(
        web.tr("upload.file"),
        type=["csv", "txt", "xlsx", "geojson", "json"],
        key=f"upload_file_{nonce}",
        help=web.tr("upload.file_help"),
    )
    flash = st.session_state.pop("upload_flash", None)
    if flash:
        st.success(flash)
    if file is None:
        return
    content = file.getvalue()
    if kind == "boundaries" or file.name.lower().endswith((".geojson", ".json")):
        if not web.can("settings"):
            st.error(web.tr("upload.boundaries_admin"))
            return
        _boundaries(content, file.name, lang, nonce)
        return
    plan = _plan(content, file.name, kind)
    figures = [
        (web.tr("upload.m_rows"), fmt_number(plan.rows_total, 0, lang)),
        (web.tr("upload.m_added"), fmt_number(plan.rows_added, 0, lang)),
        (web.tr("upload.m_changed"), fmt_number(plan.rows_changed, 0, lang)),
        (web.tr("upload.m_unchanged"), fmt_number(plan.rows_unchanged, 0, lang)),
        (web.tr("upload.m_errors"), fmt_number(plan.error_count, 0, lang)),
        (web.tr("upload.m_warnings"), fmt_number(plan.warning_count, 0, lang)),
    ]
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value)
    kind_label = web.tr(f"upload.kind.{plan.kind}") if plan.kind in KINDS else web.tr("upload.kind.unknown")
    st.caption(
        web.tr(
            "upload.read_as",
            kind=kind_label,
            encoding=web.plain(plan.encoding or "—"),
            delimiter=web.plain(repr(plan.delimiter or "")),
        )
    )
    if plan.already_imported:
        st.info(web.tr("upload.already", id=plan.already_imported_upload_id))
    elif not plan.ok:
        st.error(web.tr("upload.refused", n=plan.error_count))
    if plan.problems:
        st.dataframe(_problems_table(plan.problems), hide_index=True, width="stretch", key="upload_problems")
        if plan.problems_omitted:
            st.caption(web.tr("upload.omitted", n=plan.problems_omitted))
    if plan.ok and not plan.already_imported:
        if not plan.changes.empty:
            st.markdown(web.tr("upload.changes_title"))
            st.dataframe(_changes_table(plan.change_preview(500), lang), hide_index=True, width="stretch")
        if st.button(web.tr("upload.confirm"), type="primary", key="upload_confirm"):
            try:
                result = importer.commit_import(web.db(), plan, actor=web.actor())
            except (importer.ImportRefusedError, PermissionDenied, DatabaseError) as exc:
                st.error(web.plain(exc))  # the scope changed since the check, or the disk is full: nothing written
                return
            st.session_state["upload_flash"] = web.tr(
                "upload.done",
                name=web.plain(plan.file_name),
                id=result.upload_id,
                added=fmt_number(result.rows_added, 0, lang),
                changed=fmt_number(result.rows_changed, 0, lang),
            )
            st.session_state["upload_nonce"] = nonce + 1  # a fresh, empty file picker
            st.session_state.pop("upload_plan", None)
            st.rerun()


@web.cached(max_entries=16)
def _template(database: Database, kind: str, fmt: str, scope: Scope) -> bytes:
    """A template pre-filled with the areas of `scope` (the account's as it is when clicked)."""
    if fmt == "xlsx":
        return templates.template_xlsx(database, kind, scope=scope)
    return templates.template_csv(database, kind, scope=scope)


def _template_for(kind: str, fmt: str, user: User) -> bytes:
    template: bytes = _template(kind, fmt, user.scope)
    return template


def _templates_section() -> None:
    with st.expander(web.tr("upload.templates_title")):
        st.caption(web.tr("upload.templates_help"))
        for kind in templates.KINDS:
            label, xlsx, csv = st.columns([3, 1, 1], vertical_alignment="center")
            label.markdown(web.tr(f"upload.kind.{kind}"))
            for column, fmt, mime in (
                (xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (csv, "csv", "text/csv"),
            ):
                # Built when clicked (a province's areas as XLSX take a second or two), for the account then.
                build = partial(_template_for, kind, fmt)
                web.download_button(
                    column, fmt.upper(), build, f"mau_{kind}.{fmt}", mime, f"template_{kind}_{fmt}", "upload",
                    width="stretch",
                )  # fmt: skip
        web.download_notice()


def _history_section(lang: str) -> None:
    st.subheader(web.tr("upload.history"))
    frame = uploads.history(web.db(), limit=200, scope=web.scope(), me=web.actor().username)
    if frame.empty:
        st.info(web.tr("upload.history_none"))
        return
    table = pd.DataFrame(
        {
            web.tr("upload.col_id"): frame["id"],
            web.tr("upload.col_file"): frame["file_name"],
            web.tr("upload.col_kind"): frame["kind"].map(
                lambda k: web.tr(f"upload.kind.{k}") if k in KINDS else web.tr("upload.kind.other")
            ),
            web.tr("upload.col_when"): frame["uploaded_at"].map(lambda v: v.strftime("%d/%m/%Y %H:%M")),
            web.tr("upload.col_who"): frame["uploaded_by"].fillna(""),
            web.tr("upload.m_added"): frame["rows_added"].map(lambda v: fmt_number(v, 0, lang)),
            web.tr("upload.m_changed"): frame["rows_changed"].map(lambda v: fmt_number(v, 0, lang)),
            web.tr("upload.col_undone"): frame["undone_at"].map(
                lambda v: "" if pd.isna(v) else v.strftime("%d/%m/%Y %H:%M")
            ),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="upload_history")
    undoable = frame[frame["kind"].isin(uploads.UNDOABLE_KINDS) & frame["undone_at"].isna()]
    if undoable.empty:
        return
    labels = {int(i): f"{i} · {name}" for i, name in zip(undoable["id"], undoable["file_name"], strict=True)}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(web.tr("upload.undo_pick"), list(labels), format_func=labels.__getitem__, key="undo_id")
    if right.button(web.tr("upload.undo"), key="undo_button", width="stretch"):
        try:
            result = uploads.undo(web.db(), int(chosen), actor=web.actor())
        except (uploads.UndoRefused, PermissionDenied, DatabaseError) as exc:
            st.error(web.plain(exc))
        else:
            st.session_state["upload_flash"] = web.tr(
                "upload.undone", id=result.upload_id, restored=result.restored, removed=result.removed
            )
            st.rerun()


def _correction_section(lang: str) -> None:
    st.subheader(web.tr("upload.correct_title"))
    month = web.reviewed_month()
    choices = area.area_choices(web.round_status(month), month)
    if choices.empty:
        st.info(web.tr("overview.no_rounds"))
        return
    names = dict(zip(choices["area_code"], choices["area_name"], strict=True))
    code = st.selectbox(
        web.tr("upload.correct_area"), list(names), format_func=lambda c: f"{names[c]} · {c}", key="correct_area"
    )
    first = (pd.Timestamp(month) - pd.DateOffset(months=11)).date()
    grid = uploads.value_grid(web.db(), str(code), first, month)
    labels = web.indicator_labels()
    shown = grid.set_axis([fmt_month(m, lang) for m in grid.index], axis=0)
    config = {
        code_: st.column_config.NumberColumn(labels.get(code_, code_), help=code_, min_value=0, step=1)
        for code_ in grid.columns
    }
    st.caption(web.tr("upload.correct_help"))
    edited = st.data_editor(shown, column_config=config, width="stretch", key=f"correct_grid_{code}_{web.version()}")
    if st.button(web.tr("upload.correct_save"), type="primary", key="correct_save"):
        try:
            result = uploads.correct_values(
                web.db(), str(code), grid, edited.set_axis(grid.index, axis=0), actor=web.actor()
            )
        except (ValueError, DatabaseError) as exc:
            st.error(web.plain(exc))
            return
        if result.upload_id is None:
            st.info(web.tr("upload.correct_nothing"))
            return
        st.session_state["upload_flash"] = web.tr(
            "upload.correct_done", area=web.plain(names[code]), n=result.changed + result.added, id=result.upload_id
        )
        st.rerun()


def render() -> None:
    web.guard("upload")
    lang = web.lang()
    web.page_header(web.tr("upload.title"), web.tr("upload.intro"))
    _templates_section()
    _upload_section(lang)
    _correction_section(lang)
    _history_section(lang)


render()
