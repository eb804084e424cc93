"""Shared by the bench scripts (not a bench itself: `make bench` runs bench/bench_*.py).

- The databases: the demo (built from code) and the national synthetic file (`make national`, i.e.
  `python -m core.cli generate`), each built once into data/ (git-ignored) and reused.
- `new_session(db_path)`: an AppTest session on the app, ready to switch pages. Every bench that
  drives the pages goes through it, logged in as the bench account (an admin, `BENCH_USER`).
- `open_page(browser_page, url)`: the same for a real browser (bench_rss).
- `table(rows)`: print figures as an aligned table.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Streamlit outside `streamlit run` (AppTest, the cached loaders called directly) warns on every call
# that it runs in bare mode: not the figures' business.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
sys.path.insert(0, str(ROOT))  # core and tests, from bench/ scripts

from core.storage.db import Database  # noqa: E402

DATA = ROOT / "data"
NATIONAL_DB = Path(os.environ.get("CHUYENHOA_BENCH_DB", DATA / "national.duckdb"))
DEMO_DB = DATA / "bench-demo.duckdb"

# The pages, by file, in the order of the app's navigation.
PAGES = {
    "overview": "pages/overview.py",
    "area": "pages/area.py",
    "exit_review": "pages/exit_review.py",
    "map": "pages/map.py",
    "whatif": "pages/whatif.py",
    "report": "pages/report.py",
    "upload": "pages/upload.py",
    "admin": "pages/admin.py",
}
URL_PATHS = {
    "overview": "tong-quan",
    "area": "dia-ban",
    "exit_review": "xet-ra-khoi-dien",
    "map": "ban-do",
    "whatif": "gia-dinh",
    "report": "bao-cao",
    "upload": "cap-nhat",
    "admin": "quan-tri",
}

# The account the benches log in as: an admin over the whole country (every page, every area).
BENCH_USER, BENCH_PASSWORD = "bench", "bench-mat-khau"


def _with_bench_user(path: Path) -> Path:
    from core.access import accounts

    with Database(path) as db:
        if accounts.get_user(db, BENCH_USER) is None:
            accounts.create_user(db, accounts.SYSTEM, BENCH_USER, BENCH_PASSWORD, accounts.ADMIN, "Đo hiệu năng")
    return path


def national_db() -> Path:
    """The national synthetic database, generated on first use (about 3 s, 31 MB)."""
    if not NATIONAL_DB.exists():
        from core.seed.generate import generate

        print(f"(generating {NATIONAL_DB} once: python -m core.cli generate)", flush=True)
        with Database(NATIONAL_DB) as db:
            generate(db)
    return _with_bench_user(NATIONAL_DB)


def demo_db() -> Path:
    if not DEMO_DB.exists():
        from core.seed.demo import build_demo

        with Database(DEMO_DB) as db:
            build_demo(db)
    return _with_bench_user(DEMO_DB)


def new_session(db_path: Path) -> Any:
    """A new AppTest session on `db_path`, logged in as the bench account, its first run done (the
    default page)."""
    from streamlit.testing.v1 import AppTest

    os.environ["CHUYENHOA_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["_user"] = BENCH_USER
    at.run()
    if at.exception:
        raise RuntimeError(f"the app failed on {db_path}: {at.exception}")
    return at


def open_page(page: Any, url: str) -> None:
    """Open `url` in a Playwright page as the bench account and wait until the app has drawn it."""
    from tests.browser import goto

    goto(page, url, BENCH_USER, BENCH_PASSWORD)


def timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> None:
    cells = [[str(h) for h in headers], *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    if title:
        print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
