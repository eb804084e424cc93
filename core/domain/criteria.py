"""The criteria engine: every round's criteria at a chosen month, and whether it is ready to leave.

Definitions (shared/domain.md):
- The evaluation window runs from the round's start month to the month of evaluation. Counts are
  summed over the window; ratios are sums over sums.
- The baseline (for `reduction`) is the same number of months immediately before the round's start.
- A ratio whose denominator is 0 over the window is "không phát sinh" (nothing arose): met.
- No figures at all for a criterion's indicators in the window is "chưa có số liệu": not met.
- Ready to leave = every required criterion met and the planned duration has elapsed.

Everything is computed in one DuckDB query over all rounds. Targets, comparisons and which criteria
are required can be overridden per call (what-if, `status --target`) without touching the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from core.access.scope import ALL, Scope
from core.storage.db import Database

COMPARISONS = (">=", ">", "<=", "<", "=")

# Criterion states.
MET = "met"
NOT_MET = "not_met"
NOT_ARISEN = "not_arisen"  # "không phát sinh": the denominator is 0 over the window
NO_DATA = "no_data"  # no figures reported for the window

# Round states, as shown (stored status plus the computed ones).
PLANNED = "planned"
IN_PROGRESS = "in_progress"
READY = "ready"
EXITED = "exited"
RELAPSED = "relapsed"


@dataclass(frozen=True)
class Overrides:
    """Temporary changes to the criteria, for one evaluation only."""

    targets: Mapping[str, float] = field(default_factory=dict)
    comparisons: Mapping[str, str] = field(default_factory=dict)
    required: Mapping[str, bool] = field(default_factory=dict)

    def params(self) -> list[object]:
        codes = sorted(set(self.targets) | set(self.comparisons) | set(self.required))
        for code in codes:
            comparison = self.comparisons.get(code)
            if comparison is not None and comparison not in COMPARISONS:
                raise ValueError(f"phép so sánh không hợp lệ cho {code}: {comparison}")
        return [
            codes,
            [self.targets.get(c) for c in codes],
            [self.comparisons.get(c) for c in codes],
            [self.required.get(c) for c in codes],
        ]


NO_OVERRIDES = Overrides()

_EPSILON = 1e-9

# The evaluations: one row per (round, month evaluated). In `round` mode the window runs from the
# round's start and the baseline is as many months just before it. In `monitor` mode (the watch after
# exit) the window runs from the month after the exit decision, and the baseline is the round's
# planned length just before the round began: the level before transformation, over a span long
# enough that one month's noise does not read as a relapse.
_EVALUATIONS_SQL = {
    "round": """
        SELECT r.id AS round_id, r.area_code, m.month, r.start_month AS win_start,
               CAST(r.start_month - to_months(CAST(date_diff('month', r.start_month, m.month) + 1 AS INTEGER))
                    AS DATE) AS base_start,
               r.start_month AS base_end
        FROM rounds r JOIN areas sa ON sa.code = r.area_code CROSS JOIN (SELECT unnest($months::DATE[]) AS month) m
        WHERE r.start_month <= m.month AND ($all_rounds OR list_contains($round_ids::BIGINT[], r.id))
          AND {scope}
    """,
    "monitor": """
        SELECT round_id, area_code, month, win_start,
               CAST(start_month - to_months(planned_months) AS DATE) AS base_start,
               start_month AS base_end
        FROM (
            SELECT r.id AS round_id, r.area_code, m.month, r.start_month, r.planned_months,
                   CAST(date_trunc('month', r.exit_decision_date) + INTERVAL 1 MONTH AS DATE) AS win_start
            FROM rounds r JOIN areas sa ON sa.code = r.area_code
            CROSS JOIN (SELECT unnest($months::DATE[]) AS month) m
            WHERE r.exit_decision_date IS NOT NULL
              AND ($all_rounds OR list_contains($round_ids::BIGINT[], r.id))
              AND {scope}
        )
        WHERE win_start <= month AND month < CAST(win_start + to_months(CAST($watch AS INTEGER)) AS DATE)
    """,
}
_EVALUATIONS_SQL = {mode: sql.replace("{scope}", Scope().condition("sa")) for mode, sql in _EVALUATIONS_SQL.items()}

_CRITERIA_SQL = """
WITH o AS (
    SELECT unnest($codes::VARCHAR[]) AS code, unnest($targets::DOUBLE[]) AS target,
           unnest($comparisons::VARCHAR[]) AS comparison, unnest($required::BOOLEAN[]) AS required
),
crit AS (
    SELECT c.code, c.name_vi, c.name_en, c.aggregate, c.numerator, c.denominator, c.unit, c.display_order,
           coalesce(o.comparison, c.comparison) AS comparison,
           coalesce(o.target, c.target) AS target,
           coalesce(o.required, c.required) AS required
    FROM criteria c LEFT JOIN o USING (code)
),
ev AS ({evaluations}),
needed AS (
    SELECT numerator AS indicator FROM crit
    UNION SELECT denominator FROM crit WHERE denominator IS NOT NULL
),
agg AS (
    SELECT ev.round_id, ev.month, v.indicator,
           sum(v.value) FILTER (WHERE v.month >= ev.win_start) AS win_sum,
           count(*) FILTER (WHERE v.month >= ev.win_start) AS win_months,
           arg_max(v.value, v.month) FILTER (WHERE v.month >= ev.win_start) AS win_last,
           arg_min(v.value, v.month) FILTER (WHERE v.month >= ev.win_start) AS win_first,
           sum(v.value) FILTER (WHERE v.month >= ev.base_start AND v.month < ev.base_end) AS base_sum,
           count(*) FILTER (WHERE v.month >= ev.base_start AND v.month < ev.base_end) AS base_months,
           arg_max(v.value, v.month) FILTER (
               WHERE v.month = CAST(ev.win_start - INTERVAL 1 MONTH AS DATE)) AS before_start
    FROM ev
    JOIN indicator_values v
      ON v.area_code = ev.area_code
     AND v.month >= least(ev.base_start, CAST(ev.win_start - INTERVAL 1 MONTH AS DATE))
     AND v.month <= ev.month
    WHERE v.indicator IN (SELECT indicator FROM needed)
    GROUP BY ev.round_id, ev.month, v.indicator
),
vals AS (
    SELECT ev.round_id, ev.month, c.*,
           n.win_sum AS num_sum, d.win_sum AS den_sum, n.win_last AS num_last, d.win_last AS den_last,
           n.win_months, n.base_sum, n.base_months, coalesce(n.before_start, n.win_first) AS num_start
    FROM ev
    CROSS JOIN crit c
    LEFT JOIN agg n ON n.round_id = ev.round_id AND n.month = ev.month AND n.indicator = c.numerator
    LEFT JOIN agg d ON d.round_id = ev.round_id AND d.month = ev.month AND d.indicator = c.denominator
),
computed AS (
    SELECT *,
        CASE aggregate
            WHEN 'ratio' THEN CASE WHEN den_sum IS NULL THEN 'no_data' WHEN den_sum = 0 THEN 'not_arisen' END
            WHEN 'latest_ratio' THEN CASE WHEN den_last IS NULL THEN 'no_data' WHEN den_last = 0 THEN 'not_arisen' END
            WHEN 'reduction' THEN CASE
                WHEN num_sum IS NULL OR coalesce(base_months, 0) = 0 THEN 'no_data'
                WHEN base_sum = 0 AND num_sum = 0 THEN 'not_arisen' END
            WHEN 'sum' THEN CASE WHEN num_sum IS NULL THEN 'no_data' END
            ELSE CASE WHEN num_last IS NULL THEN 'no_data' END
        END AS basis,
        CASE aggregate
            WHEN 'ratio' THEN 100.0 * coalesce(num_sum, 0) / nullif(den_sum, 0)
            WHEN 'latest_ratio' THEN 100.0 * coalesce(num_last, 0) / nullif(den_last, 0)
            WHEN 'sum' THEN num_sum
            WHEN 'latest' THEN num_last
            WHEN 'reduction' THEN 100.0 * (1 - (num_sum / win_months) / nullif(base_sum / base_months, 0))
            WHEN 'reduced' THEN CASE
                WHEN num_last = 0 OR num_last < num_start OR ($monitor AND num_last <= num_start) THEN 1.0
                ELSE 0.0 END
        END AS value,
        CASE aggregate
            WHEN 'ratio' THEN num_sum WHEN 'latest_ratio' THEN num_last
            WHEN 'reduction' THEN num_sum WHEN 'reduced' THEN num_last
        END AS numerator_value,
        CASE aggregate
            WHEN 'ratio' THEN den_sum WHEN 'latest_ratio' THEN den_last
            WHEN 'reduction' THEN base_sum WHEN 'reduced' THEN num_start
        END AS denominator_value
    FROM vals
)
SELECT round_id, month, code, name_vi, name_en, aggregate, unit, display_order, comparison, target, required,
       value, numerator_value, denominator_value, win_months AS months_with_data, base_months,
       CASE
           WHEN basis IS NOT NULL THEN basis
           WHEN value IS NULL THEN 'not_met'
           WHEN comparison = '>=' AND value >= target - $eps THEN 'met'
           WHEN comparison = '>' AND value > target + $eps THEN 'met'
           WHEN comparison = '<=' AND value <= target + $eps THEN 'met'
           WHEN comparison = '<' AND value < target - $eps THEN 'met'
           WHEN comparison = '=' AND abs(value - target) <= $eps THEN 'met'
           ELSE 'not_met'
       END AS state
FROM computed
ORDER BY round_id, month, display_order
"""

_ROUNDS_SQL = """
SELECT r.id AS round_id, r.area_code, a.name AS area_name, a.level AS area_level,
       a.province_code, a.parent_code, pa.name AS parent_name, r.programme, r.start_month, r.planned_months,
       CAST(r.start_month + to_months(r.planned_months - 1) AS DATE) AS planned_end_month,
       r.decision_no, r.decision_date, r.exit_decision_no, r.exit_decision_date,
       r.status AS stored_status, r.relapsed_month,
       greatest(date_diff('month', r.start_month, CAST($month AS DATE)) + 1, 0) AS months_elapsed
FROM rounds r
JOIN areas a ON a.code = r.area_code
LEFT JOIN areas pa ON pa.code = a.parent_code
WHERE {scope}
ORDER BY a.province_code, r.area_code, r.start_month
""".replace("{scope}", Scope().condition("a"))


def _evaluate(
    db: Database,
    months: Sequence[date],
    overrides: Overrides = NO_OVERRIDES,
    round_ids: Sequence[int] | None = None,
    mode: str = "round",
    watch_months: int = 12,
    scope: Scope = ALL,
) -> pd.DataFrame:
    codes, targets, comparisons, required = overrides.params()
    sql = _CRITERIA_SQL.replace("{evaluations}", _EVALUATIONS_SQL[mode])
    params: dict[str, object] = {
        "months": list(months),
        "all_rounds": round_ids is None,
        "round_ids": [int(i) for i in round_ids or []],
        "codes": codes,
        "targets": targets,
        "comparisons": comparisons,
        "required": required,
        "eps": _EPSILON,
        "monitor": mode == "monitor",
        **scope.params(),
    }
    if mode == "monitor":
        params["watch"] = watch_months
    return db.query_df(sql, params)


def criterion_results(
    db: Database,
    month: date,
    overrides: Overrides = NO_OVERRIDES,
    round_ids: Sequence[int] | None = None,
    scope: Scope = ALL,
) -> pd.DataFrame:
    """One row per (round started by `month` in `scope`, criterion): value, target, comparison, state."""
    return _evaluate(db, [month], overrides, round_ids, scope=scope)


def criterion_history(
    db: Database,
    months: Sequence[date],
    round_ids: Sequence[int] | None = None,
    overrides: Overrides = NO_OVERRIDES,
    scope: Scope = ALL,
) -> pd.DataFrame:
    """`criterion_results` at each of `months` (one row per round, month and criterion)."""
    return _evaluate(db, months, overrides, round_ids, scope=scope)


def monitoring_results(
    db: Database,
    months: Sequence[date],
    watch_months: int = 12,
    overrides: Overrides = NO_OVERRIDES,
    round_ids: Sequence[int] | None = None,
    scope: Scope = ALL,
) -> pd.DataFrame:
    """After an exit decision: the criteria over the months since exit (within the watch period),
    against the level before the round began. A required criterion that fails here is a relapse."""
    return _evaluate(db, months, overrides, round_ids, mode="monitor", watch_months=watch_months, scope=scope)


def _failed_codes(results: pd.DataFrame) -> pd.Series:
    """Per round (and month, when present): the required criteria not met, space-separated."""
    required = results[results["required"]]
    failing = required[~required["state"].isin([MET, NOT_ARISEN])]
    keys = ["round_id", "month"] if "month" in results.columns else ["round_id"]
    return failing.groupby(keys)["code"].agg(" ".join)


def _month_range(first: date, last: date) -> list[date]:
    months = []
    current = date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def watch_months(db: Database) -> int:
    """How long an exited area is watched for relapse (setting `watch_months`, default 12)."""
    return int(db.get_meta("watch_months", "12") or 12)


def round_status(
    db: Database,
    month: date,
    overrides: Overrides = NO_OVERRIDES,
    results: pd.DataFrame | None = None,
    scope: Scope = ALL,
) -> pd.DataFrame:
    """One row per round in `scope`, as things stood at `month`:
    - status: planned, in_progress, ready (computed), exited, relapsed;
    - failed: the required criteria not met (space-separated codes, in display order);
    - ready / eligible_since: ready to leave, and since which month without a break;
    - for exited rounds, the watch after exit: relapse_month and relapse_failed when a required
      criterion broke again within the watch period (computed), or a recorded relapse."""
    with db.snapshot() as snap:  # every query below sees the same committed state
        return _round_status(snap, month, overrides, results, scope)


def _round_status(
    db: Database, month: date, overrides: Overrides, results: pd.DataFrame | None, scope: Scope
) -> pd.DataFrame:
    if results is None:
        results = criterion_results(db, month, overrides, scope=scope)
    rounds = db.query_df(_ROUNDS_SQL, {"month": month, **scope.params()})
    required = results[results["required"]]
    met = required[required["state"].isin([MET, NOT_ARISEN])]
    rounds["failed"] = rounds["round_id"].map(_failed_codes(results).droplevel("month")).astype(object).fillna("")
    rounds["evaluated"] = rounds["round_id"].isin(set(results["round_id"]))
    rounds["criteria_met"] = rounds["round_id"].map(met.groupby("round_id").size()).fillna(0).astype(int)
    rounds["criteria_required"] = rounds["round_id"].map(required.groupby("round_id").size()).fillna(0).astype(int)
    rounds["all_met"] = rounds["evaluated"] & (rounds["failed"] == "")
    rounds["duration_elapsed"] = rounds["months_elapsed"] >= rounds["planned_months"]

    # Decisions (exit, relapse) count from their month. At the latest month with figures, every
    # decision recorded so far counts: the committee reviews last month's figures and decides now.
    decisions_until = pd.Timestamp.max if month >= latest_month(db) else pd.Timestamp(month)
    exit_month: pd.Series = pd.Series(
        pd.to_datetime(rounds["exit_decision_date"]).dt.to_period("M").dt.to_timestamp(), index=rounds.index
    )
    left = rounds["stored_status"].isin([EXITED, RELAPSED])
    exited_by_then: pd.Series = left & (rounds["exit_decision_date"].isna() | (exit_month <= decisions_until))
    relapsed_month = pd.Series(pd.to_datetime(rounds["relapsed_month"]), index=rounds.index)
    recorded_relapse: pd.Series = (rounds["stored_status"] == RELAPSED) & (
        rounds["relapsed_month"].isna() | (relapsed_month <= decisions_until)
    )
    under_way = ~exited_by_then & ~recorded_relapse
    started = rounds["months_elapsed"] > 0
    rounds["ready"] = rounds["all_met"] & rounds["duration_elapsed"] & under_way & started

    status = pd.Series(IN_PROGRESS, index=rounds.index, dtype=object)
    status[~started] = PLANNED
    status[rounds["ready"]] = READY
    status[exited_by_then] = EXITED
    status[recorded_relapse] = RELAPSED

    # The watch after exit.
    watch = watch_months(db)
    rounds["watch_until"] = (exit_month + pd.DateOffset(months=watch)).where(exited_by_then)
    rounds["relapse_failed"] = ""
    detected_month = pd.Series(pd.NaT, index=rounds.index, dtype="datetime64[ns]")
    watched = rounds[exited_by_then & ~recorded_relapse & rounds["exit_decision_date"].notna()]
    if not watched.empty:
        first = (exit_month[watched.index].min() + pd.DateOffset(months=1)).date()
        if first <= month:
            monitor = monitoring_results(db, _month_range(first, month), watch, overrides, list(watched["round_id"]))
            broken = monitor[monitor["required"] & (monitor["state"] == NOT_MET)]
            if not broken.empty:
                first_break = broken.groupby("round_id")["month"].min()
                firsts = broken.merge(first_break.rename("first"), left_on="round_id", right_index=True)
                codes = firsts[firsts["month"] == firsts["first"]].groupby("round_id")["code"].agg(" ".join)
                by_round = rounds["round_id"]
                hit = by_round.isin(first_break.index) & exited_by_then & ~recorded_relapse
                detected_month[hit] = pd.to_datetime(by_round[hit].map(first_break))
                rounds.loc[hit, "relapse_failed"] = by_round[hit].map(codes)
                status[hit] = RELAPSED
    rounds["relapse_detected"] = detected_month.notna()
    rounds["relapse_month"] = relapsed_month.where(recorded_relapse, detected_month)
    rounds["status"] = status

    # Since when a ready round has been ready without a break.
    rounds["eligible_since"] = pd.NaT
    ready = rounds[rounds["ready"]]
    if not ready.empty:
        first = pd.Timestamp(ready["planned_end_month"].min()).date()
        history = criterion_history(db, _month_range(first, month), list(ready["round_id"]), overrides)
        failed = _failed_codes(history)
        evaluated = history[["round_id", "month"]].drop_duplicates()
        evaluated = evaluated.merge(ready[["round_id", "planned_end_month"]], on="round_id")
        evaluated = evaluated[evaluated["month"] >= evaluated["planned_end_month"]]
        evaluated["ok"] = ~evaluated.set_index(["round_id", "month"]).index.isin(failed.index)
        since: dict[int, Any] = {}
        for round_id, group in evaluated.sort_values("month").groupby("round_id"):
            ok = group["ok"].to_numpy()
            months_list = list(group["month"])
            i = len(ok)
            while i > 0 and ok[i - 1]:
                i -= 1
            since[int(str(round_id))] = months_list[i] if i < len(ok) else pd.NaT
        rounds["eligible_since"] = pd.to_datetime(rounds["round_id"].map(since))
    return rounds


def latest_month(db: Database) -> date:
    """The latest month with any indicator figure; this month when there are none."""
    value = db.query_value("SELECT max(month) FROM indicator_values")
    if value is None:
        today = date.today()
        return date(today.year, today.month, 1)
    return date(value.year, value.month, 1)


def criteria_table(db: Database) -> pd.DataFrame:
    """The criteria as the database holds them (the official targets)."""
    return db.query_df(
        "SELECT code, name_vi, name_en, aggregate, numerator, denominator, comparison, target, unit, "
        "required, display_order FROM criteria ORDER BY display_order"
    )
