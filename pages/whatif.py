"""Giả định chỉ tiêu: "what if the detection target were 75%?" — every criterion's target, comparison
and required flag editable, and at once who becomes ready, who stops, and why; the sensitivity of one
criterion; saved scenarios (reload, compare, adopt by decision). The scenario lives in the URL (?gd=).
Nothing here writes except saving and adopting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import web
from core.access.accounts import PermissionDenied
from core.base.formatting import fmt_date, fmt_month, fmt_number, fmt_percent
from core.domain import whatif
from core.domain.criteria import IN_PROGRESS, NOT_ARISEN, READY, criteria_table
from core.storage.db import Database
from core.views import charts

SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
DURATION_KEY = "wi_duration"
MIN_MONTHS_KEY = "wi_min_months"
PENDING = "_wi_pending"  # a scenario to put into the widgets before they are drawn
KEPT = "_wi_param"  # the current scenario (changes only, URL form), kept across pages
URL_NAME = "wi"  # the scenario in the URL (?gd=), kept like the other URL choices (web.state)


@web.cached(max_entries=16)
def _criteria(database: Database) -> pd.DataFrame:
    return criteria_table(database)


@web.cached(max_entries=16)
def _scenarios(database: Database) -> pd.DataFrame:
    return whatif.list_scenarios(database)


@web.cached(max_entries=16)
def _history(database: Database) -> pd.DataFrame:
    return whatif.criteria_history(database)


def _key(kind: str, code: str) -> str:
    return f"wi_{kind}_{code}"


def _bounds(unit: str) -> tuple[float, float]:
    return (0.0, 100.0) if unit == "percent" else (0.0, 10_000.0)


def _put(criteria: pd.DataFrame, scenario: whatif.Scenario) -> None:
    """Write a scenario into the widgets' state (before they are drawn)."""
    full = whatif.full_scenario(criteria, scenario)
    for row in criteria.itertuples(index=False):
        code = str(row.code)
        low, high = _bounds(str(row.unit))
        st.session_state[_key("t", code)] = min(max(float(full.targets[code]), low), high)
        st.session_state[_key("c", code)] = full.comparisons[code]
        st.session_state[_key("r", code)] = bool(full.required[code])
    st.session_state[DURATION_KEY] = scenario.require_duration
    st.session_state[MIN_MONTHS_KEY] = scenario.min_months or 0


def _read(criteria: pd.DataFrame) -> whatif.Scenario:
    codes = [str(c) for c in criteria["code"]]
    return whatif.Scenario(
        targets={c: float(st.session_state[_key("t", c)]) for c in codes},
        comparisons={c: str(st.session_state[_key("c", c)]) for c in codes},
        required={c: bool(st.session_state[_key("r", c)]) for c in codes},
        require_duration=bool(st.session_state[DURATION_KEY]),
        min_months=int(st.session_state[MIN_MONTHS_KEY]) or None,
    )


def _prepare(criteria: pd.DataFrame) -> None:
    """Choose what the widgets show: a pending load/reset, else a link this session did not write,
    else what was kept (when coming back from another page)."""
    codes = [str(c) for c in criteria["code"]]
    if PENDING in st.session_state:
        _put(criteria, whatif.parse_param(st.session_state.pop(PENDING), codes))
        return
    raw = web.from_link(URL_NAME, whatif.URL_PARAM)
    if raw is not None:
        try:
            _put(criteria, whatif.parse_param(raw, codes))
            return
        except ValueError as exc:
            st.warning(web.tr("whatif.url_bad", error=web.plain(exc)))
            web.to_url(URL_NAME, whatif.URL_PARAM, raw)  # said once
    drawn = [_key(k, c) for c in codes for k in ("t", "c", "r")] + [DURATION_KEY, MIN_MONTHS_KEY]
    if not all(k in st.session_state for k in drawn):
        _put(criteria, whatif.parse_param(st.session_state.get(KEPT, ""), codes))


def _to_url(criteria: pd.DataFrame, scenario: whatif.Scenario) -> None:
    param = whatif.format_param(whatif.changes(criteria, scenario))
    st.session_state[KEPT] = param
    web.to_url(URL_NAME, whatif.URL_PARAM, param)


def _target_text(comparison: str, target: float, unit: str, lang: str) -> str:
    if unit == "flag":
        return web.tr("whatif.flag_target")
    number = fmt_percent(target, 1, lang) if unit == "percent" else fmt_number(target, 0, lang)
    return f"{SYMBOLS.get(comparison, comparison)} {number}"


def _editor(criteria: pd.DataFrame, lang: str) -> None:
    st.subheader(web.tr("whatif.editor_title"))
    widths = [4.2, 1.5, 1.1, 1.7, 1.1]
    head = st.columns(widths, vertical_alignment="bottom")
    for column, key in zip(
        head,
        [
            "whatif.col_criterion",
            "whatif.col_official",
            "whatif.col_comparison",
            "whatif.col_target",
            "whatif.col_required",
        ],
        strict=True,
    ):
        column.markdown(f"**{web.tr(key)}**")
    name_col = "name_vi" if lang == "vi" else "name_en"
    for row in criteria.itertuples(index=False):
        code, unit = str(row.code), str(row.unit)
        cols = st.columns(widths, vertical_alignment="center")
        cols[0].markdown(f"**{code}** · {web.plain(getattr(row, name_col))}")
        cols[1].markdown(_target_text(str(row.comparison), float(row.target), unit, lang))
        if unit == "flag":
            cols[3].markdown(web.tr("whatif.flag_target"))
        else:
            cols[2].selectbox(
                web.tr("whatif.col_comparison") + " " + code,
                list(SYMBOLS),
                format_func=SYMBOLS.__getitem__,
                key=_key("c", code),
                label_visibility="collapsed",
            )
            low, high = _bounds(unit)
            cols[3].number_input(
                web.tr("whatif.col_target") + " " + code,
                min_value=low,
                max_value=high,
                step=1.0,
                format="%g",
                key=_key("t", code),
                label_visibility="collapsed",
            )
        cols[4].checkbox(web.tr("whatif.col_required") + " " + code, key=_key("r", code), label_visibility="collapsed")
    st.checkbox(web.tr("whatif.duration"), key=DURATION_KEY)
    st.number_input(
        web.tr("whatif.min_months"),
        min_value=0,
        max_value=120,
        step=1,
        key=MIN_MONTHS_KEY,
        help=web.tr("whatif.min_months_help"),
        disabled=not st.session_state.get(DURATION_KEY, True),
    )
    st.button(web.tr("whatif.reset"), on_click=_pend, args=("",), key="wi_reset")


def _pend(param: str) -> None:
    st.session_state[PENDING] = param


def _value_text(row: pd.Series, lang: str) -> str:
    if row["state"] == NOT_ARISEN:
        return web.tr("state.not_arisen")
    if pd.isna(row["value"]):
        return "—"
    if row["unit"] == "percent":
        return fmt_percent(row["value"], 1, lang)
    if row["unit"] == "flag":
        return web.tr("state.met") if row["value"] == 1 else web.tr("state.not_met")
    return fmt_number(row["value"], 0, lang)


def _reasons(flips: pd.DataFrame, judged: pd.DataFrame, lang: str) -> list[str]:
    rows = judged.set_index(["round_id", "code"])
    out = []
    for flip in flips.itertuples(index=False):
        parts = []
        for code in str(flip.codes).split():
            r = rows.loc[(flip.round_id, code)]
            if not bool(r["required"]):
                parts.append(f"{code} ({web.tr('whatif.not_required')})")
            else:
                value = _value_text(r, lang)
                target = _target_text(str(r["comparison"]), float(r["target"]), str(r["unit"]), lang)
                parts.append(f"{code}: {value} ({web.tr('exit.col_target').lower()} {target})")
        if flip.duration:
            parts.append(web.tr("whatif.reason_duration"))
        out.append("; ".join(parts))
    return out


def _results(outcome: whatif.Outcome, lang: str) -> None:
    official, mine = whatif.ready_count(outcome.official), whatif.ready_count(outcome.scenario)
    flips = outcome.flips
    became = int((flips["change"] == whatif.BECAME_READY).sum())
    stopped = int((flips["change"] == whatif.STOPPED_READY).sum())
    st.subheader(web.tr("whatif.tiles_title"))
    tiles = st.columns(4)
    tiles[0].metric(web.tr("whatif.official_ready"), fmt_number(official, 0, lang), border=True)
    tiles[1].metric(
        web.tr("whatif.scenario_ready"),
        fmt_number(mine, 0, lang),
        delta=None if mine == official else f"{mine - official:+d}",
        border=True,
    )
    tiles[2].metric(web.tr("whatif.became"), fmt_number(became, 0, lang), border=True)
    tiles[3].metric(web.tr("whatif.stopped"), fmt_number(stopped, 0, lang), border=True)
    st.subheader(web.tr("whatif.changes_title"))
    if flips.empty:
        st.info(web.tr("whatif.changes_none", n=official))
        return
    table = pd.DataFrame(
        {
            web.tr("whatif.col_area"): flips["area_name"],
            web.tr("whatif.col_change"): flips["change"].map(lambda c: web.tr(f"whatif.change.{c}")),
            web.tr("whatif.col_reason"): _reasons(flips, outcome.judged, lang),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="wi_flips")


def _sweep(outcome: whatif.Outcome, criteria: pd.DataFrame, scenario: whatif.Scenario, lang: str) -> None:
    editable = criteria[criteria["unit"] != "flag"]
    codes = [str(c) for c in editable["code"]]
    diff = whatif.changes(criteria, scenario)
    if "wi_sweep" not in st.session_state or st.session_state["wi_sweep"] not in codes:
        changed = [c for c in codes if c in diff.targets]
        st.session_state["wi_sweep"] = changed[0] if changed else ("C02" if "C02" in codes else codes[0])
    name_col = "name_vi" if lang == "vi" else "name_en"
    names = dict(zip(codes, editable[name_col], strict=True))
    code = st.selectbox(web.tr("whatif.sweep_pick"), codes, format_func=lambda c: f"{c} · {names[c]}", key="wi_sweep")
    row = editable.set_index("code").loc[code]
    unit = str(row["unit"])
    full = whatif.full_scenario(criteria, scenario)
    if not full.required[code]:
        st.info(web.tr("whatif.sweep_not_required", code=code))
    values = outcome.judged.loc[outcome.judged["code"] == code, "value"]
    grid = whatif.sweep_values(unit, float(row["target"]), values)
    counts = whatif.sweep(
        outcome.judged,
        web.round_status(web.reviewed_month()),
        code,
        grid,
        scenario.require_duration,
        scenario.min_months,
    )

    def label(v: float) -> str:
        return fmt_percent(v, 1, lang) if unit == "percent" else fmt_number(v, 0, lang)

    fig = charts.whatif_sweep(
        counts["target"].tolist(),
        counts["ready"].tolist(),
        float(row["target"]),
        full.targets[code],
        web.tr("whatif.sweep_chart_title", code=code),
        web.tr("whatif.sweep_x", code=code, unit=web.tr(f"whatif.unit.{unit}")),
        web.tr("whatif.sweep_y"),
        web.tr("whatif.sweep_official", value=label(float(row["target"]))),
        web.tr("whatif.sweep_scenario", value=label(full.targets[code])),
        percent=unit == "percent",
        large=web.presenting(),
        lang=lang,
    )
    st.plotly_chart(fig, config={"displayModeBar": False}, key="wi_sweep_chart")


def _all_areas(outcome: whatif.Outcome, status: pd.DataFrame) -> None:
    under_way = status["status"].isin([IN_PROGRESS, READY])
    mine = outcome.scenario[under_way.to_numpy()]
    off = outcome.official[under_way.to_numpy()]
    yes, no = web.tr("whatif.ready_yes"), web.tr("whatif.ready_no")
    table = pd.DataFrame(
        {
            web.tr("whatif.col_area"): mine["area_name"],
            web.tr("whatif.col_official_ready"): off["ready"].map({True: yes, False: no}),
            web.tr("whatif.col_scenario_ready"): mine["ready"].map({True: yes, False: no}),
            web.tr("whatif.col_failed"): mine["failed"],
        }
    )
    st.subheader(web.tr("whatif.all_title") + f" ({len(table)})")
    st.dataframe(table, hide_index=True, width="stretch", key="wi_all")


def _scenario_cell(full: whatif.Scenario, row: Any, lang: str) -> str:
    code = str(row.code)
    text = _target_text(full.comparisons[code], full.targets[code], str(row.unit), lang)
    return text if full.required[code] else f"{text} ({web.tr('whatif.not_required')})"


def _saved(criteria: pd.DataFrame, scenario: whatif.Scenario, results: pd.DataFrame, status: pd.DataFrame) -> None:
    lang = web.lang()
    database = web.db()
    saved = _scenarios()
    st.subheader(web.tr("whatif.saved_title"))
    tab_save, tab_load, tab_compare, tab_adopt, tab_history = st.tabs(
        [
            web.tr("whatif.tab_save"),
            web.tr("whatif.tab_load"),
            web.tr("whatif.tab_compare"),
            web.tr("whatif.tab_adopt"),
            web.tr("whatif.tab_history"),
        ]
    )
    if not web.can("save_scenario"):
        tab_save.info(web.tr("whatif.save_not_allowed"))
    else:
        with tab_save, st.form("wi_save_form", clear_on_submit=True):
            name = st.text_input(web.tr("whatif.save_name"), key="wi_save_name")
            author = st.text_input(web.tr("whatif.save_author"), key="wi_save_author")
            note = st.text_area(web.tr("whatif.save_note"), key="wi_save_note", height=80)
            if st.form_submit_button(web.tr("whatif.save_submit"), type="primary"):
                try:
                    whatif.save_scenario(database, name, scenario, author, note, actor=web.actor())
                except (whatif.ScenarioRefused, PermissionDenied) as exc:
                    st.error(web.plain(exc))
                else:
                    st.session_state["wi_flash"] = web.tr("whatif.save_done", name=web.plain(name))
                    st.rerun()
    if saved.empty:
        for tab in (tab_load, tab_compare, tab_adopt):
            tab.info(web.tr("whatif.none_saved"))
    else:
        ids = [int(i) for i in saved["id"]]
        names = dict(zip(ids, saved["name"], strict=True))
        specs = {i: whatif.Scenario.from_json(str(t)) for i, t in zip(ids, saved["targets"], strict=True)}
        with tab_load:
            listing = pd.DataFrame(
                {
                    web.tr("whatif.col_name"): saved["name"],
                    web.tr("whatif.col_author"): saved["author"].fillna(""),
                    web.tr("whatif.col_created"): saved["created_at"].map(lambda d: fmt_date(d, lang)),
                    web.tr("whatif.col_note"): saved["note"].fillna(""),
                    web.tr("whatif.col_changes"): [
                        whatif.format_param(whatif.changes(criteria, specs[i])) or "—" for i in ids
                    ],
                }
            )
            st.table(listing.map(web.plain).set_index(web.tr("whatif.col_name")))  # st.table reads Markdown
            picked = st.selectbox(web.tr("whatif.load_pick"), ids, format_func=names.__getitem__, key="wi_load_pick")
            st.button(
                web.tr("whatif.load_submit"),
                on_click=_pend,
                args=(whatif.format_param(whatif.changes(criteria, specs[int(picked)])),),
                key="wi_load",
            )
        with tab_compare:
            _compare(criteria, ids, names, specs, results, status, lang)
        with tab_adopt:
            if web.can("adopt"):
                _adopt_form(ids, names)
            else:
                st.info(web.tr("whatif.adopt_not_allowed"))
    with tab_history:
        history = _history()
        if history.empty:
            st.info(web.tr("whatif.history_none"))
        else:
            table = pd.DataFrame(
                {
                    web.tr("whatif.col_decision"): [
                        f"{no} {fmt_date(d, lang)}"
                        for no, d in zip(history["decision_no"], history["decision_date"], strict=True)
                    ],
                    web.tr("whatif.col_scenario"): history["scenario_name"].fillna(""),
                    web.tr("whatif.col_criterion"): history["code"],
                    web.tr("whatif.col_old"): [
                        f"{SYMBOLS.get(c, c)} {fmt_number(t, 1, lang)}"
                        + ("" if r else f" ({web.tr('whatif.not_required')})")
                        for c, t, r in zip(
                            history["old_comparison"], history["old_target"], history["old_required"], strict=True
                        )
                    ],
                    web.tr("whatif.col_new"): [
                        f"{SYMBOLS.get(c, c)} {fmt_number(t, 1, lang)}"
                        + ("" if r else f" ({web.tr('whatif.not_required')})")
                        for c, t, r in zip(
                            history["new_comparison"], history["new_target"], history["new_required"], strict=True
                        )
                    ],
                }
            )
            st.table(table.map(web.plain).set_index(web.tr("whatif.col_decision")))  # st.table reads Markdown


def _compare(
    criteria: pd.DataFrame,
    ids: list[int],
    names: dict[int, str],
    specs: dict[int, whatif.Scenario],
    results: pd.DataFrame,
    status: pd.DataFrame,
    lang: str,
) -> None:
    options = [0, *ids]  # 0: the official targets
    label = {0: web.tr("whatif.col_official"), **names}
    left, right = st.columns(2)
    a = left.selectbox(web.tr("whatif.compare_a"), options, format_func=label.__getitem__, key="wi_cmp_a")
    b = right.selectbox(
        web.tr("whatif.compare_b"),
        options,
        index=min(1, len(options) - 1),
        format_func=label.__getitem__,
        key="wi_cmp_b",
    )
    chosen = [(label[a], specs.get(a, whatif.OFFICIAL)), (label[b], specs.get(b, whatif.OFFICIAL))]
    name_col = "name_vi" if lang == "vi" else "name_en"
    first = web.tr("whatif.col_criterion")
    columns: dict[str, list[str]] = {
        first: [f"{c} · {n}" for c, n in zip(criteria["code"], criteria[name_col], strict=True)]
        + [web.tr("whatif.compare_duration"), web.tr("whatif.compare_ready"), web.tr("whatif.compare_ready_areas")]
    }
    for i, (title, spec) in enumerate(chosen):
        full = whatif.full_scenario(criteria, spec)
        outcome = whatif.evaluate(results, status, spec)
        ready = outcome.scenario[outcome.scenario["ready"]]
        heading = f"{'AB'[i]}: {web.plain(title)}"
        columns[heading] = [
            *(_scenario_cell(full, row, lang) for row in criteria.itertuples(index=False)),
            web.tr("whatif.yes") if spec.require_duration else web.tr("whatif.no"),
            fmt_number(len(ready), 0, lang),
            ", ".join(ready["area_name"]) or "—",
        ]
    table = pd.DataFrame(columns)
    table[table.columns[1:]] = table[table.columns[1:]].map(web.plain)  # st.table reads Markdown; names are data
    table[first] = table[first].map(web.plain)
    st.table(table.set_index(first))


def _adopt_form(ids: list[int], names: dict[int, str]) -> None:
    st.warning(web.tr("whatif.adopt_warning"))
    with st.form("wi_adopt_form"):
        picked = st.selectbox(web.tr("whatif.load_pick"), ids, format_func=names.__getitem__, key="wi_adopt_pick")
        decision_no = st.text_input(web.tr("whatif.adopt_no"), placeholder="20/QĐ-BCĐ", key="wi_adopt_no")
        decision_date = st.date_input(
            web.tr("whatif.adopt_date"), value=date.today(), format="DD/MM/YYYY", key="wi_adopt_date"
        )
        confirmed = st.checkbox(web.tr("whatif.adopt_confirm"), key="wi_adopt_confirm")
        if st.form_submit_button(web.tr("whatif.adopt_submit"), type="primary"):
            if not confirmed:
                st.error(web.tr("whatif.adopt_need_confirm"))
                return
            try:
                n = whatif.adopt(web.db(), int(picked), decision_no, decision_date, actor=web.actor())
            except (whatif.ScenarioRefused, PermissionDenied) as exc:
                st.error(web.plain(exc))
                return
            st.session_state["wi_flash"] = web.tr(
                "whatif.adopt_done",
                name=web.plain(names[int(picked)]),
                no=web.plain(decision_no.strip()),
                date=fmt_date(decision_date),
                n=n,
            )
            st.session_state[PENDING] = ""  # the new official targets, nothing changed
            st.rerun()


def render() -> None:
    web.guard("whatif")
    lang = web.lang()
    month = web.reviewed_month()
    web.page_header(web.tr("whatif.title"), web.tr("whatif.caption", month=fmt_month(month, lang)), "wi_flash")
    criteria = _criteria()
    status = web.round_status(month)
    if status.empty:
        st.info(web.tr("overview.no_rounds"))
        return
    results = web.criterion_results(month)
    _prepare(criteria)
    left, right = st.columns([5, 6], gap="large")
    with left:
        _editor(criteria, lang)
    scenario = _read(criteria)
    _to_url(criteria, scenario)
    outcome = whatif.evaluate(results, status, scenario)
    with right:
        _results(outcome, lang)
        _sweep(outcome, criteria, scenario, lang)
    _all_areas(outcome, status)
    if not web.presenting():
        st.caption(web.tr("whatif.link_hint"))
        _saved(criteria, scenario, results, status)


render()
