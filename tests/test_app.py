"""AppTest on the pages, against a real demo database in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import app_test


@pytest.fixture
def app(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CHUYENHOA_DB", str(demo_file))
    return app_test()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_counts_rounds_by_status(app: AppTest) -> None:
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Tổng quan chuyển hóa địa bàn"
    assert metrics(at) == {
        "Đang chuyển hóa": "4",
        "Đủ điều kiện ra khỏi diện": "2",
        "Đã ra khỏi diện năm 2026": "2",
        "Phức tạp trở lại": "1",
    }
    assert any("DỮ LIỆU MẪU" in w.value for w in at.warning)


def matrix(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value.set_index("Địa bàn")


def test_matrix_shows_each_criterion_with_the_percent_or_not_rule(app: AppTest) -> None:
    at = app.run()
    table = matrix(at)
    assert "Xã Phong Thổ" not in table.index  # planned: nothing to show yet
    assert table.loc["Xã Sìn Hồ", "Trạng thái"] == "Đủ điều kiện ra khỏi diện"
    assert table.loc["Xã Tủa Sín Chải", "Tiêu chí đạt"] == "11/13"
    assert table.loc["Xã Tủa Sín Chải", "C02"] == "56,2%"
    assert table.loc["Xã Tủa Sín Chải", "C10"] == "85%"
    assert table.loc["Xã Sìn Hồ", "C03"] == "Không phát sinh"  # no serious crime: never 0% or 100%
    assert table.loc["Xã Nậm Cuổi", "C06"] == "2"
    assert table.loc["Xã Pa Tần", "C13"] == "Chưa đạt"
    assert list(table.columns[2:]) == [f"C{i:02d}" for i in range(1, 14)]


def test_programme_targets_against_their_figures(app: AppTest) -> None:
    at = app.run()
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [c["layout"]["title"]["text"] for c in charts]
    assert titles[0] == "Địa bàn phức tạp về TTATXH:<br>chuyển hóa thành công năm 2026 (chỉ tiêu ≥ 60%)"
    values = {t: c["data"][0]["value"] for t, c in zip(titles, charts, strict=True)}
    # 2026 TTATXH rounds: Sìn Hồ, Hồng Thu, Bản Phìn Hồ, Tủa Sín Chải, Nậm Cuổi, Phong Thổ; 2 ready.
    assert values[titles[0]] == pytest.approx(100 * 2 / 6)
    # Left the list: Nậm Mạ (holds), Pa Tần (relapsed).
    assert values[titles[1]] == pytest.approx(50.0)
    thresholds = [c["data"][0]["gauge"]["threshold"]["value"] for c in charts]
    assert thresholds == [60, 85, 60, 85]


def test_filters_live_in_the_url(app: AppTest) -> None:
    app.query_params["trang_thai"] = "ready,relapsed"
    at = app.run()
    assert sorted(matrix(at).index) == ["Bản Phìn Hồ", "Xã Pa Tần", "Xã Sìn Hồ"]
    assert metrics(at)["Đang chuyển hóa"] == "0"
    at.multiselect(key="f_ct").set_value(["ANTT"]).run()
    assert at.query_params["ct"] == "ANTT"
    assert len(at.dataframe) == 0  # no ANTT round is ready or relapsed
    assert at.info[0].value == "Không có địa bàn nào phù hợp bộ lọc."
    at.multiselect(key="f_trang_thai").set_value([]).run()
    assert sorted(matrix(at).index) == ["Phường Tân Phong"]
    assert "trang_thai" not in at.query_params


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
    at = app_test().run()
    assert metrics(at)["Đủ điều kiện ra khỏi diện"] == "2"
    # A write through core (as an upload does) bumps the data version; the cached status is not reused.
    from web import open_db as _open

    db = _open(str(copy))
    with db.transaction() as cur:
        cur.execute("UPDATE rounds SET status = 'exited' WHERE area_code = '03478'")
    at.run()
    assert metrics(at)["Đủ điều kiện ra khỏi diện"] == "1"
    assert metrics(at)["Đã ra khỏi diện năm 2026"] == "2"  # no exit date recorded: counted as left, not dated
