"""indicator_values without its primary key (migration 007): an older file is upgraded with its values
and files kept; one value per (area, month, indicator) still holds through imports, corrections, undo
and redo, and when two imports of the same new keys commit at the same moment."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.importer import ImportPlan, ImportResult, commit_import, import_file, plan_import
from core.importer.uploads import correct_values, history, undo, upload_content, value_grid
from core.storage import db as dbmod
from core.storage.db import SCHEMA_VERSION, Database
from tests.helpers import staff

TODAY = date(2026, 11, 1)
SIN_HO, QUYNH_NHAI = "03478", "03703"
Key = tuple[str, date, str]

UNIQUE = "SELECT count(*) = count(DISTINCT (area_code, month, indicator)) FROM indicator_values"


def stored(db: Database) -> dict[Key, float]:
    rows = db.query_rows("SELECT area_code, month, indicator, value FROM indicator_values")
    found = {(str(a), m, str(i)): float(v) for a, m, i, v in rows}
    assert len(found) == len(rows), "a key is stored twice"
    return found


def assert_unique(db: Database) -> None:
    assert db.query_value(UNIQUE) is True


def long_csv(*rows: tuple[str, str, str, float]) -> bytes:
    lines = ["ma_dia_ban,thang,chi_so,gia_tri", *(f"{a},{m},{i},{v:g}" for a, m, i, v in rows)]
    return ("\n".join(lines) + "\n").encode()


def committed(outcome: ImportResult | ImportPlan) -> ImportResult:
    assert isinstance(outcome, ImportResult), getattr(outcome, "problems", outcome)
    return outcome


# -- the migration -------------------------------------------------------------------------------


def build_version_6(path: Path) -> None:
    """A file as version 6 of the schema left it, built by applying the shipped migrations up to 006
    the way `Database.migrate` does, on a bare DuckDB connection."""
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "CREATE TABLE schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        for version, name, sql in dbmod.migrations():
            if version > 6:
                continue
            con.execute(sql)
            if version == 1:
                con.execute("INSERT INTO meta VALUES ('data_version', '0')")
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    finally:
        con.close()


OLD_FILE = b"ma_dia_ban,thang,chi_so,gia_tri\r\n03478,01/2024,crimes,3\r\n03478,02/2024,crimes,2\r\n" * 50


def test_a_version_6_file_is_upgraded_with_its_values_and_raw_files(tmp_path: Path) -> None:
    path = tmp_path / "v6.duckdb"
    build_version_6(path)
    rows = [
        (area, date(2024, month, 1), indicator, float(month * 10 + n), 1)
        for area in (QUYNH_NHAI, SIN_HO)
        for month in (3, 1, 2)
        for n, indicator in enumerate(("gangs", "crimes"))
    ]
    con = duckdb.connect(str(path))
    try:
        assert con.execute(
            "SELECT count(*) FROM duckdb_constraints() "
            "WHERE table_name = 'indicator_values' AND constraint_type = 'PRIMARY KEY'"
        ).fetchone() == (1,)
        con.execute(
            "INSERT INTO uploads (kind, file_name, sha256, content, uploaded_by, rows_total, rows_added) "
            "VALUES ('indicators', 'cu.csv', 'x', ?, 'canbo', ?, ?)",
            [OLD_FILE, len(rows), len(rows)],
        )
        con.executemany("INSERT INTO indicator_values VALUES (?, ?, ?, ?, ?)", rows)
        con.executemany(
            "INSERT INTO value_changes VALUES (1, ?, ?, ?, NULL, ?)", [[a, m, i, v] for a, m, i, v, _ in rows]
        )
    finally:
        con.close()

    with Database(path) as db:
        assert db.schema_version() == SCHEMA_VERSION >= 7
        assert sorted(db.query_rows("SELECT * FROM indicator_values")) == sorted(rows)
        # Copied in key order, as the generator writes them.
        in_file_order = db.query_rows("SELECT area_code, month, indicator FROM indicator_values ORDER BY rowid")
        assert in_file_order == sorted(in_file_order)
        constraints = db.query_rows(
            "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'indicator_values'"
        )
        assert sorted(c for (c,) in constraints) == ["NOT NULL"] * 4  # area_code, month, indicator, value
        assert upload_content(db, 1) == ("cu.csv", OLD_FILE)  # kept raw, byte for byte
        assert db.query_rows("SELECT content_codec, content_size FROM uploads WHERE id = 1") == [(None, len(OLD_FILE))]
        assert history(db)["size"].tolist() == [len(OLD_FILE)]
        # Undo of the old upload still works on the copied table.
        undo(db, 1)
        assert stored(db) == {}
        # Without the key, a duplicate is no longer refused by the database: the writers keep keys unique.
        with db.transaction() as cur:
            for _ in range(2):
                cur.execute("INSERT INTO indicator_values VALUES (?, ?, 'crimes', 1, NULL)", [SIN_HO, date(2024, 1, 1)])
        assert db.query_value(UNIQUE) is False


def test_demo_and_generated_data_have_one_value_per_key(demo_template: Path, db: Database) -> None:
    from core.seed.generate import generate

    with Database(demo_template, read_only=True) as demo:
        assert demo.query_value("SELECT count(*) FROM indicator_values") > 0
        assert_unique(demo)
    generate(db, communes=12, months=12, villages_per_commune=1, hotspots=10)
    assert db.query_value("SELECT count(*) FROM indicator_values") > 0
    assert_unique(db)


# -- one value per key through every writer ------------------------------------------------------


def test_one_value_per_key_through_imports_corrections_undo_and_redo(db: Database) -> None:
    expected: dict[Key, float] = {}
    jan, feb, mar, apr = (date(2024, m, 1) for m in (1, 2, 3, 4))

    def check() -> None:
        assert_unique(db)
        assert stored(db) == expected

    first = long_csv(
        (SIN_HO, "01/2024", "crimes", 3),
        (SIN_HO, "02/2024", "crimes", 2),
        (QUYNH_NHAI, "01/2024", "gangs", 0),
    )
    a = committed(import_file(db, first, "thang1-2.csv", today=TODAY))
    expected |= {(SIN_HO, jan, "crimes"): 3, (SIN_HO, feb, "crimes"): 2, (QUYNH_NHAI, jan, "gangs"): 0}
    check()

    # A later month, a changed value and an unchanged one.
    second = long_csv(
        (SIN_HO, "02/2024", "crimes", 5),
        (SIN_HO, "03/2024", "crimes", 1),
        (QUYNH_NHAI, "01/2024", "gangs", 0),
    )
    b = committed(import_file(db, second, "thang2-3.csv", today=TODAY))
    assert (b.rows_added, b.rows_changed, b.rows_unchanged) == (1, 1, 1)
    expected |= {(SIN_HO, feb, "crimes"): 5, (SIN_HO, mar, "crimes"): 1}
    check()

    # The same file again writes nothing; the same figures in another file change nothing.
    assert committed(import_file(db, second, "thang2-3.csv", today=TODAY)).already_imported
    same = committed(import_file(db, second.replace(b"\n", b"\r\n"), "lai.csv", today=TODAY))
    assert (same.rows_added, same.rows_changed, same.rows_unchanged) == (0, 0, 3)
    check()

    # A cell corrected twice, and a new one added, each from the grid as it stands.
    for value in (7, 9):
        grid = value_grid(db, SIN_HO, jan, apr)
        edited = grid.copy()
        edited.loc[pd.Timestamp(feb), "crimes"] = value
        edited.loc[pd.Timestamp(apr), "gangs"] = 1
        correct_values(db, SIN_HO, grid, edited, actor=staff("canbo"))
        expected |= {(SIN_HO, feb, "crimes"): value, (SIN_HO, apr, "gangs"): 1}
        check()
    corrections = history(db).query("kind == 'correction'")["id"].tolist()
    assert len(corrections) == 2

    # A correction made from a grid that did not show a value stored meanwhile replaces it.
    stale = value_grid(db, SIN_HO, jan, apr)
    c = committed(import_file(db, long_csv((SIN_HO, "04/2024", "crimes", 4)), "thang4.csv", today=TODAY))
    edited = stale.copy()
    edited.loc[pd.Timestamp(apr), "crimes"] = 6
    late = correct_values(db, SIN_HO, stale, edited, actor=staff("canbo"))
    expected[(SIN_HO, apr, "crimes")] = 6
    check()

    # The correction recorded the value stored when it was saved (4), not the blank its grid showed.
    assert late.changed == 1 and db.query_rows(
        "SELECT old_value, new_value FROM value_changes WHERE upload_id = ?", [late.upload_id]
    ) == [(4.0, 6.0)]

    # Undo, newest first, back to the first file: undoing the correction puts the import's 4 back.
    undo(db, int(late.upload_id or 0))
    expected[(SIN_HO, apr, "crimes")] = 4
    check()
    undo(db, int(c.upload_id or 0))
    expected.pop((SIN_HO, apr, "crimes"))
    check()
    undo(db, corrections[0])  # the second correction: back to 7, gangs stays from the first
    expected[(SIN_HO, feb, "crimes")] = 7
    check()
    undo(db, corrections[1])
    expected[(SIN_HO, feb, "crimes")] = 5
    expected.pop((SIN_HO, apr, "gangs"))
    check()
    undo(db, int(same.upload_id or 0))
    undo(db, int(b.upload_id or 0))
    expected[(SIN_HO, feb, "crimes")] = 2
    expected.pop((SIN_HO, mar, "crimes"))
    check()

    # Redo: the undone file imported again writes its values once more.
    again = committed(import_file(db, second, "thang2-3.csv", today=TODAY))
    assert not again.already_imported and (again.rows_added, again.rows_changed) == (1, 1)
    expected |= {(SIN_HO, feb, "crimes"): 5, (SIN_HO, mar, "crimes"): 1}
    check()
    undo(db, int(again.upload_id or 0))
    undo(db, int(a.upload_id or 0))
    expected.clear()
    check()


# -- two imports of the same new keys at the same moment ------------------------------------------


def commit_at_once(commits: list[tuple[Database, ImportPlan]]) -> dict[int, ImportResult]:
    """Commit each plan in a thread of its own, all released at the same moment (a barrier)."""
    barrier = threading.Barrier(len(commits))
    results: dict[int, ImportResult] = {}
    errors: list[BaseException] = []

    def commit(i: int, database: Database, plan: ImportPlan) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = commit_import(database, plan)
        except BaseException as exc:  # collected, the test fails on them below
            errors.append(exc)

    threads = [threading.Thread(target=commit, args=(i, d, p)) for i, (d, p) in enumerate(commits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(results) == len(commits)
    return results


@pytest.mark.parametrize("databases", ["one Database", "two Databases on the file"])
def test_two_imports_committing_at_once_store_each_key_once(db_path: Path, databases: str) -> None:
    first = Database(db_path)
    second = first if databases == "one Database" else Database(db_path)
    try:
        for n, month in enumerate(("05/2024", "06/2024", "07/2024")):
            keys = [(area, month, indicator) for area in (SIN_HO, QUYNH_NHAI) for indicator in ("crimes", "gangs")]
            files = [long_csv(*((a, m, i, float(10 * writer + 1)) for a, m, i in keys)) for writer in (1, 2)]
            # Both plans are made before either commits: each sees the keys as new.
            plans = [
                plan_import(database, content, f"tinh{writer}-{n}.csv", today=TODAY)
                for writer, (database, content) in enumerate(zip((first, second), files, strict=True), start=1)
            ]
            assert all(p.ok and p.rows_added == len(keys) for p in plans)
            results = commit_at_once(list(zip((first, second), plans, strict=True)))
            assert_unique(first)
            # The one that committed second compared again inside its transaction: it changed the keys.
            early, late = sorted(results.values(), key=lambda r: int(r.upload_id or 0))
            assert (early.rows_added, early.rows_changed) == (len(keys), 0)
            assert (late.rows_added, late.rows_changed) == (0, len(keys))
            winner = 11.0 if late is results[0] else 21.0
            month_date = date(2024, 5 + n, 1)
            found = {k: v for k, v in stored(second).items() if k[1] == month_date}
            assert found == {(a, month_date, i): winner for a, _, i in keys}
    finally:
        if second is not first:
            second.close()
        first.close()


def test_the_same_file_committed_twice_at_once_is_recorded_once(db: Database) -> None:
    content = long_csv((SIN_HO, "08/2024", "crimes", 4.0), (QUYNH_NHAI, "08/2024", "crimes", 5.0))
    plans = [plan_import(db, content, "tinh.csv", today=TODAY) for _ in range(2)]
    results = commit_at_once([(db, plan) for plan in plans])
    assert sorted(r.already_imported for r in results.values()) == [False, True]
    assert len({r.upload_id for r in results.values()}) == 1
    assert db.query_value("SELECT count(*) FROM uploads WHERE file_name = 'tinh.csv'") == 1
    assert_unique(db)


def test_writers_on_one_file_share_its_lock(db_path: Path, tmp_path: Path) -> None:
    """Two Database objects on one file (the same file named two ways): a write through one waits for
    a write through the other. Another file's writes do not wait."""
    other_path = tmp_path / "other.duckdb"
    shutil.copy(db_path, other_path)
    a = Database(db_path)
    b = Database(tmp_path / "." / db_path.name)
    other = Database(other_path)
    holding, release = threading.Event(), threading.Event()
    entered: list[str] = []

    def hold() -> None:
        with a.transaction() as cur:
            cur.execute("INSERT INTO meta VALUES ('held', '1')")
            holding.set()
            release.wait(timeout=30)

    def write(database: Database, name: str) -> None:
        with database.transaction() as cur:
            entered.append(name)
            cur.execute("INSERT INTO meta VALUES (?, '1')", [name])

    try:
        holder = threading.Thread(target=hold)
        holder.start()
        assert holding.wait(timeout=30)
        waiting = threading.Thread(target=write, args=(b, "same_file"))
        waiting.start()
        write(other, "other_file")
        waiting.join(timeout=0.5)
        assert waiting.is_alive() and entered == ["other_file"]
        release.set()
        holder.join(timeout=30)
        waiting.join(timeout=30)
        assert entered == ["other_file", "same_file"]
        assert b.query_rows("SELECT key FROM meta WHERE key IN ('held', 'same_file') ORDER BY key") == [
            ("held",),
            ("same_file",),
        ]
    finally:
        release.set()
        for database in (other, b, a):
            database.close()


def test_a_correction_to_the_value_stored_meanwhile_records_nothing(db: Database) -> None:
    jan = date(2024, 1, 1)
    stale = value_grid(db, SIN_HO, jan, jan)  # drawn before the import: the cell is blank
    committed(import_file(db, long_csv((SIN_HO, "01/2024", "crimes", 3)), "thang1.csv", today=TODAY))
    edited = stale.copy()
    edited.loc[pd.Timestamp(jan), "crimes"] = 3
    result = correct_values(db, SIN_HO, stale, edited, actor=staff("canbo"))
    assert (result.upload_id, result.changed, result.added) == (None, 0, 0)
    assert history(db).query("kind == 'correction'").empty
    assert stored(db) == {(SIN_HO, jan, "crimes"): 3.0}
