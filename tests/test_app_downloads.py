"""Downloads are built when clicked, for the account as it is then (issue: with Báo cáo open, a user
deactivated elsewhere could still download the XLSX). Each file is fetched the way Streamlit's server
fetches it on a click (`tests.helpers.DeferredFiles`), and the click's rerun of the page is run too."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileStorageError
from streamlit.testing.v1 import AppTest

from core.access import accounts
from core.report import write_pdf as report_pdf
from core.storage.db import Database
from tests.helpers import DeferredFiles, app_test

QUANTRI = accounts.User("quantri", "Quản trị", accounts.ADMIN)


def open_page(user: str, script: str) -> AppTest:
    at = app_test(user).run()
    at.switch_page(script).run()
    assert not at.exception
    return at


def change(path: Path, username: str, **what: object) -> None:
    with Database(path) as db:
        accounts.update_user(db, QUANTRI, username, **what)  # type: ignore[arg-type]


def shows_login(at: AppTest) -> bool:
    return any(t.key == "login_user" for t in at.text_input)


def test_a_user_deactivated_with_the_report_page_open_gets_no_file(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = DeferredFiles(monkeypatch)
    at = open_page("canbo", "pages/report.py")
    assert files.fetch(at, "dl_xlsx")[:2] == b"PK"  # while the account is active: the workbook
    change(demo_copy, "canbo", active=False)
    with pytest.raises(MediaFileStorageError, match="không còn quyền"):
        files.fetch(at, "dl_xlsx")  # the download thread, on the click: refused
    at.download_button(key="dl_xlsx").click().run()  # the click's rerun of the page
    assert not at.exception
    assert shows_login(at) and not at.get("download_button")


def test_a_report_that_cannot_be_built_says_so_on_the_page(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the button did nothing visible (Streamlit's own English line under it, for 5 s)."""

    def broken(_: object) -> bytes:
        raise OSError("No space left on device")

    monkeypatch.setattr(report_pdf, "to_pdf", broken)  # say the disk is full
    files = DeferredFiles(monkeypatch)
    at = open_page("canbo", "pages/report.py")
    at.download_button(key="dl_pdf").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Không tạo được bao-cao-chuyen-hoa-2026-10.pdf. Lỗi đã được ghi lại trong nhật ký máy chủ; "
        "hãy thử lại hoặc báo quản trị hệ thống."
    ]
    with pytest.raises(MediaFileStorageError):
        files.fetch(at, "dl_pdf")
    assert len(at.run().error) == 0  # said once: gone on the next run


def test_a_template_is_refused_once_the_role_lost_uploading(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = DeferredFiles(monkeypatch)
    at = open_page("canbo", "pages/upload.py")
    assert "Xã Sìn Hồ" in files.fetch(at, "template_areas_csv").decode("utf-8-sig")
    change(demo_copy, "canbo", role=accounts.VIEWER)  # chair-like: reads, no longer uploads
    with pytest.raises(MediaFileStorageError):
        files.fetch(at, "template_areas_csv")
    at.download_button(key="template_areas_csv").click().run()
    assert not at.exception
    assert at.title[0].value == "Không có quyền truy cập"  # the page itself now refuses the viewer
    assert not at.get("download_button")


def test_the_audit_log_export_needs_an_admin_at_the_click(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = DeferredFiles(monkeypatch)
    at = open_page("quantri", "pages/admin.py")
    assert files.fetch(at, "audit_xlsx")[:2] == b"PK"
    with Database(demo_copy) as db:  # another admin takes the role away
        accounts.create_user(db, QUANTRI, "quantri2", "mat-khau-dai", accounts.ADMIN, "Quản trị 2")
        accounts.update_user(db, accounts.get_user(db, "quantri2"), "quantri", role=accounts.STAFF)  # type: ignore[arg-type]
    with pytest.raises(MediaFileStorageError):
        files.fetch(at, "audit_csv")
