"""Streamlit glue shared by the pages: the database, the language, the reviewed month, cached loaders.

Loaders are cached on (database path, data version, arguments): a page rerun that nothing changed
reads from the cache; any committed write bumps the version, so an upload shows at once.
"""

from __future__ import annotations

from datetime import date

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


def lang() -> str:
    value = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def tr(key: str, **kwargs: object) -> str:
    return t(key, lang(), **kwargs)


def version() -> int:
    return db().data_version()


@st.cache_data(show_spinner=False, max_entries=64)
def _months(path: str, data_version: int) -> list[date]:
    return queries.months_with_data(_open(path))


@st.cache_data(show_spinner=False, max_entries=64)
def _criterion_results(path: str, data_version: int, month: date) -> pd.DataFrame:
    return criteria.criterion_results(_open(path), month)


@st.cache_data(show_spinner=False, max_entries=64)
def _round_status(path: str, data_version: int, month: date) -> pd.DataFrame:
    database = _open(path)
    return criteria.round_status(database, month, results=_criterion_results(path, data_version, month))


@st.cache_data(show_spinner=False, max_entries=16)
def _settings(path: str, data_version: int) -> dict[str, float]:
    database = _open(path)
    return {key: overview.setting(database, key) for key in overview.SETTINGS_DEFAULTS}


def months() -> list[date]:
    return _months(db().path, version())


def round_status(month: date) -> pd.DataFrame:
    return _round_status(db().path, version(), month)


def criterion_results(month: date) -> pd.DataFrame:
    return _criterion_results(db().path, version(), month)


@st.cache_data(show_spinner=False, max_entries=4)
def _province_names(path: str, data_version: int) -> dict[str, str]:
    return queries.province_names(_open(path))


def province_names() -> dict[str, str]:
    return _province_names(db().path, version())


def settings() -> dict[str, float]:
    return _settings(db().path, version())


def url_list(name: str) -> list[str]:
    """A multi-valued filter kept in the URL as comma-separated values."""
    raw = st.query_params.get(name, "")
    return [v for v in raw.split(",") if v]


def set_url_list(name: str, values: list[str]) -> None:
    if values:
        st.query_params[name] = ",".join(values)
    elif name in st.query_params:
        del st.query_params[name]


def reviewed_month() -> date:
    """The month under review: chosen once (sidebar), kept across pages and in the URL (?thang=YYYY-MM)."""
    available = months()
    default = available[-1] if available else criteria.latest_month(db())
    options = available or [default]
    key = "reviewed_month"
    param = st.query_params.get("thang")
    from_url = None
    if param:
        try:
            from_url = parse_month_arg(param)
        except ValueError:
            from_url = None
    # A month in the URL that this session did not write itself (a shared link, a first load) wins;
    # otherwise the widget does.
    if from_url in options and param != st.session_state.get("_thang_written"):
        st.session_state[key] = from_url
    elif st.session_state.get(key) not in options:
        st.session_state[key] = default
    picked: date = st.sidebar.selectbox(
        tr("overview.month"), options, format_func=lambda m: fmt_month(m, lang()), key=key
    )
    written = month_key(picked)
    st.query_params["thang"] = written
    st.session_state["_thang_written"] = written
    return picked


def demo_banner() -> None:
    if db().is_demo():
        st.warning(tr("demo.banner"), icon="⚠️")


# -- presentation mode ---------------------------------------------------------------------------

# Constant markup only (no data ever goes into it): hide the sidebar and toolbar, enlarge type for a
# projector at 1920x1080, and raise the contrast.
_PRESENTATION_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
body, [data-testid="stApp"], p, li, label, h1, h2, h3 { color: #000000 !important; }
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


def presenting() -> bool:
    """Presentation mode: switched in the sidebar, or opened with ?trinh_chieu=1."""
    param = st.query_params.get(PRESENT_PARAM)
    if param is not None:
        st.session_state["present"] = param == "1"
    return bool(st.session_state.get("present", False))


def set_presenting(on: bool) -> None:
    st.session_state["present"] = on
    if on:
        st.query_params[PRESENT_PARAM] = "1"
    elif PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


def apply_presentation_style() -> None:
    if presenting():
        st.html(_PRESENTATION_CSS)
