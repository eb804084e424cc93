"""Tổng quan: tiles, the programme targets, and the matrix of areas x criteria at the reviewed month."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import web
from core.base.formatting import fmt_month, fmt_number, fmt_percent
from core.domain.criteria import EXITED, IN_PROGRESS, PLANNED, READY, RELAPSED
from core.views import charts, overview

STATUSES = [IN_PROGRESS, READY, EXITED, RELAPSED, PLANNED]
PROGRAMMES = ["TTATXH", "ANTT"]


def _filters(status: pd.DataFrame) -> pd.DataFrame:
    """Province, status and programme filters, kept in the URL (?tinh=12&trang_thai=ready&ct=ANTT)."""
    names = web.province_names()
    provinces = sorted(status["province_code"].dropna().unique().tolist())
    cols = st.columns([2, 3, 2])
    chosen_provinces = web.sticky_multiselect(
        web.tr("filter.province"), provinces, "f_tinh", "tinh", lambda code: names.get(code, code), cols[0]
    )
    chosen_statuses = web.sticky_multiselect(
        web.tr("filter.status"), STATUSES, "f_trang_thai", "trang_thai", lambda s: web.tr(f"status.{s}"), cols[1]
    )
    chosen_programmes = web.sticky_multiselect(
        web.tr("filter.programme"), PROGRAMMES, "f_ct", "ct", lambda p: web.tr(f"programme.{p}"), cols[2]
    )
    keep = pd.Series(True, index=status.index)
    if chosen_provinces:
        keep &= status["province_code"].isin(chosen_provinces)
    if chosen_statuses:
        keep &= status["status"].isin(chosen_statuses)
    if chosen_programmes:
        keep &= status["programme"].isin(chosen_programmes)
    return status[keep]


def _tiles(status: pd.DataFrame, month: date, lang: str) -> None:
    counts = status["status"].value_counts()
    figures = [
        (web.tr("overview.in_progress"), int(counts.get(IN_PROGRESS, 0))),
        (web.tr("overview.ready"), int(counts.get(READY, 0))),
        (web.tr("overview.exited_year", year=month.year), overview.left_in_year(status, month.year)),
        (web.tr("overview.relapsed"), int(counts.get(RELAPSED, 0))),
    ]
    for column, (label, value) in zip(st.columns(4), figures, strict=True):
        column.metric(label, fmt_number(value, 0, lang), border=True)


def _programme_targets(status: pd.DataFrame, month: date, lang: str, large: bool) -> None:
    settings = web.settings()
    st.subheader(web.tr("overview.targets"))
    programmes = [p for p in PROGRAMMES if (status["programme"] == p).any()] or PROGRAMMES[:1]
    for programme in programmes:
        transformed = overview.transformed_this_year(status, month, settings["target_transformed_pct"], programme)
        kept = overview.sustained(status, settings["target_sustained_pct"], programme)
        left, right = st.columns(2)
        name = web.tr(f"programme.long.{programme}")
        for column, figure, key in ((left, transformed, "transformed"), (right, kept, "sustained")):
            caption = web.tr(
                f"overview.target_{key}_caption", n=figure.numerator, d=figure.denominator, year=month.year
            )
            title = web.tr(
                "overview.target_title",
                name=name,
                what=web.tr(f"overview.target_{key}", year=month.year),
                target=fmt_percent(figure.target, 0, lang),
            )
            fig = charts.programme_bullet(
                title, figure.rate, figure.target, caption, web.tr("overview.target_empty"), large, lang
            )
            column.plotly_chart(fig, config={"displayModeBar": False}, key=f"target_{programme}_{key}")


# Above this many rows the matrix is not coloured cell by cell (pandas' Styler takes about 0.2 s per
# thousand rows on every run): each cell starts with the legend's square instead. A province fits.
MATRIX_COLOUR_LIMIT = 1000


def _matrix(status: pd.DataFrame, month: date, lang: str) -> None:
    st.subheader(web.tr("overview.matrix"))
    texts, colours = web.matrix_cells(month)
    shown = status[status["status"].isin([IN_PROGRESS, READY, RELAPSED, EXITED])]
    order = [r for r in shown["round_id"] if r in texts.index]
    if not order:
        st.info(web.tr("overview.matrix_empty"))
        return
    codes = list(texts.columns)
    info = shown.set_index("round_id").loc[order]
    area_col, status_col = web.tr("col.area"), web.tr("col.status")
    status_names = {s: web.tr(f"status.{s}") for s in STATUSES}
    cells = texts.loc[order]
    coloured = len(order) <= MATRIX_COLOUR_LIMIT
    if not coloured:
        cells = cells.apply(lambda col: colours.loc[order, col.name].map(overview.RAG_SYMBOLS) + " " + col)
    table = pd.DataFrame(
        {
            area_col: info["area_name"],
            status_col: info["status"].map(status_names),
            web.tr("overview.criteria_met"): info["criteria_met"].astype(str)
            + "/"
            + info["criteria_required"].astype(str),
        },
        index=order,
    ).join(cells)
    shown_table: pd.DataFrame | Any = table
    if coloured:
        backgrounds = pd.DataFrame("", index=table.index, columns=table.columns)
        for code in codes:
            backgrounds[code] = colours.loc[order, code].map(
                lambda c: f"background-color: {charts.RAG_BACKGROUNDS[c]}; color: #111111"
            )
        shown_table = table.style.apply(lambda _: backgrounds, axis=None)
    names = web.criteria_names(lang)
    config = {  # a column's help is Markdown; criterion names are edited by admins
        code: st.column_config.TextColumn(code, help=web.plain(names.get(code, code)), width="small") for code in codes
    }
    config[area_col] = st.column_config.TextColumn(area_col, pinned=True)
    st.dataframe(shown_table, hide_index=True, width="stretch", column_config=config, key="matrix")
    margin = fmt_number(web.settings()["amber_margin"], 0, lang)
    st.caption(web.tr("overview.legend", margin=margin))
    if not coloured:
        st.caption(web.tr("overview.matrix_plain", n=fmt_number(len(order), 0, lang)))


def render() -> None:
    web.guard("view")
    lang = web.lang()
    large = web.presenting()
    month = web.reviewed_month()
    web.page_header(web.tr("overview.title"), web.tr("app.subtitle"))
    web.open_tasks_section(month)  # the meeting opens with the tasks still open
    status = web.round_status(month)
    if status.empty:
        st.info(web.tr("overview.no_rounds"))
        return
    st.subheader(web.tr("overview.as_of", month=fmt_month(month, lang)))
    if not large:
        status = _filters(status)
    _tiles(status, month, lang)
    _programme_targets(status, month, lang, large)
    _matrix(status, month, lang)


render()
