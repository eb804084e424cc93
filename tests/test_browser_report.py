"""End to end: the Báo cáo page and the overview's open tasks in headless Chromium at 1920×1080,
offline. Screenshots land in tests/artifacts/report-*.png."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, expect

from tests.browser import goto, offline_page, screenshot, streamlit_server
from tests.test_app_report import seed_tasks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[str]:
    """The demo with September's and October's tasks (one overdue, one done), served."""
    path = tmp_path_factory.mktemp("e2e-report") / "demo.duckdb"
    shutil.copy(demo_template, path)
    seed_tasks(path)
    with streamlit_server(path) as url:
        yield url


def test_report_page_in_vietnamese(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/bao-cao?thang=2026-10", user="canbo")
        expect(page.get_by_role("heading", name="Báo cáo và kết luận cuộc họp")).to_be_visible()
        for label in ("⬇ Báo cáo DOCX (Word)", "⬇ Báo cáo PDF", "⬇ Số liệu XLSX (Excel)"):
            expect(page.get_by_role("button", name=label)).to_be_visible()
        expect(page.get_by_text("Nhiệm vụ từ các cuộc họp trước (2)")).to_be_visible()
        expect(page.get_by_text("1 đã hoàn thành · 1 đang thực hiện · 1 quá hạn")).to_be_visible()
        screenshot(page, "report-vi")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="⬇ Báo cáo PDF").click()
        download = download_info.value
        assert download.suggested_filename == "bao-cao-chuyen-hoa-2026-10.pdf"
        assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
        with page.expect_download() as download_info:
            page.get_by_role("button", name="⬇ Số liệu XLSX (Excel)").click()
        book = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
        names = [row[1] for row in book["Bảng tiêu chí"].iter_rows(min_row=3, values_only=True)]
        assert "Xã Tủa Sín Chải" in names
        assert external == []


def test_overview_opens_with_the_open_tasks(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/?thang=2026-10&trinh_chieu=1", user="chutich")
        expect(page.get_by_text("Nhiệm vụ chưa hoàn thành (2)")).to_be_visible()
        expect(page.get_by_text("Bước 1/9")).to_be_visible()
        screenshot(page, "report-overview-open-tasks-present")
        assert external == []
