"""Presentation mode: the projector's style and the meeting's agenda (overview, each area under
review, exit review) with Trước / Tiếp."""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.base.formatting import month_key
from core.domain import criteria
from web.context import lang, plain, tr
from web.loaders import round_status
from web.state import remember, reviewed_month, sticky, to_url

# Constant markup only (no data ever goes into it): hide the sidebar and toolbar, enlarge type for a
# projector at 1920x1080, and raise the contrast.
_PRESENTATION_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
[data-testid="stApp"], h1, h2, h3 { color: #000000; }
[data-testid="stApp"] { background: #ffffff !important; }
h1 { font-size: 2.6rem !important; }
h2, h3 { font-size: 1.7rem !important; }
[data-testid="stMetric"] { border: 3px solid #000000 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem !important; font-weight: 600; }
[data-testid="stMetricValue"] { font-size: 3.4rem !important; font-weight: 700; }
[data-testid="stCaptionContainer"] p { color: #222222 !important; }
</style>
"""

PRESENT_PARAM = "trinh_chieu"


def presentation_switch() -> bool:
    """Presentation mode, switched in the sidebar or opened with ?trinh_chieu=1."""
    sticky("present", PRESENT_PARAM, lambda raw: raw == "1", False, lambda v: isinstance(v, bool))
    on: bool = st.sidebar.toggle(tr("present.switch"), key="present", on_change=remember, args=("present",))
    to_url("present", PRESENT_PARAM, "1" if on else "")
    return on


def presenting() -> bool:
    return bool(st.session_state.get("_present", False))


def stop_presenting() -> None:
    st.session_state["_present"] = False
    st.session_state["_present_url"] = None
    if PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


# Constant markup: st.dataframe's own "Download as CSV" writes cells as they are, so a name that
# begins with "=" would run as a formula in Excel. Exports go through core.base.exports instead.
_BASE_CSS = """
<style>
button[aria-label="Download as CSV"] { display: none !important; }
</style>
"""


def apply_presentation_style() -> None:
    st.html(_BASE_CSS)
    if presenting():
        st.html(_PRESENTATION_CSS)


# The meeting's agenda in presentation mode: the overview, each area under review, the exit review.
OVERVIEW_PAGE = "pages/overview.py"

AREA_PAGE = "pages/area.py"

EXIT_PAGE = "pages/exit_review.py"

PAGE_PATHS = {"tong-quan": OVERVIEW_PAGE, "dia-ban": AREA_PAGE, "xet-ra-khoi-dien": EXIT_PAGE}


def agenda(month: date) -> list[tuple[str, str | None, str]]:
    """The steps: (page, area code or None, label)."""
    status = round_status(month)
    under_review = status[status["status"].isin([criteria.IN_PROGRESS, criteria.READY, criteria.RELAPSED])]
    steps: list[tuple[str, str | None, str]] = [(OVERVIEW_PAGE, None, tr("nav.overview"))]
    steps += [
        (AREA_PAGE, str(code), str(name))
        for code, name in zip(under_review["area_code"], under_review["area_name"], strict=True)
    ]
    steps.append((EXIT_PAGE, None, tr("nav.exit")))
    return steps


def _go(step: tuple[str, str | None, str], month: date) -> None:
    page, code, _ = step
    params = {"thang": month_key(month), "lang": lang(), PRESENT_PARAM: "1"}
    if code:
        params["ma"] = code
    st.switch_page(page, query_params=params)


def agenda_bar(url_path: str) -> None:
    """Previous / next through the agenda, and a way out of presentation mode."""
    if not presenting():
        return
    month = reviewed_month()
    steps = agenda(month)
    page = PAGE_PATHS.get(url_path, OVERVIEW_PAGE)
    code = st.query_params.get("ma") if page == AREA_PAGE else None
    current = next((i for i, (p, c, _) in enumerate(steps) if p == page and (c == code or page != AREA_PAGE)), 0)
    left, middle, right, out = st.columns([1.2, 5, 1.2, 1.2], vertical_alignment="center")
    if left.button(tr("present.previous"), disabled=current == 0, width="stretch", key="agenda_prev"):
        _go(steps[current - 1], month)
    middle.markdown(
        f"**{tr('present.step', k=current + 1, n=len(steps))}** · {plain(steps[current][2])}"
        + (f" → {plain(steps[current + 1][2])}" if current + 1 < len(steps) else "")
    )
    if right.button(
        tr("present.next"), disabled=current + 1 >= len(steps), type="primary", width="stretch", key="agenda_next"
    ):
        _go(steps[current + 1], month)
    if out.button(tr("present.exit"), width="stretch", key="agenda_exit"):
        stop_presenting()
        st.rerun()
