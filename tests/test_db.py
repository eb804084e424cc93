"""Storage: migrations, schema version, data version, transactions, identifier quoting."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.storage import db as dbmod
from core.storage.db import SCHEMA_VERSION, Database, DatabaseError, DatabaseLockedError, quote_identifier


def test_new_file_gets_every_migration(tmp_path: Path) -> None:
    with Database(tmp_path / "new.duckdb") as db:
        assert db.schema_version() == SCHEMA_VERSION
        assert db.data_version() == 0
        tables = {r[0] for r in db.query_rows("SELECT table_name FROM information_schema.tables")}
    assert {"areas", "rounds", "criteria", "indicator_values", "hotspots", "uploads", "value_changes"} <= tables


def test_older_file_is_upgraded_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.duckdb"
    with Database(path) as db, db.transaction() as cur:
        cur.execute("INSERT INTO areas (code, name, level) VALUES ('X1', 'Thôn Một', 'village')")
    shipped = dbmod.migrations()
    newer = [*shipped, (SCHEMA_VERSION + 1, "add_note", "ALTER TABLE areas ADD COLUMN note VARCHAR;")]
    monkeypatch.setattr(dbmod, "migrations", lambda: newer)
    with Database(path) as db:
        assert db.schema_version() == SCHEMA_VERSION + 1
        assert db.query_rows("SELECT code, name, note FROM areas WHERE code = 'X1'") == [("X1", "Thôn Một", None)]
    with Database(path) as db:  # reopening applies nothing again
        assert db.migrate() == []


def test_failed_migration_leaves_file_at_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.duckdb"
    Database(path).close()
    broken = [*dbmod.migrations(), (SCHEMA_VERSION + 1, "broken", "ALTER TABLE nowhere ADD COLUMN x INT;")]
    monkeypatch.setattr(dbmod, "migrations", lambda: broken)
    with pytest.raises(DatabaseError, match="Không nâng cấp được"):
        Database(path)
    monkeypatch.undo()
    with Database(path) as db:
        assert db.schema_version() == SCHEMA_VERSION


def test_every_commit_bumps_the_data_version_and_rollback_does_not(db: Database) -> None:
    start = db.data_version()
    with db.transaction() as cur:
        cur.execute("INSERT INTO areas (code, name, level) VALUES (?, ?, 'village')", ["V1", "Bản A"])
    assert db.data_version() == start + 1
    with pytest.raises(DatabaseError), db.transaction() as cur:
        cur.execute("INSERT INTO areas (code, name, level) VALUES (?, ?, 'village')", ["V2", "Bản B"])
        cur.execute("INSERT INTO areas (code, name, level) VALUES (?, ?, 'village')", ["V1", "trùng mã"])
    assert db.data_version() == start + 1
    assert db.query_value("SELECT count(*) FROM areas WHERE code = 'V2'") == 0


def test_values_are_parameters_not_sql(db: Database) -> None:
    evil = "x'); DROP TABLE areas; --"
    with db.transaction() as cur:
        cur.execute("INSERT INTO areas (code, name, level) VALUES (?, ?, 'village')", ["V9", evil])
    assert db.query_value("SELECT name FROM areas WHERE code = ?", ["V9"]) == evil


def test_quote_identifier_refuses_anything_but_plain_names() -> None:
    assert quote_identifier("areas") == '"areas"'
    for bad in ['a"b', "a b", "1a", "a;--", ""]:
        with pytest.raises(ValueError):
            quote_identifier(bad)


def test_read_only_open_of_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="Không tìm thấy"):
        Database(tmp_path / "missing.duckdb", read_only=True)


def test_read_only_database_refuses_writes(db_path: Path) -> None:
    with Database(db_path, read_only=True) as db:
        with pytest.raises(DatabaseError, match="chỉ đọc"), db.transaction():
            pass
        assert db.query_value("SELECT count(*) FROM criteria") == 13


def test_lock_error_is_wrapped(db_path: Path) -> None:
    # A second process holding the file is simulated by a DuckDB error that mentions the lock.
    exc = dbmod._wrap(duckdb.IOException('Could not set lock on file "x": Conflicting lock is held'), "x")
    assert isinstance(exc, DatabaseLockedError)
    assert "đang được một chương trình khác mở" in str(exc)


def test_a_migration_numbered_below_the_latest_applied_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migrations from concurrent changes may land out of order (006 before 005): a file that has the
    later one applied still gets the earlier one when it ships."""
    path = tmp_path / "gap.duckdb"
    shipped = dbmod.migrations()
    versions = {v for v, _, _ in shipped}
    gap = min(set(range(1, SCHEMA_VERSION)) - versions, default=0)  # 5 while only 006 has landed
    Database(path).close()
    late = sorted([*shipped, (gap, "late", "CREATE TABLE late_table (x INTEGER);")])
    monkeypatch.setattr(dbmod, "migrations", lambda: late)
    with Database(path) as db:
        assert db.query_value("SELECT count(*) FROM late_table") == 0
        assert {v for (v,) in db.query_rows("SELECT version FROM schema_migrations")} == {*versions, gap}
        assert db.migrate() == []


FULL = Path("/dev/full")  # every write to it fails with ENOSPC ("No space left on device")


def disk_full_for(db: Database) -> Path:
    """A real full disk for the database's write-ahead log, without root or a mount: the log, which
    DuckDB opens when a commit first writes to it, is a link to /dev/full (the kernel answers every
    write with ENOSPC). A CHECKPOINT first writes the log into the file and removes it."""
    if not FULL.exists():
        pytest.skip("/dev/full is not available")
    db.query_rows("CHECKPOINT")
    wal = Path(db.path + ".wal")
    assert not wal.exists()
    wal.symlink_to(FULL)
    return wal


def test_a_full_disk_is_reported_not_the_failed_rollback(db: Database) -> None:
    """On a full disk the COMMIT fails and ends the transaction; the ROLLBACK after it then failed too,
    and its "cannot rollback - no transaction is active" was all the user saw."""
    version = db.data_version()
    wal = disk_full_for(db)
    try:
        with pytest.raises(DatabaseError) as failed, db.transaction() as cur:
            cur.execute("INSERT INTO meta VALUES ('note', 'x')")
    finally:
        wal.unlink()
    message = str(failed.value)
    assert message == (
        f"Không ghi được vào cơ sở dữ liệu {db.path}: ổ đĩa đã hết chỗ trống. Chưa có thay đổi nào được lưu; "
        "hãy giải phóng dung lượng ổ đĩa (hoặc báo quản trị hệ thống) rồi thử lại."
    )
    assert "No space left on device" in str(failed.value.__cause__)  # DuckDB's own words, kept as the cause
    assert db.get_meta("note") is None and db.data_version() == version


def test_an_error_in_the_body_is_kept_when_the_rollback_fails_too(db: Database) -> None:
    """The body's own error is raised even when the transaction is gone by the time of the ROLLBACK
    (here the body ends it itself), with DuckDB's words said in Vietnamese."""
    with pytest.raises(DatabaseError) as failed, db.transaction() as cur:
        cur.execute("COMMIT")
        cur.execute("SELECT * FROM no_such_table")
    assert str(failed.value).startswith(f"Lỗi cơ sở dữ liệu ({db.path}): Catalog Error: Table with name no_such_table")
