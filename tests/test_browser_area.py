"""End to end: the Địa bàn page in headless Chromium at 1920×1080, offline — Vietnamese, English and
presentation mode. Screenshots land in tests/artifacts/area-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import goto, offline_page, screenshot

pytestmark = pytest.mark.browser


def _wait_for_charts(page: Page, count: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {count}",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


def test_area_in_vietnamese(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/dia-ban?ma=03529&thang=2026-10")
        expect(page.get_by_role("heading", name="Xã Tủa Sín Chải")).to_be_visible()
        expect(page.get_by_text("52/QĐ-BCĐ")).to_be_visible()
        c02 = page.locator('[class*="st-key-card-C02-rag-red"]')
        expect(c02).to_contain_text("56,2%")
        expect(c02).to_contain_text("Chưa đạt")
        expect(page.locator('[class*="st-key-card-C03-rag-green"]')).to_contain_text("Không phát sinh")
        # The progress bar takes the card's colour, not the theme's red.
        bar = page.locator('[class*="st-key-card-C01-rag-green"] [data-testid="stProgressBarTrack"] > div')
        assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(27, 127, 59)"
        _wait_for_charts(page, 10)
        assert "ma=03529" in page.url
        screenshot(page, "area-vi")
        page.get_by_text("So sánh trước và sau chuyển hóa").scroll_into_view_if_needed()
        expect(page.get_by_text("16/40 vụ").first).to_be_visible()
        screenshot(page, "area-vi-before-after")
        assert external == []


def test_area_in_english(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/dia-ban?ma=03478&thang=2026-10&lang=en")
        expect(page.get_by_role("heading", name="Xã Sìn Hồ")).to_be_visible()
        expect(page.get_by_text("Ready to leave").first).to_be_visible()
        expect(page.get_by_text("eligible since 09/2026")).to_be_visible()
        expect(page.get_by_text("Detection rate")).to_be_visible()
        _wait_for_charts(page, 10)
        screenshot(page, "area-en")
        assert external == []


def test_area_in_presentation_mode(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/dia-ban?ma=03529&thang=2026-10&trinh_chieu=1")
        expect(page.get_by_role("heading", name="Xã Tủa Sín Chải")).to_be_visible()
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        _wait_for_charts(page, 10)
        screenshot(page, "area-present")
        page.locator('[class*="st-key-card-C05-"]').scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        screenshot(page, "area-present-cards")
        assert external == []
