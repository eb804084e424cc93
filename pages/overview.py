"""Tổng quan: the rounds under transformation at the reviewed month."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from core.formatting import fmt_month, fmt_number


def _table(status: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ui.tr("col.area"): status["area_name"],
            ui.tr("col.parent"): status["parent_name"],
            ui.tr("col.programme"): status["programme"].map(lambda p: ui.tr(f"programme.{p}")),
            ui.tr("col.start"): status["start_month"].map(lambda m: fmt_month(m, lang)),
            ui.tr("col.months"): status["planned_months"],
            ui.tr("col.elapsed"): status["months_elapsed"],
            ui.tr("col.status"): status["status"].map(lambda s: ui.tr(f"status.{s}")),
            ui.tr("overview.criteria_met"): [
                f"{m}/{r}" if r else ""
                for m, r in zip(status["criteria_met"], status["criteria_required"], strict=True)
            ],
            ui.tr("col.failed"): status["failed"],
        }
    )


def render() -> None:
    lang = ui.lang()
    month = ui.reviewed_month()
    st.title(ui.tr("overview.title"))
    st.caption(ui.tr("app.subtitle"))
    ui.demo_banner()
    st.subheader(ui.tr("overview.as_of", month=fmt_month(month, lang)))
    status = ui.round_status(month)
    counts = status["status"].value_counts()
    tiles = st.columns(4)
    for column, key in zip(tiles, ["in_progress", "ready", "exited", "relapsed"], strict=True):
        column.metric(ui.tr(f"overview.{key}"), fmt_number(int(counts.get(key, 0)), 0, lang), border=True)
    if status.empty:
        st.info(ui.tr("overview.no_rounds"))
        return
    st.subheader(ui.tr("overview.rounds_table"))
    st.dataframe(_table(status, lang), hide_index=True, width="stretch")


render()
