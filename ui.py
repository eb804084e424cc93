"""Streamlit glue shared by the pages: the database, the language, the reviewed month, cached loaders.

Loaders are cached on (database path, data version, arguments): a page rerun that nothing changed
reads from the cache; any committed write bumps the version, so an upload shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from core import criteria, overview, queries
from core.db import Database, db_path_from_env
from core.formatting import fmt_month, month_key, parse_month_arg
from core.i18n import LANGS, t


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path)


def db() -> Database:
    return _open(db_path_from_env())


def open_db(path: str) -> Database:
    """The process's one connection to the file at `path` (for cached loaders keyed on the path)."""
    return _open(path)


def lang() -> str:
    value = st.session_state.get("_lang") or st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def tr(key: str, **kwargs: object) -> str:
    return t(key, lang(), **kwargs)


def version() -> int:
    return db().data_version()


@st.cache_data(show_spinner=False, max_entries=64)
def _months(path: str, data_version: int) -> list[date]:
    return queries.months_with_data(_open(path))


@st.cache_data(show_spinner=False, max_entries=64)
def _evaluation(path: str, data_version: int, month: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Criterion results and round status from one committed state (an upload committing meanwhile
    is in both or in neither)."""
    with _open(path).snapshot() as snap:
        results = criteria.criterion_results(snap, month)
        return results, criteria.round_status(snap, month, results=results)


def _criterion_results(path: str, data_version: int, month: date) -> pd.DataFrame:
    return _evaluation(path, data_version, month)[0]


def _round_status(path: str, data_version: int, month: date) -> pd.DataFrame:
    return _evaluation(path, data_version, month)[1]


@st.cache_data(show_spinner=False, max_entries=16)
def _matrix_cells(
    path: str, data_version: int, month: date, language: str, amber_margin: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return overview.matrix_cells(_criterion_results(path, data_version, month), amber_margin, language)


def matrix_cells(month: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's matrix at `month`: cell texts and red-amber-green, round x criterion (cached)."""
    return _matrix_cells(db().path, version(), month, lang(), settings()["amber_margin"])


@st.cache_data(show_spinner=False, max_entries=16)
def _settings(path: str, data_version: int) -> dict[str, float]:
    database = _open(path)
    return {key: overview.setting(database, key) for key in overview.SETTINGS_DEFAULTS}


def months() -> list[date]:
    return _months(db().path, version())


def cached_round_status(path: str, data_version: int, month: date) -> pd.DataFrame:
    """`round_status` from the cache, for pages' own cached loaders (keyed on path and version)."""
    return _round_status(path, data_version, month)


def round_status(month: date) -> pd.DataFrame:
    return _round_status(db().path, version(), month)


def criterion_results(month: date) -> pd.DataFrame:
    return _criterion_results(db().path, version(), month)


@st.cache_data(show_spinner=False, max_entries=4)
def _province_names(path: str, data_version: int) -> dict[str, str]:
    return queries.province_names(_open(path))


@st.cache_data(show_spinner=False, max_entries=4)
def _indicator_labels(path: str, data_version: int, language: str) -> dict[str, str]:
    return queries.indicator_labels(_open(path), language)


def indicator_labels() -> dict[str, str]:
    """Indicator code -> its name in the session's language, with its unit."""
    return _indicator_labels(db().path, version(), lang())


@st.cache_data(show_spinner=False, max_entries=8)
def _criteria_names(path: str, data_version: int, language: str) -> dict[str, str]:
    table = criteria.criteria_table(_open(path))
    return dict(zip(table["code"], table["name_en" if language == "en" else "name_vi"], strict=True))


def criteria_names(language: str) -> dict[str, str]:
    """Criterion code -> its full name in `language`."""
    return _criteria_names(db().path, version(), language)


def province_names() -> dict[str, str]:
    return _province_names(db().path, version())


def settings() -> dict[str, float]:
    return _settings(db().path, version())


# -- state that survives page changes and lives in the URL ----------------------------------------
#
# Streamlit forgets a widget's value when the user moves to another page (widget identities are per
# page), and page changes drop the URL's parameters. So each such choice is kept under a key of its
# own (`_<name>`), copied into the widget before it is drawn, copied back when the user changes it,
# and written to the URL after. A URL value this session did not write itself (a shared link, a
# first load) wins over the kept one.

T = TypeVar("T")


def sticky(
    name: str,
    param: str,
    parse: Callable[[str], T | None],
    default: T,
    valid: Callable[[T], bool],
) -> None:
    """Prepare the widget keyed `name`; call just before drawing it with `on_change=remember, args=(name,)`."""
    store, written = f"_{name}", f"_{name}_url"
    raw = st.query_params.get(param)
    from_url = parse(raw) if raw is not None else None
    if from_url is not None and valid(from_url) and raw != st.session_state.get(written):
        st.session_state[store] = from_url
    elif store not in st.session_state or not valid(st.session_state[store]):
        st.session_state[store] = default
    st.session_state[name] = st.session_state[store]


def remember(name: str) -> None:
    st.session_state[f"_{name}"] = st.session_state[name]


def to_url(name: str, param: str, raw: str) -> None:
    """Write the widget's value to the URL (an empty value removes the parameter)."""
    if raw:
        st.query_params[param] = raw
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[f"_{name}_url"] = raw or None


def sticky_multiselect(
    label: str,
    options: list[str],
    name: str,
    param: str,
    format_func: Callable[[str], str],
    container: Any = None,
) -> list[str]:
    """A multiselect filter kept across pages and in the URL as comma-separated values."""

    def parse(raw: str) -> list[str] | None:
        return [v for v in raw.split(",") if v]

    sticky(name, param, parse, [], lambda values: all(v in options for v in values))
    target = container if container is not None else st
    labels = {option: format_func(option) for option in options}  # formatted now, in this run's language
    chosen: list[str] = target.multiselect(
        label,
        options,
        format_func=labels.__getitem__,
        placeholder=tr("filter.all"),
        key=name,
        on_change=remember,
        args=(name,),
    )
    to_url(name, param, ",".join(chosen))
    return chosen


def sticky_selectbox(
    label: str,
    options: list[T],
    name: str,
    param: str,
    labels: dict[T, str],
    parse: Callable[[str], T | None],
    default: T,
    serialise: Callable[[T], str] = str,
    container: Any = None,
) -> T:
    """A selectbox kept across pages and in the URL (see `sticky`), with labels formatted now, in this
    run's language."""
    sticky(name, param, parse, default, lambda value: value in options)
    target = container if container is not None else st
    picked: T = target.selectbox(
        label, options, format_func=labels.__getitem__, key=name, on_change=remember, args=(name,)
    )
    to_url(name, param, serialise(picked))
    return picked


def reviewed_month() -> date:
    """The month under review, as chosen in the sidebar (see `month_switch`)."""
    kept = st.session_state.get("_reviewed_month")
    return kept if isinstance(kept, date) else month_switch()


def month_switch() -> date:
    """The month under review: chosen once (sidebar, drawn by app.py), kept across pages and in the
    URL (?thang=YYYY-MM)."""
    available = months()
    default = available[-1] if available else criteria.latest_month(db())
    options = available or [default]

    def parse(raw: str) -> date | None:
        try:
            return parse_month_arg(raw)
        except ValueError:
            return None

    labels = {m: fmt_month(m, lang()) for m in options}
    return sticky_selectbox(
        tr("overview.month"), options, "reviewed_month", "thang", labels, parse, default, month_key, st.sidebar
    )


def demo_banner() -> None:
    database = db()
    if database.is_demo():
        st.warning(tr("demo.banner"), icon="⚠️")
    elif database.get_meta("synthetic") is not None:  # `python -m core.cli generate`
        st.warning(tr("synthetic.banner"), icon="⚠️")


def page_header(title: str, caption: str, flash_key: str | None = None) -> None:
    """A page's title and caption, the demo banner, and the message a write left before its rerun."""
    st.title(title)
    st.caption(caption)
    demo_banner()
    flash = st.session_state.pop(flash_key, None) if flash_key else None
    if flash:
        st.success(flash)


# -- presentation mode ---------------------------------------------------------------------------

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


def language_switch() -> str:
    """Tiếng Việt / English, in the sidebar; kept across pages and in the URL (?lang=en)."""
    sticky("lang", "lang", lambda raw: raw if raw in LANGS else None, "vi", lambda v: v in LANGS)
    chosen: str = st.sidebar.radio(
        t("sidebar.language"),
        LANGS,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        horizontal=True,
        key="lang",
        on_change=remember,
        args=("lang",),
    )
    to_url("lang", "lang", chosen)
    return chosen


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


def apply_presentation_style() -> None:
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
        f"**{tr('present.step', k=current + 1, n=len(steps))}** · {steps[current][2]}"
        + (f" → {steps[current + 1][2]}" if current + 1 < len(steps) else "")
    )
    if right.button(
        tr("present.next"), disabled=current + 1 >= len(steps), type="primary", width="stretch", key="agenda_next"
    ):
        _go(steps[current + 1], month)
    if out.button(tr("present.exit"), width="stretch", key="agenda_exit"):
        stop_presenting()
        st.rerun()
