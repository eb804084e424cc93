"""Every chart of the product, styled in one place: one palette, one font, large type for projectors,
and never a chart without a title and units. Plotly figures (no Streamlit here), so reports can
render them too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from core.formatting import fmt_month

# Red-amber-green, chosen to stay apart for colour-blind readers and on washed-out projectors.
RAG_COLOURS = {"green": "#1b7f3b", "amber": "#e0a100", "red": "#c62828", "grey": "#9e9e9e"}
RAG_BACKGROUNDS = {"green": "#d7f0dd", "amber": "#fff0c2", "red": "#fbd5d5", "grey": "#eeeeee"}
STATUS_COLOURS = {
    "planned": "#9e9e9e",
    "in_progress": "#1565c0",
    "ready": "#1b7f3b",
    "exited": "#6a1b9a",
    "relapsed": "#c62828",
}
FONT = "Source Sans, Source Sans Pro, DejaVu Sans, Arial, sans-serif"
INK = "#111111"


def _style(fig: go.Figure, title: str, height: int, large: bool) -> go.Figure:
    base = 22 if large else 15
    fig.update_layout(
        title={"text": title, "font": {"size": base + 4, "color": INK}, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": base, "color": INK},
        height=height,
        margin={"l": 10, "r": 10, "t": 60 if title else 10, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=",.",  # Vietnamese: decimal comma, thousands dot
    )
    return fig


def programme_bullet(
    title: str,
    rate: float | None,
    target: float,
    caption: str,
    empty_text: str,
    large: bool = False,
) -> go.Figure:
    """A bullet gauge: the programme's figure (percent) against its target, marked by a black line.
    Red below the target, green at or above; grey with `empty_text` when there is nothing to count."""
    met = rate is not None and rate >= target - 1e-9
    colour = RAG_COLOURS["grey"] if rate is None else RAG_COLOURS["green" if met else "red"]
    fig = go.Figure(
        go.Indicator(
            mode="gauge" if rate is None else "number+gauge",
            value=rate or 0,
            number={"suffix": "%", "valueformat": ".1f", "font": {"size": 44 if large else 32, "color": colour}},
            gauge={
                "shape": "bullet",
                "axis": {"range": [0, 100], "ticksuffix": "%", "tickfont": {"size": 12}},
                "bar": {"color": colour, "thickness": 0.6},
                "threshold": {"line": {"color": INK, "width": 4}, "thickness": 0.9, "value": target},
                "bgcolor": "#f2f2f2",
            },
            domain={"x": [0.36, 1 if rate is not None else 0.78], "y": [0.15, 1]},
        )
    )
    fig.add_annotation(
        x=0, y=0.6, xref="paper", yref="paper", xanchor="left", showarrow=False, align="left",
        text=caption, font={"size": 16 if large else 13},
    )  # fmt: skip
    if rate is None:
        fig.add_annotation(
            x=1, y=0.6, xref="paper", yref="paper", xanchor="right", showarrow=False,
            text=empty_text, font={"size": 18 if large else 14, "color": RAG_COLOURS["grey"]},
        )  # fmt: skip
    return _style(fig, title, 160 if large else 130, large)


def sparkline(
    months: Sequence[date],
    values: Sequence[float | None],
    target: float | None,
    title: str,
    unit: str,
    lang: str = "vi",
    large: bool = False,
) -> go.Figure:
    """A small monthly trend of one criterion, with its target as a dotted line."""
    labels = [fmt_month(m, lang) for m in months]
    fig = go.Figure(
        go.Scatter(
            x=labels, y=list(values), mode="lines+markers", line={"color": "#1565c0", "width": 3},
            hovertemplate="%{x}: %{y:.1f}" + (" " + unit if unit else "") + "<extra></extra>",
        )
    )  # fmt: skip
    if target is not None:
        fig.add_hline(y=target, line={"color": INK, "dash": "dot", "width": 2})
    fig.update_xaxes(showgrid=False, tickfont={"size": 11})
    fig.update_yaxes(title={"text": unit}, gridcolor="#e0e0e0", zeroline=False)
    return _style(fig, title, 180 if large else 150, large)
