"""End to end: upload a file through the page, confirm, and see the change on the overview."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import goto, offline_page, screenshot, wait_for_app
from tests.test_app_upload import GOOD_NEWS

pytestmark = pytest.mark.browser


def test_upload_confirm_and_see_it_on_the_overview(server: str, browser: Browser, tmp_path: Path) -> None:
    source = tmp_path / "so_lieu_thang_10.csv"
    source.write_bytes(GOOD_NEWS)
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/cap-nhat")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(source))
        expect(page.get_by_role("button", name="Xác nhận nhập tệp")).to_be_visible(timeout=30_000)
        wait_for_app(page)
        screenshot(page, "upload-preview")
        page.get_by_role("button", name="Xác nhận nhập tệp").click()
        expect(page.get_by_text("Đã nhập so_lieu_thang_10.csv")).to_be_visible(timeout=30_000)
        wait_for_app(page)
        screenshot(page, "upload-done")
        page.get_by_role("link", name="Tổng quan").click()
        wait_for_app(page)
        ready = page.locator('[data-testid="stMetric"]').filter(has_text="Đủ điều kiện ra khỏi diện")
        expect(ready).to_contain_text("3")
        assert external == []


def test_a_template_is_built_when_its_button_is_clicked(server: str, browser: Browser, tmp_path: Path) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/cap-nhat")
        page.get_by_text("Tải mẫu tệp").first.click()
        buttons = page.locator('[data-testid="stDownloadButton"] button')
        expect(buttons.first).to_be_visible(timeout=30_000)
        with page.expect_download(timeout=60_000) as download:
            buttons.nth(0).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "mau_indicators.xlsx"
        assert saved.read_bytes().startswith(b"PK")  # an Excel workbook
        with page.expect_download(timeout=60_000) as download:
            buttons.nth(1).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.read_bytes().startswith("\ufeffMã địa bàn".encode())  # CSV, UTF-8 with BOM
        assert external == []
