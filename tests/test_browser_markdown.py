"""End to end: names and ?ma= are shown as text in Chromium. A village named with a Markdown link, an
image on a listener of this machine, a formula and a colour, and a phishing ?ma=, open on Địa bàn: no
link to http://evil on the page, the names visible as typed, and the listener never asked for the
image; and the province's report, with that village in it, downloads. Screenshots land in
tests/artifacts/markdown-*.png."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from core.storage.db import Database
from tests.browser import goto, offline_page, screenshot, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser

PHISHING = "[PHIÊN HẾT HẠN - BẤM ĐỂ ĐĂNG NHẬP LẠI](http://evil)"


class _Listener(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on another loopback port: what the page would fetch from it is recorded."""
    hits: list[str] = []
    handler = type("Handler", (_Listener,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def village(listener: tuple[int, list[str]]) -> str:
    return f"Bản Nậm [x](http://evil) ![ảnh](http://127.0.0.1:{listener[0]}/img.png) $\\frac{{a$ :red[đỏ] **đậm**"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path, village: str) -> Iterator[str]:
    path = tmp_path_factory.mktemp("e2e-markdown") / "demo.duckdb"
    shutil.copy(demo_template, path)
    with Database(path) as db, db.transaction() as cur:
        cur.execute("UPDATE areas SET name = ? WHERE code = '03508-PH'", [village])
    with streamlit_server(path) as url:
        yield url


def shown(text: str) -> str:
    """What a reader sees: the word joiners that keep an address from being linked are invisible."""
    return text.replace("\u2060", "")


def no_evil_link(page: Page) -> None:
    assert page.locator('a[href*="//evil"]').count() == 0  # (a heading's own anchor is "#ban-nam-x-http-evil…")
    assert page.locator("img[src*='img.png']").count() == 0
    assert page.locator(".katex").count() == 0


def test_hostile_address_and_village_show_as_text(
    server: str, browser: Browser, village: str, listener: tuple[int, list[str]]
) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/dia-ban?ma={quote(PHISHING)}&thang=2026-10")
        warning = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="Không có địa bàn mã")
        assert f"Không có địa bàn mã {PHISHING} trong danh sách chuyển hóa" in shown(warning.inner_text())
        no_evil_link(page)
        screenshot(page, "markdown-area-phishing")

        goto(page, f"{server}/dia-ban?ma=03508-PH&thang=2026-10")
        assert shown(page.get_by_role("heading", level=1).inner_text()) == village
        no_evil_link(page)
        screenshot(page, "markdown-area-village")

        goto(page, f"{server}/dia-ban?ma=03508&thang=2026-10")  # the commune: its villages in a table
        page.get_by_text("Thôn, bản").first.scroll_into_view_if_needed()
        villages = page.locator('[data-testid="stTable"]').filter(has_text="Bản Nậm")
        expect(villages).to_be_visible()
        assert village in shown(villages.inner_text())
        no_evil_link(page)
        screenshot(page, "markdown-area-villages")
        assert external == []  # http://evil was never even asked for
    assert listener[1] == []  # and the image on this machine was never fetched


def test_the_report_of_a_province_with_such_a_village_downloads(server: str, browser: Browser, village: str) -> None:
    """matplotlib read "$\\frac{a$" as a formula: the PDF and DOCX buttons did nothing visible."""
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/bao-cao?thang=2026-10")
        for label, magic in (("⬇ Báo cáo PDF", b"%PDF-"), ("⬇ Báo cáo DOCX (Word)", b"PK")):
            with page.expect_download(timeout=60_000) as download:
                page.get_by_role("button", name=label).click()
            assert Path(download.value.path()).read_bytes()[: len(magic)] == magic
        wait_for_app(page)  # the clicks' reruns
        expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
        screenshot(page, "markdown-report")
        assert external == []
