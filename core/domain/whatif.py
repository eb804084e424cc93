"""Giả định chỉ tiêu (what-if targets): judge every round against other targets at once.

A criterion's value does not depend on its target, so the engine's results (`criterion_results` at
the official targets) are computed once per data version, and a scenario is judged on them in
memory, vectorised:
- `judge` re-decides each (round, criterion) state against the scenario's targets, comparisons and
  required flags, reproducing the engine's rule (core/domain/criteria.py) exactly;
- `readiness` says which rounds are ready to leave (every required criterion met, and, unless the
  scenario waives it, the planned duration elapsed);
- `flips` lists who becomes ready and who stops being ready, with the criteria that made the
  difference; `sweep` counts the ready rounds as one criterion's target runs across its range.

A scenario also lives in the URL (`?gd=C02:75,C05:<=20,C06:-,thoihan:0`) and in the database
(table `scenarios`, migration 002). Nothing here changes the official targets except `adopt`, which
records the decision and keeps the previous targets in `criteria_history`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from core.access import audit
from core.access.accounts import SYSTEM, User, require
from core.base.text import shorten
from core.domain.criteria import (
    COMPARISONS,
    IN_PROGRESS,
    MET,
    NO_DATA,
    NOT_ARISEN,
    NOT_MET,
    READY,
    Overrides,
    criteria_table,
)
from core.storage.db import Database

EPSILON = 1e-9  # as core/domain/criteria.py

# URL grammar: items separated by commas. `C02:75` a target; `C05:<=20` a comparison and a target;
# `C06:-` not required (waived); `C06:+` required; `thoihan:0` the duration rule off.
URL_PARAM = "gd"
DURATION_TOKEN = "thoihan"
MIN_MONTHS_TOKEN = "sothang"  # at least this many months run, instead of the planned duration

BECAME_READY = "became_ready"
STOPPED_READY = "stopped_ready"


class ScenarioRefused(Exception):
    """A scenario that cannot be saved or adopted, said in Vietnamese for the user."""


@dataclass(frozen=True)
class Scenario:
    """Targets, comparisons and required flags by criterion code (codes left out keep the official
    values), and whether the planned duration must have elapsed."""

    targets: Mapping[str, float] = field(default_factory=dict)
    comparisons: Mapping[str, str] = field(default_factory=dict)
    required: Mapping[str, bool] = field(default_factory=dict)
    require_duration: bool = True
    # When set, at least this many months of the round must have run, instead of its planned duration.
    min_months: int | None = None

    def overrides(self) -> Overrides:
        return Overrides(targets=dict(self.targets), comparisons=dict(self.comparisons), required=dict(self.required))

    def to_json(self) -> str:
        return json.dumps(
            {
                "targets": {k: float(v) for k, v in sorted(self.targets.items())},
                "comparisons": dict(sorted(self.comparisons.items())),
                "required": {k: bool(v) for k, v in sorted(self.required.items())},
                "require_duration": bool(self.require_duration),
                "min_months": self.min_months,
            },
            ensure_ascii=False,
        )

    @staticmethod
    def from_json(text: str) -> Scenario:
        data = json.loads(text)
        return Scenario(
            targets={str(k): float(v) for k, v in data.get("targets", {}).items()},
            comparisons={str(k): str(v) for k, v in data.get("comparisons", {}).items()},
            required={str(k): bool(v) for k, v in data.get("required", {}).items()},
            require_duration=bool(data.get("require_duration", True)),
            min_months=None if data.get("min_months") is None else int(data["min_months"]),
        )


OFFICIAL = Scenario()


def full_scenario(criteria: pd.DataFrame, scenario: Scenario = OFFICIAL) -> Scenario:
    """`scenario` with every criterion spelled out (official values where it says nothing)."""
    codes = [str(c) for c in criteria["code"]]
    official_t = dict(zip(codes, criteria["target"].astype(float), strict=True))
    official_c = dict(zip(codes, criteria["comparison"].astype(str), strict=True))
    official_r = dict(zip(codes, criteria["required"].astype(bool), strict=True))
    return Scenario(
        targets={c: float(scenario.targets.get(c, official_t[c])) for c in codes},
        comparisons={c: str(scenario.comparisons.get(c, official_c[c])) for c in codes},
        required={c: bool(scenario.required.get(c, official_r[c])) for c in codes},
        require_duration=scenario.require_duration,
        min_months=scenario.min_months,
    )


def changes(criteria: pd.DataFrame, scenario: Scenario) -> Scenario:
    """Only what `scenario` changes against the official criteria."""
    full = full_scenario(criteria, scenario)
    official = full_scenario(criteria)
    return Scenario(
        targets={c: v for c, v in full.targets.items() if not math.isclose(v, official.targets[c], abs_tol=EPSILON)},
        comparisons={c: v for c, v in full.comparisons.items() if v != official.comparisons[c]},
        required={c: v for c, v in full.required.items() if v != official.required[c]},
        require_duration=scenario.require_duration,
        min_months=scenario.min_months,
    )


def is_official(criteria: pd.DataFrame, scenario: Scenario) -> bool:
    diff = changes(criteria, scenario)
    return not (diff.targets or diff.comparisons or diff.required) and diff.require_duration and diff.min_months is None


# -- the URL ---------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_param(scenario: Scenario) -> str:
    """`C02:75,C05:<=20,C06:-,thoihan:0`: the scenario as given (pass `changes(...)` for a short link)."""
    items: list[str] = []
    for code in sorted(set(scenario.targets) | set(scenario.comparisons) | set(scenario.required)):
        if code in scenario.targets or code in scenario.comparisons:
            comparison = scenario.comparisons.get(code, "")
            target = scenario.targets.get(code)
            items.append(f"{code}:{comparison}{'' if target is None else _number_text(target)}")
        if code in scenario.required:
            items.append(f"{code}:{'+' if scenario.required[code] else '-'}")
    if not scenario.require_duration:
        items.append(f"{DURATION_TOKEN}:0")
    if scenario.min_months is not None:
        items.append(f"{MIN_MONTHS_TOKEN}:{int(scenario.min_months)}")
    return ",".join(items)


def _quoted(item: str) -> str:
    """A piece of the address quoted in an error, cut short (a link may carry 100 KB)."""
    return repr(shorten(item, 40))


def parse_param(text: str, known: Sequence[str] | None = None) -> Scenario:
    """The inverse of `format_param`. Raises ValueError on anything it does not understand."""
    targets: dict[str, float] = {}
    comparisons: dict[str, str] = {}
    required: dict[str, bool] = {}
    require_duration = True
    min_months: int | None = None
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        code, sep, rest = item.partition(":")
        code, rest = code.strip(), rest.strip()
        if not sep or not rest:
            raise ValueError(f"không hiểu {_quoted(item)} (cần dạng C02:75)")
        if code.lower() == DURATION_TOKEN:
            if rest not in ("0", "1"):
                raise ValueError(f"không hiểu {_quoted(item)} (cần {DURATION_TOKEN}:0 hoặc {DURATION_TOKEN}:1)")
            require_duration = rest == "1"
            continue
        if code.lower() == MIN_MONTHS_TOKEN:
            if not rest.isdigit() or not 1 <= int(rest) <= 120:
                raise ValueError(f"không hiểu {_quoted(item)} (cần {MIN_MONTHS_TOKEN}:1 đến {MIN_MONTHS_TOKEN}:120)")
            min_months = int(rest)
            continue
        code = code.upper()
        if known is not None and code not in known:
            raise ValueError(f"không có tiêu chí {code}")
        if rest in ("+", "-"):
            required[code] = rest == "+"
            continue
        comparison = next((c for c in sorted(COMPARISONS, key=len, reverse=True) if rest.startswith(c)), "")
        number = rest[len(comparison) :].strip().replace(",", ".")
        if comparison and not number:  # a comparison alone: `C05:<=`
            comparisons[code] = comparison
            continue
        try:
            value = float(number)
        except ValueError as exc:
            raise ValueError(f"chỉ tiêu không phải là số: {_quoted(item)}") from exc
        if not math.isfinite(value):
            raise ValueError(f"chỉ tiêu không phải là số: {_quoted(item)}")
        targets[code] = value
        if comparison:
            comparisons[code] = comparison
    return Scenario(targets, comparisons, required, require_duration, min_months)


# -- judging ---------------------------------------------------------------------------------------


def _per_row(codes: pd.Series, given: Mapping[str, Any], current: pd.Series) -> pd.Series:
    if not given:
        return current
    return codes.map(dict(given)).where(codes.isin(list(given)), current)


def judge(
    results: pd.DataFrame,
    targets: Mapping[str, float] | None = None,
    comparisons: Mapping[str, str] | None = None,
    required: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """`results` (from `criterion_results`) with target, comparison, required and state as they
    would be under other targets. Codes not given keep their values. "Không phát sinh" and "chưa có
    số liệu" do not depend on the target; every other state is decided as the engine does."""
    for code, given in (comparisons or {}).items():
        if given not in COMPARISONS:
            raise ValueError(f"phép so sánh không hợp lệ cho {code}: {given}")
    out = results.copy()
    codes = out["code"]
    out["target"] = _per_row(codes, targets or {}, out["target"]).astype(float)
    out["comparison"] = _per_row(codes, comparisons or {}, out["comparison"]).astype(str)
    out["required"] = _per_row(codes, required or {}, out["required"]).astype(bool)
    value = out["value"].to_numpy(dtype=float)
    target = out["target"].to_numpy(dtype=float)
    comparison = out["comparison"].to_numpy(dtype=object)
    with np.errstate(invalid="ignore"):
        met = (
            ((comparison == ">=") & (value >= target - EPSILON))
            | ((comparison == ">") & (value > target + EPSILON))
            | ((comparison == "<=") & (value <= target + EPSILON))
            | ((comparison == "<") & (value < target - EPSILON))
            | ((comparison == "=") & (np.abs(value - target) <= EPSILON))
        )
    state = out["state"].to_numpy(dtype=object)
    fixed = (state == NO_DATA) | (state == NOT_ARISEN)
    out["state"] = np.where(fixed, state, np.where(met, MET, NOT_MET))
    return out


def _join_codes(round_ids: np.ndarray, codes: np.ndarray) -> pd.Series:
    """Space-separated codes per round, rounds contiguous in `round_ids` (a reduction in numpy, not a
    Python loop over the groups)."""
    if len(round_ids) == 0:
        return pd.Series(dtype=object)
    starts = np.flatnonzero(np.r_[True, round_ids[1:] != round_ids[:-1]])
    joined = np.add.reduceat(codes + " ", starts)
    return pd.Series(joined, index=round_ids[starts], dtype=object).str.rstrip()


def readiness(
    status: pd.DataFrame, judged: pd.DataFrame, require_duration: bool = True, min_months: int | None = None
) -> pd.DataFrame:
    """One row per round of `status` (from `round_status`): the required criteria failed under
    `judged`, and whether the round is ready. Only rounds under way can be ready (not planned, not
    taken off the list); with `require_duration` the planned duration must have elapsed too. At the
    official targets this is `round_status`'s own `ready`."""
    req = judged[judged["required"].to_numpy(dtype=bool)]
    passing = req["state"].isin([MET, NOT_ARISEN]).to_numpy()
    failing = req[~passing]
    if not failing["round_id"].is_monotonic_increasing:
        failing = failing.sort_values("round_id", kind="stable")  # keeps the display order within a round
    failed = _join_codes(failing["round_id"].to_numpy(), failing["code"].to_numpy(dtype=object))
    out = status[["round_id", "area_code", "area_name", "status", "duration_elapsed"]].copy()
    if min_months is not None:  # the scenario's own rule: at least `min_months` months run
        out["duration_elapsed"] = status["months_elapsed"] >= min_months
    out["failed"] = out["round_id"].map(failed).astype(object).fillna("")
    out["criteria_required"] = out["round_id"].map(req.groupby("round_id").size()).fillna(0).astype(int)
    out["criteria_met"] = out["round_id"].map(req[passing].groupby("round_id").size()).fillna(0).astype(int)
    evaluated = out["round_id"].isin(judged["round_id"].unique())
    under_way = status["status"].isin([IN_PROGRESS, READY])
    out["all_met"] = evaluated & (out["failed"] == "")
    out["ready"] = out["all_met"] & under_way & (out["duration_elapsed"] | (not require_duration))
    return out


def ready_count(frame: pd.DataFrame) -> int:
    return int(frame["ready"].sum())


def flips(official: pd.DataFrame, scenario: pd.DataFrame) -> pd.DataFrame:
    """Rounds whose readiness differs between two `readiness` frames: `change` is became_ready or
    stopped_ready; `codes` are the criteria that made the difference (failing under one, not the
    other); `duration` is True when the duration rule made it (waived, or restored)."""
    both = official.merge(scenario[["round_id", "ready", "failed"]], on="round_id", suffixes=("_official", ""))
    changed = both[both["ready_official"] != both["ready"]].copy()
    became = changed["ready"].to_numpy(dtype=bool)
    changed["change"] = np.where(became, BECAME_READY, STOPPED_READY)
    changed["codes"] = [
        " ".join(c for c in (old if up else new).split() if c not in set((new if up else old).split()))
        for old, new, up in zip(changed["failed_official"], changed["failed"], became, strict=True)
    ]
    changed["duration"] = became & ~changed["duration_elapsed"].to_numpy(dtype=bool)
    columns = ["round_id", "area_code", "area_name", "change", "codes", "duration", "failed_official", "failed"]
    return changed[columns].sort_values(["change", "area_name"]).reset_index(drop=True)


@dataclass(frozen=True)
class Outcome:
    official: pd.DataFrame  # readiness at the official targets
    scenario: pd.DataFrame  # readiness under the scenario
    judged: pd.DataFrame  # the criteria under the scenario
    flips: pd.DataFrame


def evaluate(results: pd.DataFrame, status: pd.DataFrame, scenario: Scenario) -> Outcome:
    """Everything the page shows for one scenario, from the engine's results at the official targets."""
    official = readiness(status, results)
    judged = judge(results, scenario.targets, scenario.comparisons, scenario.required)
    mine = readiness(status, judged, scenario.require_duration, scenario.min_months)
    return Outcome(official, mine, judged, flips(official, mine))


# -- sensitivity -----------------------------------------------------------------------------------


def sweep_values(unit: str, official: float, values: pd.Series | None = None) -> np.ndarray:
    """The targets to try for one criterion: 0-100 in steps of 1 for a percent; 0 to a little above
    the largest value (or the official target) for a count; 0 and 1 for a 1/0 criterion."""
    if unit == "percent":
        return np.arange(0.0, 101.0, 1.0)
    if unit == "flag":
        return np.array([0.0, 1.0])
    observed = 0.0 if values is None or values.dropna().empty else float(values.dropna().max())
    top = max(10.0, math.ceil(max(observed, official) * 1.2))
    return np.arange(0.0, top + 1.0, 1.0)


def sweep(
    judged: pd.DataFrame,
    status: pd.DataFrame,
    code: str,
    values: Sequence[float] | np.ndarray,
    require_duration: bool = True,
    min_months: int | None = None,
) -> pd.DataFrame:
    """How many rounds would be ready as `code`'s target takes each of `values`, every other
    criterion as in `judged` (a `judge` result). Columns: target, ready."""
    grid = np.asarray(values, dtype=float)
    base = readiness(status, judged[judged["code"] != code], require_duration, min_months)
    # Rounds without a row for `code` were not evaluated at all: never ready.
    rows = judged[judged["code"] == code].set_index("round_id")
    candidates = base[base["ready"] & base["round_id"].isin(rows.index)]
    if rows.empty or not bool(rows["required"].iloc[0]):
        count = len(candidates) if not rows.empty else 0
        return pd.DataFrame({"target": grid, "ready": np.full(len(grid), count, dtype=int)})
    mine = rows.loc[candidates["round_id"]]
    value = mine["value"].to_numpy(dtype=float)[:, None]
    comparison = str(mine["comparison"].iloc[0]) if len(mine) else ">="
    fixed = mine["state"].isin([NO_DATA, NOT_ARISEN]).to_numpy()[:, None]
    passes_anyway = mine["state"].eq(NOT_ARISEN).to_numpy()[:, None]
    t = grid[None, :]
    with np.errstate(invalid="ignore"):
        met = {
            ">=": value >= t - EPSILON,
            ">": value > t + EPSILON,
            "<=": value <= t + EPSILON,
            "<": value < t - EPSILON,
            "=": np.abs(value - t) <= EPSILON,
        }[comparison]
    ok = np.where(fixed, passes_anyway, met)
    return pd.DataFrame({"target": grid, "ready": ok.sum(axis=0).astype(int)})


# -- storage ---------------------------------------------------------------------------------------


def list_scenarios(db: Database) -> pd.DataFrame:
    return db.query_df("SELECT id, name, author, created_at, note, targets FROM scenarios ORDER BY created_at, id")


def load_scenario(db: Database, name_or_id: str | int) -> Scenario:
    if isinstance(name_or_id, int):
        rows = db.query_rows("SELECT targets FROM scenarios WHERE id = ?", [name_or_id])
    else:
        rows = db.query_rows("SELECT targets FROM scenarios WHERE name = ?", [name_or_id.strip()])
    if not rows:
        raise ScenarioRefused(f"Không có giả định nào tên {name_or_id!r}.")
    return Scenario.from_json(str(rows[0][0]))


def save_scenario(
    db: Database, name: str, scenario: Scenario, author: str = "", note: str = "", actor: User = SYSTEM
) -> int:
    """Store `scenario` in full (every criterion's values, so it keeps its meaning if the official
    targets change later). Names are unique."""
    require(actor, "save_scenario")
    name = name.strip()
    if not name:
        raise ScenarioRefused("Cần đặt tên cho giả định.")
    full = full_scenario(criteria_table(db), scenario)
    if db.query_value("SELECT count(*) FROM scenarios WHERE name = ?", [name]):
        raise ScenarioRefused(f"Đã có giả định tên {name!r}; hãy chọn tên khác.")
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO scenarios (name, author, note, targets) VALUES (?, ?, ?, ?) RETURNING id",
            [name, author.strip() or actor.username, note.strip() or None, full.to_json()],
        ).fetchone()
        assert row is not None
        audit.record(
            cur, actor.username, "scenario_save", f"scenario:{row[0]}", f"Lưu giả định {name!r}", None, full.to_json()
        )
    assert row is not None
    return int(row[0])


def adopt(db: Database, scenario_id: int, decision_no: str, decision_date: date | None, actor: User = SYSTEM) -> int:
    """Make a saved scenario the official targets, by decision. Every criterion's old and new values
    go to `criteria_history`. Returns how many criteria changed."""
    require(actor, "adopt")
    decision_no = decision_no.strip()
    if not decision_no:
        raise ScenarioRefused("Cần nhập số quyết định (ví dụ 20/QĐ-BCĐ).")
    if decision_date is None:
        raise ScenarioRefused("Cần nhập ngày quyết định.")
    scenario = load_scenario(db, int(scenario_id))
    criteria = criteria_table(db)
    full = full_scenario(criteria, scenario)
    changed = 0
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    with db.transaction() as cur:
        records: list[dict[Any, Any]] = criteria.to_dict("records")
        for row in records:
            code = str(row["code"])
            new_t, new_c, new_r = full.targets[code], full.comparisons[code], full.required[code]
            old_t, old_c, old_r = float(row["target"]), str(row["comparison"]), bool(row["required"])
            differs = not math.isclose(new_t, old_t, abs_tol=EPSILON) or new_c != old_c or new_r != old_r
            changed += int(differs)
            if differs:
                before[code] = {"target": old_t, "comparison": old_c, "required": old_r}
                after[code] = {"target": new_t, "comparison": new_c, "required": new_r}
            cur.execute(
                "INSERT INTO criteria_history (decision_no, decision_date, scenario_id, code, old_target, new_target, "
                "old_comparison, new_comparison, old_required, new_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [decision_no, decision_date, int(scenario_id), code, old_t, new_t, old_c, new_c, old_r, new_r],
            )
            cur.execute(
                "UPDATE criteria SET target = ?, comparison = ?, required = ? WHERE code = ?",
                [new_t, new_c, new_r, code],
            )
        audit.record(
            cur,
            actor.username,
            "scenario_adopt",
            f"scenario:{scenario_id}",
            f"Áp dụng giả định số {scenario_id} theo quyết định {decision_no}: {changed} tiêu chí thay đổi",
            before,
            after,
        )
    return changed


def criteria_history(db: Database) -> pd.DataFrame:
    """Every adoption, newest first, only the criteria it changed."""
    return db.query_df(
        "SELECT h.adopted_at, h.decision_no, h.decision_date, s.name AS scenario_name, h.code, h.old_target, "
        "h.new_target, h.old_comparison, h.new_comparison, h.old_required, h.new_required "
        "FROM criteria_history h LEFT JOIN scenarios s ON s.id = h.scenario_id "
        "WHERE abs(h.old_target - h.new_target) > ? OR h.old_comparison <> h.new_comparison "
        "OR h.old_required <> h.new_required ORDER BY h.adopted_at DESC, h.code",
        [EPSILON],
    )
