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

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.db import Database

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

_CRITERIA_SQL = """
WITH params AS (SELECT CAST($month AS DATE) AS m),
o AS (
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
r AS (
    SELECT r.id AS round_id, r.area_code, r.start_month,
           date_diff('month', r.start_month, p.m) + 1 AS months_elapsed
    FROM rounds r, params p
    WHERE r.start_month <= p.m
),
needed AS (
    SELECT numerator AS indicator FROM crit
    UNION SELECT denominator FROM crit WHERE denominator IS NOT NULL
),
agg AS (
    SELECT r.round_id, v.indicator,
           sum(v.value) FILTER (WHERE v.month >= r.start_month) AS win_sum,
           count(*) FILTER (WHERE v.month >= r.start_month) AS win_months,
           arg_max(v.value, v.month) FILTER (WHERE v.month >= r.start_month) AS win_last,
           arg_min(v.value, v.month) FILTER (WHERE v.month >= r.start_month) AS win_first,
           sum(v.value) FILTER (WHERE v.month < r.start_month) AS base_sum,
           count(*) FILTER (WHERE v.month < r.start_month) AS base_months,
           arg_max(v.value, v.month) FILTER (WHERE v.month < r.start_month) AS base_last
    FROM r
    JOIN indicator_values v
      ON v.area_code = r.area_code
     AND v.month >= r.start_month - to_months(CAST(r.months_elapsed AS INTEGER))
     AND v.month <= (SELECT m FROM params)
    WHERE v.indicator IN (SELECT indicator FROM needed)
    GROUP BY r.round_id, v.indicator
),
vals AS (
    SELECT r.round_id, c.*,
           n.win_sum AS num_sum, d.win_sum AS den_sum, n.win_last AS num_last, d.win_last AS den_last,
           n.win_months, n.base_sum, n.base_months, coalesce(n.base_last, n.win_first) AS num_start
    FROM r
    CROSS JOIN crit c
    LEFT JOIN agg n ON n.round_id = r.round_id AND n.indicator = c.numerator
    LEFT JOIN agg d ON d.round_id = r.round_id AND d.indicator = c.denominator
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
            WHEN 'reduced' THEN CASE WHEN num_last = 0 OR num_last < num_start THEN 1.0 ELSE 0.0 END
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
SELECT round_id, code, name_vi, name_en, aggregate, unit, display_order, comparison, target, required,
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
ORDER BY round_id, display_order
"""

_ROUNDS_SQL = """
SELECT r.id AS round_id, r.area_code, a.name AS area_name, a.level AS area_level,
       a.province_code, pa.name AS parent_name, r.programme, r.start_month, r.planned_months,
       CAST(r.start_month + to_months(r.planned_months - 1) AS DATE) AS planned_end_month,
       r.decision_no, r.decision_date, r.exit_decision_no, r.exit_decision_date,
       r.status AS stored_status, r.relapsed_month,
       greatest(date_diff('month', r.start_month, CAST($month AS DATE)) + 1, 0) AS months_elapsed
FROM rounds r
JOIN areas a ON a.code = r.area_code
LEFT JOIN areas pa ON pa.code = a.parent_code
ORDER BY a.province_code, r.area_code, r.start_month
"""


def _params(month: date, overrides: Overrides) -> dict[str, object]:
    codes, targets, comparisons, required = overrides.params()
    return {
        "month": month,
        "codes": codes,
        "targets": targets,
        "comparisons": comparisons,
        "required": required,
        "eps": _EPSILON,
    }


def criterion_results(db: Database, month: date, overrides: Overrides = NO_OVERRIDES) -> pd.DataFrame:
    """One row per (round started by `month`, criterion): value, target, comparison and state."""
    return db.query_df(_CRITERIA_SQL, _params(month, overrides))


def round_status(
    db: Database,
    month: date,
    overrides: Overrides = NO_OVERRIDES,
    results: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per round: its status at `month`, whether it is ready, and the required criteria it
    fails (space-separated codes, in display order)."""
    if results is None:
        results = criterion_results(db, month, overrides)
    rounds = db.query_df(_ROUNDS_SQL, {"month": month})
    required = results[results["required"]]
    failing = required[~required["state"].isin([MET, NOT_ARISEN])]
    failed = failing.groupby("round_id")["code"].agg(" ".join)
    rounds["failed"] = rounds["round_id"].map(failed).astype(object).fillna("").astype(str)
    evaluated = set(results["round_id"])
    rounds["evaluated"] = rounds["round_id"].isin(evaluated)
    rounds["criteria_met"] = (
        rounds["round_id"]
        .map(required[required["state"].isin([MET, NOT_ARISEN])].groupby("round_id").size())
        .fillna(0)
        .astype(int)
    )
    rounds["criteria_required"] = rounds["round_id"].map(required.groupby("round_id").size()).fillna(0).astype(int)
    rounds["all_met"] = rounds["evaluated"] & (rounds["failed"] == "")
    rounds["duration_elapsed"] = rounds["months_elapsed"] >= rounds["planned_months"]
    # Only a round still under transformation can be ready to leave it.
    rounds["ready"] = rounds["all_met"] & rounds["duration_elapsed"] & (rounds["stored_status"] == IN_PROGRESS)
    started = rounds["months_elapsed"] > 0
    rounds["status"] = rounds["stored_status"].where(rounds["stored_status"] != IN_PROGRESS, IN_PROGRESS)
    rounds.loc[(rounds["stored_status"] == IN_PROGRESS) & ~started, "status"] = PLANNED
    rounds.loc[(rounds["stored_status"] == IN_PROGRESS) & started & rounds["ready"], "status"] = READY
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
