"""End to end: the Giả định chỉ tiêu page in headless Chromium, offline, at 1920×1080."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import goto, offline_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_setting_a_target_shows_the_flip(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/gia-dinh")
        expect(page.get_by_role("heading", name="Giả định chỉ tiêu", exact=True)).to_be_visible()
        target = page.get_by_label("Giả định C02")
        target.fill("50")
        target.press("Enter")
        wait_for_app(page)
        c10 = page.get_by_label("Giả định C10")
        c10.fill("80")
        c10.press("Enter")
        wait_for_app(page)
        metrics = page.locator('[data-testid="stMetric"]')
        expect(metrics.filter(has_text="Theo giả định")).to_contain_text("3")
        expect(metrics.filter(has_text="Trở thành đủ điều kiện")).to_contain_text("1")
        assert "gd=C02%3A50%2CC10%3A80" in page.url or "gd=C02:50,C10:80" in page.url
        screenshot(page, "whatif-vi")
        assert external == []


def test_a_link_opens_the_same_scenario_in_english(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/gia-dinh?lang=en&gd=C04:90")
        expect(page.get_by_role("heading", name="What-if targets", exact=True)).to_be_visible()
        expect(page.locator('[data-testid="stMetric"]').filter(has_text="No longer ready")).to_contain_text("2")
        screenshot(page, "whatif-en")
        assert external == []
