"""Hostile files through the CLI import: seconds and peak memory until each is refused.

The files are those of the hardening issue (tests/hostile_files.py): a 2 KB workbook that declares a
whole sheet, a 10 MB line of commas, a 410 KB workbook holding a 400 MB shared string, a file of
100k columns. Each import runs in its own process, under an address-space limit (so that a
regression cannot take the machine down) and a timeout; its peak resident memory is that process's
own (VmHWM, reported at exit). Target: each refused within 10 s using less than 500 MB.

Run: .venv/bin/python bench/bench_hostile.py [--limit-mb 3072] [--timeout 60]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _common import table

from core.seed.bootstrap import init_database
from core.storage.db import Database
from tests.hostile_files import HOSTILE, run_measured

SECONDS_TARGET, MEMORY_TARGET_MB = 10.0, 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-mb", type=int, default=3072, help="the child's address-space limit")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "init.duckdb"
        with Database(db) as database:
            init_database(database, create_admin=False)
        for name, (file_name, build) in HOSTILE.items():
            path = Path(folder) / file_name
            path.write_bytes(build())
            copy = Path(folder) / f"{name}.duckdb"
            shutil.copy(db, copy)
            run = run_measured(["-m", "core.cli", "import", str(path), "--db", str(copy)], args.timeout, args.limit_mb)
            ok = run.code == 1 and run.seconds < SECONDS_TARGET and run.peak_mb < MEMORY_TARGET_MB
            said = (run.stderr.strip().splitlines() or [""])[0]
            size = f"{path.stat().st_size:,}"
            rows.append(
                [name, size, run.code, f"{run.seconds:.2f}", f"{run.peak_mb:.0f}", "ok" if ok else "NO", said[:90]]
            )
    table(["file", "bytes", "exit", "s", "peak MB", "target", "first line"], rows, "Hostile files, CLI import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
