"""AppTest: the upload page — preview, row-precise problems, confirm, the change on the overview, undo."""

from __future__ import annotations

import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.base.text import escape_markdown
from core.seed.demo import build_demo
from core.storage.db import Database
from tests.helpers import app_test, spy_fast_path
from tests.hostile_files import whole_sheet_xlsx

# Xã Tủa Sín Chải (03529) solves enough in Tháng 10/2026 to lift its detection rate, and informs every
# household: it becomes ready to leave.
GOOD_NEWS = (
    "Mã địa bàn;Tháng;Chỉ số;Giá trị\n"
    "03529;Tháng 10/2026;crimes_solved;12\n"
    "03529;Tháng 10/2026;households_informed;1.385\n"
).encode()
BAD = b"ma_dia_ban,thang,chi_so,gia_tri\n99999,10/2026,crimes,1\n03529,10/2026,crimes,-2\n"


@pytest.fixture
def page(tmp_path: Path, initialised_db_file: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    path = tmp_path / "demo.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as db:
        build_demo(db)
    monkeypatch.setenv("CHUYENHOA_DB", str(path))
    at = app_test()
    at.run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    return at


def table_with(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    """The dataframe shown with that column (AppTest finds dataframes by position, not key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# The same figures as a plain comma-separated file: the importer's fast path, whose plan keeps its
# rows and changes as Arrow tables until the page shows them.
GOOD_NEWS_PLAIN = (
    b"ma_dia_ban,thang,chi_so,gia_tri\n03529,10/2026,crimes_solved,12\n03529,10/2026,households_informed,1.385\n"
)


@pytest.mark.parametrize(
    ("content", "fast"), [(GOOD_NEWS, False), (GOOD_NEWS_PLAIN, True)], ids=["semicolons", "plain"]
)
def test_preview_confirm_and_see_the_change_on_the_overview(
    page: AppTest, content: bytes, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = spy_fast_path(monkeypatch)
    at = page
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Đủ điều kiện ra khỏi diện") == "2"
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("so_lieu_10.csv", content, "text/csv")).run()
    assert not at.exception
    assert taken and set(taken) == {fast}
    assert metric(at, "Thay đổi") == "2" and metric(at, "Lỗi") == "0"
    changes = table_with(at, "Giá trị mới").set_index("Chỉ số")
    assert changes.loc["households_informed", "Giá trị mới"] == "1.385"
    assert changes.loc["crimes_solved", "Tháng"] == "Tháng 10/2026"
    at.button(key="upload_confirm").click().run()
    assert at.success[0].value.startswith("Đã nhập so_lieu_10.csv")
    history = table_with(at, "Tệp")
    assert history.iloc[0]["Tệp"] == "so_lieu_10.csv"
    assert (history.iloc[0]["Thêm mới"], history.iloc[0]["Thay đổi"]) == ("0", "2")
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", history.iloc[-1]["Thêm mới"])  # the demo's thousands of values
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Đủ điều kiện ra khỏi diện") == "3"
    # Undo puts it back.
    at.switch_page("pages/upload.py").run()
    at.button(key="undo_button").click().run()
    assert at.success[0].value.startswith("Đã hoàn tác lần tải lên số")
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Đủ điều kiện ra khỏi diện") == "2"


def test_a_bad_file_is_refused_with_rows_and_reasons(page: AppTest) -> None:
    at = page
    at.file_uploader[0].set_value(("sai.csv", BAD, "text/csv")).run()
    assert at.error[0].value.startswith("Tệp có 2 lỗi nên chưa thể nhập")
    problems = table_with(at, "Lý do")
    assert list(problems["Dòng"]) == [2, 3]
    assert list(problems["Cột"]) == ["ma_dia_ban", "gia_tri"]
    assert not [b for b in at.button if b.key == "upload_confirm"]


def test_the_correction_grid_shows_the_areas_months(page: AppTest) -> None:
    at = page
    at.selectbox(key="correct_area").set_value("03529").run()
    grid = next(d.value for d in at.dataframe if "correct_grid_03529" in d.proto.id)
    assert grid.shape == (12, 20)
    assert list(grid.index[[0, -1]]) == ["Tháng 11/2025", "Tháng 10/2026"]
    assert grid.loc["Tháng 10/2026", "crimes_solved"] == 1
    assert grid.loc["Tháng 10/2026", "households"] == 1385
    # Saving an untouched grid writes nothing (typing into st.data_editor is covered in core: test_uploads).
    at.button(key="correct_save").click().run()
    assert at.info[-1].value == "Không có ô nào thay đổi."


def test_templates_are_offered_for_every_kind(page: AppTest) -> None:
    buttons = [b for b in page.get("download_button")]
    assert len(buttons) == 8  # four kinds, Excel and CSV


def test_undo_on_a_full_disk_shows_the_reason_in_vietnamese(page: AppTest, tmp_path: Path) -> None:
    """The page said nothing useful (an exception: "cannot rollback - no transaction is active"); now
    it says the disk is full, and nothing is undone."""
    from core.importer import ImportResult, import_file
    from tests.test_db import disk_full_for

    at = page
    path = tmp_path / "demo.duckdb"
    with Database(path) as db:  # the same database instance as the page's (one per file in the process)
        assert isinstance(import_file(db, GOOD_NEWS_PLAIN, "so_lieu.csv", today=date(2026, 11, 1)), ImportResult)
        at.run()
        wal = disk_full_for(db)
        try:
            at.button(key="undo_button").click().run()
        finally:
            wal.unlink()
        assert db.query_value("SELECT count(*) FROM uploads WHERE undone_at IS NOT NULL") == 0
    assert not at.exception
    said = (
        f"Không ghi được vào cơ sở dữ liệu {path}: ổ đĩa đã hết chỗ trống. Chưa có thay đổi nào được lưu; "
        "hãy giải phóng dung lượng ổ đĩa (hoặc báo quản trị hệ thống) rồi thử lại."
    )
    assert [e.value for e in at.error] == [escape_markdown(said)]  # the path is data: shown as text


def test_a_hostile_workbook_is_refused_in_seconds(page: AppTest) -> None:
    """A 2 KB workbook declaring A1:XFD1048576, with a cell at XFD1048576: once it grew the server by
    20 MB/s until the machine killed it; now the page says why it is refused."""
    at = page
    t0 = time.perf_counter()
    at.file_uploader[0].set_value(("toan_trang.xlsx", whole_sheet_xlsx(), "application/vnd.ms-excel")).run()
    assert time.perf_counter() - t0 < 10
    assert not at.exception
    assert at.error[0].value.startswith("Tệp có 1 lỗi nên chưa thể nhập")
    problems = table_with(at, "Lý do")
    assert list(problems["Dòng"]) == [1048576]
    assert list(problems["Giá trị"]) == ["XFD1048576"]
    assert problems["Lý do"].iloc[0].startswith("Dòng có hơn 256 cột")
    assert not [b for b in at.button if b.key == "upload_confirm"]
