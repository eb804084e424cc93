"""Twenty sessions reading while an upload commits: no errors, and every read sees the whole upload or
none of it. Small scale (generated data), one shared `Database` as in the app: a cursor per read, one
writer (core.importer) in another thread."""

from __future__ import annotations

import shutil
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core import importer
from core.domain import criteria
from core.geo import maps
from core.seed.demo import LAST_MONTH
from core.seed.generate import generate
from core.storage.db import Database
from core.views import queries

READERS = 20
MONTH = LAST_MONTH


def upload_csv(db: Database) -> bytes:
    """Every round's area reports, for the last month, 6 crimes of which none solved (C02 fails) and
    one more gang (C06): many rounds change state."""
    codes = [str(c) for (c,) in db.query_rows("SELECT DISTINCT area_code FROM rounds ORDER BY 1")]
    month = f"{MONTH.month:02d}/{MONTH.year}"
    lines = ["ma_dia_ban,thang,chi_so,gia_tri"]
    for code in codes:
        lines += [f"{code},{month},crimes,6", f"{code},{month},crimes_solved,0", f"{code},{month},gangs,1"]
    return ("\n".join(lines) + "\n").encode()


def fingerprint(db: Database) -> dict[str, Any]:
    """What the pages read, each through the code they use."""
    count, total = db.query_rows("SELECT count(*), sum(value) FROM indicator_values")[0]
    status = criteria.round_status(db, MONTH)
    return {
        "values": (int(count), float(total)),
        "status": tuple(zip(status["round_id"], status["status"], status["failed"], strict=True)),
        "months": tuple(queries.months_with_data(db)),
        "hotspots": len(maps.hotspot_points(db, MONTH)),
    }


@pytest.fixture
def before_and_after(initialised_db_file: Path, tmp_path: Path) -> tuple[Path, bytes, dict[str, Any], dict[str, Any]]:
    path = tmp_path / "shared.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as db:
        generate(db, communes=40, months=12, villages_per_commune=2, hotspots=100)
        content = upload_csv(db)
        before = fingerprint(db)
    after_path = tmp_path / "after.duckdb"
    shutil.copy(path, after_path)
    with Database(after_path) as db:
        plan = importer.plan_import(db, content, "so_lieu.csv", today=date(2026, 12, 1))
        assert plan.ok, plan.problems[:3]
        importer.commit_import(db, plan)
        after = fingerprint(db)
    assert before["values"] != after["values"] and before["status"] != after["status"]
    return path, content, before, after


def test_twenty_readers_see_all_of_an_upload_or_none(
    before_and_after: tuple[Path, bytes, dict[str, Any], dict[str, Any]],
) -> None:
    path, content, before, after = before_and_after
    db = Database(path)
    errors: list[BaseException] = []
    seen: list[list[str]] = [[] for _ in range(READERS)]
    started = threading.Barrier(READERS + 1)
    committed = threading.Event()

    def read(i: int) -> None:
        try:
            started.wait(timeout=60)
            reads_after_commit = 0
            deadline = time.monotonic() + 120
            while reads_after_commit < 2 and time.monotonic() < deadline:
                done = committed.is_set()  # read before the reads: a read that begins after the commit
                found = fingerprint(db)
                # Each read (a page's loader) sees one committed state; two reads may straddle the commit.
                for name, value in found.items():
                    if value not in (before[name], after[name]):
                        errors.append(AssertionError(f"reader {i} saw a half-written {name}: {str(value)[:200]}"))
                seen[i].append("before" if found == before else "after" if found == after else "straddling")
                reads_after_commit += done
        except BaseException as exc:  # collected, the test fails on them below
            errors.append(exc)

    def write() -> None:
        try:
            started.wait(timeout=60)
            time.sleep(0.2)  # let every reader be in the middle of reading
            plan = importer.plan_import(db, content, "so_lieu.csv", today=date(2026, 12, 1))
            importer.commit_import(db, plan)
        except BaseException as exc:
            errors.append(exc)
        finally:
            committed.set()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    try:
        assert not any(thread.is_alive() for thread in threads)
        assert errors == []
        assert all(kinds and kinds[-1] == "after" for kinds in seen), "every reader ends on the committed upload"
        assert sum(kinds.count("before") for kinds in seen) >= READERS, "readers were reading before the commit"
        assert fingerprint(db) == after
        assert db.query_value("SELECT count(*) FROM uploads WHERE kind = 'indicators'") == 1
    finally:
        db.close()
