"""Each page's script time with AppTest, at demo and national scale, cold and warm.

Cold: the page's first run after every cached loader was emptied (as after an upload, which bumps the
data version: every cache misses); the database connection is already open, as in a running server.
Warm: the same page run again in the same session (a widget change, or the next person to open it),
best of three. Targets at national scale: warm <= 0.5 s, cold <= 3 s.

Run: make bench (or .venv/bin/python bench/bench_pages.py [demo|national]).
"""

from __future__ import annotations

import sys

import streamlit as st
from _common import PAGES, demo_db, national_db, new_session, table, timed

WARM_TARGET, COLD_TARGET = 0.5, 3.0


def page_times(db_path: object, page: str) -> tuple[float, float]:
    at = new_session(db_path)
    st.cache_data.clear()
    cold, _ = timed(lambda: at.switch_page(PAGES[page]).run())
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    warm = min(timed(at.run)[0] for _ in range(3))
    return cold, warm


def main() -> None:
    scales = sys.argv[1:] or ["demo", "national"]
    rows = []
    for scale in scales:
        path = demo_db() if scale == "demo" else national_db()
        for page in PAGES:
            cold, warm = page_times(path, page)
            ok = "" if scale != "national" else ("OK" if cold <= COLD_TARGET and warm <= WARM_TARGET else "MISSED")
            rows.append((scale, page, cold, warm, ok))
            print(f"  {scale} {page}: cold {cold:.3f} s, warm {warm:.3f} s", flush=True)
    table(["scale", "page", "cold s", "warm s", "target"], rows, "Page script time (AppTest)")
    print(f"targets at national scale: warm <= {WARM_TARGET} s, cold <= {COLD_TARGET} s")


if __name__ == "__main__":
    main()
