"""Files the program writes are its user's only: the database, its write-ahead log, the reports the
command line writes (they came out 0644, readable by every account on the server); and the single
sign-on secret is never committed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.storage.db import Database
from tests.conftest import ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most servers run with (022: new files 0644), put back afterwards."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_database_and_its_log_are_private(tmp_path: Path, usual_umask: None) -> None:
    path = tmp_path / "data" / "tinh.duckdb"
    with Database(path) as db:
        with db.transaction() as cur:
            cur.execute("INSERT INTO meta VALUES ('note', 'x')")
        wal = Path(str(path) + ".wal")
        assert wal.exists()
        assert (mode(path), mode(wal)) == (0o600, 0o600)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700  # the folder made for it


def test_a_database_left_readable_by_an_older_version_is_made_private(
    tmp_path: Path, initialised_db_file: Path, usual_umask: None
) -> None:
    path = tmp_path / "cu.duckdb"
    shutil.copy(initialised_db_file, path)
    path.chmod(0o644)
    with Database(path, read_only=True):
        assert mode(path) == 0o644  # a read-only open changes nothing
    with Database(path):
        assert mode(path) == 0o600


def test_the_command_line_writes_private_databases_and_reports(tmp_path: Path, demo_template: Path) -> None:
    """Run as a server would, with umask 022; a report that already exists at 0644 is rewritten 0600."""

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "core.cli", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=lambda: os.umask(0o022),
            check=False,
        )

    new = tmp_path / "moi.duckdb"
    assert cli("init", "--db", str(new)).returncode == 0
    assert mode(new) == 0o600
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, db)
    report = tmp_path / "bao-cao.xlsx"
    report.write_bytes(b"")
    report.chmod(0o644)
    made = cli("report", "--db", str(db), "--month", "2026-10", "--out", str(report))
    assert made.returncode == 0, made.stderr
    assert mode(report) == 0o600 and report.stat().st_size > 1000
    fresh = tmp_path / "bao-cao.docx"
    assert cli("report", "--db", str(db), "--month", "2026-10", "--out", str(fresh)).returncode == 0
    assert mode(fresh) == 0o600


def test_the_single_sign_on_secret_is_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
    if shutil.which("git") and (ROOT / ".git").exists():
        checked = subprocess.run(
            ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, check=False, capture_output=True
        )
        assert checked.returncode == 0
