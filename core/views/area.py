"""Địa bàn: one commune or village — the area itself, the round shown for it, the before/after
figures the seeds report ("13/37 vụ"), the context figures, its villages and its hotspots.

Definitions (shared/domain.md, issue 3):
- The round shown is the latest one started by the reviewed month (a planned round when none has).
- Before/after: the window runs from the round's start to the reviewed month (n months); the
  baseline is the n months just before the start; the same period last year is the window shifted
  12 months back. Counts are summed in each period; a percent change is given only when its base
  reaches `min_base_for_percent` (table meta, default 10): on a smaller base it means nothing.
- A hotspot is active at a month when found by the end of that month and not eliminated by then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import pandas as pd

from core.access.scope import ALL, Scope
from core.domain.criteria import EXITED, IN_PROGRESS, PLANNED, READY, RELAPSED
from core.storage.db import Database

# The count indicators compared before and after, in the order the table shows them.
BEFORE_AFTER_INDICATORS: tuple[str, ...] = (
    "crimes",
    "serious_crimes",
    "crimes_solved",
    "reports_received",
    "black_credit_cases",
    "gangs",
    "new_hotspots",
    "released_reoffended",
)
# Fewer is better for these; for the others (solved, reports received) a change is neither good nor bad.
LOWER_IS_BETTER = frozenset(
    {"crimes", "serious_crimes", "black_credit_cases", "gangs", "new_hotspots", "released_reoffended"}
)
# Context that committees report beside the criteria (seed 001: 62 managed, 189 cameras, 1.600 households).
CONTEXT_INDICATORS: tuple[str, ...] = ("managed_persons", "cameras", "report_form_households")

# Why a percent change is not given.
SMALL_BASE = "small_base"
NO_DATA = "no_data"

# The order in which the area picker proposes a default: areas under way first.
_DEFAULT_ORDER = (IN_PROGRESS, READY, RELAPSED, EXITED, PLANNED)


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of `month`."""
    return month_add(date(month.year, month.month, 1), 1) - timedelta(days=1)


def _as_month(value: object) -> date:
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"not a month: {value!r}")
    return date(value.year, value.month, 1)


def normalise_code(text: str) -> str:
    """An area code as typed or kept by Excel: `3478` is commune `03478`, `2` is province `02`."""
    code = text.strip()
    if code.isdigit():
        if len(code) < 2:
            return code.zfill(2)
        if 2 < len(code) < 5:
            return code.zfill(5)
    return code


# -- the area and the round shown -----------------------------------------------------------------


@dataclass(frozen=True)
class AreaDetail:
    code: str
    name: str
    level: str  # province | commune | village
    unit_type: str | None
    parent_code: str | None
    parent_name: str | None
    province_name: str | None
    households: int | None
    population: int | None
    lat: float | None
    lon: float | None


def _opt_int(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(cast(Any, value))


def _opt_float(value: object) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


_SCOPE = Scope().condition("a")


def area_detail(db: Database, code: str, scope: Scope = ALL) -> AreaDetail | None:
    """The area with its parent and province names; None when no such area in `scope`."""
    rows = db.query_rows(
        f"""
        SELECT a.code, a.name, a.level, a.unit_type, a.parent_code, p.name, pr.name, a.households, a.population,
               a.lat, a.lon
        FROM areas a
        LEFT JOIN areas p ON p.code = a.parent_code
        LEFT JOIN areas pr ON pr.code = a.province_code AND pr.level = 'province'
        WHERE a.code = $code AND {_SCOPE}
        """,
        {"code": code, **scope.params()},
    )
    if not rows:
        return None
    r = rows[0]
    return AreaDetail(
        code=str(r[0]),
        name=str(r[1]),
        level=str(r[2]),
        unit_type=None if r[3] is None else str(r[3]),
        parent_code=None if r[4] is None else str(r[4]),
        parent_name=None if r[5] is None else str(r[5]),
        province_name=None if r[6] is None else str(r[6]),
        households=_opt_int(r[7]),
        population=_opt_int(r[8]),
        lat=_opt_float(r[9]),
        lon=_opt_float(r[10]),
    )


def pick_round(status: pd.DataFrame, code: str, month: date) -> pd.Series | None:
    """Of the area's rounds (rows of `criteria.round_status`), the latest started by `month`; when
    none has started yet, the first one planned. None when the area has no round."""
    rows = status[status["area_code"] == code]
    if rows.empty:
        return None
    starts = pd.to_datetime(rows["start_month"]).reset_index(drop=True)
    started = starts[starts <= pd.Timestamp(month)]
    position = cast(int, started.idxmax() if not started.empty else starts.idxmin())
    picked: pd.Series = rows.iloc[position]
    return picked


def area_choices(status: pd.DataFrame, month: date) -> pd.DataFrame:
    """The areas that have rounds, one row each (area_code, area_name, area_level, parent_name,
    status of the round shown), in the order of `round_status` (province, then code). The round shown
    is `pick_round`'s: the latest started by `month`, else the first planned."""
    columns = ["area_code", "area_name", "area_level", "parent_name", "status"]
    if status.empty:
        return pd.DataFrame(columns=columns)
    rows = status.assign(_start=pd.to_datetime(status["start_month"]).to_numpy())
    started = rows["_start"] <= pd.Timestamp(month)
    latest_started = rows[started].sort_values("_start", kind="stable").drop_duplicates("area_code", keep="last")
    first_planned = rows[~started].sort_values("_start", kind="stable").drop_duplicates("area_code", keep="first")
    first_planned = first_planned[~first_planned["area_code"].isin(latest_started["area_code"])]
    picked = pd.concat([latest_started, first_planned]).set_index("area_code")
    order = list(dict.fromkeys(status["area_code"]))
    out = picked.loc[order, columns[1:]].reset_index()
    out["area_code"] = out["area_code"].astype(str)
    return out.reset_index(drop=True)


def default_area(choices: pd.DataFrame) -> str | None:
    """The first area in progress or ready (then relapsed, exited, planned); None without areas."""
    for wanted in _DEFAULT_ORDER:
        hit = choices[choices["status"] == wanted]
        if not hit.empty:
            return str(hit["area_code"].iloc[0])
    return None if choices.empty else str(choices["area_code"].iloc[0])


def as_of_date(month: date, today: date) -> date:
    """The day "days left" counts from: today, unless the reviewed month lies ahead of today (then
    the end of that month, so the page agrees with the figures it shows)."""
    return today if today >= _as_month(month) else month_end(month)


def days_left(planned_end_month: date, as_of: date) -> int:
    """Days from `as_of` to the last day of the planned end month; negative once it has passed."""
    return (month_end(_as_month(planned_end_month)) - as_of).days


def criterion_units(db: Database) -> pd.DataFrame:
    """Per criterion: its numerator and denominator indicators and the numerator's unit (vụ, hộ, …)."""
    return db.query_df(
        """
        SELECT c.code, c.numerator, c.denominator, i.unit_vi, i.unit_en
        FROM criteria c LEFT JOIN indicators i ON i.code = c.numerator
        ORDER BY c.display_order
        """
    )


# -- before and after -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Periods:
    """The three periods of the before/after table, each from its first month to its last."""

    months: int
    window_start: date
    window_end: date
    baseline_start: date
    baseline_end: date
    last_year_start: date
    last_year_end: date


def periods(start_month: date, month: date) -> Periods:
    start, end = _as_month(start_month), _as_month(month)
    n = (end.year - start.year) * 12 + end.month - start.month + 1
    if n < 1:
        raise ValueError("the round has not started by this month")
    return Periods(
        months=n,
        window_start=start,
        window_end=end,
        baseline_start=month_add(start, -n),
        baseline_end=month_add(start, -1),
        last_year_start=month_add(start, -12),
        last_year_end=month_add(end, -12),
    )


@dataclass(frozen=True)
class BeforeAfter:
    """The before/after table. `rows`, one per indicator: indicator, name_vi, name_en, unit_vi,
    unit_en, lower_is_better; then for the window (`window_*`), the baseline (`baseline_*`) and the
    same period last year (`last_year_*`): `_sum` (NaN when no month of the period has a figure) and
    `_months` (months with a figure); and against each base: `change_*` (absolute), `pct_*` (NaN
    when not given) and `pct_*_note` ("" | "small_base" | "no_data")."""

    periods: Periods
    min_base: float
    rows: pd.DataFrame

    def incomplete(self, period: str) -> bool:
        """Whether some indicator lacks figures for some month of `period` (window, baseline, last_year)."""
        reported = self.rows[f"{period}_months"]
        return bool((reported < self.periods.months).any())


def min_base_for_percent(db: Database) -> float:
    """The smallest base on which a percent change is given (setting `min_base_for_percent`, default 10)."""
    return float(db.get_meta("min_base_for_percent", "10") or "10")


_BEFORE_AFTER_SQL = """
WITH ind AS (
    SELECT code, name_vi, name_en, unit_vi, unit_en FROM indicators WHERE list_contains($codes::VARCHAR[], code)
),
v AS (
    SELECT indicator, month, value FROM indicator_values
    WHERE area_code = $area AND month >= $first AND month <= $w_end
)
SELECT ind.code AS indicator, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en,
       sum(v.value) FILTER (WHERE v.month BETWEEN $w_start AND $w_end) AS window_sum,
       count(v.value) FILTER (WHERE v.month BETWEEN $w_start AND $w_end) AS window_months,
       sum(v.value) FILTER (WHERE v.month BETWEEN $b_start AND $b_end) AS baseline_sum,
       count(v.value) FILTER (WHERE v.month BETWEEN $b_start AND $b_end) AS baseline_months,
       sum(v.value) FILTER (WHERE v.month BETWEEN $y_start AND $y_end) AS last_year_sum,
       count(v.value) FILTER (WHERE v.month BETWEEN $y_start AND $y_end) AS last_year_months
FROM ind LEFT JOIN v ON v.indicator = ind.code
GROUP BY ind.code, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en
ORDER BY list_position($codes::VARCHAR[], ind.code)
"""


def percent_change(value: float, base: float, min_base: float) -> tuple[float, str]:
    """(percent change of `value` on `base`, why not given): NaN with "no_data" when either is
    missing, NaN with "small_base" when the base is below `min_base`."""
    if _missing(value) or _missing(base):
        return math.nan, NO_DATA
    if base < min_base or base == 0:
        return math.nan, SMALL_BASE
    return 100.0 * (value - base) / base, ""


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def before_after(
    db: Database,
    area_code: str,
    start_month: date,
    month: date,
    min_base: float | None = None,
    indicators: tuple[str, ...] = BEFORE_AFTER_INDICATORS,
) -> BeforeAfter:
    """The count indicators over the round so far against the baseline and the same period last year."""
    p = periods(start_month, month)
    base_min = min_base_for_percent(db) if min_base is None else float(min_base)
    rows = db.query_df(
        _BEFORE_AFTER_SQL,
        {
            "codes": list(indicators),
            "area": area_code,
            "first": min(p.baseline_start, p.last_year_start),
            "w_start": p.window_start,
            "w_end": p.window_end,
            "b_start": p.baseline_start,
            "b_end": p.baseline_end,
            "y_start": p.last_year_start,
            "y_end": p.last_year_end,
        },
    )
    rows["lower_is_better"] = rows["indicator"].isin(LOWER_IS_BETTER)
    for period in ("window", "baseline", "last_year"):
        rows[f"{period}_sum"] = rows[f"{period}_sum"].astype(float)
        rows[f"{period}_months"] = rows[f"{period}_months"].astype(int)
    for base in ("baseline", "last_year"):
        rows[f"change_{base}"] = rows["window_sum"] - rows[f"{base}_sum"]
        pairs = [percent_change(w, b, base_min) for w, b in zip(rows["window_sum"], rows[f"{base}_sum"], strict=True)]
        rows[f"pct_{base}"] = [pct for pct, _ in pairs]
        rows[f"pct_{base}_note"] = [note for _, note in pairs]
    return BeforeAfter(p, base_min, rows)


# -- context figures ------------------------------------------------------------------------------


def context_figures(
    db: Database,
    area_code: str,
    start_month: date,
    month: date,
    indicators: tuple[str, ...] = CONTEXT_INDICATORS,
) -> pd.DataFrame:
    """People managed, cameras, households in the report-form drive: per indicator, the latest value
    in the window (`value`, `value_month`; NaN/NaT without figures) and the value the month before the
    round began (`before_start`), with the change since."""
    out = db.query_df(
        """
        WITH ind AS (
            SELECT code, name_vi, name_en, unit_vi, unit_en FROM indicators
            WHERE list_contains($codes::VARCHAR[], code)
        ),
        v AS (
            SELECT indicator, month, value FROM indicator_values
            WHERE area_code = $area AND month >= CAST($start - INTERVAL 1 MONTH AS DATE) AND month <= $month
        )
        SELECT ind.code AS indicator, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en,
               arg_max(v.value, v.month) FILTER (WHERE v.month >= $start) AS value,
               max(v.month) FILTER (WHERE v.month >= $start) AS value_month,
               arg_max(v.value, v.month) FILTER (WHERE v.month < $start) AS before_start
        FROM ind LEFT JOIN v ON v.indicator = ind.code
        GROUP BY ind.code, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en
        ORDER BY list_position($codes::VARCHAR[], ind.code)
        """,
        {"codes": list(indicators), "area": area_code, "start": _as_month(start_month), "month": _as_month(month)},
    )
    out["value"] = out["value"].astype(float)
    out["before_start"] = out["before_start"].astype(float)
    out["change"] = out["value"] - out["before_start"]
    return out


# -- villages and hotspots ------------------------------------------------------------------------


def villages(db: Database, code: str) -> pd.DataFrame:
    """The area's villages (thôn, bản, tổ dân phố): code, name, unit_type, households, population."""
    return db.query_df(
        "SELECT code, name, unit_type, households, population FROM areas WHERE parent_code = ? AND level = 'village' "
        "ORDER BY name, code",
        [code],
    )


def with_round_status(villages: pd.DataFrame, status: pd.DataFrame, month: date) -> pd.DataFrame:
    """`villages` with the status of each one's own round (the one `pick_round` shows), if any:
    round_status ("" without a round), round_start, failed."""
    out = villages.copy()
    shown = [pick_round(status, str(code), month) for code in out["code"]]
    out["round_status"] = ["" if r is None else str(r["status"]) for r in shown]
    out["round_start"] = [pd.NaT if r is None else pd.Timestamp(r["start_month"]) for r in shown]
    out["failed"] = ["" if r is None else str(r["failed"] or "") for r in shown]
    return out


_HOTSPOTS_OF_AREA = """
    SELECT h.id, h.area_code, a.name AS area_name, h.type, h.name, h.lat, h.lon, h.found_on, h.eliminated_on
    FROM hotspots h LEFT JOIN areas a ON a.code = h.area_code
    WHERE h.area_code = $code
       OR h.area_code IN (SELECT code FROM areas WHERE parent_code = $code AND level = 'village')
"""


def hotspots(db: Database, code: str, month: date) -> pd.DataFrame:
    """The hotspots of the area and of its villages active at `month`: found by the end of the month
    (or with no date found) and not eliminated by then. Oldest found first."""
    return db.query_df(
        f"""
        SELECT * FROM ({_HOTSPOTS_OF_AREA})
        WHERE (found_on IS NULL OR found_on < $next) AND (eliminated_on IS NULL OR eliminated_on >= $next)
        ORDER BY found_on NULLS FIRST, id
        """,
        {"code": code, "next": month_add(_as_month(month), 1)},
    )


@dataclass(frozen=True)
class HotspotCounts:
    active_at_start: int  # active when the round began (at the start of its first month)
    active: int  # active at the end of the reviewed month
    found_in_round: int  # found from the round's start to the end of the reviewed month
    eliminated_in_round: int  # eliminated over the same span


def hotspot_counts(db: Database, code: str, start_month: date, month: date) -> HotspotCounts:
    """Hotspot records of the area and its villages, counted over the round so far."""
    row = db.query_rows(
        f"""
        SELECT
            count(*) FILTER (WHERE (found_on IS NULL OR found_on < $start)
                             AND (eliminated_on IS NULL OR eliminated_on >= $start)),
            count(*) FILTER (WHERE (found_on IS NULL OR found_on < $next)
                             AND (eliminated_on IS NULL OR eliminated_on >= $next)),
            count(*) FILTER (WHERE found_on >= $start AND found_on < $next),
            count(*) FILTER (WHERE eliminated_on >= $start AND eliminated_on < $next)
        FROM ({_HOTSPOTS_OF_AREA})
        """,
        {"code": code, "start": _as_month(start_month), "next": month_add(_as_month(month), 1)},
    )[0]
    return HotspotCounts(int(row[0]), int(row[1]), int(row[2]), int(row[3]))
