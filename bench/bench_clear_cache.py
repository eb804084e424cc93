"""The overview's time while a client sends Streamlit's "clear cache" message 20 times a second.

Any browser can send that message over the app's websocket (the toolbar's "Clear cache", hidden by
client.toolbarMode, or by hand). Streamlit's handler empties st.cache_data and st.cache_resource for
every user of the server; the app ignores it (web.refuse_cache_clearing). Starts `streamlit run` on the
national database, logs in with Chromium, opens the overview, and times reruns of it (from the "r"
key to the script's end, as the browser sees it) without and with the flood.

Run: make bench (or .venv/bin/python bench/bench_clear_cache.py [RERUNS])
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import national_db, open_page, table

from tests.browser import chromium, clear_cache_flood, offline_page, streamlit_process, warm_up

# Every change of the app's script state ("running", "notRunning"), recorded as it happens: a quick run
# could start and end between two polls.
_WATCH = """() => {
    window.__states = [];
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => window.__states.push(app.getAttribute("data-test-script-state")))
        .observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""
_DONE = """() => window.__states.includes("running") && window.__states.at(-1) === "notRunning" """


def rerun_seconds(page: Any, reruns: int) -> list[float]:
    """Each rerun of the page shown, from pressing "r" until the script has finished."""
    page.evaluate(_WATCH)
    times = []
    for _ in range(reruns):
        page.evaluate("() => { window.__states = []; }")
        t0 = time.perf_counter()
        page.keyboard.press("r")
        page.wait_for_function(_DONE, timeout=60_000, polling=5)
        times.append(time.perf_counter() - t0)
        page.wait_for_timeout(200)
    return times


def main() -> None:
    reruns = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "national.duckdb"
        link.symlink_to(national_db().resolve())
        with streamlit_process(link) as (_, url), chromium() as browser:
            warm_up(browser, url)
            with offline_page(browser) as (page, _external):
                open_page(page, f"{url}/tong-quan")
                page.evaluate("() => document.activeElement?.blur()")  # "r" reruns unless typed into a field
                quiet = rerun_seconds(page, reruns)
                with clear_cache_flood(url, 20) as sent:
                    flooded = rerun_seconds(page, reruns)
                    messages = sent[0]
    rows = [
        ("no flood", statistics.median(quiet), max(quiet), 0),
        ("20 clear-cache messages a second", statistics.median(flooded), max(flooded), messages),
    ]
    table(["overview rerun", "median s", "max s", "messages sent"], rows, "streamlit run, national database")


if __name__ == "__main__":
    main()
