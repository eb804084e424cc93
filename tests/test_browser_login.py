"""In a real browser: log in as each demo account and see the navigation its role allows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser import log_in, offline_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

MEETING = ["Tổng quan", "Địa bàn", "Xét ra khỏi diện", "Bản đồ điểm nóng", "Giả định chỉ tiêu", "Báo cáo"]
NAV = {
    "chutich": MEETING,
    "canbo": [*MEETING, "Cập nhật dữ liệu"],
    "quantri": [*MEETING, "Cập nhật dữ liệu", "Quản trị"],
}


@pytest.mark.parametrize("user", list(NAV))
def test_each_demo_account_logs_in_and_sees_its_pages(browser: Browser, server: str, user: str) -> None:
    with offline_page(browser) as (page, external):
        page.goto(f"{server}/quan-tri")
        wait_for_app(page)
        assert page.locator(".st-key-login_user").count() == 1
        assert page.get_by_text("Tài khoản dùng thử").count() == 1
        if user == "chutich":
            screenshot(page, "login-vi")
        log_in(page, user)
        links = [t.split("\n")[-1].strip() for t in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
        assert links == NAV[user]
        body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        if user == "quantri":
            assert "Thêm tài khoản" in body and "Nhật ký" in body
            screenshot(page, "admin-vi")
            # The grid's own CSV download writes cells unescaped: it is hidden (exports are formula-safe).
            page.locator('[data-testid="stDataFrame"]').first.hover()
            page.locator('[data-testid="stElementToolbar"]').first.wait_for(state="attached")
            assert page.locator('button[aria-label="Download as CSV"]').count() >= 1
            assert not page.locator('button[aria-label="Download as CSV"]').first.is_visible()
        else:  # opened by its address, the admin page refuses
            assert "Không có quyền truy cập" in body
        assert external == []


def test_wrong_password_is_refused_and_counted(browser: Browser, server: str) -> None:
    with offline_page(browser) as (page, _):
        page.goto(server)
        wait_for_app(page)
        page.locator(".st-key-login_user input").fill("canbo")
        page.locator(".st-key-login_password input").fill("khong-dung")
        page.locator('[data-testid="stFormSubmitButton"] button').click()
        page.get_by_text("Sai tên đăng nhập hoặc mật khẩu").wait_for(timeout=15_000)
        assert page.locator(".st-key-login_user").count() == 1
