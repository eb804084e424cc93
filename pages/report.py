"""Báo cáo: the committee's report for the reviewed month (DOCX, PDF, XLSX), and the meeting's
conclusions and tasks: those carried from earlier meetings with their status, this meeting's, and the
forms to record them and mark tasks done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

import ui
from core.access.accounts import User
from core.access.scope import Scope
from core.base.formatting import fmt_month
from core.domain import tasks
from core.domain.criteria import EXITED, IN_PROGRESS, READY, RELAPSED
from core.report import gather as report
from core.report import write_docx as report_docx
from core.report import write_pdf as report_pdf
from core.report import write_xlsx as report_xlsx
from core.views import area

WRITERS = {"docx": report_docx.to_docx, "pdf": report_pdf.to_pdf, "xlsx": report_xlsx.to_xlsx}
MIMES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@st.cache_data(show_spinner=False, max_entries=8)
def _file(path: str, data_version: int, month: date, issued_on: date, scope: Scope, kind: str) -> bytes:
    """One format of the report, built when its button is clicked (a province's report takes a few
    seconds; the whole country's, minutes), then kept until the data change."""
    database = ui.open_db(path)
    status = ui.cached_round_status(path, data_version, month, scope)
    built = report.build_report(database, month, scope, issued_on=issued_on, status=status, charts=kind != "xlsx")
    return WRITERS[kind](built)


@st.cache_data(show_spinner=False, max_entries=16)
def _carried(path: str, data_version: int, month: date, today: date, scope: Scope) -> pd.DataFrame:
    return tasks.carried(ui.open_db(path), month, scope, today)


@st.cache_data(show_spinner=False, max_entries=16)
def _meeting(path: str, data_version: int, month: date, today: date, scope: Scope) -> pd.DataFrame:
    return tasks.of_meeting(ui.open_db(path), month, scope, today)


@st.cache_data(show_spinner=False, max_entries=4)
def _committee(path: str, data_version: int, scope: Scope) -> tuple[str, str]:
    database = ui.open_db(path)
    return report.committee_name(database, scope), database.get_meta(report.COMMITTEE_KEY, "") or ""


def _downloads(month: date) -> None:
    path, version = ui.db().path, ui.version()
    st.subheader(ui.tr("report.download_title"))
    name, kept = _committee(path, version, ui.scope())
    left, right = st.columns([3, 1])
    left.markdown(f"**{ui.tr('report.committee')}:** {ui.plain(name)}")
    issued_on = right.date_input(ui.tr("report.issued_on"), value=date.today(), format="DD/MM/YYYY", key="issued_on")
    stem = f"bao-cao-chuyen-hoa-{month:%Y-%m}"

    def builder(kind: str) -> Callable[[User], bytes]:  # for the account as it is when clicked
        return lambda user: _file(path, version, month, issued_on, user.scope, kind)

    cols = st.columns(3)
    for column, kind in zip(cols, WRITERS, strict=True):
        ui.download_button(
            column, ui.tr(f"report.{kind}"), builder(kind), f"{stem}.{kind}", MIMES[kind], f"dl_{kind}", "report",
            width="stretch", type="primary" if kind == "docx" else "secondary",
        )  # fmt: skip
    ui.download_notice()
    status = ui.round_status(month)
    shown = status[status["status"].isin(report.SHOWN_IN_MATRIX) & status["evaluated"]]
    st.caption(ui.tr("report.contents", n=len(shown), ready=int((status["status"] == READY).sum())))
    if ui.can("settings") and not ui.presenting():
        with st.expander(ui.tr("report.committee")), st.form("committee_form"):
            value = st.text_input(ui.tr("report.committee"), value=kept, help=ui.tr("report.committee_help"),
                                  max_chars=report.MAX_COMMITTEE, key="committee_name")  # fmt: skip
            if st.form_submit_button(ui.tr("report.committee_save")):
                report.set_committee_name(ui.db(), value, ui.actor())
                st.session_state["report_flash"] = ui.tr("report.committee_saved")
                st.rerun()


def _carried_section(month: date, can_write: bool) -> None:
    frame = _carried(ui.db().path, ui.version(), month, date.today(), ui.scope())
    st.subheader(ui.tr("report.carried_title", n=len(frame)))
    if frame.empty:
        st.info(ui.tr("report.carried_none"))
    else:
        counts = tasks.counts(frame)
        st.caption(ui.tr("report.carried_counts", done=counts.done, open=counts.open, overdue=counts.overdue))
        ui.task_table(frame, "carried_tasks", with_meeting=True)
    if can_write and not ui.presenting():
        _done_form(month)


def _done_form(month: date) -> None:
    open_rows = tasks.open_tasks(ui.db(), month, ui.scope(), date.today())
    if open_rows.empty:
        return
    labels = {int(r["id"]): f"{int(r['id'])} · {r['text'][:80]} ({ui.task_state(r)})" for _, r in open_rows.iterrows()}
    with st.expander(ui.tr("report.done_title")), st.form("done_form", clear_on_submit=True):
        task_id = st.selectbox(ui.tr("report.done_pick"), list(labels), format_func=labels.__getitem__, key="done_id")
        note = st.text_area(ui.tr("report.done_note"), max_chars=tasks.MAX_NOTE, key="done_note")
        if st.form_submit_button(ui.tr("report.done_submit"), type="primary"):
            try:
                tasks.mark_done(ui.db(), int(task_id), note, ui.actor())
            except tasks.TaskRefused as exc:
                st.error(ui.plain(exc))
            else:
                st.session_state["report_flash"] = ui.tr("report.marked_done", id=int(task_id))
                st.rerun()


def _meeting_section(month: date, can_write: bool) -> None:
    lang = ui.lang()
    frame = _meeting(ui.db().path, ui.version(), month, date.today(), ui.scope())
    st.subheader(
        ui.tr("report.meeting_title", month=fmt_month(month, lang).lower() if lang == "vi" else fmt_month(month, lang))
    )
    if frame.empty:
        st.info(ui.tr("report.meeting_none"))
    else:
        conclusions = frame[frame["kind"] == tasks.CONCLUSION]
        for _, r in conclusions.iterrows():
            where = "" if pd.isna(r["area_code"]) else f"**{ui.plain(str(r['area_name']))}:** "
            st.markdown(f"- {where}{ui.plain(str(r['text']))}")
        task_rows = frame[frame["kind"] == tasks.TASK].reset_index(drop=True)
        if not task_rows.empty:
            ui.task_table(task_rows, "meeting_tasks")
    if can_write and not ui.presenting():
        _add_form(month)


def _add_form(month: date) -> None:
    status = ui.round_status(month)
    shown = status[status["status"].isin([IN_PROGRESS, READY, RELAPSED, EXITED])]
    choices = area.area_choices(shown, month)
    names = {"": ui.tr("report.whole_committee")} | dict(zip(choices["area_code"], choices["area_name"], strict=True))
    with st.expander(ui.tr("report.add_title"), expanded=False), st.form("task_form", clear_on_submit=True):
        kind = st.radio(
            ui.tr("report.add_kind"), list(tasks.KINDS)[::-1], format_func=lambda k: ui.tr(f"report.kind.{k}"),
            horizontal=True, key="task_kind",
        )  # fmt: skip
        text = st.text_area(ui.tr("report.add_text"), max_chars=tasks.MAX_TEXT, key="task_text")
        code = st.selectbox(ui.tr("report.add_area"), list(names), format_func=names.__getitem__, key="task_area")
        left, right = st.columns(2)
        owner = left.text_input(ui.tr("report.add_owner"), max_chars=tasks.MAX_OWNER, key="task_owner")
        due = right.date_input(ui.tr("report.add_due"), value=None, format="DD/MM/YYYY", key="task_due")
        if st.form_submit_button(ui.tr("report.add_submit"), type="primary"):
            try:
                task_id = tasks.add(
                    ui.db(), month, text, ui.actor(), kind=str(kind), owner=owner, due=due, area_code=code or None
                )
            except tasks.TaskRefused as exc:
                st.error(ui.plain(exc))
            else:
                what = ui.tr(f"report.kind.{kind}").lower()
                st.session_state["report_flash"] = ui.tr("report.added", kind=what, id=task_id)
                st.rerun()


def render() -> None:
    ui.guard("report")
    can_write = ui.can("tasks")  # staff and admin record tasks and mark them done; viewers read
    lang = ui.lang()
    month = ui.reviewed_month()
    ui.page_header(ui.tr("report.title"), ui.tr("report.caption", month=fmt_month(month, lang)), "report_flash")
    _downloads(month)
    _carried_section(month, can_write)
    _meeting_section(month, can_write)


render()
