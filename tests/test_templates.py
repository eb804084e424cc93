"""Templates: pre-filled with the province's areas; filled in and uploaded back, they import."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from core.importer import plan_import
from core.importer.templates import template_csv, template_xlsx
from core.storage.db import Database

TODAY = date(2026, 11, 20)


def test_indicator_template_lists_the_areas_under_transformation(demo_database: Database) -> None:
    book = load_workbook(io.BytesIO(template_xlsx(demo_database, "indicators", month=date(2026, 11, 1))))
    assert book.sheetnames == ["Số liệu", "Hướng dẫn"]
    sheet = book["Số liệu"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã địa bàn", "Tên địa bàn", "Tháng"]
    assert "Vụ phạm tội về trật tự xã hội xảy ra" in header
    codes = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert codes[:2] == ["03408", "03478"] and "03508-PH" in codes
    assert sheet.cell(2, 3).value == "11/2026"
    rules = {str(v.formula1) for v in sheet.data_validations.dataValidation}
    assert '"0,1"' in rules and "0" in rules
    assert "Tháng: 2024-03" in " ".join(str(c.value) for c in book["Hướng dẫn"]["A"])


def test_a_filled_indicator_template_imports(demo_database: Database) -> None:
    book = load_workbook(io.BytesIO(template_xlsx(demo_database, "indicators", month=date(2026, 10, 1))))
    sheet = book["Số liệu"]
    header = [c.value for c in sheet[1]]
    crimes = header.index("Vụ phạm tội về trật tự xã hội xảy ra") + 1
    sheet.cell(3, crimes).value = 7  # the second listed area, Xã Sìn Hồ
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_import(demo_database, buffer.getvalue(), "mau.xlsx", today=TODAY)
    assert plan.ok, plan.problems[:3]
    assert plan.kind == "indicators" and plan.rows_changed == 1
    change = plan.changes.iloc[0]
    assert (change["area_code"], change["indicator"], change["new_value"]) == ("03478", "crimes", 7.0)


def test_rounds_and_areas_templates_list_every_commune_of_the_province(demo_database: Database) -> None:
    rounds = template_csv(demo_database, "rounds").decode("utf-8-sig").splitlines()
    assert rounds[0] == "Mã địa bàn,Tên địa bàn,Tháng bắt đầu,Số tháng,Số quyết định,Ngày quyết định,Chương trình"
    assert len(rounds) == 1 + 38  # Lai Châu's 38 communes and wards
    assert "03478,Xã Sìn Hồ" in rounds[1 + [r.split(",")[0] for r in rounds[1:]].index("03478")]
    areas = template_csv(demo_database, "areas").decode("utf-8-sig").splitlines()
    assert areas[0].startswith("Mã địa bàn,Tên,Cấp,Mã cấp trên")
    assert any(line.startswith('03478-SH,Bản Sìn Hồ,"thôn, bản",03478') for line in areas)
    plan = plan_import(demo_database, template_csv(demo_database, "areas"), "dia_ban.csv", today=TODAY)
    assert plan.ok and plan.rows_changed == 0  # the template of what is there changes nothing


def test_hotspot_template_round_trips(demo_database: Database) -> None:
    content = template_csv(demo_database, "hotspots")
    assert content.decode("utf-8-sig").splitlines()[0].startswith("Mã điểm,Mã địa bàn,Loại,Tên")
    plan = plan_import(demo_database, content, "diem.csv", today=TODAY)
    assert plan.ok and plan.rows_changed == 0 and plan.rows_unchanged == 34
