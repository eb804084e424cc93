"""Báo cáo: the committee's report for the reviewed month (DOCX, PDF, XLSX), and the meeting's
conclusions and tasks: those carried from earlier meetings with their status, this meeting's, and the
forms to record them and mark tasks done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

import web
from core.access.accounts import User
from core.access.scope import Scope
from core.base.formatting import fmt_month
from core.domain import tasks
from core.domain.criteria import EXITED, IN_PROGRESS, READY, RELAPSED
from core.report import gather as report
from core.report import write_docx as report_docx
from core.report import write_pdf as report_pdf
from core.report import write_xlsx as report_xlsx
from core.storage.db import Database
from core.views import area

WRITERS = {"docx": report_docx.to_docx, "pdf": report_pdf.to_pdf, "xlsx": report_xlsx.to_xlsx}
MIMES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@web.cached(max_entries=8)
def _file(database: Database, month: date, issued_on: date, scope: Scope, kind: str) -> bytes:
    """One format of the report, built when its button is clicked (a province's report takes a few
    seconds; the whole country's, minutes), then kept until the data change. Built for the scope of
    the account as it is at the click (the download may run on a server thread, outside the session)."""
    status = web.round_status(month, scope)
    built = report.build_report(database, month, scope, issued_on=issued_on, status=status, charts=kind != "xlsx")
    return WRITERS[kind](built)


@web.cached(scoped=True, max_entries=16)
def _carried(database: Database, scope: Scope, month: date, today: date) -> pd.DataFrame:
    return tasks.carried(database, month, scope, today)


@web.cached(scoped=True, max_entries=16)
def _meeting(database: Database, scope: Scope, month: date, today: date) -> pd.DataFrame:
    return tasks.of_meeting(database, month, scope, today)


@web.cached(scoped=True, max_entries=4)
def _committee(database: Database, scope: Scope) -> tuple[str, str]:
    return report.committee_name(database, scope), database.get_meta(report.COMMITTEE_KEY, "") or ""


def _downloads(month: date) -> None:
    st.subheader(web.tr("report.download_title"))
    name, kept = _committee()
    left, right = st.columns([3, 1])
    left.markdown(f"**{web.tr('report.committee')}:** {web.plain(name)}")
    issued_on = right.date_input(web.tr("report.issued_on"), value=date.today(), format="DD/MM/YYYY", key="issued_on")
    stem = f"bao-cao-chuyen-hoa-{month:%Y-%m}"

    def builder(kind: str) -> Callable[[User], bytes]:  # for the account as it is when clicked
        return lambda user: _file(month, issued_on, user.scope, kind)

    cols = st.columns(3)
    for column, kind in zip(cols, WRITERS, strict=True):
        web.download_button(
            column, web.tr(f"report.{kind}"), builder(kind), f"{stem}.{kind}", MIMES[kind], f"dl_{kind}", "report",
            width="stretch", type="primary" if kind == "docx" else "secondary",
        )  # fmt: skip
    web.download_notice()
    status = web.round_status(month)
    shown = status[status["status"].isin(report.SHOWN_IN_MATRIX) & status["evaluated"]]
    st.caption(web.tr("report.contents", n=len(shown), ready=int((status["status"] == READY).sum())))
    if web.can("settings") and not web.presenting():
        with st.expander(web.tr("report.committee")), st.form("committee_form"):
            value = st.text_input(web.tr("report.committee"), value=kept, help=web.tr("report.committee_help"),
                                  max_chars=report.MAX_COMMITTEE, key="committee_name")  # fmt: skip
            if st.form_submit_button(web.tr("report.committee_save")):
                report.set_committee_name(web.db(), value, web.actor())
                st.session_state["report_flash"] = web.tr("report.committee_saved")
                st.rerun()


def _carried_section(month: date, can_write: bool) -> None:
    frame = _carried(month, date.today())
    st.subheader(web.tr("report.carried_title", n=len(frame)))
    if frame.empty:
        st.info(web.tr("report.carried_none"))
    else:
        counts = tasks.counts(frame)
        st.caption(web.tr("report.carried_counts", done=counts.done, open=counts.open, overdue=counts.overdue))
        web.task_table(frame, "carried_tasks", with_meeting=True)
    if can_write and not web.presenting():
        _done_form(month)


def _done_form(month: date) -> None:
    open_rows = tasks.open_tasks(web.db(), month, web.scope(), date.today())
    if open_rows.empty:
        return
    labels = {int(r["id"]): f"{int(r['id'])} · {r['text'][:80]} ({web.task_state(r)})" for _, r in open_rows.iterrows()}
    with st.expander(web.tr("report.done_title")), st.form("done_form", clear_on_submit=True):
        task_id = st.selectbox(web.tr("report.done_pick"), list(labels), format_func=labels.__getitem__, key="done_id")
        note = st.text_area(web.tr("report.done_note"), max_chars=tasks.MAX_NOTE, key="done_note")
        if st.form_submit_button(web.tr("report.done_submit"), type="primary"):
            try:
                tasks.mark_done(web.db(), int(task_id), note, web.actor())
            except tasks.TaskRefused as exc:
                st.error(web.plain(exc))
            else:
                st.session_state["report_flash"] = web.tr("report.marked_done", id=int(task_id))
                st.rerun()


def _meeting_section(month: date, can_write: bool) -> None:
    lang = web.lang()
    frame = _meeting(month, date.today())
    st.subheader(
        web.tr("report.meeting_title", month=fmt_month(month, lang).lower() if lang == "vi" else fmt_month(month, lang))
    )
    if frame.empty:
        st.info(web.tr("report.meeting_none"))
    else:
        conclusions = frame[frame["kind"] == tasks.CONCLUSION]
        for _, r in conclusions.iterrows():
            where = "" if pd.isna(r["area_code"]) else f"**{web.plain(str(r['area_name']))}:** "
            st.markdown(f"- {where}{web.plain(str(r['text']))}")
        task_rows = frame[frame["kind"] == tasks.TASK].reset_index(drop=True)
        if not task_rows.empty:
            web.task_table(task_rows, "meeting_tasks")
    if can_write and not web.presenting():
        _add_form(month)


def _add_form(month: date) -> None:
    status = web.round_status(month)
    shown = status[status["status"].isin([IN_PROGRESS, READY, RELAPSED, EXITED])]
    choices = area.area_choices(shown, month)
    names = {"": web.tr("report.whole_committee")} | dict(zip(choices["area_code"], choices["area_name"], strict=True))
    with st.expander(web.tr("report.add_title"), expanded=False), st.form("task_form", clear_on_submit=True):
        kind = st.radio(
            web.tr("report.add_kind"), list(tasks.KINDS)[::-1], format_func=lambda k: web.tr(f"report.kind.{k}"),
            horizontal=True, key="task_kind",
        )  # fmt: skip
        text = st.text_area(web.tr("report.add_text"), max_chars=tasks.MAX_TEXT, key="task_text")
        code = st.selectbox(web.tr("report.add_area"), list(names), format_func=names.__getitem__, key="task_area")
        left, right = st.columns(2)
        owner = left.text_input(web.tr("report.add_owner"), max_chars=tasks.MAX_OWNER, key="task_owner")
        due = right.date_input(web.tr("report.add_due"), value=None, format="DD/MM/YYYY", key="task_due")
        if st.form_submit_button(web.tr("report.add_submit"), type="primary"):
            try:
                task_id = tasks.add(
                    web.db(), month, text, web.actor(), kind=str(kind), owner=owner, due=due, area_code=code or None
                )
            except tasks.TaskRefused as exc:
                st.error(web.plain(exc))
            else:
                what = web.tr(f"report.kind.{kind}").lower()
                st.session_state["report_flash"] = web.tr("report.added", kind=what, id=task_id)
                st.rerun()


def render() -> None:
    web.guard("report")
    can_write = web.can("tasks")  # staff and admin record tasks and mark them done; viewers read
    lang = web.lang()
    month = web.reviewed_month()
    web.page_header(web.tr("report.title"), web.tr("report.caption", month=fmt_month(month, lang)), "report_flash")
    _downloads(month)
    _carried_section(month, can_write)
    _meeting_section(month, can_write)


render()
