"""Xét ra khỏi diện: who is ready to leave and since when; who is not and on what, by how much;
recording the exit decision; and the watch after exit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from core.access.accounts import PermissionDenied
from core.base.formatting import fmt_date, fmt_month, fmt_number, fmt_percent
from core.domain import rounds
from core.domain.criteria import EXITED, IN_PROGRESS, READY, RELAPSED
from core.views import overview


def _gap_text(row: pd.Series | dict, lang: str) -> str:
    """How far a failing criterion is from its target, in words."""
    if row["state"] == "no_data":
        return ui.tr("exit.gap_no_data")
    gap = row["shortfall"]
    unit = row["unit"]
    if unit == "percent" and pd.notna(gap):
        key = "exit.gap_short_pp" if row["comparison"] in (">=", ">") else "exit.gap_over_pp"
        return ui.tr(key, gap=fmt_number(gap, 1, lang).rstrip("0").rstrip(",.") or "0")
    if unit == "count" and pd.notna(row["value"]):
        return ui.tr(
            "exit.gap_count",
            value=fmt_number(row["value"], 0, lang),
            comparison=row["comparison"].replace(">=", "≥").replace("<=", "≤"),
            target=fmt_number(row["target"], 0, lang),
        )
    return ui.tr("state.not_met")


def _value_text(row: pd.Series | dict, lang: str) -> str:
    if row["state"] == "no_data" or pd.isna(row["value"]):
        return "—"
    if row["unit"] == "percent":
        return fmt_percent(row["value"], 1, lang)
    if row["unit"] == "flag":
        return ui.tr("state.met") if row["value"] == 1 else ui.tr("state.not_met")
    return fmt_number(row["value"], 0, lang)


def _target_text(row: pd.Series | dict, lang: str) -> str:
    comparison = str(row["comparison"]).replace(">=", "≥").replace("<=", "≤")
    if row["unit"] == "percent":
        return f"{comparison} {fmt_percent(row['target'], 0, lang)}"
    if row["unit"] == "flag":
        return ui.tr("state.met")
    return f"{comparison} {fmt_number(row['target'], 0, lang)}"


def _ready_section(status: pd.DataFrame, lang: str) -> None:
    ready = status[status["status"] == READY]
    st.subheader(ui.tr("exit.ready_title", n=len(ready)))
    if ready.empty:
        st.info(ui.tr("exit.ready_none"))
        return
    table = pd.DataFrame(
        {
            ui.tr("col.area"): ready["area_name"],
            ui.tr("col.parent"): ready["parent_name"],
            ui.tr("col.programme"): ready["programme"].map(lambda p: ui.tr(f"programme.{p}")),
            ui.tr("col.decision"): [
                f"{no or ''} {fmt_date(d, lang)}".strip()
                for no, d in zip(ready["decision_no"], ready["decision_date"], strict=True)
            ],
            ui.tr("col.start"): ready["start_month"].map(lambda m: fmt_month(m, lang)),
            ui.tr("col.months"): ready["planned_months"],
            ui.tr("exit.col_eligible_since"): ready["eligible_since"].map(lambda m: fmt_month(m, lang)),
            ui.tr("exit.col_approver"): ready["programme"].map(lambda p: ui.tr(f"exit.approver.{p}")),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="ready_table")
    if not ui.presenting() and ui.can("decide"):
        _exit_form(ready, lang)


def _exit_form(ready: pd.DataFrame, lang: str) -> None:
    with st.expander(ui.tr("exit.form_title"), expanded=False), st.form("exit_form", clear_on_submit=True):
        names = dict(zip(ready["round_id"], ready["area_name"], strict=True))
        round_id = st.selectbox(ui.tr("exit.form_round"), list(names), format_func=lambda r: names[r], key="exit_round")
        decision_no = st.text_input(ui.tr("exit.form_decision_no"), placeholder="15/QĐ-BCĐ", key="exit_no")
        decision_date = st.date_input(
            ui.tr("exit.form_decision_date"), value=date.today(), format="DD/MM/YYYY", key="exit_date"
        )
        if st.form_submit_button(ui.tr("exit.form_submit"), type="primary"):
            try:
                rounds.record_exit(ui.db(), int(round_id), decision_no, decision_date, actor=ui.actor())
            except (rounds.DecisionRefused, PermissionDenied) as exc:
                st.error(ui.plain(exc))
            else:
                st.session_state["exit_flash"] = ui.tr(
                    "exit.form_done",
                    area=ui.plain(names[round_id]),
                    no=ui.plain(decision_no.strip()),
                    date=fmt_date(decision_date),
                )
                st.rerun()


def _lagging_section(status: pd.DataFrame, month: date, lang: str) -> None:
    results = ui.criterion_results(month)
    failing = overview.failing_criteria(results, status)
    under_way = status[status["status"] == IN_PROGRESS]
    st.subheader(ui.tr("exit.lagging_title", n=int(under_way["failed"].ne("").sum())))
    if failing.empty:
        st.info(ui.tr("exit.lagging_none"))
    else:
        name_col = "name_vi" if lang == "vi" else "name_en"
        rows = failing.to_dict("records")  # rows as dicts: iterrows is slow on a national list
        table = pd.DataFrame(
            {
                ui.tr("col.area"): failing["area_name"],
                ui.tr("exit.col_criterion"): failing["code"] + " · " + failing[name_col],
                ui.tr("exit.col_value"): [_value_text(r, lang) for r in rows],
                ui.tr("exit.col_target"): [_target_text(r, lang) for r in rows],
                ui.tr("exit.col_gap"): [_gap_text(r, lang) for r in rows],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="lagging_table")
    on_track = under_way[(under_way["failed"] == "") & ~under_way["duration_elapsed"]]
    if not on_track.empty:
        lines = [
            ui.tr(
                "exit.on_track_line",
                area=ui.plain(row["area_name"]),
                left=int(row["planned_months"] - row["months_elapsed"]),
                end=fmt_month(row["planned_end_month"], lang),
            )
            for _, row in on_track.iterrows()
        ]
        st.markdown(ui.tr("exit.on_track_title") + "\n\n" + "\n".join(f"- {line}" for line in lines))


def _watch_section(status: pd.DataFrame, lang: str) -> None:
    left = status[status["status"].isin([EXITED, RELAPSED])]
    st.subheader(ui.tr("exit.watch_title", n=len(left)))
    if left.empty:
        st.info(ui.tr("exit.watch_none"))
        return

    def state(row: pd.Series) -> str:
        if row["status"] == RELAPSED:
            failed = row["relapse_failed"] or ""
            return ui.tr("exit.watch_relapsed", month=fmt_month(row["relapse_month"], lang), codes=failed).strip()
        return ui.tr("exit.watch_holding")

    table = pd.DataFrame(
        {
            ui.tr("col.area"): left["area_name"],
            ui.tr("exit.col_exit_decision"): [
                f"{no or ''} {fmt_date(d, lang)}".strip()
                for no, d in zip(left["exit_decision_no"], left["exit_decision_date"], strict=True)
            ],
            ui.tr("exit.col_watch_until"): left["watch_until"].map(lambda m: fmt_month(m, lang)),
            ui.tr("col.status"): [state(r) for _, r in left.iterrows()],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="watch_table")
    st.caption(ui.tr("exit.watch_caption", months=int(ui.settings()["watch_months"])))


def render() -> None:
    ui.guard("view")
    lang = ui.lang()
    month = ui.reviewed_month()
    ui.page_header(ui.tr("exit.title"), ui.tr("exit.as_of", month=fmt_month(month, lang)), "exit_flash")
    status = ui.round_status(month)
    if status.empty:
        st.info(ui.tr("overview.no_rounds"))
        return
    _ready_section(status, lang)
    _lagging_section(status, month, lang)
    _watch_section(status, lang)


render()
