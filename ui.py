"""Streamlit glue shared by the pages: the database, the language, the reviewed month, cached loaders.

Loaders are cached on (database path, data version, arguments): a page rerun that nothing changed
reads from the cache; any committed write bumps the version, so an upload shows at once.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core import criteria, queries
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
def _round_status(path: str, data_version: int, month: date) -> pd.DataFrame:
    return criteria.round_status(_open(path), month)


def months() -> list[date]:
    return _months(db().path, version())


def round_status(month: date) -> pd.DataFrame:
    return _round_status(db().path, version(), month)


def reviewed_month() -> date:
    """The month under review: chosen once (sidebar), kept in the URL (?thang=YYYY-MM) across pages."""
    available = months()
    default = available[-1] if available else criteria.latest_month(db())
    chosen = default
    param = st.query_params.get("thang")
    if param:
        try:
            chosen = parse_month_arg(param)
        except ValueError:
            chosen = default
    options = available or [default]
    if chosen not in options:
        chosen = default
    picked = st.sidebar.selectbox(
        tr("overview.month"),
        options,
        index=options.index(chosen),
        format_func=lambda m: fmt_month(m, lang()),
        key="reviewed_month",
    )
    st.query_params["thang"] = month_key(picked)
    return picked


def demo_banner() -> None:
    if db().is_demo():
        st.warning(tr("demo.banner"), icon="⚠️")
