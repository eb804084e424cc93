"""The report's charts as PNG images, drawn by matplotlib's Agg renderer in memory: no browser, no
internet, no display. DejaVu Sans (shipped with matplotlib) has every Vietnamese glyph. Colours are
the product's (`core.views.charts`).

Every text is plain: matplotlib reads "$…$" as a formula (mathtext) by default, so a village named
"Bản $\\frac{a$" stopped the whole report. Mathtext and TeX are off while a chart is drawn, and area
names are printable and cut to a length a chart can show."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from core.base.formatting import fmt_number
from core.base.i18n import t
from core.base.text import printable, shorten
from core.domain.criteria import EXITED, IN_PROGRESS, PLANNED, READY, RELAPSED
from core.views import area
from core.views.charts import RAG_COLOURS, STATUS_COLOURS

DPI = 150
WIDTH_IN = 7.0
INK = "#111111"
ORDER = (IN_PROGRESS, READY, EXITED, RELAPSED, PLANNED)
MAX_BARS = 20  # areas in the criteria chart
MAX_GROUPS = 10  # areas in the crimes chart
MAX_NAME = 48  # characters of an area's name on a chart

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def _plain_text() -> Iterator[None]:
    """Texts created meanwhile (titles, labels, tick labels, drawn at `savefig`) are shown as written."""
    with rc_context({"text.parse_math": False, "text.usetex": False}):
        yield


def plain_text(draw: Callable[P, R]) -> Callable[P, R]:
    """Draw a chart with `_plain_text`: a name is never read as a formula."""

    @wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> R:
        with _plain_text():
            return draw(*args, **kwargs)

    return drawn


def _name(value: object) -> str:
    return shorten(printable(str(value), lines=False), MAX_NAME)


def _number(value: object) -> float:
    """A sum from the before/after table; 0 when there were no figures."""
    number = float(value) if isinstance(value, (int, float)) else float("nan")
    return 0.0 if math.isnan(number) else number


def _figure(height_in: float) -> Figure:
    fig = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    return fig


def _png(fig: Figure) -> tuple[bytes, float]:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    width, height = fig.get_size_inches()
    return buffer.getvalue(), float(height / width)


def _style(ax: object) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.tick_params(colors=INK, labelsize=9)  # type: ignore[attr-defined]


@plain_text
def status_chart(status: pd.DataFrame) -> tuple[bytes, float]:
    """How many areas are in each status: one bar per status."""
    counts = status["status"].value_counts()
    labels = [t(f"status.{s}") for s in ORDER]
    values = [int(counts.get(s, 0)) for s in ORDER]
    fig = _figure(2.6)
    ax = fig.add_subplot()
    bars = ax.barh(labels[::-1], values[::-1], color=[STATUS_COLOURS[s] for s in ORDER][::-1], height=0.6)
    for bar, value in zip(bars, values[::-1], strict=True):
        ax.text(bar.get_width() + 0.05, bar.get_y() + bar.get_height() / 2, fmt_number(value, 0), va="center",
                fontsize=10, fontweight="bold", color=INK)  # fmt: skip
    ax.set_xlim(0, max([*values, 1]) * 1.15 + 0.5)
    ax.set_xlabel("số địa bàn", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Tình hình các địa bàn chuyển hóa", loc="left", fontsize=11, fontweight="bold", color=INK)
    _style(ax)
    fig.tight_layout()
    return _png(fig)


@plain_text
def criteria_chart(status: pd.DataFrame) -> tuple[bytes, float] | None:
    """Criteria met of the required ones, per area under way (ready in green, lagging in red)."""
    shown = status[status["status"].isin([IN_PROGRESS, READY]) & status["evaluated"]]
    if shown.empty:
        return None
    title = "Tiêu chí đạt của từng địa bàn đang chuyển hóa"
    if len(shown) > MAX_BARS:  # a readable chart: the areas furthest from their targets
        share = shown["criteria_met"] / shown["criteria_required"].clip(lower=1)
        title = f"{MAX_BARS}/{len(shown)} địa bàn đạt ít tiêu chí nhất"
        shown = shown.loc[share.sort_values(kind="stable").index[:MAX_BARS]]
    names = [_name(n) for n in shown["area_name"]][::-1]
    met = [int(v) for v in shown["criteria_met"]][::-1]
    required = [int(v) for v in shown["criteria_required"]][::-1]
    colours = [RAG_COLOURS["green"] if m == r else RAG_COLOURS["red"] for m, r in zip(met, required, strict=True)]
    fig = _figure(0.9 + 0.38 * len(names))
    ax = fig.add_subplot()
    rows = range(len(names))  # by position: two villages of the same name keep a bar each
    ax.barh(rows, required, color="#eeeeee", height=0.6, edgecolor="#9e9e9e")
    ax.barh(rows, met, color=colours, height=0.6)
    ax.set_yticks(list(rows), names)
    for i, (m, r) in enumerate(zip(met, required, strict=True)):
        ax.text(r + 0.2, i, f"{m}/{r}", va="center", fontsize=9, fontweight="bold", color=INK)
    ax.set_xlim(0, max([*required, 1]) * 1.12)
    ax.set_xlabel("số tiêu chí bắt buộc đạt", fontsize=9)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    _style(ax)
    fig.tight_layout()
    return _png(fig)


@plain_text
def crimes_chart(status: pd.DataFrame, comparisons: dict[str, area.BeforeAfter]) -> tuple[bytes, float] | None:
    """Crimes in the round against before it and the same period last year, per area."""
    rows = []
    for code, result in comparisons.items():
        crimes = result.rows.set_index("indicator").loc["crimes"]
        name = _name(status.loc[status["area_code"] == code, "area_name"].iloc[0])
        rows.append(
            (name, _number(crimes["window_sum"]), _number(crimes["baseline_sum"]), _number(crimes["last_year_sum"]))
        )
    if not rows:
        return None
    title = "Vụ phạm tội về trật tự xã hội: trong đợt so với trước"
    if len(rows) > MAX_GROUPS:  # a readable chart: the areas with the most crimes in the round
        title = f"Vụ phạm tội: {MAX_GROUPS}/{len(rows)} địa bàn nhiều vụ nhất trong đợt"
        rows = sorted(rows, key=lambda r: -r[1])[:MAX_GROUPS]
    fig = _figure(3.4)
    ax = fig.add_subplot()
    width = 0.27
    xs = range(len(rows))
    series = (
        ("Trước chuyển hóa", 2, "#9e9e9e"),
        ("Cùng kỳ năm trước", 3, "#90caf9"),
        ("Trong đợt chuyển hóa", 1, "#1565c0"),
    )
    for k, (label, index, colour) in enumerate(series):
        values = [r[index] for r in rows]
        bars = ax.bar([x + (k - 1) * width for x in xs], values, width, label=label, color=colour)
        for bar, value in zip(bars, values, strict=True):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.3, fmt_number(value, 0), ha="center",
                    va="bottom", fontsize=7, color=INK)  # fmt: skip
    ax.set_xticks(list(xs), [r[0].replace("Xã ", "Xã\n").replace("Phường ", "Phường\n").replace("Bản ", "Bản\n")
                             for r in rows], fontsize=8)  # fmt: skip
    ax.set_ylabel("vụ", fontsize=9)
    ax.legend(fontsize=8, frameon=False, loc="upper right", ncols=3)
    top = max([1.0, *[v for r in rows for v in r[1:]]])
    ax.set_ylim(0, top * 1.3)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    _style(ax)
    fig.tight_layout()
    return _png(fig)


def report_figures(status: pd.DataFrame, comparisons: dict[str, area.BeforeAfter]) -> list[tuple[bytes, str, float]]:
    """(png, caption, height/width) for each chart of the report, in the order they appear."""
    out: list[tuple[bytes, str, float]] = []
    png, aspect = status_chart(status)
    out.append((png, "Biểu đồ 1. Số địa bàn theo tình trạng chuyển hóa", aspect))
    drawn = criteria_chart(status)
    if drawn is not None:
        out.append((drawn[0], "Biểu đồ 2. Số tiêu chí bắt buộc đạt của từng địa bàn", drawn[1]))
    drawn = crimes_chart(status, comparisons)
    if drawn is not None:
        out.append((drawn[0], f"Biểu đồ {len(out) + 1}. Vụ phạm tội trong đợt, trước chuyển hóa và cùng kỳ", drawn[1]))
    return out
