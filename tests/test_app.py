"""AppTest on the pages, against a real demo database in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.db import Database
from core.demo import build_demo
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, initialised_db_file: Path) -> Path:
    import shutil

    path = tmp_path_factory.mktemp("app") / "demo.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as db:
        build_demo(db)
    return path


@pytest.fixture
def app(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CHUYENHOA_DB", str(demo_file))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_counts_rounds_by_status(app: AppTest) -> None:
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Tổng quan chuyển hóa địa bàn"
    assert metrics(at) == {
        "Đang chuyển hóa": "4",
        "Đủ điều kiện ra khỏi diện": "2",
        "Đã ra khỏi diện": "1",
        "Phức tạp trở lại": "1",
    }
    table = at.dataframe[0].value
    by_area = table.set_index("Địa bàn")
    assert by_area.loc["Xã Sìn Hồ", "Trạng thái"] == "Đủ điều kiện ra khỏi diện"
    assert by_area.loc["Xã Tủa Sín Chải", "Tiêu chí chưa đạt"] == "C02 C10"
    assert by_area.loc["Xã Tủa Sín Chải", "Tiêu chí đạt"] == "11/13"
    assert by_area.loc["Xã Sìn Hồ", "Bắt đầu"] == "Tháng 1/2026"
    assert any("DỮ LIỆU MẪU" in w.value for w in at.warning)


def test_reviewed_month_comes_from_the_url_and_changes_counts(app: AppTest) -> None:
    app.query_params["thang"] = "2026-06"
    at = app.run()
    assert at.subheader[0].value == "Số liệu tính đến Tháng 6/2026"
    counts = metrics(at)
    assert counts["Đủ điều kiện ra khỏi diện"] == "0"  # no 9-month round has run its course yet
    assert at.query_params["thang"] == "2026-06"


def test_choosing_a_month_in_the_sidebar_is_kept_in_the_url(app: AppTest) -> None:
    at = app.run()
    from datetime import date

    at.sidebar.selectbox(key="reviewed_month").set_value(date(2026, 9, 1)).run()
    assert at.query_params["thang"] == "2026-09"
    assert at.subheader[0].value == "Số liệu tính đến Tháng 9/2026"


def test_english_switch(app: AppTest) -> None:
    at = app.run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Transformation overview"
    assert metrics(at)["Ready to leave"] == "2"
    assert "Status" in at.dataframe[0].value.columns
    assert at.query_params["lang"] == "en"


def test_a_write_is_visible_at_once(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_file, copy)
    monkeypatch.setenv("CHUYENHOA_DB", str(copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert metrics(at)["Đủ điều kiện ra khỏi diện"] == "2"
    # A write through core (as an upload does) bumps the data version; the cached status is not reused.
    from ui import _open

    db = _open(str(copy))
    with db.transaction() as cur:
        cur.execute("UPDATE rounds SET status = 'exited' WHERE area_code = '03478'")
    at.run()
    assert metrics(at)["Đủ điều kiện ra khỏi diện"] == "1"
    assert metrics(at)["Đã ra khỏi diện"] == "2"
