"""Hostile files through the CLI import: seconds and peak memory until each is refused.

The files are those of the hardening issue (tests/hostile_files.py): a 2 KB workbook that declares a
whole sheet, a 10 MB line of commas, a 410 KB workbook holding a 400 MB shared string, a file of
100k columns. Each import runs in its own process, under an address-space limit (so that a
regression cannot take the machine down) and a timeout; its peak resident memory is that process's
own (os.wait4). Target: each refused within 10 s using less than 500 MB.

Run: .venv/bin/python bench/bench_hostile.py [--limit-mb 4096] [--timeout 60]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, table

from core.bootstrap import init_database
from core.db import Database
from tests.hostile_files import HOSTILE

SECONDS_TARGET, MEMORY_TARGET_MB = 10.0, 500


def run_import(db: Path, file: Path, limit_mb: int, timeout: float) -> tuple[int, float, float, str]:
    """(exit status, seconds, peak resident MB, last line of stderr) of `core.cli import FILE`."""

    def limit() -> None:
        size = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "core.cli", "import", str(file), "--db", str(db)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=limit,
        )
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.send_signal(signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
        err.seek(0)
        lines = err.read().decode(errors="replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    return code, seconds, usage.ru_maxrss / 1024, lines[0] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-mb", type=int, default=4096, help="the child's address-space limit")
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
            code, seconds, peak, said = run_import(copy, path, args.limit_mb, args.timeout)
            ok = code == 1 and seconds < SECONDS_TARGET and peak < MEMORY_TARGET_MB
            rows.append([name, f"{path.stat().st_size:,}", code, f"{seconds:.2f}", f"{peak:.0f}", "ok" if ok else "NO", said[:90]])
    table(["file", "bytes", "exit", "s", "peak MB", "target", "first line"], rows, "Hostile files, CLI import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
