"""AppTest: the exit review page on the demo database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.helpers import app_test


def exit_page(lang: str = "vi") -> AppTest:
    at = app_test()
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/exit_review.py").run()
    assert not at.exception
    return at


def tables(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def test_ready_lagging_and_watched_areas(demo_copy: Path) -> None:
    at = exit_page()
    assert [s.value for s in at.subheader] == [
        "Đủ điều kiện đề nghị đưa ra khỏi diện (2)",
        "Chưa đạt tiêu chí (2 địa bàn)",
        "Theo dõi sau khi ra khỏi diện (2)",
    ]
    ready, lagging, watched = tables(at)
    ready = ready.set_index("Địa bàn")
    assert list(ready.index) == ["Xã Sìn Hồ", "Bản Phìn Hồ"]
    assert ready.loc["Xã Sìn Hồ", "Đủ điều kiện từ"] == "Tháng 9/2026"
    assert ready.loc["Xã Sìn Hồ", "Quyết định"] == "52/QĐ-BCĐ 22/12/2025"
    rows = {(r["Địa bàn"], r["Tiêu chí"][:3]): r for r in lagging.to_dict("records")}
    assert rows[("Xã Tủa Sín Chải", "C02")]["Còn thiếu"] == "thiếu 23,8 điểm %"
    assert rows[("Xã Tủa Sín Chải", "C10")]["Kết quả"] == "85%"
    assert rows[("Xã Nậm Cuổi", "C06")]["Còn thiếu"] == "2 (yêu cầu = 0)"
    assert set(rows) == {
        ("Xã Tủa Sín Chải", "C02"),
        ("Xã Tủa Sín Chải", "C10"),
        ("Xã Nậm Cuổi", "C04"),
        ("Xã Nậm Cuổi", "C06"),
    }
    watched = watched.set_index("Địa bàn")
    assert watched.loc["Xã Nậm Mạ", "Trạng thái"] == "Giữ vững"
    assert watched.loc["Xã Pa Tần", "Trạng thái"].startswith("Phức tạp trở lại từ Tháng 7/2026")
    assert "Xã Hồng Thu: còn 2 tháng (đến Tháng 12/2026)" in at.main.markdown[-1].value


def test_recording_an_exit_decision_through_the_form(demo_copy: Path) -> None:
    at = exit_page()
    at.selectbox(key="exit_round").set_value(at.selectbox(key="exit_round").options[0])
    at.text_input(key="exit_no").input("21/QĐ-BCĐ")
    at.date_input(key="exit_date").set_value(date(2026, 11, 2))
    at.main.button[-1].click()  # the form's submit button
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã ghi: Xã Sìn Hồ ra khỏi diện chuyển hóa theo Quyết định 21/QĐ-BCĐ")
    assert at.subheader[0].value == "Đủ điều kiện đề nghị đưa ra khỏi diện (1)"
    from web import open_db as _open  # the app's own connection: one process opens a file one way only

    assert _open(str(demo_copy)).query_rows(
        "SELECT status, exit_decision_no, exit_decision_date FROM rounds WHERE area_code = '03478'"
    ) == [("exited", "21/QĐ-BCĐ", date(2026, 11, 2))]
    watched = tables(at)[-1].set_index("Địa bàn")
    assert watched.loc["Xã Sìn Hồ", "Quyết định ra khỏi diện"] == "21/QĐ-BCĐ 02/11/2026"


def test_empty_decision_number_is_refused_on_the_page(demo_copy: Path) -> None:
    at = exit_page()
    at.main.button[-1].click()
    at.run()
    assert at.error[0].value == "Cần nhập số quyết định (ví dụ 15/QĐ-BCĐ)."
    assert at.subheader[0].value == "Đủ điều kiện đề nghị đưa ra khỏi diện (2)"


def test_exit_page_in_english(demo_copy: Path) -> None:
    at = exit_page("en")
    assert at.title[0].value == "Exit review"
    ready = tables(at)[0]
    assert list(ready.columns)[:2] == ["Area", "Under"]
    assert ready["Eligible since"].tolist() == ["09/2026", "09/2026"]
