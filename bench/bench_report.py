"""The meeting report: build time and size of DOCX, PDF and XLSX for the demo (Lai Châu, 9 rounds) and for
one province of the synthetic national database (every commune under transformation). Target: the demo's
report in well under a few seconds.

Run: make bench (or .venv/bin/python bench/bench_report.py).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from _common import demo_db, national_db

from core.access.scope import ALL, Scope
from core.domain.criteria import latest_month
from core.report import gather as report
from core.report import write_docx as report_docx
from core.report import write_pdf as report_pdf
from core.report import write_xlsx as report_xlsx
from core.storage.db import Database


def measure(label: str, db: Database, month: date, scope: Scope, repeat: int) -> None:
    builds, outputs = [], {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        built = report.build_report(db, month, scope, issued_on=date(2026, 11, 5))
        builds.append(time.perf_counter() - t0)
        for name, writer in (("docx", report_docx.to_docx), ("pdf", report_pdf.to_pdf), ("xlsx", report_xlsx.to_xlsx)):
            t0 = time.perf_counter()
            content = writer(built)
            outputs.setdefault(name, []).append((time.perf_counter() - t0, len(content)))
    print(f"{label}: {len(built.scorecard)} areas in the matrix; content and charts {statistics.median(builds):.2f} s")
    for name, runs in outputs.items():
        seconds = statistics.median(t for t, _ in runs)
        print(f"  {name}: {seconds:.2f} s, {runs[-1][1] / 1024:,.0f} KiB")


def main() -> None:
    with Database(demo_db(), read_only=True) as db:
        measure("demo (Lai Châu)", db, date(2026, 10, 1), ALL, repeat=5)
    with Database(national_db(), read_only=True) as db:
        province = str(db.query_value(
            "SELECT province_code FROM areas WHERE level = 'commune' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ))  # fmt: skip
        measure(f"national database, province {province}", db, latest_month(db), Scope(province=province), 1)


if __name__ == "__main__":
    main()
