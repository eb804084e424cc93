"""Shared fixtures: real DuckDB files in tmp_path, built from text (never a committed database)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from core.seed.bootstrap import init_database
from core.storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def initialised_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the units and default criteria, made once per test session."""
    path = tmp_path_factory.mktemp("template") / "init.duckdb"
    with Database(path) as db:
        init_database(db)
    return path


@pytest.fixture
def db_path(initialised_db_file: Path, tmp_path: Path) -> Path:
    """A fresh copy of the initialised database for one test."""
    path = tmp_path / "test.duckdb"
    shutil.copy(initialised_db_file, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    with Database(db_path) as database:
        yield database


# -- the demo database: built once, copied for each module or test that uses it ------------------


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, initialised_db_file: Path) -> Path:
    from core.seed.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as database:
        build_demo(database)
    return path


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """A copy of the demo database for one module (its tests must not write)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture(scope="module")
def demo_database(demo_file: Path) -> Iterator[Database]:
    """The module's demo database, open (its tests must not write)."""
    with Database(demo_file) as database:
        yield database


@pytest.fixture
def demo_copy(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database for one test, which the app (CHUYENHOA_DB) opens."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("CHUYENHOA_DB", str(path))
    return path


# -- browser tests: each module gets its own demo database and `streamlit run` -------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[str]:
    from tests.browser import streamlit_server

    path = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    shutil.copy(demo_template, path)
    with streamlit_server(path) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Browser]:
    from tests.browser import chromium, warm_up

    with chromium() as b:
        warm_up(b, server)
        yield b
