"""Đăng nhập: the only page a session sees before logging in."""

from __future__ import annotations

import ui


def render() -> None:
    ui.login_form()


render()
