"""End to end: Streamlit's "clear cache" message, which any browser can send over the app's websocket,
no longer empties every user's caches (20 a second kept every overview at 3 s instead of 0.4 s;
bench/bench_clear_cache.py times it). A real server, its caches filled by Chromium on the overview,
then the real BackMsg sent over a websocket of its own: the overview drawn again takes everything from
the caches (no new miss in Streamlit's /_stcore/metrics)."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Browser

from tests.browser import clear_cache_flood, goto, offline_page

pytestmark = pytest.mark.browser


def metrics(url: str) -> str:
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=30) as response:
        return str(response.read().decode())


def held(text: str, function: str) -> int:
    """Bytes the cached function holds (0: its cache is empty)."""
    found = re.search(rf'cache_memory_bytes\{{cache_type="st_cache_\w+",cache="{re.escape(function)}"\}} (\d+)', text)
    return int(found[1]) if found else 0


def misses(text: str, function: str) -> int:
    """Calls of the cached function that had to compute (not in the cache)."""
    found = re.search(rf'cache_lookups_total\{{cache="{re.escape(function)}",[^}}]*result="miss"\}} (\d+)', text)
    return int(found[1]) if found else 0


def test_clear_cache_messages_leave_the_caches_alone(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/tong-quan?thang=2026-10")  # logs in: the overview's loaders fill the caches
        before = metrics(server)
        assert held(before, "web.loaders._evaluation.<cached>") > 0 and held(before, "web.context._open") > 0
        with clear_cache_flood(server, per_second=40) as sent:
            page.wait_for_timeout(1000)
        assert sent[0] >= 20
        goto(page, f"{server}/tong-quan?thang=2026-10")  # another session, the same overview
        again = metrics(server)  # (the lookup counts are live; the memory figures are kept 5 s)
        for function in (
            "web.loaders._evaluation.<cached>",
            "web.loaders._matrix_cells.<cached>",
            "web.loaders.months.<cached>",
            "web.loaders.settings.<cached>",
        ):
            assert misses(again, function) == misses(before, function), function  # all from the cache
        assert external == []
