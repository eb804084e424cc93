"""Xét ra khỏi diện: who is ready to leave and since when; who is not and on what, by how much;
recording the exit decision; and the watch after exit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import web
from core.access.accounts import PermissionDenied
from core.base.formatting import fmt_date, fmt_month, fmt_number, fmt_percent
from core.domain import rounds
from core.domain.criteria import EXITED, IN_PROGRESS, READY, RELAPSED
from core.views import overview


def _gap_text(row: pd.Series | dict, lang: str) -> str:
    """How far a failing criterion is from its target, in words."""
    if row["state"] == "no_data":
        return web.tr("exit.gap_no_data")
    gap = row["shortfall"]
    unit = row["unit"]
    if unit == "percent" and pd.notna(gap):
        key = "exit.gap_short_pp" if row["comparison"] in (">=", ">") else "exit.gap_over_pp"
        return web.tr(key, gap=fmt_number(gap, 1, lang).rstrip("0").rstrip(",.") or "0")
    if unit == "count" and pd.notna(row["value"]):
        return web.tr(
            "exit.gap_count",
            value=fmt_number(row["value"], 0, lang),
            comparison=row["comparison"].replace(">=", "≥").replace("<=", "≤"),
            target=fmt_number(row["target"], 0, lang),
        )
    return web.tr("state.not_met")


def _value_text(row: pd.Series | dict, lang: str) -> str:
    if row["state"] == "no_data" or pd.isna(row["value"]):
        return "—"
    if row["unit"] == "percent":
        return fmt_percent(row["value"], 1, lang)
    if row["unit"] == "flag":
        return web.tr("state.met") if row["value"] == 1 else web.tr("state.not_met")
    return fmt_number(row["value"], 0, lang)


def _target_text(row: pd.Series | dict, lang: str) -> str:
    comparison = str(row["comparison"]).replace(">=", "≥").replace("<=", "≤")
    if row["unit"] == "percent":
        return f"{comparison} {fmt_percent(row['target'], 0, lang)}"
    if row["unit"] == "flag":
        return web.tr("state.met")
    return f"{comparison} {fmt_number(row['target'], 0, lang)}"


def _ready_section(status: pd.DataFrame, lang: str) -> None:
    ready = status[status["status"] == READY]
    st.subheader(web.tr("exit.ready_title", n=len(ready)))
    if ready.empty:
        st.info(web.tr("exit.ready_none"))
        return
    table = pd.DataFrame(
        {
            web.tr("col.area"): ready["area_name"],
            web.tr("col.parent"): ready["parent_name"],
            web.tr("col.programme"): ready["programme"].map(lambda p: web.tr(f"programme.{p}")),
            web.tr("col.decision"): [
                f"{no or ''} {fmt_date(d, lang)}".strip()
                for no, d in zip(ready["decision_no"], ready["decision_date"], strict=True)
            ],
            web.tr("col.start"): ready["start_month"].map(lambda m: fmt_month(m, lang)),
            web.tr("col.months"): ready["planned_months"],
            web.tr("exit.col_eligible_since"): ready["eligible_since"].map(lambda m: fmt_month(m, lang)),
            web.tr("exit.col_approver"): ready["programme"].map(lambda p: web.tr(f"exit.approver.{p}")),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="ready_table")
    if not web.presenting() and web.can("decide"):
        _exit_form(ready, lang)


def _exit_form(ready: pd.DataFrame, lang: str) -> None:
    with st.expander(web.tr("exit.form_title"), expanded=False), st.form("exit_form", clear_on_submit=True):
        names = dict(zip(ready["round_id"], ready["area_name"], strict=True))
        round_id = st.selectbox(
            web.tr("exit.form_round"), list(names), format_func=lambda r: names[r], key="exit_round"
        )
        decision_no = st.text_input(web.tr("exit.form_decision_no"), placeholder="15/QĐ-BCĐ", key="exit_no")
        decision_date = st.date_input(
            web.tr("exit.form_decision_date"), value=date.today(), format="DD/MM/YYYY", key="exit_date"
        )
        if st.form_submit_button(web.tr("exit.form_submit"), type="primary"):
            try:
                rounds.record_exit(web.db(), int(round_id), decision_no, decision_date, actor=web.actor())
            except (rounds.DecisionRefused, PermissionDenied) as exc:
                st.error(web.plain(exc))
            else:
                st.session_state["exit_flash"] = web.tr(
                    "exit.form_done",
                    area=web.plain(names[round_id]),
                    no=web.plain(decision_no.strip()),
                    date=fmt_date(decision_date),
                )
                st.rerun()


def _lagging_section(status: pd.DataFrame, month: date, lang: str) -> None:
    results = web.criterion_results(month)
    failing = overview.failing_criteria(results, status)
    under_way = status[status["status"] == IN_PROGRESS]
    st.subheader(web.tr("exit.lagging_title", n=int(under_way["failed"].ne("").sum())))
    if failing.empty:
        st.info(web.tr("exit.lagging_none"))
    else:
        name_col = "name_vi" if lang == "vi" else "name_en"
        rows = failing.to_dict("records")  # rows as dicts: iterrows is slow on a national list
        table = pd.DataFrame(
            {
                web.tr("col.area"): failing["area_name"],
                web.tr("exit.col_criterion"): failing["code"] + " · " + failing[name_col],
                web.tr("exit.col_value"): [_value_text(r, lang) for r in rows],
                web.tr("exit.col_target"): [_target_text(r, lang) for r in rows],
                web.tr("exit.col_gap"): [_gap_text(r, lang) for r in rows],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="lagging_table")
    on_track = under_way[(under_way["failed"] == "") & ~under_way["duration_elapsed"]]
    if not on_track.empty:
        lines = [
            web.tr(
                "exit.on_track_line",
                area=web.plain(row["area_name"]),
                left=int(row["planned_months"] - row["months_elapsed"]),
                end=fmt_month(row["planned_end_month"], lang),
            )
            for _, row in on_track.iterrows()
        ]
        st.markdown(web.tr("exit.on_track_title") + "\n\n" + "\n".join(f"- {line}" for line in lines))


def _watch_section(status: pd.DataFrame, lang: str) -> None:
    left = status[status["status"].isin([EXITED, RELAPSED])]
    st.subheader(web.tr("exit.watch_title", n=len(left)))
    if left.empty:
        st.info(web.tr("exit.watch_none"))
        return

    def state(row: pd.Series) -> str:
        if row["status"] == RELAPSED:
            failed = row["relapse_failed"] or ""
            return web.tr("exit.watch_relapsed", month=fmt_month(row["relapse_month"], lang), codes=failed).strip()
        return web.tr("exit.watch_holding")

    table = pd.DataFrame(
        {
            web.tr("col.area"): left["area_name"],
            web.tr("exit.col_exit_decision"): [
                f"{no or ''} {fmt_date(d, lang)}".strip()
                for no, d in zip(left["exit_decision_no"], left["exit_decision_date"], strict=True)
            ],
            web.tr("exit.col_watch_until"): left["watch_until"].map(lambda m: fmt_month(m, lang)),
            web.tr("col.status"): [state(r) for _, r in left.iterrows()],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="watch_table")
    st.caption(web.tr("exit.watch_caption", months=int(web.settings()["watch_months"])))


def render() -> None:
    web.guard("view")
    lang = web.lang()
    month = web.reviewed_month()
    web.page_header(web.tr("exit.title"), web.tr("exit.as_of", month=fmt_month(month, lang)), "exit_flash")
    status = web.round_status(month)
    if status.empty:
        st.info(web.tr("overview.no_rounds"))
        return
    _ready_section(status, lang)
    _lagging_section(status, month, lang)
    _watch_section(status, lang)


render()
