"""AppTest: the Báo cáo page and the open tasks that open the overview, on the demo database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from core.domain import tasks
from core.storage.db import Database
from tests.helpers import app_test, staff

SEP, OCT = date(2026, 9, 1), date(2026, 10, 1)
LATE_DUE = date(2026, 10, 15)


def seed_tasks(path: Path) -> dict[str, int]:
    canbo = staff("canbo", province="12")
    with Database(path) as db:
        ids = {
            "late": tasks.add(db, SEP, "Đấu tranh triệt xóa băng nhóm", canbo, owner="Công an xã Nậm Cuổi",
                              due=LATE_DUE, area_code="03544"),
            "done": tasks.add(db, SEP, "Tuyên truyền 100% hộ dân", canbo, owner="UBND xã Tủa Sín Chải",
                              due=date(2026, 10, 31), area_code="03529"),
            "later": tasks.add(db, OCT, "Tổng hợp báo cáo quý IV", canbo, owner="Thường trực Ban Chỉ đạo",
                               due=date(2099, 1, 31)),
        }  # fmt: skip
        tasks.mark_done(db, ids["done"], "Đã tuyên truyền thêm 210 hộ", canbo, when=datetime(2026, 10, 28, 9, 0))
        tasks.add(db, OCT, "Đề nghị đưa xã Sìn Hồ ra khỏi diện", canbo, kind="conclusion", area_code="03478")
    return ids


def report_page(lang: str = "vi", user: str = "canbo") -> AppTest:
    at = app_test(user)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    return at


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def test_report_page_offers_the_three_files_and_the_tasks(demo_copy: Path) -> None:
    seed_tasks(demo_copy)
    at = report_page()
    assert at.title[0].value == "Báo cáo và kết luận cuộc họp"
    assert [b.label for b in at.get("download_button")] == [
        "⬇ Báo cáo DOCX (Word)",
        "⬇ Báo cáo PDF",
        "⬇ Số liệu XLSX (Excel)",
    ]
    assert [s.value for s in at.subheader] == [
        "Tải báo cáo",
        "Nhiệm vụ từ các cuộc họp trước (2)",
        "Kết luận, nhiệm vụ cuộc họp tháng 10/2026",
    ]
    assert "bảng kết quả tiêu chí của 8 địa bàn" in at.caption[1].value
    assert "2 địa bàn đề nghị đưa ra khỏi diện" in at.caption[1].value
    carried = at.dataframe[0].value.set_index("Nội dung")
    overdue = (date.today() - LATE_DUE).days
    assert carried.loc["Đấu tranh triệt xóa băng nhóm", "Tình hình"] == f"Quá hạn {overdue} ngày"
    assert (
        carried.loc["Tuyên truyền 100% hộ dân", "Tình hình"]
        == "Đã hoàn thành (28/10/2026): Đã tuyên truyền thêm 210 hộ"
    )
    assert carried.loc["Đấu tranh triệt xóa băng nhóm", "Địa bàn"] == "Xã Nậm Cuổi"
    assert "1 đã hoàn thành · 1 đang thực hiện · 1 quá hạn" in [c.value for c in at.caption]
    assert any("Xã Sìn Hồ" in m.value and "Đề nghị đưa xã Sìn Hồ" in m.value for m in at.markdown)
    meeting = at.dataframe[1].value
    assert meeting["Địa bàn"].tolist() == ["Toàn Ban Chỉ đạo"]


def test_recording_a_task_and_marking_one_done(demo_copy: Path) -> None:
    ids = seed_tasks(demo_copy)
    at = report_page()
    at.text_area(key="task_text").input("Lắp thêm camera an ninh tại các bản")
    at.selectbox(key="task_area").set_value("03478")
    at.text_input(key="task_owner").input("Công an xã Sìn Hồ")
    at.date_input(key="task_due").set_value(date(2026, 12, 20))
    button(at, "Ghi").click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã ghi nhiệm vụ số ")
    meeting = at.dataframe[1].value.set_index("Nội dung")
    assert meeting.loc["Lắp thêm camera an ninh tại các bản", "Địa bàn"] == "Xã Sìn Hồ"
    assert meeting.loc["Lắp thêm camera an ninh tại các bản", "Thời hạn"] == "20/12/2026"

    at.selectbox(key="done_id").set_value(ids["late"])
    at.text_area(key="done_note").input("Đã triệt phá 2 nhóm")
    button(at, "Ghi hoàn thành").click()
    at.run()
    assert at.success[0].value == f"Đã ghi nhiệm vụ số {ids['late']} hoàn thành."
    carried = at.dataframe[0].value.set_index("Nội dung")
    assert carried.loc["Đấu tranh triệt xóa băng nhóm", "Tình hình"].endswith("Đã triệt phá 2 nhóm")


def test_a_task_without_owner_or_due_date_is_refused_on_the_page(demo_copy: Path) -> None:
    at = report_page()
    at.text_area(key="task_text").input("Việc chưa có người làm")
    button(at, "Ghi").click()
    at.run()
    assert at.error[0].value == "Cần nhập người, đơn vị chịu trách nhiệm."
    assert at.info[-1].value == "Chưa ghi kết luận, nhiệm vụ nào."


def test_overview_opens_with_open_tasks_overdue_first(demo_copy: Path) -> None:
    seed_tasks(demo_copy)
    at = app_test("chutich").run()  # the chair: reads, does not write
    assert not at.exception
    assert at.subheader[0].value == "Nhiệm vụ chưa hoàn thành (2)"
    table: pd.DataFrame = at.dataframe[0].value
    assert table["Nội dung"].tolist() == ["Đấu tranh triệt xóa băng nhóm", "Tổng hợp báo cáo quý IV"]
    assert table["Tình hình"].tolist() == [f"Quá hạn {(date.today() - LATE_DUE).days} ngày", "Đang thực hiện"]
    assert at.subheader[1].value == "Số liệu tính đến Tháng 10/2026"


def test_the_chair_reads_the_page_without_the_forms(demo_copy: Path) -> None:
    seed_tasks(demo_copy)
    at = report_page(user="chutich")
    assert len(at.get("download_button")) == 3
    assert at.subheader[1].value == "Nhiệm vụ từ các cuộc họp trước (2)"
    assert [e.label for e in at.expander] == []  # no forms for a viewer
    assert not [b for b in at.button if b.label in ("Ghi", "Ghi hoàn thành")]


def test_only_an_admin_renames_the_committee(demo_copy: Path) -> None:
    assert "Ban Chỉ đạo ban hành báo cáo" not in [e.label for e in report_page(user="canbo").expander]
    at = report_page(user="quantri")
    at.text_input(key="committee_name").input("Ban Chỉ đạo 138 tỉnh Lai Châu")
    button(at, "Lưu tên Ban Chỉ đạo").click()
    at.run()
    assert at.success[0].value == "Đã lưu tên Ban Chỉ đạo."
    assert any("Ban Chỉ đạo 138 tỉnh Lai Châu" in m.value for m in at.markdown)


def test_report_page_in_english(demo_copy: Path) -> None:
    at = report_page("en")
    assert at.title[0].value == "Report and meeting conclusions"
    assert at.subheader[1].value == "Tasks from earlier meetings (0)"


def test_an_area_page_lists_its_tasks(demo_copy: Path) -> None:
    seed_tasks(demo_copy)
    at = app_test("canbo")
    at.query_params["ma"] = "03544"
    at.run()
    at.switch_page("pages/area.py").run()
    assert not at.exception
    titles = [s.value for s in at.subheader]
    assert "Nhiệm vụ của địa bàn (1)" in titles
    table = next(d.value for d in at.dataframe if "Tình hình" in d.value.columns)
    assert table["Nội dung"].tolist() == ["Đấu tranh triệt xóa băng nhóm"]
