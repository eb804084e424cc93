"""Peak memory of a `streamlit run` server at national scale after a browser has opened every page.

Starts `streamlit run app.py` on 127.0.0.1 with CHUYENHOA_DB on the national database (read through a
link in a temporary folder, so the server's log and DuckDB's WAL stay out of data/), opens each page
in Debian's headless Chromium (tests/browser.py's harness), and reads the server's VmHWM (peak
resident set) and VmRSS from /proc. Also prints the time each page took to load and draw in the
browser. Target: peak RSS <= 1 GB.

Run: make bench (or .venv/bin/python bench/bench_rss.py [SESSIONS]); SESSIONS browser contexts open
every page one after the other (default 1; 3 shows what each further session costs).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from _common import URL_PATHS, national_db, open_page, table

from tests.browser import chromium, offline_page, streamlit_process, warm_up

TARGET_MB = 1024


def memory(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of a process and its children (streamlit runs in one process), in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0]) // 1024
    return out


def main() -> None:
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "national.duckdb"
        link.symlink_to(national_db().resolve())
        rows = []
        with streamlit_process(link) as (proc, url):
            rows.append(("server started", "", "", *memory(proc.pid).values()))
            with chromium() as browser:
                warm_up(browser, url)
                rows.append(("first session (overview)", "", "", *memory(proc.pid).values()))
                for session in range(1, sessions + 1):
                    with offline_page(browser) as (page, external):
                        for name, path in URL_PATHS.items():
                            t0 = time.perf_counter()
                            open_page(page, f"{url}/{path}")
                            seconds = time.perf_counter() - t0
                            rows.append(
                                (f"session {session}: {name}", seconds, len(external), *memory(proc.pid).values())
                            )
            final = memory(proc.pid)
    table(["after", "load s", "outside requests", "peak RSS MB", "RSS MB"], rows, "streamlit run, national database")
    peak = final["VmHWM"]
    print(f"peak RSS {peak} MB: {'OK' if peak <= TARGET_MB else 'MISSED'} (target <= {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
