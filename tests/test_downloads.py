"""core.access.downloads: a file built when clicked, for the account as stored then."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from core.access import accounts
from core.access.downloads import FAILED, REFUSED, Download, DownloadRefused
from core.storage.db import Database

QUANTRI = accounts.User("quantri", "Quản trị", accounts.ADMIN)


def job(db: Database, calls: list[str], seen: float | None = None, action: str = "report") -> Download:
    def build(user: accounts.User) -> bytes:
        calls.append(user.username)
        time.sleep(0.05)
        return f"{user.username}:{user.province_code}".encode()

    return Download(lambda: db, "canbo", time.time() if seen is None else seen, action, build)


def test_built_once_for_the_account_as_stored_now(demo_copy: Path) -> None:
    calls: list[str] = []
    with Database(demo_copy) as db:
        download = job(db, calls)
        accounts.update_user(db, QUANTRI, "canbo", province="12")  # after drawing, before the click
        page = threading.Thread(target=download.run)
        page.start()
        data = download.fetch()  # the download thread waits for the page's build
        page.join()
        assert data == b"canbo:12" and calls == ["canbo"]
        assert download.fetch() == b"canbo:12" and calls == ["canbo", "canbo"]  # a second click builds again


def test_refused_when_deactivated_not_allowed_or_idle(demo_copy: Path) -> None:
    with Database(demo_copy) as db:
        calls: list[str] = []
        for download in (
            job(db, calls, seen=time.time() - (accounts.SESSION_IDLE_MINUTES * 60 + 5)),  # idle too long
            job(db, calls, action="users"),  # staff may not export the audit log
        ):
            with pytest.raises(DownloadRefused):
                download.fetch()
            assert download.error == REFUSED
        download = job(db, calls)
        accounts.update_user(db, QUANTRI, "canbo", active=False)
        download.run()
        assert download.error == REFUSED and calls == []


def test_a_failed_build_is_reported_not_raised_to_the_page(demo_copy: Path) -> None:
    def build(_: accounts.User) -> bytes:
        raise OSError("No space left on device")

    with Database(demo_copy) as db:
        download = Download(lambda: db, "canbo", time.time(), "report", build)
        download.run()
        assert download.error == FAILED
        with pytest.raises(DownloadRefused, match="Không tạo được tệp"):
            download.fetch()
