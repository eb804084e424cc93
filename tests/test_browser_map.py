"""End to end: the hotspot map in headless Chromium, offline, at 1920×1080: it draws without any
basemap or outside request."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.browser import ARTIFACTS, goto, offline_page, screenshot

pytestmark = pytest.mark.browser

CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'


def drawn_share(page: Page, name: str) -> float:
    """The share of the map's pixels that are not the white page behind it."""
    canvas = page.locator(CANVAS).first
    expect(canvas).to_be_visible(timeout=30_000)
    page.wait_for_timeout(2_500)  # deck.gl draws on the next animation frames (SwiftShader is slow)
    png = canvas.screenshot()
    (ARTIFACTS / f"{name}-canvas.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.get_flattened_data())
    inked = sum(1 for r, g, b in pixels if min(r, g, b) < 235)
    return inked / len(pixels)


def test_map_in_vietnamese_draws_offline(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/ban-do")
        expect(page.get_by_role("heading", name="Bản đồ điểm nóng")).to_be_visible()
        share = drawn_share(page, "map-vi")
        screenshot(page, "map-vi")
        assert share > 0.004, share  # circles, names and hotspots drawn, not a blank canvas
        assert external == []


def test_map_in_english_heatmap(server: str, browser: Browser) -> None:
    with offline_page(browser) as (page, external):
        goto(page, f"{server}/ban-do?lang=en&xa=03544")
        expect(page.get_by_role("heading", name="Hotspot map")).to_be_visible()
        share = drawn_share(page, "map-en")
        screenshot(page, "map-en")
        assert share > 0.004, share
        assert external == []
