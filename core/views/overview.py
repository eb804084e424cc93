"""What the overview shows: the programme targets against their figures, and the matrix of areas x
criteria with red-amber-green."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.base.formatting import fmt_number, fmt_percent
from core.base.i18n import t
from core.domain.criteria import EXITED, MET, NO_DATA, NOT_ARISEN, READY, RELAPSED
from core.storage.db import Database

# Settings (table meta) and their defaults.
SETTINGS_DEFAULTS: dict[str, str] = {
    "watch_months": "12",  # months an exited area is watched for relapse
    "amber_margin": "5",  # percentage points under a percent target that still show amber
    "target_transformed_pct": "60",  # of the year's selected areas, transformed successfully
    "target_sustained_pct": "85",  # of the areas transformed, not complex again
}


def setting(db: Database, key: str) -> float:
    return float(db.get_meta(key, SETTINGS_DEFAULTS[key]) or SETTINGS_DEFAULTS[key])


@dataclass(frozen=True)
class ProgrammeFigure:
    """One programme target against its figure. `rate` is None when there is nothing to count."""

    programme: str  # TTATXH, ANTT or "" for all
    numerator: int
    denominator: int
    target: float

    @property
    def rate(self) -> float | None:
        return None if self.denominator == 0 else 100.0 * self.numerator / self.denominator

    @property
    def met(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= self.target - 1e-9


def transformed_this_year(status: pd.DataFrame, month: date, target: float, programme: str = "") -> ProgrammeFigure:
    """Of the areas selected this year (rounds starting in the year of `month`), how many have been
    transformed successfully by `month`: ready to leave, or taken off the list (and not relapsed)."""
    rows = status if not programme else status[status["programme"] == programme]
    selected = rows[pd.to_datetime(rows["start_month"]).dt.year == month.year]
    done = selected["status"].isin([READY, EXITED])
    return ProgrammeFigure(programme, int(done.sum()), len(selected), target)


def sustained(status: pd.DataFrame, target: float, programme: str = "") -> ProgrammeFigure:
    """Of the areas taken off the list by `month`, how many have not become complex again."""
    rows = status if not programme else status[status["programme"] == programme]
    left = rows[rows["status"].isin([EXITED, RELAPSED]) & rows["exit_decision_date"].notna()]
    return ProgrammeFigure(programme, int((left["status"] == EXITED).sum()), len(left), target)


def left_in_year(status: pd.DataFrame, year: int) -> int:
    """Rounds whose exit decision is dated in `year` (and that had left by the month evaluated)."""
    left = status[status["status"].isin([EXITED, RELAPSED]) & status["exit_decision_date"].notna()]
    return int((pd.to_datetime(left["exit_decision_date"]).dt.year == year).sum())


def rag(results: pd.DataFrame, amber_margin: float) -> pd.Series:
    """Red-amber-green of each criterion result: green when met or nothing arose; amber when not met
    but within `amber_margin` percentage points of a percent target; red otherwise; grey without data."""
    state = results["state"]
    value = results["value"]
    target = results["target"]
    gap = pd.Series(float("nan"), index=results.index)
    up = results["comparison"].isin([">=", ">"])
    down = results["comparison"].isin(["<=", "<"])
    gap[up] = target[up] - value[up]
    gap[down] = value[down] - target[down]
    amber = (results["unit"] == "percent") & (state == "not_met") & gap.notna() & (gap <= amber_margin)
    out = pd.Series("red", index=results.index, dtype=object)
    out[state.isin([MET, NOT_ARISEN])] = "green"
    out[state == NO_DATA] = "grey"
    out[amber] = "amber"
    return out


# The legend's squares: they stand in for the cell colours when the matrix is too large to colour.
RAG_SYMBOLS = {"green": "🟩", "amber": "🟨", "red": "🟥", "grey": "⬜"}


def cell_text(state: str, value: float, unit: str, aggregate: str, lang: str) -> str:
    """A matrix cell: the criterion's value in words or figures, as the committee reads it."""
    if state == NOT_ARISEN:
        return t("state.not_arisen", lang)
    if state == NO_DATA:
        return "—"
    if unit == "percent":
        return fmt_percent(value, 1, lang)
    if unit == "flag" and aggregate == "reduced":
        return t("matrix.reduced", lang) if value == 1 else t("matrix.not_reduced", lang)
    if unit == "flag":
        return t("state.met", lang) if value == 1 else t("state.not_met", lang)
    return fmt_number(value, 0, lang)


def matrix_cells(results: pd.DataFrame, amber_margin: float, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The matrix of rounds x criteria (rows of `criterion_results`): the cells' texts and their
    red-amber-green, each indexed by round_id with one column per criterion code in display order.
    Computed once per data version (the overview caches it); the page only picks rows."""
    if results.empty:
        empty = pd.DataFrame(index=pd.Index([], name="round_id"))
        return empty, empty.copy()
    colours = rag(results, amber_margin)
    texts = [
        cell_text(*cell, lang)
        for cell in zip(results["state"], results["value"], results["unit"], results["aggregate"], strict=True)
    ]
    cells = pd.DataFrame({"round_id": results["round_id"], "code": results["code"], "text": texts, "rag": colours})
    codes = list(dict.fromkeys(results.sort_values("display_order", kind="stable")["code"]))
    wide_texts = cells.pivot(index="round_id", columns="code", values="text")[codes]
    wide_colours = cells.pivot(index="round_id", columns="code", values="rag")[codes]
    return wide_texts, wide_colours


def shortfall(results: pd.DataFrame) -> pd.Series:
    """How far a criterion is from its target, in the criterion's unit (positive = short of it);
    NaN when met, when nothing arose or without data."""
    value = results["value"]
    target = results["target"]
    out = pd.Series(float("nan"), index=results.index)
    failing = results["state"] == "not_met"
    up = failing & results["comparison"].isin([">=", ">"])
    down = failing & results["comparison"].isin(["<=", "<"])
    equal = failing & (results["comparison"] == "=")
    out[up] = target[up] - value[up]
    out[down] = value[down] - target[down]
    out[equal] = (value[equal] - target[equal]).abs()
    return out


def failing_criteria(results: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """For the rounds under way that are not ready: each required criterion not met, with how far
    it is from its target (`shortfall`, in the criterion's unit). Sorted by area, then criterion."""
    under_way = status[status["status"].isin(["in_progress"])]
    rows = results[results["round_id"].isin(under_way["round_id"]) & results["required"]]
    rows = rows[~rows["state"].isin([MET, NOT_ARISEN])].copy()
    rows["shortfall"] = shortfall(rows)
    info = under_way.set_index("round_id")[["area_name", "area_code", "planned_end_month", "months_elapsed",
                                            "planned_months"]]  # fmt: skip
    out = rows.join(info, on="round_id")
    return out.sort_values(["area_code", "display_order"]).reset_index(drop=True)
