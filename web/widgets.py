"""Pieces several pages draw: the page header, the demo banner, the account menu, download buttons
checked when clicked, and the meeting's task tables."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.access import accounts, downloads
from core.access.accounts import User
from core.base.formatting import fmt_date, fmt_month
from core.domain import tasks
from core.views import queries
from web.context import db, lang, open_db, plain, tr
from web.loaders import area_tasks, open_tasks, province_names
from web.presentation import presenting
from web.session import DOWNLOAD_NOTICE, NOTICE_THIS_RUN, SEEN_KEY, actor, log_out


def demo_banner() -> None:
    database = db()
    if database.is_demo():
        st.warning(tr("demo.banner"), icon="⚠️")
    elif database.get_meta("synthetic") is not None:  # `python -m core.cli generate`
        st.warning(tr("synthetic.banner"), icon="⚠️")


def page_header(title: str, caption: str, flash_key: str | None = None) -> None:
    """A page's title and caption, the demo banner, and the message a write left before its rerun."""
    st.title(title)
    st.caption(caption)
    demo_banner()
    flash = st.session_state.pop(flash_key, None) if flash_key else None
    if flash:
        st.success(flash)


def _build_download(job: downloads.Download, file_name: str) -> None:
    """The click's rerun, before the page is drawn: build the file (the download thread waits for it)
    and keep what the page says when there is none."""
    job.run()
    if job.error:
        st.session_state[DOWNLOAD_NOTICE] = (job.error, file_name)


def download_button(
    target: Any, label: str, build: Callable[[User], bytes], file_name: str, mime: str, key: str, action: str,
    **kwargs: Any,
) -> None:  # fmt: skip
    """A download button whose file `build(user)` makes when clicked, for the account read again then
    (active, allowed `action`, not idle) and its scope now. Call `download_notice` below the buttons."""
    path = db().path
    job = downloads.Download(
        lambda: open_db(path), actor().username, float(st.session_state.get(SEEN_KEY, time.time())), action, build
    )
    target.download_button(
        label, job.fetch, file_name, mime=mime, key=key, on_click=_build_download, args=(job, file_name), **kwargs
    )


def download_notice() -> None:
    """Why the last download gave no file, once, where the page calls it."""
    notice = st.session_state.pop(NOTICE_THIS_RUN, None)
    if notice:
        st.error(tr(notice[0], file=notice[1]), icon="⛔")  # our own file names: no data in them


def scope_label(current: User) -> str:
    if current.commune_code:
        return queries.area_name(db(), current.commune_code) or current.commune_code
    if current.province_code:
        return province_names().get(current.province_code, current.province_code)
    return tr("scope.all")


def account_menu(current: User) -> None:
    """In the sidebar: who is logged in, their role and scope; change password; log out."""
    with st.sidebar.popover(f"👤 {plain(current.full_name)}", width="stretch"):
        st.markdown(f"**{plain(current.username)}** · {tr(f'role.{current.role}')}")
        st.caption(tr("account.scope", scope=plain(scope_label(current))))
        with st.form("change_password", clear_on_submit=True):
            st.markdown(f"**{tr('account.change_password')}**")
            old = st.text_input(tr("account.old_password"), type="password")
            new = st.text_input(tr("account.new_password"), type="password")
            again = st.text_input(tr("account.new_password_again"), type="password")
            if st.form_submit_button(tr("account.change_password")):
                if new != again:
                    st.error(tr("account.mismatch"))
                else:
                    try:
                        accounts.change_password(db(), current, old, new)
                        st.success(tr("account.changed"))
                    except accounts.AccountError as exc:
                        st.error(plain(exc))
        if st.button(tr("account.logout"), key="logout", width="stretch"):
            log_out(current)


def task_state(row: pd.Series) -> str:
    """Done (with its date and note), overdue by n days, or under way, in the session's language."""
    if row["status"] == tasks.DONE:
        note = "" if pd.isna(row["done_note"]) else str(row["done_note"])
        return tr("report.state_done", date=fmt_date(row["done_at"]), note=note).rstrip(": ")
    if int(row["days_overdue"]) > 0:
        return tr("report.state_overdue", n=int(row["days_overdue"]))
    return tr("report.state_open")


_TASKS_PRESENT_CSS = """
<style>
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.05rem !important; padding: 0.5rem 0.7rem !important; }
[data-testid="stTable"] td p { color: inherit !important; }
</style>
"""


def task_table(frame: pd.DataFrame, key: str, with_meeting: bool = False) -> None:
    """Tasks as a table: overdue ones in red with their days overdue, done ones in green."""
    data = {
        tr("report.col_state"): [task_state(r) for _, r in frame.iterrows()],
        tr("report.col_text"): frame["text"].astype(str).tolist(),
        tr("report.col_area"): [
            tr("report.whole_committee") if pd.isna(c) else str(n)
            for c, n in zip(frame["area_code"], frame["area_name"], strict=True)
        ],
        tr("report.col_owner"): frame["owner"].fillna("").astype(str).tolist(),
        tr("report.col_due"): [fmt_date(d) for d in frame["due_date"]],
    }
    if with_meeting:
        data[tr("report.col_meeting")] = [fmt_month(m, lang()) for m in frame["meeting_month"]]
    table = pd.DataFrame(data)
    late = (frame["days_overdue"] > 0).tolist()
    done = (frame["status"] == tasks.DONE).tolist()

    def colour(row: pd.Series) -> list[str]:
        i = int(str(row.name))
        if late[i]:
            return ["background-color: #fbd5d5; color: #b71c1c; font-weight: 700"] + [""] * (len(row) - 1)
        if done[i]:
            return ["background-color: #d7f0dd; color: #111111"] + [""] * (len(row) - 1)
        return [""] * len(row)

    if presenting():  # large type on the projector (constant markup only); st.table reads Markdown in cells
        st.html(_TASKS_PRESENT_CSS)
        shown = table.map(plain).reset_index(drop=True).style.apply(colour, axis=1)
        st.table(shown.hide(axis="index"), hide_index=True)
    else:
        styled = table.reset_index(drop=True).style.apply(colour, axis=1)
        st.dataframe(styled, hide_index=True, width="stretch", key=key)


def open_tasks_section(month: date) -> None:
    """At the top of the overview: the tasks still open from the meetings up to `month`, overdue first.
    Nothing when there are none."""
    frame = open_tasks(month, date.today())
    if frame.empty:
        return
    st.subheader(tr("report.open_title", n=len(frame)))
    task_table(frame, "open_tasks", with_meeting=True)
    st.caption(tr("report.open_caption", overdue=int((frame["days_overdue"] > 0).sum())))


def area_tasks_section(code: str, month: date) -> None:
    """On an area's page: its tasks (and its villages') still open or done this month. Nothing without."""
    frame = area_tasks(code, month, date.today())
    if frame.empty:
        return
    st.subheader(tr("report.area_tasks_title", n=len(frame)))
    task_table(frame, "area_tasks", with_meeting=True)
