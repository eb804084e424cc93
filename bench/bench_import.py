"""Import of a 1M-row long CSV (ma_dia_ban, thang, chi_so, gia_tri) into the national database:
rows per second for check + commit, and the ratio to DuckDB's bare `read_csv` of the same file.

The file re-reports 14 months of every commune (a tenth of the values changed) and adds the 2 months
after the national data's last month (16 months x 20 indicators x 3,321 communes, cut at 1M rows). Targets: >= 300,000 rows/s and <= 3x the bare read_csv. The national database is copied
first, so the file in data/ is never changed.

Run: make bench (or .venv/bin/python bench/bench_import.py [ROWS]).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
from _common import national_db, table

from core import importer
from core.seed.demo import LAST_MONTH, month_add
from core.storage.db import Database

ROWS = 1_000_000
RATE_TARGET, RATIO_TARGET = 300_000, 3.0


def write_csv(folder: Path, rows: int = ROWS) -> Path:
    """The upload, written by DuckDB from the national database itself: 14 months of every commune
    re-reported (a third of the context figures moved by one) and the 2 months after the last, with
    the last month's figures (never in the future: the months end at this month at the latest)."""
    path = folder / f"so_lieu_{rows}.csv"
    this_month = date.today().replace(day=1)
    last_new = min(month_add(LAST_MONTH, 2), this_month)
    first = month_add(last_new, -15)
    con = duckdb.connect(str(national_db()), read_only=True)
    try:
        con.execute(
            f"""
            COPY (
                WITH base AS (
                    SELECT v.area_code, v.month, v.indicator, v.value
                    FROM indicator_values v JOIN areas a ON a.code = v.area_code AND a.level = 'commune'
                ),
                latest AS (SELECT * FROM base WHERE month = (SELECT max(month) FROM base)),
                months AS (
                    SELECT CAST(? + to_months(CAST(i AS INTEGER)) AS DATE) AS month FROM range(16) r(i)
                ),
                rows AS (
                    SELECT b.area_code, b.month, b.indicator,
                           CASE WHEN b.indicator IN ('managed_persons', 'cameras', 'report_form_households')
                                     AND hash(b.area_code, b.month, b.indicator) % 3 = 0
                                THEN b.value + 1 ELSE b.value END AS value
                    FROM base b WHERE b.month >= ?
                    UNION ALL
                    SELECT l.area_code, m.month, l.indicator, l.value
                    FROM latest l JOIN months m ON m.month > l.month
                )
                SELECT area_code AS ma_dia_ban, strftime(month, '%m/%Y') AS thang, indicator AS chi_so,
                       CAST(value AS BIGINT) AS gia_tri
                FROM rows JOIN indicators i ON i.code = rows.indicator
                ORDER BY area_code, month, i.display_order
                LIMIT {int(rows)}
            ) TO '{path}' (HEADER, DELIMITER ',')
            """,
            [first, first],
        )
    finally:
        con.close()
    return path


def national_copy(folder: Path) -> Path:
    """A copy of the national database that accepts a 1M-row file (about 32 MB, above the default
    20 MB limit: setting max_upload_mb)."""
    path = folder / "national.duckdb"
    shutil.copy(national_db(), path)
    with Database(path) as db, db.transaction() as cur:
        db.set_meta(cur, "max_upload_mb", "200")
    return path


def bare_read_csv(path: Path) -> float:
    """DuckDB's bare read_csv of the file into a table in memory (the issue's yardstick)."""
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    seconds = time.perf_counter() - t0
    con.close()
    return seconds


def bare_read_csv_to_file(path: Path, folder: Path) -> float:
    """The same into a table of a database file, committed: DuckDB's own bare import of the file."""
    target = folder / "bare.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    t0 = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    seconds = time.perf_counter() - t0
    con.close()
    target.unlink()
    return seconds


def warm_up(db: Database, folder: Path) -> None:
    """A small plan first, as a running server has made: the first call in a process pays for
    imports inside pandas and DuckDB's client (about 0.05 s) that no later upload pays."""
    importer.plan_import(db, write_csv(folder, 1000).read_bytes(), "warm.csv")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = write_csv(folder, rows)
        db_path = national_copy(folder)
        bare = min(bare_read_csv(csv_path) for _ in range(2))
        bare_file = min(bare_read_csv_to_file(csv_path, folder) for _ in range(2))
        content = csv_path.read_bytes()
        with Database(db_path) as db:
            warm_up(db, folder)
            t0 = time.perf_counter()
            plan = importer.plan_import(db, content, csv_path.name)
            t1 = time.perf_counter()
            if not plan.ok:
                raise RuntimeError(f"refused: {plan.problems[:5]}")
            result = importer.commit_import(db, plan)
            t2 = time.perf_counter()
            with db.cursor() as cur:  # what the commit no longer waits for: paid at close, or at 256 MB of log
                cur.execute("CHECKPOINT")
            t3 = time.perf_counter()
        total = t2 - t0
        rate = rows / total
        ratio = total / bare
        table(
            ["figure", "value"],
            [
                ("rows", rows),
                ("file MB", round(len(content) / 1e6, 1)),
                ("bare DuckDB read_csv s", bare),
                ("check (plan_import) s", t1 - t0),
                ("commit s", t2 - t1),
                ("import total s", total),
                ("rows/s", int(rate)),
                ("ratio to bare read_csv", round(ratio, 1)),
                ("bare read_csv into a database file s", bare_file),
                ("ratio to that", round(total / bare_file, 1)),
                ("(deferred checkpoint s)", t3 - t2),
                ("(rows/s counting the checkpoint)", int(rows / (t3 - t0))),
                (
                    "added / changed / unchanged",
                    f"{result.rows_added} / {result.rows_changed} / {result.rows_unchanged}",
                ),
            ],
            "Import of a long CSV",
        )
        ok = rate >= RATE_TARGET and ratio <= RATIO_TARGET
        print(f"targets: >= {RATE_TARGET:,} rows/s and <= {RATIO_TARGET}x bare read_csv: {'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
