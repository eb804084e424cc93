"""Profile one page (AppTest, cold or warm) or the importer with pyinstrument, at national scale.

    .venv/bin/python bench/profile.py page overview [--warm]
    .venv/bin/python bench/profile.py import [ROWS]
    .venv/bin/python bench/profile.py status

Prints pyinstrument's call tree (time per call, hiding Streamlit's and the standard library's own frames
when they are not the cause). Not part of `make bench` (its name does not start with bench_).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import streamlit as st
from _common import PAGES, national_db, new_session
from pyinstrument import Profiler


def profile_page(page: str, warm: bool) -> Profiler:
    """AppTest runs the script in a thread of its own: profile inside that thread."""
    from streamlit.runtime.scriptrunner import script_runner

    at = new_session(national_db())
    at.switch_page(PAGES[page]).run()
    if not warm:
        st.cache_data.clear()
    profilers: list[Profiler] = []
    original = script_runner.ScriptRunner._run_script

    def run_profiled(self: object, *args: object, **kwargs: object) -> object:
        profiler = Profiler(interval=0.002, async_mode="disabled")
        profiler.start()
        try:
            return original(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            profiler.stop()
            profilers.append(profiler)

    script_runner.ScriptRunner._run_script = run_profiled  # type: ignore[method-assign]
    try:
        at.run()
    finally:
        script_runner.ScriptRunner._run_script = original  # type: ignore[method-assign]
    return profilers[-1]


def profile_import(rows: int) -> Profiler:
    from bench_import import national_copy, warm_up, write_csv

    from core import importer
    from core.storage.db import Database

    with tempfile.TemporaryDirectory() as tmp:
        path = national_copy(Path(tmp))
        csv_path = write_csv(Path(tmp), rows)
        with Database(path) as db:
            warm_up(db, Path(tmp))
            content = csv_path.read_bytes()
            profiler = Profiler(interval=0.002)
            profiler.start()
            plan = importer.plan_import(db, content, csv_path.name)
            importer.commit_import(db, plan)
            profiler.stop()
    return profiler


def profile_status() -> Profiler:
    from core.cli import main

    profiler = Profiler(interval=0.002)
    profiler.start()
    main(["status", "--db", str(national_db()), "--format", "csv"])
    profiler.stop()
    return profiler


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "page"
    if what == "page":
        result = profile_page(sys.argv[2] if len(sys.argv) > 2 else "overview", "--warm" in sys.argv)
    elif what == "import":
        result = profile_import(int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
    else:
        result = profile_status()
    print(result.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)


if __name__ == "__main__":
    main()
