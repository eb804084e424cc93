"""The status CLI at national scale: `python -m core.cli status --db data/national.duckdb` in a new
process (Python start, imports, opening the file read-only, the criteria engine, the table), as a
staff script runs it. Best of three, table and CSV. Target: <= 3 s.

Run: make bench (or .venv/bin/python bench/bench_status.py).
"""

from __future__ import annotations

import subprocess
import sys
import time

from _common import ROOT, national_db, table

TARGET = 3.0


def run(*args: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "status", "--db", str(national_db()), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - t0, len(done.stdout.splitlines())


def main() -> None:
    rows = []
    for label, args in (
        ("table", ()),
        ("csv", ("--format", "csv")),
        ("csv, --target C02=75", ("--format", "csv", "--target", "C02=75")),
    ):
        runs = [run(*args) for _ in range(3)]
        best = min(seconds for seconds, _ in runs)
        rows.append((label, best, runs[0][1], "OK" if best <= TARGET else "MISSED"))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import core.cli"], cwd=ROOT, check=True)
    imports = time.perf_counter() - t0
    rows.append(("(of which: Python start + imports)", imports, 0, ""))
    table(["status", "best of 3 s", "lines", "target"], rows, f"Status CLI at national scale (target <= {TARGET} s)")


if __name__ == "__main__":
    main()
