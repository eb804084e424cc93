"""State that survives page changes and lives in the URL: the reviewed month, the language, filters.

Streamlit forgets a widget's value when the user moves to another page (widget identities are per
page), and page changes drop the URL's parameters. So each such choice is kept under a key of its
own (`_<name>`), copied into the widget before it is drawn, copied back when the user changes it,
and written to the URL after. A URL value this session did not write itself (a shared link, a
first load) wins over the kept one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from core.base.formatting import fmt_month, month_key, parse_month_arg
from core.base.i18n import LANGS, t
from core.domain import criteria
from web.context import db, lang, tr
from web.loaders import months

T = TypeVar("T")


def sticky(
    name: str,
    param: str,
    parse: Callable[[str], T | None],
    default: T,
    valid: Callable[[T], bool],
) -> None:
    """Prepare the widget keyed `name`; call just before drawing it with `on_change=remember, args=(name,)`."""
    store = f"_{name}"
    raw = from_link(name, param)
    from_url = parse(raw) if raw is not None else None
    if from_url is not None and valid(from_url):
        st.session_state[store] = from_url
    elif store not in st.session_state or not valid(st.session_state[store]):
        st.session_state[store] = default
    st.session_state[name] = st.session_state[store]


def from_link(name: str, param: str) -> str | None:
    """The URL's `param` when this session did not write it itself (a shared link, a first load): it
    wins over what the session kept. None when absent or written by `to_url(name, ...)`."""
    raw = st.query_params.get(param)
    return raw if raw is not None and raw != st.session_state.get(f"_{name}_url") else None


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
