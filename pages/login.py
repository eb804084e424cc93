"""Đăng nhập: the only page a session sees before logging in."""

from __future__ import annotations

import web


def render() -> None:
    web.login_form()


render()
