"""Cập nhật dữ liệu: upload a file, see what it will do and every problem, confirm; history; undo."""

from __future__ import annotations

import hashlib
from functools import partial

import pandas as pd
import streamlit as st

import ui
from core import importer
from core.access.accounts import PermissionDenied, User
from core.access.scope import Scope
from core.base.formatting import fmt_month, fmt_number
from core.geo import boundaries
from core.importer import templates, uploads
from core.storage.db import DatabaseError
from core.views import area

KINDS = ["auto", "indicators", "rounds", "areas", "hotspots", "boundaries"]


def _plan(content: bytes, file_name: str, kind: str) -> importer.ImportPlan:
    """The plan for this file against the data as it is now (kept while nothing changes)."""
    key = (hashlib.sha256(content).hexdigest(), kind, ui.version())
    kept = st.session_state.get("upload_plan")
    if kept is not None and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    with st.status(ui.tr("upload.checking", name=ui.plain(file_name)), expanded=False) as status:
        plan = importer.plan_import(
            ui.db(), content, file_name, kind=None if kind == "auto" else kind, scope=ui.scope()
        )
        status.update(label=ui.tr("upload.checked", name=ui.plain(file_name)), state="complete")
    st.session_state["upload_plan"] = (key, plan)
    return plan


def _problems_table(problems: list[importer.Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ui.tr("upload.col_severity"): [ui.tr(f"upload.severity.{p.severity}") for p in problems],
            ui.tr("upload.col_row"): [p.row for p in problems],
            ui.tr("upload.col_column"): [p.column for p in problems],
            ui.tr("upload.col_value"): [p.value for p in problems],
            ui.tr("upload.col_reason"): [p.reason for p in problems],
            ui.tr("upload.col_suggestion"): [p.suggestion or "" for p in problems],
        }
    )


def _changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    if "indicator" not in changes.columns:  # rounds, areas, hotspots: shown as the importer describes them
        return changes
    return pd.DataFrame(
        {
            ui.tr("col.area"): changes["area_code"],
            ui.tr("upload.col_month"): changes["month"].map(lambda m: fmt_month(m, lang)),
            ui.tr("upload.col_indicator"): changes["indicator"],
            ui.tr("upload.col_old"): changes["old_value"].map(
                lambda v: "" if pd.isna(v) else fmt_number(v, 0 if float(v).is_integer() else 2, lang)
            ),
            ui.tr("upload.col_new"): changes["new_value"].map(
                lambda v: fmt_number(v, 0 if float(v).is_integer() else 2, lang)
            ),
        }
    )


def _boundaries(content: bytes, file_name: str, lang: str, nonce: int) -> None:
    """A GeoJSON of area boundaries (for the map): preview the matches, then confirm."""
    key = (hashlib.sha256(content).hexdigest(), file_name, ui.version())
    kept = st.session_state.get("boundaries_plan")
    if kept is not None and kept[0] == key:  # kept while nothing changes: a large file is read once
        plan = kept[1]
    else:
        with st.status(ui.tr("upload.checking", name=ui.plain(file_name)), expanded=False) as status:
            plan = boundaries.plan_boundaries(ui.db(), content, file_name)
            status.update(label=ui.tr("upload.checked", name=ui.plain(file_name)), state="complete")
        st.session_state["boundaries_plan"] = (key, plan)
    st.caption(ui.tr("upload.boundaries_found", n=fmt_number(len(plan.features), 0, lang)))
    if plan.problems:
        st.dataframe(_problems_table(plan.problems), hide_index=True, width="stretch")
    if not plan.ok:
        st.error(ui.tr("upload.boundaries_refused"))
        return
    st.dataframe(
        plan.features[["area_code", "area_name"]].set_axis([ui.tr("upload.col_code"), ui.tr("col.area")], axis=1),
        hide_index=True,
        width="stretch",
    )
    if st.button(ui.tr("upload.confirm"), type="primary", key="upload_confirm"):
        upload_id = boundaries.commit_boundaries(ui.db(), plan, actor=ui.actor())
        st.session_state["upload_flash"] = ui.tr(
            "upload.boundaries_done", name=ui.plain(file_name), id=upload_id, n=fmt_number(len(plan.features), 0, lang)
        )
        st.session_state["upload_nonce"] = nonce + 1
        st.rerun()


def _upload_section(lang: str) -> None:
    st.subheader(ui.tr("upload.new"))
    left, right = st.columns([1, 3])
    kind = left.selectbox(
        ui.tr("upload.kind"),
        [k for k in KINDS if k != "boundaries" or ui.can("settings")],  # boundaries: the country's map, admins
        format_func=lambda k: ui.tr(f"upload.kind.{k}"),
        key="upload_kind",
    )
    nonce = st.session_state.get("upload_nonce", 0)
    file = right.file_uploader(
        ui.tr("upload.file"),
        type=["csv", "txt", "xlsx", "geojson", "json"],
        key=f"upload_file_{nonce}",
        help=ui.tr("upload.file_help"),
    )
    flash = st.session_state.pop("upload_flash", None)
    if flash:
        st.success(flash)
    if file is None:
        return
    content = file.getvalue()
    if kind == "boundaries" or file.name.lower().endswith((".geojson", ".json")):
        if not ui.can("settings"):
            st.error(ui.tr("upload.boundaries_admin"))
            return
        _boundaries(content, file.name, lang, nonce)
        return
    plan = _plan(content, file.name, kind)
    figures = [
        (ui.tr("upload.m_rows"), fmt_number(plan.rows_total, 0, lang)),
        (ui.tr("upload.m_added"), fmt_number(plan.rows_added, 0, lang)),
        (ui.tr("upload.m_changed"), fmt_number(plan.rows_changed, 0, lang)),
        (ui.tr("upload.m_unchanged"), fmt_number(plan.rows_unchanged, 0, lang)),
        (ui.tr("upload.m_errors"), fmt_number(plan.error_count, 0, lang)),
        (ui.tr("upload.m_warnings"), fmt_number(plan.warning_count, 0, lang)),
    ]
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value)
    kind_label = ui.tr(f"upload.kind.{plan.kind}") if plan.kind in KINDS else ui.tr("upload.kind.unknown")
    st.caption(
        ui.tr(
            "upload.read_as",
            kind=kind_label,
            encoding=ui.plain(plan.encoding or "—"),
            delimiter=ui.plain(repr(plan.delimiter or "")),
        )
    )
    if plan.already_imported:
        st.info(ui.tr("upload.already", id=plan.already_imported_upload_id))
    elif not plan.ok:
        st.error(ui.tr("upload.refused", n=plan.error_count))
    if plan.problems:
        st.dataframe(_problems_table(plan.problems), hide_index=True, width="stretch", key="upload_problems")
        if plan.problems_omitted:
            st.caption(ui.tr("upload.omitted", n=plan.problems_omitted))
    if plan.ok and not plan.already_imported:
        if not plan.changes.empty:
            st.markdown(ui.tr("upload.changes_title"))
            st.dataframe(_changes_table(plan.change_preview(500), lang), hide_index=True, width="stretch")
        if st.button(ui.tr("upload.confirm"), type="primary", key="upload_confirm"):
            try:
                result = importer.commit_import(ui.db(), plan, actor=ui.actor())
            except (importer.ImportRefusedError, PermissionDenied, DatabaseError) as exc:
                st.error(ui.plain(exc))  # the scope changed since the check, or the disk is full: nothing written
                return
            st.session_state["upload_flash"] = ui.tr(
                "upload.done",
                name=ui.plain(plan.file_name),
                id=result.upload_id,
                added=fmt_number(result.rows_added, 0, lang),
                changed=fmt_number(result.rows_changed, 0, lang),
            )
            st.session_state["upload_nonce"] = nonce + 1  # a fresh, empty file picker
            st.session_state.pop("upload_plan", None)
            st.rerun()


@st.cache_data(show_spinner=False, max_entries=16)
def _template(path: str, data_version: int, kind: str, fmt: str, scope: Scope) -> bytes:
    database = ui.open_db(path)
    if fmt == "xlsx":
        return templates.template_xlsx(database, kind, scope=scope)
    return templates.template_csv(database, kind, scope=scope)


def _template_for(path: str, version: int, kind: str, fmt: str, user: User) -> bytes:
    return _template(path, version, kind, fmt, user.scope)


def _templates_section() -> None:
    path, version = ui.db().path, ui.version()
    with st.expander(ui.tr("upload.templates_title")):
        st.caption(ui.tr("upload.templates_help"))
        for kind in templates.KINDS:
            label, xlsx, csv = st.columns([3, 1, 1], vertical_alignment="center")
            label.markdown(ui.tr(f"upload.kind.{kind}"))
            for column, fmt, mime in (
                (xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (csv, "csv", "text/csv"),
            ):
                # Built when clicked (a province's areas as XLSX take a second or two), for the account then.
                build = partial(_template_for, path, version, kind, fmt)
                ui.download_button(
                    column, fmt.upper(), build, f"mau_{kind}.{fmt}", mime, f"template_{kind}_{fmt}", "upload",
                    width="stretch",
                )  # fmt: skip
        ui.download_notice()


def _history_section(lang: str) -> None:
    st.subheader(ui.tr("upload.history"))
    frame = uploads.history(ui.db(), limit=200, scope=ui.scope(), me=ui.actor().username)
    if frame.empty:
        st.info(ui.tr("upload.history_none"))
        return
    table = pd.DataFrame(
        {
            ui.tr("upload.col_id"): frame["id"],
            ui.tr("upload.col_file"): frame["file_name"],
            ui.tr("upload.col_kind"): frame["kind"].map(
                lambda k: ui.tr(f"upload.kind.{k}") if k in KINDS else ui.tr("upload.kind.other")
            ),
            ui.tr("upload.col_when"): frame["uploaded_at"].map(lambda v: v.strftime("%d/%m/%Y %H:%M")),
            ui.tr("upload.col_who"): frame["uploaded_by"].fillna(""),
            ui.tr("upload.m_added"): frame["rows_added"].map(lambda v: fmt_number(v, 0, lang)),
            ui.tr("upload.m_changed"): frame["rows_changed"].map(lambda v: fmt_number(v, 0, lang)),
            ui.tr("upload.col_undone"): frame["undone_at"].map(
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
    chosen = left.selectbox(ui.tr("upload.undo_pick"), list(labels), format_func=labels.__getitem__, key="undo_id")
    if right.button(ui.tr("upload.undo"), key="undo_button", width="stretch"):
        try:
            result = uploads.undo(ui.db(), int(chosen), actor=ui.actor())
        except (uploads.UndoRefused, PermissionDenied, DatabaseError) as exc:
            st.error(ui.plain(exc))
        else:
            st.session_state["upload_flash"] = ui.tr(
                "upload.undone", id=result.upload_id, restored=result.restored, removed=result.removed
            )
            st.rerun()


def _correction_section(lang: str) -> None:
    st.subheader(ui.tr("upload.correct_title"))
    month = ui.reviewed_month()
    choices = area.area_choices(ui.round_status(month), month)
    if choices.empty:
        st.info(ui.tr("overview.no_rounds"))
        return
    names = dict(zip(choices["area_code"], choices["area_name"], strict=True))
    code = st.selectbox(
        ui.tr("upload.correct_area"), list(names), format_func=lambda c: f"{names[c]} · {c}", key="correct_area"
    )
    first = (pd.Timestamp(month) - pd.DateOffset(months=11)).date()
    grid = uploads.value_grid(ui.db(), str(code), first, month)
    labels = ui.indicator_labels()
    shown = grid.set_axis([fmt_month(m, lang) for m in grid.index], axis=0)
    config = {
        code_: st.column_config.NumberColumn(labels.get(code_, code_), help=code_, min_value=0, step=1)
        for code_ in grid.columns
    }
    st.caption(ui.tr("upload.correct_help"))
    edited = st.data_editor(shown, column_config=config, width="stretch", key=f"correct_grid_{code}_{ui.version()}")
    if st.button(ui.tr("upload.correct_save"), type="primary", key="correct_save"):
        try:
            result = uploads.correct_values(
                ui.db(), str(code), grid, edited.set_axis(grid.index, axis=0), actor=ui.actor()
            )
        except (ValueError, DatabaseError) as exc:
            st.error(ui.plain(exc))
            return
        if result.upload_id is None:
            st.info(ui.tr("upload.correct_nothing"))
            return
        st.session_state["upload_flash"] = ui.tr(
            "upload.correct_done", area=ui.plain(names[code]), n=result.changed + result.added, id=result.upload_id
        )
        st.rerun()


def render() -> None:
    ui.guard("upload")
    lang = ui.lang()
    ui.page_header(ui.tr("upload.title"), ui.tr("upload.intro"))
    _templates_section()
    _upload_section(lang)
    _correction_section(lang)
    _history_section(lang)


render()
