"""A national upload through the real page: a 1M-row long CSV (32 MB) chosen in the upload page of a
`streamlit run` server, in Debian's headless Chromium, on a copy of the national database (its upload
limit raised to 200 MB, as a ministry would). Prints the time from choosing the file to the preview
(counts, problems, the first changes) and from the confirm button to the success message, both as a
user waits for them (the upload over the websocket, the script runs, the drawing), and the screenshots'
paths.

Run: make bench (or .venv/bin/python bench/bench_upload_ui.py [ROWS]).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH_PASSWORD, BENCH_USER, ROOT, national_db, table
from bench_import import national_copy, write_csv
from playwright.sync_api import expect

from tests.browser import chromium, goto, offline_page, streamlit_server, wait_for_app, warm_up

ARTIFACTS = ROOT / "tests" / "artifacts"
CONFIRM = "Xác nhận nhập tệp"


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    size_mb = 0.0
    os.environ["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"] = "200"  # the server's limit, beside the app's setting
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    national_db()  # with the bench account
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = national_copy(folder)
        csv_path = write_csv(folder, rows)
        size_mb = csv_path.stat().st_size / 1e6
        with streamlit_server(db_path) as url, chromium() as browser:
            warm_up(browser, url)
            with offline_page(browser) as (page, external):
                goto(page, f"{url}/cap-nhat", BENCH_USER, BENCH_PASSWORD)
                t0 = time.perf_counter()
                page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(csv_path))
                expect(page.get_by_role("button", name=CONFIRM)).to_be_visible(timeout=120_000)
                t1 = time.perf_counter()
                wait_for_app(page)
                page.screenshot(path=str(ARTIFACTS / "bench-upload-national-preview.png"))
                t_click = time.perf_counter()
                page.get_by_role("button", name=CONFIRM).click()
                expect(page.get_by_text(f"Đã nhập {csv_path.name}")).to_be_visible(timeout=120_000)
                t2 = time.perf_counter()
                wait_for_app(page)  # the history below redrawn too, before the screenshot (not timed)
                page.screenshot(path=str(ARTIFACTS / "bench-upload-national-done.png"))
    table(
        ["figure", "value"],
        [
            ("rows", rows),
            ("file MB", round(size_mb, 1)),
            ("file chosen -> preview shown s", t1 - t0),
            ("confirm -> done shown s", t2 - t_click),
            ("requests outside 127.0.0.1", len(external)),
            ("screenshots", "tests/artifacts/bench-upload-national-*.png"),
        ],
        "A national upload through the upload page (Chromium)",
    )


if __name__ == "__main__":
    main()
