"""AppTest on the Địa bàn page against the demo database: what a committee sees for one area."""

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


def open_area(app: AppTest, code: str | None = None, **params: str) -> AppTest:
    if code is not None:
        app.query_params["ma"] = code
    for key, value in params.items():
        app.query_params[key] = value
    # Open the app first, then go to the page, as a user does. (When `switch_page` comes before the
    # first run, AppTest loses the sidebar widgets app.py draws: the language radio, the presentation
    # toggle.)
    at = app.run().switch_page("pages/area.py").run()
    assert not at.exception
    return at


def card(at: AppTest, code: str) -> tuple[str, str, str | None]:
    """(label, value, delta) of a criterion card's figure."""
    found = [m for m in at.metric if m.label.startswith(f"{code} · ")]
    assert len(found) == 1, [m.label for m in at.metric]
    m = found[0]
    return m.label, m.value, (m.proto.delta or None)


def metric(at: AppTest, label_start: str) -> tuple[str, str]:
    found = [m for m in at.metric if m.label.startswith(label_start)]
    assert len(found) == 1, [m.label for m in at.metric]
    return found[0].value, found[0].proto.delta


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_tua_sin_chai_criterion_cards(app: AppTest) -> None:
    at = open_area(app, "03529")
    assert at.title[0].value == "Xã Tủa Sín Chải"
    assert card(at, "C02") == ("C02 · Tỷ lệ điều tra, khám phá án", "56,2%", "Chưa đạt")
    assert card(at, "C10")[1:] == ("85%", "Chưa đạt")
    # Nothing arose: said so, never 0% or 100%, and not said twice.
    assert card(at, "C03")[1:] == ("Không phát sinh", None)
    assert card(at, "C04")[1:] == ("60%", "Đạt")
    assert card(at, "C06")[1:] == ("0 nhóm", "Đạt")
    assert card(at, "C09")[1:] == ("Đã giảm", "Đạt")
    assert card(at, "C11")[1:] == ("2 mô hình", "Đạt")
    assert card(at, "C12")[1:] == ("Đạt", None)
    page = texts(at)
    assert "9/16 vụ" in page  # C02's figures
    assert "16/40 vụ (trong đợt/trước chuyển hóa)" in page  # C04, as the seeds write it
    assert "1.177/1.385 hộ (tháng gần nhất)" in page  # C10
    assert "Chỉ tiêu ≥ 80%" in page
    # A card per criterion, in display order, four to a row.
    labels = [m.label.split(" · ")[0] for m in at.metric if " · " in m.label]
    assert labels == [f"C{i:02d}" for i in range(1, 14)]
    bars = at.get("progress")
    assert len(bars) == 5  # C01, C02, C04, C05, C10: the percent criteria with a value (C03: none arose)


def test_round_header(app: AppTest) -> None:
    at = open_area(app, "03529")
    page = texts(at)
    assert "**Quyết định số 52/QĐ-BCĐ** ngày 22/12/2025" in page
    assert "Tháng 1/2026 – Tháng 9/2026 (9 tháng)" in page
    assert "Tiêu chí chưa đạt: C02, C10" in page
    assert ":blue-badge[Đang chuyển hóa]" in page
    assert metric(at, "Đã thực hiện")[0] == "10/9 tháng"
    assert metric(at, "Thời hạn còn lại")[0] == "Đã hết hạn"
    assert metric(at, "Tiêu chí đạt")[0] == "11/13"


def test_ready_round_says_since_when(app: AppTest) -> None:
    at = open_area(app, "3478")  # Excel lost the leading zero: the same commune
    assert at.title[0].value == "Xã Sìn Hồ"
    assert at.query_params["ma"] == "03478"
    page = texts(at)
    assert ":green-badge[Đủ điều kiện ra khỏi diện]" in page
    assert "đủ điều kiện từ Tháng 9/2026" in page
    assert metric(at, "Tiêu chí đạt")[0] == "13/13"


def test_before_after_table(app: AppTest) -> None:
    at = open_area(app, "03529")
    table = at.table[0].value.set_index("Chỉ số")
    crimes = table.loc["Vụ phạm tội về trật tự xã hội xảy ra"]
    assert list(crimes) == ["16/40 vụ", "−24 (−60%)", "16/38 vụ", "−22 (−57,9%)"]
    serious = table.loc["Vụ rất nghiêm trọng, đặc biệt nghiêm trọng xảy ra"]
    assert list(serious) == ["0/1 vụ", "−1 (*)", "0/1 vụ", "−1 (*)"]  # seed 003: "00/01 vụ"
    assert list(table.columns) == [
        "Trong đợt/trước chuyển hóa",
        "Tăng, giảm so với trước chuyển hóa",
        "Trong đợt/cùng kỳ năm trước",
        "Tăng, giảm so với cùng kỳ",
    ]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("(*) Cơ sở so sánh dưới 10: không tính tỷ lệ phần trăm") for c in captions)
    assert any("Trước chuyển hóa: Tháng 3/2025 – Tháng 12/2025".lower() in c.lower() for c in captions)


def test_context_figures(app: AppTest) -> None:
    at = open_area(app, "03529")
    assert metric(at, "Người lầm lỗi đang quản lý") == ("68 người", "+8 so với trước đợt")
    assert metric(at, "Camera an ninh") == ("70 camera", "+35 so với trước đợt")
    assert metric(at, "Hộ tham gia phát phiếu") == ("763 hộ", "+763 so với trước đợt")


def test_villages_and_hotspots(app: AppTest) -> None:
    at = open_area(app, "03508")
    villages = at.table[1].value.set_index("Thôn, bản")
    assert list(villages.index) == ["Bản Hồng Thu Mông", "Bản Ma Quai", "Bản Phìn Hồ"]
    assert villages.loc["Bản Phìn Hồ", "Số hộ"] == "226"
    assert villages.loc["Bản Phìn Hồ", "Đợt chuyển hóa riêng"] == "Đủ điều kiện ra khỏi diện, bắt đầu Tháng 1/2026"
    assert villages.loc["Bản Ma Quai", "Đợt chuyển hóa riêng"] == "—"
    at = open_area(app, "03529")
    subheaders = [s.value for s in at.subheader]
    assert "Điểm, tụ điểm hoạt động cuối Tháng 10/2026: 1" in subheaders
    hotspots = at.table[2].value
    assert hotspots.iloc[0].to_dict() == {
        "Loại": "ma túy",
        "Tên": "Điểm ma túy số 4",
        "Thuộc": "Xã Tủa Sín Chải",
        "Ngày phát hiện": "16/11/2025",
        "Tọa độ": "22,18937; 103,28131",
    }
    assert "Đầu đợt: 2 điểm · phát hiện mới trong đợt: 0 · đã triệt xóa trong đợt: 1" in texts(at)


def test_sparklines_have_titles_and_units(app: AppTest) -> None:
    at = open_area(app, "03529")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [c["layout"]["title"]["text"] for c in charts]
    assert len(charts) == 12  # every criterion but C03, where nothing arose to draw
    assert titles.count("Từ đầu đợt (%)") == 5
    assert "Từ đầu đợt (nhóm)" in titles and "Từ đầu đợt (đạt/chưa đạt)" in titles
    c02 = charts[1]
    assert [round(v, 2) for v in c02["data"][0]["y"]][-1] == 56.25  # the last month, as on the card
    assert len(c02["data"][0]["x"]) == 10  # Tháng 1 to Tháng 10/2026
    assert c02["data"][0]["x"][0] == "Tháng 1/2026"


def test_the_area_is_picked_and_kept_in_the_url(app: AppTest) -> None:
    at = open_area(app)
    assert at.title[0].value == "Phường Tân Phong"  # the first area in progress
    assert at.query_params["ma"] == "03408"
    at.selectbox(key="area_ma").set_value("03544").run()
    assert at.title[0].value == "Xã Nậm Cuổi"
    assert at.query_params["ma"] == "03544"
    assert card(at, "C06")[1:] == ("2 nhóm", "Chưa đạt")


def test_an_unknown_code_says_so(app: AppTest) -> None:
    at = open_area(app, "99999")
    assert at.warning[0].value.startswith("Không có địa bàn mã 99999")
    assert at.title[0].value == "Phường Tân Phong"


def test_a_planned_round_has_no_results_yet(app: AppTest) -> None:
    at = open_area(app, "03549")
    assert at.title[0].value == "Xã Phong Thổ"
    assert at.info[0].value == "Đợt chuyển hóa bắt đầu từ Tháng 12/2026: chưa có kết quả tiêu chí."
    assert not [m for m in at.metric if " · " in m.label]
    assert "**Quyết định số 88/QĐ-BCĐ** ngày 28/10/2026" in texts(at)


def test_the_reviewed_month_comes_from_the_url(app: AppTest) -> None:
    at = open_area(app, "03529", thang="2026-06")
    assert metric(at, "Đã thực hiện")[0] == "6/9 tháng"
    assert at.subheader[0].value == "Kết quả từng tiêu chí (Tháng 1/2026 – Tháng 6/2026)"
    assert at.query_params["thang"] == "2026-06"


def test_an_exited_and_relapsed_round(app: AppTest) -> None:
    at = open_area(app, "03503")
    page = texts(at)
    assert ":red-badge[Phức tạp trở lại]" in page
    assert "Quyết định đưa ra khỏi diện 15/QĐ-BCĐ ngày 16/01/2026" in page
    assert "phức tạp trở lại từ Tháng 7/2026" in page


def switch_to_english(at: AppTest) -> AppTest:
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    return at


def test_english_switch(app: AppTest) -> None:
    at = switch_to_english(open_area(app, "03529"))
    assert not at.exception
    assert card(at, "C02") == ("C02 · Detection rate", "56.2%", "Not met")
    assert card(at, "C03")[1:] == ("None arose", None)
    assert metric(at, "Criteria met")[0] == "11/13"
    table = at.table[0].value.set_index("Indicator")
    assert list(table.loc["Crimes against social order"]) == [
        "16/40 cases",
        "−24 (−60%)",
        "16/38 cases",
        "−22 (−57.9%)",
    ]
    assert "**Decision 52/QĐ-BCĐ** of 22/12/2025" in texts(at)
    assert at.query_params["lang"] == "en" and at.query_params["ma"] == "03529"


def test_presentation_mode_draws_large_charts(app: AppTest) -> None:
    at = open_area(app, "03529", trinh_chieu="1")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts and all(c["layout"]["height"] == 150 for c in charts)
    assert card(at, "C02")[1] == "56,2%"


def test_every_string_on_the_page_is_translated(app: AppTest) -> None:
    """No Vietnamese left on the English page apart from data (names, decision numbers, units of the DB)."""
    at = switch_to_english(open_area(app, "03529"))
    headings = [s.value for s in at.subheader]
    assert headings == [
        "Each criterion (01/2026 – 10/2026)",
        "Before and after",
        "Other figures",
        "Villages (2)",
        "Hotspots active at the end of 10/2026: 1",
    ]
    frame = at.table[1].value
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == [
        "Village",
        "Households",
        "Population",
        "Own round",
    ]
