"""Criteria engine at national scale (the generated database: 3,321 communes and their villages, a
round each, 60 months of every indicator).

Prints the time of `criterion_results` and `round_status`, cold (first query after opening the file)
and warm. Run: make bench.
"""

from __future__ import annotations

import time

from _common import national_db, table

from core.domain.criteria import criterion_results, latest_month, round_status
from core.storage.db import Database


def main() -> None:
    path = national_db()
    with Database(path, read_only=True) as db:
        values = int(db.query_value("SELECT count(*) FROM indicator_values"))
        month = latest_month(db)
        rows = []
        for label in ("cold", "warm", "warm"):
            t0 = time.perf_counter()
            results = criterion_results(db, month)
            t1 = time.perf_counter()
            status = round_status(db, month, results=results)
            t2 = time.perf_counter()
            rows.append((label, t1 - t0, t2 - t1, len(results), len(status), int(status["ready"].sum())))
    table(
        ["run", "criterion_results s", "round_status s", "results", "rounds", "ready"],
        rows,
        f"Criteria engine, national ({values:,} indicator values, month {month:%Y-%m})",
    )


if __name__ == "__main__":
    main()
