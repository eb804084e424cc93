"""Shared fixtures: real DuckDB files in tmp_path, built from text (never a committed database)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.bootstrap import init_database
from core.db import Database

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
