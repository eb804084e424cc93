"""Địa bàn: one commune or village at the reviewed month — its round, a card per criterion, the
before/after table the reports give ("13/37 vụ"), other figures, its villages and its hotspots.

The area lives in the URL (?ma=03478), beside the month (?thang=2026-10)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import web
from core.access.scope import Scope
from core.base.formatting import fmt_date, fmt_month, fmt_number, fmt_percent
from core.base.i18n import t
from core.domain import criteria
from core.domain.criteria import EXITED, IN_PROGRESS, PLANNED, READY, RELAPSED
from core.geo import maps
from core.storage.db import Database
from core.views import area, charts, overview

STATUS_BADGE = {PLANNED: "gray", IN_PROGRESS: "blue", READY: "green", EXITED: "violet", RELAPSED: "red"}
RAG_DELTA = {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}
COMPARISON_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
CHART_CONFIG = {"displayModeBar": False}

# Constant markup only (no data goes into it); it reaches the cards through their keys
# ("card-C02-rag-red", "-txt" when the value is words). A card's left edge, state and progress bar take
# its red-amber-green colour (the theme's primary colour is red, which would make every bar read as a
# failure); cards in a row are as tall as the tallest; long labels and values wrap instead of being cut;
# table cells keep their colours under the presentation style's black text.
_CARD_CSS = """
<style>
[class*="st-key-card-"] { border-left-width: 10px !important; flex: 1 1 auto; }
[class*="st-key-card-"][class*="-rag-green"] { border-left-color: #1b7f3b !important; }
[class*="st-key-card-"][class*="-rag-amber"] { border-left-color: #e0a100 !important; }
[class*="st-key-card-"][class*="-rag-red"] { border-left-color: #c62828 !important; }
[class*="st-key-card-"][class*="-rag-grey"] { border-left-color: #9e9e9e !important; }
[class*="st-key-card-"] [data-testid="stMetric"], .st-key-round-header [data-testid="stMetric"]
  { border: none !important; padding: 0 !important; }
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-card-"]) { flex: 1 1 auto; display: flex; flex-direction: column; }
[class*="st-key-card-"] [data-testid="stMetricLabel"] *, .st-key-round-header [data-testid="stMetricLabel"] *,
.st-key-context-figures [data-testid="stMetricLabel"] *,
[class*="st-key-card-"] [data-testid="stMetricValue"] *, .st-key-round-header [data-testid="stMetricValue"] *
  { white-space: normal !important; text-overflow: clip !important; overflow: visible !important; line-height: 1.2; }
[class*="st-key-card-"] [data-testid="stMetricDelta"] { font-size: 1.05rem; font-weight: 700; }
[class*="st-key-card-"][class*="-txt"] [data-testid="stMetricValue"] { font-size: 1.9rem !important; }
[data-testid="stTable"] td p { color: inherit !important; }
[class*="st-key-card-"][class*="-rag-green"] [data-testid="stMetricDelta"] p { color: #1b7f3b !important; }
[class*="st-key-card-"][class*="-rag-amber"] [data-testid="stMetricDelta"] p { color: #8a6300 !important; }
[class*="st-key-card-"][class*="-rag-red"] [data-testid="stMetricDelta"] p { color: #c62828 !important; }
[class*="st-key-card-"][class*="-rag-grey"] [data-testid="stMetricDelta"] p { color: #555555 !important; }
[class*="st-key-card-"][class*="-rag-green"] [data-testid="stProgressBarTrack"] > div { background-color: #1b7f3b !important; }
[class*="st-key-card-"][class*="-rag-amber"] [data-testid="stProgressBarTrack"] > div { background-color: #e0a100 !important; }
[class*="st-key-card-"][class*="-rag-red"] [data-testid="stProgressBarTrack"] > div { background-color: #c62828 !important; }
[class*="st-key-card-"][class*="-rag-grey"] [data-testid="stProgressBarTrack"] > div { background-color: #9e9e9e !important; }
</style>
"""
# Presentation mode: the round's figures share a row with its decision, so they are a little smaller
# than the 3.4rem the presentation style gives every metric.
_PRESENT_CSS = """
<style>
.st-key-round-header [data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[class*="st-key-card-"] [data-testid="stMetricValue"] { font-size: 2.8rem !important; }
[class*="st-key-card-"][class*="-txt"] [data-testid="stMetricValue"] { font-size: 2.2rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1rem !important; }
</style>
"""


# -- cached loaders (web.cached: database file, data version, scope, arguments) ----------------------


@web.cached(scoped=True, max_entries=64)
def _load_area_detail(database: Database, scope: Scope, code: str) -> area.AreaDetail | None:
    return area.area_detail(database, code, scope)


@web.cached(max_entries=64)
def _load_history(database: Database, round_id: int, start: date, month: date) -> pd.DataFrame:
    months = [area.month_add(start, i) for i in range(area.periods(start, month).months)]
    return criteria.criterion_history(database, months, [round_id])


@web.cached(max_entries=64)
def _load_before_after(database: Database, code: str, start: date, month: date) -> area.BeforeAfter:
    return area.before_after(database, code, start, month)


@web.cached(max_entries=64)
def _load_context(database: Database, code: str, start: date, month: date) -> pd.DataFrame:
    return area.context_figures(database, code, start, month)


@web.cached(max_entries=64)
def _load_villages(database: Database, code: str) -> pd.DataFrame:
    return area.villages(database, code)


@web.cached(max_entries=64)
def _load_hotspots(database: Database, code: str, month: date) -> pd.DataFrame:
    return area.hotspots(database, code, month)


@web.cached(max_entries=64)
def _load_hotspot_counts(database: Database, code: str, start: date, month: date) -> area.HotspotCounts:
    return area.hotspot_counts(database, code, start, month)


@web.cached(max_entries=8)
def _load_criterion_units(database: Database) -> pd.DataFrame:
    return area.criterion_units(database)


# -- small formatting helpers ---------------------------------------------------------------------


def _as_date(value: object) -> date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _signed(value: float, lang: str) -> str:
    """+3, −24, 0 (a true minus sign, as printed reports use)."""
    if _missing(value):
        return "—"
    text = fmt_number(abs(value), 0, lang)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _signed_percent(value: float, lang: str) -> str:
    if _missing(value):
        return "—"
    text = fmt_percent(abs(value), 1, lang)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _count(value: float, lang: str) -> str:
    return "—" if _missing(value) else fmt_number(value, 0, lang)


def _unit(row: pd.Series | dict[str, object], lang: str) -> str:
    value = row.get("unit_en" if lang == "en" else "unit_vi")
    return "" if _missing(value) else str(value)


# -- choosing the area ----------------------------------------------------------------------------


def _pick_area(choices: pd.DataFrame) -> str:
    """The area selectbox, kept across pages and in the URL (?ma=03529; ?ma=3529 works too)."""
    codes = [str(c) for c in choices["area_code"]]
    default = area.default_area(choices) or codes[0]
    raw = st.query_params.get("ma")
    if raw is not None and area.normalise_code(raw) not in codes:
        names = dict(zip(choices["area_code"], choices["area_name"], strict=True))
        shown = st.session_state.get("_area_ma") if st.session_state.get("_area_ma") in codes else default
        st.warning(web.tr("area.unknown_code", code=web.plain_url(raw), name=web.plain(names[shown])), icon="⚠️")

    def parse(text: str) -> str | None:
        code = area.normalise_code(text)
        return code if code in codes else None

    lang = web.lang()  # once: a national list has 3,389 labels
    statuses = {s: t(f"status.{s}", lang) for s in set(choices["status"])}
    labels = {}
    for row in choices.itertuples():
        status = statuses[row.status]
        if row.area_level == "village":
            labels[row.area_code] = t(
                "area.pick_option_village",
                lang,
                name=row.area_name,
                parent=row.parent_name,
                code=row.area_code,
                status=status,
            )
        else:
            labels[row.area_code] = t("area.pick_option", lang, name=row.area_name, code=row.area_code, status=status)
    return web.sticky_selectbox(web.tr("area.pick"), codes, "area_ma", "ma", labels, parse, default)


# -- the header: the area and its round -----------------------------------------------------------


def _area_caption(detail: area.AreaDetail, month: date, lang: str) -> str:
    parts = [web.tr("area.code", code=web.plain(detail.code))]
    if detail.level == "village" and detail.parent_name:
        parts.append(web.tr("area.under", name=web.plain(detail.parent_name)))
    if detail.province_name:
        parts.append(web.plain(detail.province_name))
    if detail.households is not None:
        parts.append(web.tr("area.households", n=fmt_number(detail.households, 0, lang)))
    if detail.population is not None:
        parts.append(web.tr("area.population", n=fmt_number(detail.population, 0, lang)))
    parts.append(web.tr("area.as_of", month=fmt_month(month, lang)))
    return " · ".join(parts)


def _status_notes(shown: pd.Series, lang: str) -> list[str]:
    status = str(shown["status"])
    notes = []
    if status == READY and not _missing(shown["eligible_since"]):
        notes.append(web.tr("area.eligible_since", month=fmt_month(shown["eligible_since"], lang)))
    if status in (EXITED, RELAPSED) and not _missing(shown["exit_decision_date"]):
        notes.append(
            web.tr(
                "area.exit_decision",
                no=web.plain(shown["exit_decision_no"] or ""),
                date=fmt_date(shown["exit_decision_date"], lang),
            )
        )
    if status == RELAPSED and not _missing(shown["relapse_month"]):
        relapse = web.tr("area.relapsed_since", month=fmt_month(shown["relapse_month"], lang))
        failed = web.plain(shown["relapse_failed"] or "")
        notes.append(f"{relapse} ({failed})" if failed else relapse)
    if status == IN_PROGRESS and shown["failed"]:
        notes.append(web.tr("area.failing", codes=web.plain(", ".join(str(shown["failed"]).split()))))
    return notes


def _round_header(shown: pd.Series, month: date, lang: str, large: bool) -> None:
    """Status, decision, period, and three figures: months elapsed/planned, days left, criteria met."""
    status = str(shown["status"])
    decision_no = "" if _missing(shown["decision_no"]) else str(shown["decision_no"] or "")
    if decision_no and not _missing(shown["decision_date"]):
        decision = web.tr("area.decision_line", no=web.plain(decision_no), date=fmt_date(shown["decision_date"], lang))
    elif decision_no:
        decision = web.tr("area.decision_line_nodate", no=web.plain(decision_no))
    else:
        decision = ""
    period = web.tr(
        "area.period_line",
        start=fmt_month(shown["start_month"], lang),
        end=fmt_month(shown["planned_end_month"], lang),
        n=int(shown["planned_months"]),
    )
    as_of = area.as_of_date(month, date.today())
    left = area.days_left(_as_date(shown["planned_end_month"]), as_of)
    with st.container(border=True, key="round-header"):
        text, *figures = st.columns([2.4, 1, 1, 1] if status != PLANNED else [2.4, 1, 1], vertical_alignment="center")
        with text:
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                st.badge(web.tr(f"status.{status}"), color=STATUS_BADGE.get(status, "gray"))  # type: ignore[arg-type]
                st.markdown(web.tr(f"programme.long.{shown['programme']}"))
            notes = _status_notes(shown, lang)
            if notes:
                st.markdown("**" + " · ".join(notes) + "**")  # the data in them is escaped
            st.markdown("  \n".join(line for line in (decision, period) if line))
        figures[0].metric(
            web.tr("area.elapsed"),
            web.tr("area.months_fraction", n=int(shown["months_elapsed"]), planned=int(shown["planned_months"])),
        )
        figures[1].metric(
            web.tr("area.days_left_label", date=fmt_date(as_of, lang)),
            web.tr("area.days_left", n=fmt_number(left, 0, lang)) if left >= 0 else web.tr("area.expired"),
        )
        if status != PLANNED:
            figures[2].metric(
                web.tr("area.criteria_met"), f"{int(shown['criteria_met'])}/{int(shown['criteria_required'])}"
            )


# -- criterion cards ------------------------------------------------------------------------------


def _value_text(row: pd.Series, unit: str, lang: str) -> str:
    state = row["state"]
    if state == criteria.NOT_ARISEN:
        return web.tr("state.not_arisen")
    if state == criteria.NO_DATA or _missing(row["value"]):
        return web.tr("state.no_data")
    if row["unit"] == "percent":
        return fmt_percent(row["value"], 1, lang)
    if row["unit"] == "flag" and row["aggregate"] == "reduced":
        return web.tr("matrix.reduced") if row["value"] == 1 else web.tr("matrix.not_reduced")
    if row["unit"] == "flag":
        return web.tr("state.met") if row["value"] == 1 else web.tr("state.not_met")
    return f"{fmt_number(row['value'], 0, lang)} {unit}".strip()


def _detail_text(row: pd.Series, unit: str, lang: str) -> str:
    """The figures behind the value: "9/16 vụ", "16/40 vụ (trong đợt/trước chuyển hóa)", …"""
    state = row["state"]
    if state == criteria.NO_DATA:
        return web.tr("area.no_data_detail")
    if state == criteria.NOT_ARISEN and row["aggregate"] in ("ratio", "latest_ratio"):
        return web.tr("area.not_arisen_detail")
    num, den = _count(row["numerator_value"], lang), _count(row["denominator_value"], lang)
    aggregate = row["aggregate"]
    if aggregate == "ratio":
        return web.tr("area.fraction", num=num, den=den, unit=unit).strip()
    if aggregate == "latest_ratio":
        return web.tr("area.latest_ratio_detail", num=num, den=den, unit=unit)
    if aggregate == "reduction":
        return web.tr("area.reduction_detail", num=num, den=den, unit=unit)
    if aggregate == "reduced":
        return web.tr("area.reduced_detail", now=num, start=den, unit=unit)
    if aggregate == "sum":
        return web.tr("area.sum_detail")
    return web.tr("area.latest_detail")


def _target_text(row: pd.Series, unit: str, lang: str) -> str:
    if row["aggregate"] == "reduced":
        return web.tr("area.target_reduced")
    if row["unit"] == "flag":
        return web.tr("area.target_flag")
    sign = COMPARISON_SIGNS.get(str(row["comparison"]), str(row["comparison"]))
    if row["unit"] == "percent":
        target = fmt_percent(row["target"], 1, lang)
    else:
        target = f"{fmt_number(row['target'], 0, lang)} {unit}".strip()
    return web.tr("area.target", comparison=sign, target=target)


def _sparkline(row: pd.Series, history: pd.DataFrame, unit: str, rag: str, lang: str, large: bool) -> None:
    points = history[history["code"] == row["code"]].sort_values("month")
    if points.empty:
        return
    values = [None if s in (criteria.NO_DATA, criteria.NOT_ARISEN) else v for s, v in zip(points["state"], points["value"], strict=True)]  # fmt: skip
    if all(v is None or _missing(v) for v in values):
        return  # nothing to draw: the card already says "không phát sinh" or "chưa có số liệu"
    months = [_as_date(m) for m in points["month"]]
    flag_labels: tuple[str, str] | None = None
    if row["unit"] == "flag" and row["aggregate"] == "reduced":
        flag_labels = (web.tr("matrix.not_reduced"), web.tr("matrix.reduced"))
        title = web.tr("area.trend_reduced")
    elif row["unit"] == "flag":
        flag_labels = (web.tr("state.not_met"), web.tr("state.met"))
        title = web.tr("area.trend_flag")
    else:
        shown_unit = "%" if row["unit"] == "percent" else unit
        title = web.tr("area.trend", unit=shown_unit)
    fig = _sparkline_figure(
        tuple(months),
        tuple(values),
        None if flag_labels else float(row["target"]),
        title,
        "%" if row["unit"] == "percent" else unit,
        charts.RAG_COLOURS[rag],
        lang,
        large,
        flag_labels,
    )
    st.plotly_chart(fig, config=CHART_CONFIG, key=f"spark_{row['code']}")


@st.cache_resource(show_spinner=False, max_entries=512)
def _sparkline_figure(
    months: tuple[date, ...],
    values: tuple[float | None, ...],
    target: float | None,
    title: str,
    unit: str,
    colour: str,
    lang: str,
    large: bool,
    flag_labels: tuple[str, str] | None,
) -> go.Figure:
    """A card's sparkline, kept: building 13 figures took a third of each run. One object shared by
    the sessions (st.plotly_chart only reads it): a pickled copy per run would cost as much as building."""
    return charts.criterion_sparkline(
        months, values, target, title, unit, colour=colour, lang=lang, large=large, flag_labels=flag_labels
    )


def _criterion_cards(shown: pd.Series, month: date, lang: str, large: bool) -> None:
    results = web.criterion_results(month)
    results = results[results["round_id"] == shown["round_id"]].sort_values("display_order").copy()
    if results.empty:
        return
    results["rag"] = overview.rag(results, web.settings()["amber_margin"])
    units = _load_criterion_units().set_index("code")
    start = _as_date(shown["start_month"])
    history = _load_history(int(shown["round_id"]), start, month)
    st.subheader(web.tr("area.cards", start=fmt_month(start, lang), end=fmt_month(month, lang)))
    st.caption(web.tr("area.cards_legend", margin=fmt_number(web.settings()["amber_margin"], 0, lang)))
    name_col = "name_en" if lang == "en" else "name_vi"
    per_row = 4
    rows = list(results.iterrows())
    for first in range(0, len(rows), per_row):
        columns = st.columns(per_row)
        for column, (_, row) in zip(columns, rows[first : first + per_row], strict=False):
            code = str(row["code"])
            rag = str(row["rag"])
            unit = _unit(units.loc[code], lang) if code in units.index else ""
            if unit == "1/0":
                unit = ""
            value_text = _value_text(row, unit, lang)
            textual = not any(ch.isdigit() for ch in value_text)  # "Không phát sinh", "Đã giảm", …: smaller
            with column.container(border=True, key=f"card-{code}-rag-{rag}" + ("-txt" if textual else "")):
                state_text = web.tr(f"state.{row['state']}")
                st.metric(
                    f"{code} · {web.plain(str(row[name_col]))}",
                    value_text,
                    delta=None if value_text == state_text else state_text,
                    delta_color=RAG_DELTA[rag],  # type: ignore[arg-type]
                    delta_arrow="off",
                )
                detail = _detail_text(row, unit, lang)
                target = _target_text(row, unit, lang)
                st.markdown(f"**{web.plain(target)}**" + (f"  \n{web.plain(detail)}" if detail else ""))
                if row["unit"] == "percent" and row["state"] in (criteria.MET, criteria.NOT_MET):
                    value = 0.0 if _missing(row["value"]) else float(row["value"])
                    st.progress(min(max(value, 0.0), 100.0) / 100.0)
                _sparkline(row, history, unit, rag, lang, large)


# -- before and after -----------------------------------------------------------------------------


def _pair(now: float, then: float, unit: str, lang: str) -> str:
    if _missing(now) and _missing(then):
        return web.tr("state.no_data")
    if _missing(then):
        return web.tr("area.pair_missing_then", now=_count(now, lang), unit=unit).strip()
    if _missing(now):
        return web.tr("area.pair_missing_now", then=_count(then, lang), unit=unit).strip()
    return web.tr("area.fraction", num=_count(now, lang), den=_count(then, lang), unit=unit).strip()


def _change_text(change: float, pct: float, note: str, lang: str) -> str:
    """ "−24 (−60%)"; "−1 (*)" when the base is too small for a percent; "—" without figures."""
    if note == area.NO_DATA or _missing(change):
        return "—"
    if note == area.SMALL_BASE:
        return web.tr("area.change_small", change=_signed(change, lang))
    return web.tr("area.change", change=_signed(change, lang), pct=_signed_percent(pct, lang))


def _before_after(shown: pd.Series, month: date, lang: str) -> None:
    start = _as_date(shown["start_month"])
    result = _load_before_after(str(shown["area_code"]), start, month)
    p = result.periods
    st.subheader(web.tr("area.before_after"))
    st.caption(
        web.tr(
            "area.periods",
            start=fmt_month(p.window_start, lang),
            end=fmt_month(p.window_end, lang),
            n=p.months,
            b_start=fmt_month(p.baseline_start, lang),
            b_end=fmt_month(p.baseline_end, lang),
            y_start=fmt_month(p.last_year_start, lang),
            y_end=fmt_month(p.last_year_end, lang),
        )
    )
    rows = result.rows
    name_col = "name_en" if lang == "en" else "name_vi"
    columns = {
        "baseline": (web.tr("area.col_vs_baseline"), web.tr("area.col_change_baseline")),
        "last_year": (web.tr("area.col_vs_last_year"), web.tr("area.col_change_last_year")),
    }
    data: dict[str, list[str]] = {web.tr("area.col_indicator"): [web.plain(str(n)) for n in rows[name_col]]}
    for base, (pair_col, change_col) in columns.items():
        data[pair_col] = [_pair(r["window_sum"], r[f"{base}_sum"], _unit(r, lang), lang) for _, r in rows.iterrows()]
        data[change_col] = [
            _change_text(r[f"change_{base}"], r[f"pct_{base}"], r[f"pct_{base}_note"], lang) for _, r in rows.iterrows()
        ]
    table = pd.DataFrame(data)

    # Where fewer is better, colour the change: green down, red up.
    colours = pd.DataFrame("", index=table.index, columns=table.columns)
    for base, (_, change_col) in columns.items():
        for i, r in rows.iterrows():
            change = r[f"change_{base}"]
            if r["lower_is_better"] and not _missing(change) and change != 0:
                colour = charts.RAG_COLOURS["green" if change < 0 else "red"]
                colours.loc[i, change_col] = f"color: {colour}; font-weight: 700"
    styled = table.style.apply(lambda _: colours, axis=None).hide(axis="index")
    st.table(styled, hide_index=True)

    notes = []
    if (rows["pct_baseline_note"] == area.SMALL_BASE).any() or (rows["pct_last_year_note"] == area.SMALL_BASE).any():
        notes.append(web.tr("area.small_base_note", min=fmt_number(result.min_base, 0, lang)))
    missing = []
    for period in ("window", "baseline", "last_year"):
        for _, r in rows.iterrows():
            got = int(r[f"{period}_months"])
            if 0 < got < p.months:
                missing.append(
                    web.tr(
                        "area.incomplete_item",
                        period=web.tr(f"area.period.{period}"),
                        indicator=web.plain(r[name_col]),
                        got=got,
                        n=p.months,
                    )
                )
    if missing:
        notes.append(web.tr("area.incomplete", detail="; ".join(missing)))
    for note in notes:
        st.caption(note)


# -- other figures --------------------------------------------------------------------------------


def _context(shown: pd.Series, month: date, lang: str) -> None:
    figures = _load_context(str(shown["area_code"]), _as_date(shown["start_month"]), month)
    if figures.empty:
        return
    st.subheader(web.tr("area.context"))
    name_col = "name_en" if lang == "en" else "name_vi"
    with st.container(key="context-figures"):
        columns = st.columns(len(figures))
    for column, (_, r) in zip(columns, figures.iterrows(), strict=True):
        if _missing(r["value"]):
            column.metric(web.plain(r[name_col]), web.tr("state.no_data"), border=True)
            continue
        unit = _unit(r, lang)
        delta = None
        if not _missing(r["change"]):
            delta = web.tr("area.context_delta", change=_signed(r["change"], lang))
        column.metric(
            web.plain(r[name_col]),
            f"{fmt_number(r['value'], 0, lang)} {unit}".strip(),
            delta=delta,
            delta_color="off",
            delta_arrow="off",
            help=web.tr("area.context_help", month=fmt_month(r["value_month"], lang)),
            border=True,
        )


# -- villages and hotspots ------------------------------------------------------------------------


def _villages(code: str, status: pd.DataFrame, month: date, lang: str) -> None:
    rows = area.with_round_status(_load_villages(code), status, month)
    st.subheader(web.tr("area.villages", n=len(rows)))
    if rows.empty:
        st.info(web.tr("area.villages_none"))
        return
    own = [
        "—" if not s else web.tr("area.own_round", status=web.tr(f"status.{s}"), start=fmt_month(m, lang))
        for s, m in zip(rows["round_status"], rows["round_start"], strict=True)
    ]
    table = pd.DataFrame(
        {
            web.tr("area.col_village"): [web.plain(str(n)) for n in rows["name"]],
            web.tr("area.col_households"): [_count(v, lang) for v in rows["households"].astype(float)],
            web.tr("area.col_population"): [_count(v, lang) for v in rows["population"].astype(float)],
            web.tr("area.col_own_round"): own,
        }
    )
    st.table(table, hide_index=True)


def _hotspots(code: str, shown: pd.Series | None, month: date, lang: str) -> None:
    active = _load_hotspots(code, month)
    st.subheader(web.tr("area.hotspots", month=fmt_month(month, lang), n=len(active)))
    if shown is not None and _as_date(shown["start_month"]) <= month:
        counts = _load_hotspot_counts(code, _as_date(shown["start_month"]), month)
        st.caption(
            web.tr(
                "area.hotspot_counts",
                start=counts.active_at_start,
                found=counts.found_in_round,
                eliminated=counts.eliminated_in_round,
            )
        )
    if active.empty:
        st.info(web.tr("area.hotspots_none"))
        return

    def coords(lat: object, lon: object) -> str:
        if _missing(lat) or _missing(lon):
            return "—"
        return f"{fmt_number(lat, 5, lang)}; {fmt_number(lon, 5, lang)}"

    table = pd.DataFrame(
        {
            web.tr("area.col_type"): [web.plain(str(v)) for v in active["type"]],
            web.tr("area.col_name"): [web.plain(str(v)) if not _missing(v) else "—" for v in active["name"]],
            web.tr("area.col_where"): [
                web.plain(str(n if not _missing(n) else c))
                for n, c in zip(active["area_name"], active["area_code"], strict=True)
            ],
            web.tr("area.col_found"): [fmt_date(d, lang) or "—" for d in active["found_on"]],
            web.tr("area.col_coords"): [coords(a, b) for a, b in zip(active["lat"], active["lon"], strict=True)],
        }
    )
    st.table(table, hide_index=True)


# -- the page -------------------------------------------------------------------------------------


def render() -> None:
    web.guard("view")
    lang = web.lang()
    large = web.presenting()
    month = web.reviewed_month()
    status = web.round_status(month)
    choices = area.area_choices(status, month)
    if choices.empty:
        st.title(web.tr("area.title"))
        web.demo_banner()
        st.info(web.tr("area.no_rounds"))
        return
    st.html(_CARD_CSS + (_PRESENT_CSS if large else ""))
    heading, picker = st.columns([3, 2], vertical_alignment="bottom")
    with picker:
        code = _pick_area(choices)
    detail = _load_area_detail(code)
    shown = area.pick_round(status, code, month)
    with heading:
        st.title(web.plain(detail.name if detail else code))
    st.caption(_area_caption(detail, month, lang) if detail else web.tr("area.as_of", month=fmt_month(month, lang)))
    web.demo_banner()
    if shown is not None:
        _round_header(shown, month, lang, large)
        if _as_date(shown["start_month"]) > month:
            st.info(web.tr("area.planned_note", month=fmt_month(shown["start_month"], lang)))
        else:
            _criterion_cards(shown, month, lang, large)
            _before_after(shown, month, lang)
            _context(shown, month, lang)
    web.area_tasks_section(code, month)  # the meeting's tasks for this area, overdue first
    left, right = st.columns(2, gap="large")
    with left:
        _villages(code, status, month, lang)
    with right:
        _hotspots(code, shown, month, lang)
    _area_map(code, month, lang)


@web.cached(scoped=True, max_entries=32)
def _load_area_map(database: Database, scope: Scope, code: str, month: date) -> tuple[maps.AreaMapData | None, str]:
    status = web.round_status(month)  # the session's scope: the one this loader is keyed on
    return maps.area_map_data(database, status, month, code, scope), maps.basemap_tile_url(database)


def _area_map(code: str, month: date, lang: str) -> None:
    """A small map of the commune, its villages and its hotspots (pages/map.py draws them all)."""
    data, tile_url = _load_area_map(code, month)
    if data is None or (data.areas.empty and data.hotspots.empty):
        return
    st.markdown(f"#### {web.tr('map.area_title')}")  # a heading, not a subheader: the page's sections stay as they were
    st.caption(web.tr("map.area_caption"))
    st.pydeck_chart(maps.deck_for_area(data, lang, tile_url), height=400, key="area_map", alt=web.tr("map.alt"))


render()
