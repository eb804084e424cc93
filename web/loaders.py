"""Cached loaders: what the pages read from `core`, cached on (database file, data version, scope,
arguments).

A page rerun that nothing changed reads from the cache; any committed write bumps the data version,
so an upload shows at once. What a scope's loader computed is shared with every user of the same
scope (province, commune), never with another. One helper, `cached`, makes every loader: a loader is
a plain function of the database (and, when `scoped`, of the user's scope) and hashable arguments;
the helper threads the file, the version and the scope, so no page handles them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.access.scope import Scope
from core.domain import criteria, tasks
from core.storage.db import Database
from core.views import overview, queries
from web.context import db, lang, open_db, version
from web.session import scope as session_scope


def cached(*, scoped: bool = False, max_entries: int = 32) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make `func(database, *args)` (with `scoped`: `func(database, scope, *args)`, the session user's
    scope) a loader called as `loader(*args)`, cached on (database file, data version[, scope], args)."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        def load(path: str, data_version: int, province: str | None, commune: str | None, *args: Any) -> Any:
            database = open_db(path)
            return func(database, Scope(province, commune), *args) if scoped else func(database, *args)

        # Streamlit keys a cache on the function's module and qualified name: one cache per loader.
        load.__module__ = func.__module__
        load.__qualname__ = f"{func.__qualname__}.<cached>"
        cache = st.cache_data(show_spinner=False, max_entries=max_entries)(load)

        @functools.wraps(func)
        def call(*args: Any) -> Any:
            where = session_scope() if scoped else Scope()
            return cache(db().path, version(), where.province, where.commune, *args)

        return call

    return wrap


@cached(max_entries=64)
def months(database: Database) -> list[date]:
    """The months with figures, oldest first."""
    return queries.months_with_data(database)


@cached(max_entries=64)
def _evaluation(database: Database, scope: Scope, month: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    with database.snapshot() as snap:
        results = criteria.criterion_results(snap, month, scope=scope)
        return results, criteria.round_status(snap, month, results=results, scope=scope)


def evaluation(month: date, scope: Scope | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Criterion results and round status in a scope (by default the user's), from one committed state
    (an upload committing meanwhile is in both or in neither). A download, built on a server thread
    for the account as it is then, passes its scope."""
    evaluated: tuple[pd.DataFrame, pd.DataFrame] = _evaluation(session_scope() if scope is None else scope, month)
    return evaluated


def criterion_results(month: date, scope: Scope | None = None) -> pd.DataFrame:
    return evaluation(month, scope)[0]


def round_status(month: date, scope: Scope | None = None) -> pd.DataFrame:
    return evaluation(month, scope)[1]


@cached(max_entries=16)
def settings(database: Database) -> dict[str, float]:
    return {key: overview.setting(database, key) for key in overview.SETTINGS_DEFAULTS}


@cached(scoped=True, max_entries=16)
def _matrix_cells(
    database: Database, scope: Scope, month: date, language: str, amber_margin: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return overview.matrix_cells(criterion_results(month), amber_margin, language)


def matrix_cells(month: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's matrix at `month`: cell texts and red-amber-green, round x criterion."""
    cells: tuple[pd.DataFrame, pd.DataFrame] = _matrix_cells(month, lang(), settings()["amber_margin"])
    return cells


@cached(scoped=True, max_entries=16)
def province_names(database: Database, scope: Scope) -> dict[str, str]:
    return queries.province_names(database, Scope(scope.province))


@cached(max_entries=4)
def _indicator_labels(database: Database, language: str) -> dict[str, str]:
    return queries.indicator_labels(database, language)


def indicator_labels() -> dict[str, str]:
    """Indicator code -> its name in the session's language, with its unit."""
    labels: dict[str, str] = _indicator_labels(lang())
    return labels


@cached(max_entries=8)
def criteria_names(database: Database, language: str) -> dict[str, str]:
    """Criterion code -> its full name in `language`."""
    table = criteria.criteria_table(database)
    return dict(zip(table["code"], table["name_en" if language == "en" else "name_vi"], strict=True))


@cached(scoped=True, max_entries=16)
def open_tasks(database: Database, scope: Scope, month: date, today: date) -> pd.DataFrame:
    """The tasks still open from the meetings up to `month`."""
    return tasks.open_tasks(database, month, scope, today)


@cached(scoped=True, max_entries=32)
def area_tasks(database: Database, scope: Scope, code: str, month: date, today: date) -> pd.DataFrame:
    """An area's tasks (and its villages') still open or done in `month`."""
    return tasks.of_area(database, code, month, scope, today)
