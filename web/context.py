"""The session's database and language, and how a value from data or the URL is shown as text."""

from __future__ import annotations

import streamlit as st

from core.base.i18n import LANGS, t
from core.base.text import escape_markdown, shorten
from core.storage.db import Database, db_path_from_env


def refuse_cache_clearing() -> None:
    """Ignore Streamlit's "clear cache" message, once per process (app.py calls this first).

    Any browser can send it over the app's websocket (the toolbar's "Clear cache", which
    client.toolbarMode = "viewer" hides, or by hand), and Streamlit's handler empties st.cache_data and
    st.cache_resource for every user of the server: 20 a second kept every overview at 1.3-3.8 s
    instead of 0.4 s, and dropped the one shared database connection. Streamlit 1.67 has no setting to
    turn it off, so its handler (AppSession._handle_clear_cache_request) is replaced by one that does
    nothing. Nobody needs it: every loader here is keyed on the data version, so a write shows at once."""
    from streamlit.runtime.app_session import AppSession

    def ignore(session: AppSession) -> None:
        return None

    if getattr(AppSession._handle_clear_cache_request, "__name__", "") != "ignore":
        AppSession._handle_clear_cache_request = ignore  # type: ignore[method-assign]


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


def plain(value: object) -> str:
    """A value from data or the URL (a name, a file name, a decision number, a message quoting one) as
    literal text wherever Streamlit reads Markdown: titles, captions, markdown, alerts, metric, tab,
    expander, popover and button labels, help tooltips and st.table cells. "[x](http://a)" stays those
    characters, not a link; "$x$" is not a formula. Selectboxes and st.dataframe show text as it is and
    need nothing (escaped there, the backslashes would show)."""
    return escape_markdown(str(value))


URL_SHOWN_CHARS = 80  # a value from the address is quoted back at most this long (a link may carry 100 KB)


def plain_url(value: object) -> str:
    """A value from the address, quoted back to the user: as text (`plain`), and cut to
    URL_SHOWN_CHARS characters with "…"."""
    return plain(shorten(str(value), URL_SHOWN_CHARS))


def version() -> int:
    return db().data_version()
