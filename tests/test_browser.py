"""End to end: `streamlit run` on 127.0.0.1 and headless Chromium, offline, at 1920×1080."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import goto, offline_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_overview_in_vietnamese(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, server)
        expect(page.get_by_role("heading", name="Tổng quan chuyển hóa địa bàn")).to_be_visible()
        metrics = page.locator('[data-testid="stMetric"]')
        expect(metrics).to_have_count(4)
        expect(metrics.filter(has_text="Đủ điều kiện ra khỏi diện")).to_contain_text("2")
        expect(metrics.filter(has_text="Phức tạp trở lại")).to_contain_text("1")
        expect(page.get_by_text("DỮ LIỆU MẪU")).to_be_visible()
        expect(page.get_by_text("Số liệu tính đến Tháng 10/2026")).to_be_visible()
        assert "thang=2026-10" in page.url
        screenshot(page, "overview-vi")
        assert external == []


def test_overview_in_english_from_the_url(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/?lang=en&thang=2026-06")
        expect(page.get_by_role("heading", name="Transformation overview")).to_be_visible()
        expect(page.get_by_text("Figures up to 06/2026")).to_be_visible()
        expect(page.locator('[data-testid="stMetric"]').filter(has_text="Ready to leave")).to_contain_text("0")
        screenshot(page, "overview-en")
        assert external == []


def test_exit_review_in_vietnamese_and_english(server: str, browser: Browser) -> None:
    for lang, heading, ready in (
        ("vi", "Xét đưa ra khỏi diện chuyển hóa", "Đủ điều kiện đề nghị đưa ra khỏi diện (2)"),
        ("en", "Exit review", "Ready to propose for exit (2)"),
    ):
        with offline_page(browser) as (page, external):
            goto(page, f"{server}/xet-ra-khoi-dien?lang={lang}")
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
            expect(page.get_by_text(ready)).to_be_visible()
            screenshot(page, f"exit-{lang}")
            assert external == []


def test_presentation_mode_steps_through_the_agenda(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/?trinh_chieu=1")
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        expect(page.get_by_text("Bước 1/9")).to_be_visible()
        size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
        assert size == "21px"
        screenshot(page, "overview-present")
        page.get_by_role("button", name="Tiếp ▶").click()
        wait_for_app(page)
        expect(page.get_by_text("Bước 2/9")).to_be_visible()
        expect(page.get_by_role("heading", name="Phường Tân Phong")).to_be_visible()
        assert "ma=03408" in page.url and "trinh_chieu=1" in page.url
        page.get_by_role("button", name="◀ Trước").click()
        wait_for_app(page)
        expect(page.get_by_text("Bước 1/9")).to_be_visible()
        page.get_by_role("button", name="✕ Thoát trình chiếu").click()
        wait_for_app(page)
        expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
        assert "trinh_chieu" not in page.url
        assert external == []


def test_exit_review_in_presentation_mode(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/xet-ra-khoi-dien?trinh_chieu=1")
        expect(page.get_by_text("Bước 9/9")).to_be_visible()
        expect(page.get_by_role("button", name="Tiếp ▶")).to_be_disabled()
        expect(page.get_by_text("Ghi quyết định đưa ra khỏi diện")).to_have_count(0)  # no forms on the projector
        screenshot(page, "exit-present")
        assert external == []
