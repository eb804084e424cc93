"""Criteria engine at national scale: 3,321 communes x 60 months, every indicator, one round each.

Prints the time of `criterion_results` and `round_status` (cold and warm). Run: make bench.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.bootstrap import init_database
from core.catalog import INDICATORS
from core.criteria import criterion_results, round_status
from core.db import Database

MONTHS = 60


def build(db: Database) -> int:
    init_database(db)
    with db.transaction() as cur:
        # Synthetic, deterministic figures generated inside DuckDB (hash-based pseudo-random values).
        cur.execute(
            """
            INSERT INTO indicator_values
            SELECT a.code, CAST(DATE '2022-01-01' + to_months(m.i) AS DATE), ind.code,
                   CASE WHEN ind.kind = 'flag' THEN 1 ELSE (hash(a.code, m.i, ind.code) % 7) END, NULL
            FROM (SELECT code FROM areas WHERE level = 'commune') a
            CROSS JOIN (SELECT range AS i FROM range(?)) m
            CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS code, unnest(?::VARCHAR[]) AS kind) ind
            """,
            [MONTHS, [i.code for i in INDICATORS], [i.value_kind for i in INDICATORS]],
        )
        cur.execute(
            "INSERT INTO rounds (area_code, start_month, planned_months) "
            "SELECT code, DATE '2025-01-01', 12 FROM areas WHERE level = 'commune'"
        )
    return int(db.query_value("SELECT count(*) FROM indicator_values"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "national.duckdb")
        t0 = time.perf_counter()
        rows = build(db)
        print(f"build: {rows:,} indicator values in {time.perf_counter() - t0:.1f} s")
        month = date(2026, 12, 1)
        for label in ("cold", "warm"):
            t0 = time.perf_counter()
            results = criterion_results(db, month)
            t1 = time.perf_counter()
            status = round_status(db, month, results=results)
            t2 = time.perf_counter()
            print(
                f"{label}: criterion_results {t1 - t0:.3f} s ({len(results):,} rows), "
                f"round_status {t2 - t1:.3f} s ({len(status):,} rounds, {int(status['ready'].sum())} ready)"
            )
        db.close()


if __name__ == "__main__":
    main()
