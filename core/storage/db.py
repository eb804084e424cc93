"""Storage: the one place that opens DuckDB, runs migrations and binds values as parameters.

A `Database` holds one DuckDB connection to one file. Every read and write takes its own cursor
(`db.cursor()`), so Streamlit's threads can share one `Database`. Writes go through
`db.transaction()`, which commits or rolls back as a whole and bumps the data version that caches
key on. Writes to one file are serialized: one lock per file in the process, shared by every
`Database` on it (DuckDB keeps other processes out of a file open for writing). indicator_values has
no primary key (migration 007): its writers keep one value per key, which needs that one writer.
"""

from __future__ import annotations

import os
import re
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core.base.i18n import t

DEFAULT_DB_PATH = "data/demo.duckdb"
CHECKPOINT_THRESHOLD = "256MB"


class DatabaseError(Exception):
    """A problem with the database file, said in Vietnamese for the user."""


class DatabaseLockedError(DatabaseError):
    """Another process holds the file open for writing."""


# Files this program writes hold names, figures and account hashes: readable by their owner only. The
# database (and its write-ahead log, which DuckDB creates later, and its spill folder) came out 0644.
PRIVATE_UMASK = 0o077
PRIVATE_MODE = 0o600


def private_files() -> None:
    """From now on, files and folders this process creates are its user's only (0600, 0700): the
    process's umask gains 077. Called when a database is opened, so the app, the command line, the
    demo and the generator all write private files; it never loosens a stricter umask."""
    old = os.umask(PRIVATE_UMASK)
    os.umask(old | PRIVATE_UMASK)


def _make_private(path: str) -> None:
    """The database file and its log made 0600 when an earlier version left them readable by others."""
    for name in (path, path + ".wal"):
        try:
            if os.stat(name).st_mode & PRIVATE_UMASK:
                os.chmod(name, PRIVATE_MODE)
        except OSError:  # missing, or another user's file opened through a group's rights: left as it is
            continue


def db_path_from_env() -> str:
    return os.environ.get("CHUYENHOA_DB") or DEFAULT_DB_PATH


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_identifier(name: str) -> str:
    """Quote a table or column name. Only plain identifiers are accepted; data never becomes SQL."""
    if not _IDENT.match(name):
        raise ValueError(f"not an identifier: {name!r}")
    return '"' + name + '"'


def migrations() -> list[tuple[int, str, str]]:
    """The numbered SQL migrations shipped in core/storage/migrations: (version, name, sql)."""
    found = []
    for entry in resources.files("core.storage.migrations").iterdir():
        match = re.match(r"^(\d{3})_(\w+)\.sql$", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = max(v for v, _, _ in migrations())


# The write lock of each database file open in this process, by resolved path. DuckDB's Python client
# shares one database instance between connections to the same file, so two `Database` objects on one
# file write to the same data: they must take the same lock, or both could insert the same key of
# indicator_values (which has no primary key). Kept while a `Database` holds it.
_WRITE_LOCKS: weakref.WeakValueDictionary[str, threading.RLock] = weakref.WeakValueDictionary()
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock_for(path: str) -> threading.RLock:
    """The one write lock of the file at `path` in this process (a lock of its own for `:memory:`)."""
    if path in ("", ":memory:"):
        return threading.RLock()  # each connection to an unnamed in-memory database is a database of its own
    key = str(Path(path).resolve())
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(key)
        if lock is None:
            lock = threading.RLock()
            _WRITE_LOCKS[key] = lock
        return lock


def _wrap(exc: duckdb.Error, path: str) -> DatabaseError:
    """DuckDB's error said in Vietnamese (through the translation table) for the user."""
    text = str(exc)
    if "no space left on device" in text.lower():
        return DatabaseError(t("db.disk_full", path=path))
    if "lock" in text.lower():
        return DatabaseLockedError(t("db.locked", path=path))
    if isinstance(exc, duckdb.IOException) or "could not write" in text.lower():
        return DatabaseError(t("db.write_failed", path=path, detail=text))
    return DatabaseError(t("db.error", path=path, detail=text))


def _roll_back(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failure, keeping the failure's own error. A COMMIT that fails (a full disk:
    "Could not write file …wal: No space left on device") has already ended the transaction, and the
    ROLLBACK's "cannot rollback - no transaction is active" then hid the reason."""
    with suppress(duckdb.Error):
        cur.execute("ROLLBACK")


class Database:
    """One DuckDB file. Opening it creates the file if needed and applies pending migrations."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._write_lock = _write_lock_for(self.path)
        private_files()
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        elif not Path(self.path).exists():
            raise DatabaseError(f"Không tìm thấy tệp cơ sở dữ liệu {self.path}.")
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
            if not read_only:
                # Checkpoint when the write-ahead log reaches 256 MB, not DuckDB's 16 MB. Set when a national
                # upload (its 32 MB file kept raw in `uploads`) passed 16 MB by itself and each checkpoint
                # rewrote indicator_values' primary-key index (about 1.4 s); since migration 007 (no key, the
                # file compressed) its log is about 4 MB and a checkpoint about 0.2 s. Closing checkpoints too.
                self._con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        except duckdb.Error as exc:
            raise _wrap(exc, self.path) from exc
        if not read_only:
            _make_private(self.path)
            self.migrate()
        elif self.schema_version() < SCHEMA_VERSION:
            raise DatabaseError(f"Tệp {self.path} được tạo bởi phiên bản cũ; hãy mở ở chế độ ghi một lần để nâng cấp.")

    # -- connections -------------------------------------------------------------------------

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one use (thread-safe)."""
        cur = self._con.cursor()
        try:
            yield cur
        except duckdb.Error as exc:
            raise _wrap(exc, self.path) from exc
        finally:
            cur.close()

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """Several reads that must agree (one committed state, never half of a write that commits
        meanwhile): the reads made through the yielded object share one cursor in one transaction.
        For one thread; it cannot write."""
        with self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield _Snapshot(self, cur)
            finally:
                _roll_back(cur)

    @contextmanager
    def transaction(self, bump: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """Write in one transaction: all of it or nothing. Bumps the data version on commit, unless
        the write changes nothing a page shows (`bump=False`: a login, a password)."""
        if self.read_only:
            raise DatabaseError("Cơ sở dữ liệu đang mở ở chế độ chỉ đọc.")
        with self._write_lock, self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                if bump:
                    cur.execute(
                        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
                    )
                cur.execute("COMMIT")
            except BaseException:
                _roll_back(cur)
                raise  # the first error: what went wrong, not that the rollback found nothing to undo

    # -- reading -----------------------------------------------------------------------------

    def query_df(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        with self.cursor() as cur:
            return cur.execute(sql, params or []).df()

    def query_rows(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self.cursor() as cur:
            return cur.execute(sql, params or []).fetchall()

    def query_value(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        rows = self.query_rows(sql, params)
        return rows[0][0] if rows else None

    def data_version(self) -> int:
        """Changes on every committed write: the key for caches."""
        value = self.query_value("SELECT value FROM meta WHERE key = 'data_version'")
        return int(value or 0)

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        value = self.query_value("SELECT value FROM meta WHERE key = ?", [key])
        return default if value is None else str(value)

    def set_meta(self, cur: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
        cur.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def is_demo(self) -> bool:
        return self.get_meta("demo") == "1"

    # -- schema ------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.cursor() as cur:
            exists = cur.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
            ).fetchone()
            if not exists or not exists[0]:
                return 0
            row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
            return int(row[0]) if row else 0

    def migrate(self) -> list[int]:
        """Apply the migrations this file has not seen, each in its own transaction."""
        applied: list[int] = []
        with self._write_lock, self.cursor() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
            # Every shipped migration not yet recorded, in order: one numbered below the file's latest
            # (merged from a concurrent change after a later one was applied) still runs.
            done = {int(v) for (v,) in cur.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, name, sql in migrations():
                if version in done:
                    continue
                cur.execute("BEGIN TRANSACTION")
                try:
                    cur.execute(sql)
                    if version == 1:
                        cur.execute("INSERT INTO meta VALUES ('data_version', '0')")
                    cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                    cur.execute("COMMIT")
                except duckdb.Error as exc:
                    _roll_back(cur)
                    raise DatabaseError(f"Không nâng cấp được {self.path} lên phiên bản {version}: {exc}") from exc
                applied.append(version)
        return applied

    def table_counts(self) -> dict[str, int]:
        tables = ["areas", "rounds", "criteria", "indicators", "indicator_values", "hotspots", "uploads"]
        with self.cursor() as cur:
            return {
                t: int(cur.execute(f"SELECT count(*) FROM {quote_identifier(t)}").fetchone()[0])  # type: ignore[index]
                for t in tables
            }


class _Snapshot(Database):
    """A `Database` whose reads all go through one cursor inside one read transaction (see
    `Database.snapshot`)."""

    def __init__(self, parent: Database, cur: duckdb.DuckDBPyConnection) -> None:
        self.path = parent.path
        self.read_only = True
        self._parent = parent
        self._cur = cur

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            yield self._cur
        except duckdb.Error as exc:
            raise _wrap(exc, self.path) from exc

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        yield self

    def close(self) -> None:
        raise DatabaseError("Không đóng được một ảnh chụp; hãy đóng cơ sở dữ liệu gốc.")
