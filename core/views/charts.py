"""Every chart of the product, styled in one place: one palette, one font, large type for projectors,
and never a chart without a title and units. Plotly figures (no Streamlit here), so reports can
render them too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from core.base.formatting import fmt_month

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
    lang: str = "vi",
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
        text=caption, font={"size": 19 if large else 13},
    )  # fmt: skip
    if rate is None:
        fig.add_annotation(
            x=1, y=0.6, xref="paper", yref="paper", xanchor="right", showarrow=False,
            text=empty_text, font={"size": 18 if large else 14, "color": RAG_COLOURS["grey"]},
        )  # fmt: skip
    fig = _style(fig, title, 200 if large else 160, large)
    fig.update_layout(margin={"t": 80 if large else 64}, separators=".," if lang == "en" else ",.")
    return fig


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


def criterion_sparkline(
    months: Sequence[date],
    values: Sequence[float | None],
    target: float | None,
    title: str,
    unit: str,
    colour: str = "#1565c0",
    lang: str = "vi",
    large: bool = False,
    flag_labels: tuple[str, str] | None = None,
) -> go.Figure:
    """A criterion card's sparkline: its value at each month since the round began (None where it
    could not be computed), the target dotted, the last point in the card's RAG `colour`. Only the
    first and last months are labelled; the value axis is marked at the lowest value, the target and
    the highest value. A 1/0 criterion (`flag_labels` = (label for 0, label for 1)) is drawn as steps
    between the two labels."""
    labels = [fmt_month(m, lang) for m in months]
    ys = [None if v is None or v != v else float(v) for v in values]  # NaN -> gap
    suffix = unit if unit == "%" else (f" {unit}" if unit else "")
    shown = [v for v in ys if v is not None]
    if flag_labels is not None:
        texts = [None if v is None else flag_labels[1] if v >= 0.5 else flag_labels[0] for v in ys]
        hover = "%{x}: %{text}<extra></extra>"
    else:
        texts = None
        hover = "%{x}: %{y:,.1f}" + suffix + "<extra></extra>"
    fig = go.Figure(
        go.Scatter(
            x=labels, y=ys, text=texts, mode="lines+markers", connectgaps=False,
            line={"color": "#1565c0", "width": 4 if large else 3, "shape": "hv" if flag_labels else "linear"},
            marker={"size": 6 if large else 5, "color": "#1565c0"}, hovertemplate=hover,
        )
    )  # fmt: skip
    last = next((i for i in range(len(ys) - 1, -1, -1) if ys[i] is not None), None)
    if last is not None:
        fig.add_trace(
            go.Scatter(
                x=[labels[last]], y=[ys[last]], mode="markers", hoverinfo="skip", showlegend=False,
                marker={"size": 14 if large else 11, "color": colour, "line": {"color": INK, "width": 1}},
            )
        )  # fmt: skip
    tick = {"size": 15 if large else 11, "color": INK}
    fig.update_xaxes(showgrid=False, tickvals=[labels[0], labels[-1]] if labels else [], tickfont=tick, fixedrange=True)
    if flag_labels is not None:
        fig.update_yaxes(range=[-0.25, 1.25], tickvals=[0, 1], ticktext=list(flag_labels))
    else:
        marks = [*shown, *([] if target is None else [target])] or [0.0]
        low, high = min(marks), max(marks)
        if unit != "%":
            low = min(low, 0.0)
            high = max(high, 1.0)
        pad = max((high - low) * 0.15, 1.0 if unit != "%" else 2.0)
        bottom = low - (pad * 0.3 if low >= 0 and unit != "%" else pad)
        fig.update_yaxes(
            range=[bottom, high + pad],
            tickvals=sorted({round(low, 1), round(high, 1), *([] if target is None else [round(target, 1)])}),
            ticksuffix=unit if unit == "%" else "",
        )
        if target is not None:
            fig.add_hline(y=target, line={"color": INK, "dash": "dot", "width": 2})
    fig.update_yaxes(tickfont=tick, gridcolor="#e0e0e0", zeroline=False, fixedrange=True)
    fig.update_layout(showlegend=False)
    _style(fig, title, 150 if large else 120, large)
    fig.update_layout(
        title={"font": {"size": 17 if large else 13}, "y": 0.97, "yanchor": "top"},
        margin={"l": 4, "r": 8, "t": 30 if large else 24, "b": 4},
        separators=".," if lang == "en" else ",.",
    )
    return fig


# --- what-if charts ---


def whatif_sweep(
    targets: Sequence[float],
    ready: Sequence[int],
    official: float,
    scenario: float | None,
    title: str,
    x_title: str,
    y_title: str,
    official_label: str,
    scenario_label: str,
    percent: bool = True,
    large: bool = False,
    lang: str = "vi",
) -> go.Figure:
    """Sensitivity of one criterion: how many rounds would be ready (y) as its target runs across its
    range (x), drawn as steps; the official target a solid black line, the scenario's a dashed blue
    one (when it differs)."""
    suffix = "%" if percent else ""
    fig = go.Figure(
        go.Scatter(
            x=list(targets), y=list(ready), mode="lines", line={"color": "#1565c0", "width": 4, "shape": "hv"},
            fill="tozeroy", fillcolor="rgba(21,101,192,0.12)",
            hovertemplate="%{x:,.0f}" + suffix + " → %{y:,.0f}<extra></extra>",
        )
    )  # fmt: skip
    top = max([*ready, 1])
    marks = [(official, INK, "solid", official_label)]
    if scenario is not None and abs(scenario - official) > 1e-9:
        marks.append((scenario, "#1565c0", "dash", scenario_label))
    for i, (x, colour, dash, label) in enumerate(marks):
        fig.add_vline(x=x, line={"color": colour, "dash": dash, "width": 3})
        fig.add_annotation(
            x=x, y=top * (1.12 if i == 0 else 0.97), text=label, showarrow=False, xanchor="left", xshift=6,
            font={"size": 18 if large else 14, "color": colour}, bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    tick = {"size": 18 if large else 14, "color": INK}
    fig.update_xaxes(title={"text": x_title}, ticksuffix=suffix, tickfont=tick, showgrid=False, fixedrange=True)
    fig.update_yaxes(
        title={"text": y_title}, range=[0, top * 1.25], rangemode="tozero", tickformat=",d", dtick=max(1, top // 5),
        tickfont=tick, gridcolor="#e0e0e0", zeroline=True, zerolinecolor="#9e9e9e", fixedrange=True,
    )  # fmt: skip
    fig.update_layout(showlegend=False)
    _style(fig, title, 380 if large else 320, large)
    fig.update_layout(separators=".," if lang == "en" else ",.")
    return fig


# --- end what-if charts ---
