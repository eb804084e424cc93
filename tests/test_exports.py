"""Exports for Excel: text that would run as a formula is neutralised; numbers stay numbers."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from core.base.exports import safe_cell, safe_csv_bytes, safe_frame, safe_xlsx_bytes


def test_safe_cell() -> None:
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("+84 912") == "'+84 912"
    assert safe_cell("-x") == "'-x"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=cmd") == "'\t=cmd"
    assert safe_cell("Xã Sìn Hồ") == "Xã Sìn Hồ"
    assert safe_cell(-5) == -5 and safe_cell(None) is None


def test_csv_and_xlsx_are_safe_and_keep_diacritics() -> None:
    frame = pd.DataFrame({"Tên": ['=HYPERLINK("x")', "Bản Phìn Hồ"], "Số vụ": [-2, 13], "=cột": ["a", "b"]})
    assert list(safe_frame(frame).columns) == ["Tên", "Số vụ", "'=cột"]
    text = safe_csv_bytes(frame).decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""x"")",-2,a', "Bản Phìn Hồ,13,b"]
    sheet = load_workbook(io.BytesIO(safe_xlsx_bytes({"Nhật ký": frame}))).active
    assert sheet is not None and sheet.title == "Nhật ký"
    assert [c.value for c in sheet[2]] == ['\'=HYPERLINK("x")', -2, "a"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_control_characters_in_a_name_do_not_stop_a_workbook() -> None:
    """openpyxl refuses a whole workbook for one control character in one cell."""
    frame = pd.DataFrame({"Tên": ["Bản\x00 Nậm\x07\x1b[31m Cha", "\x01=1+2"], "Số vụ": [1, 2]})
    sheet = load_workbook(io.BytesIO(safe_xlsx_bytes({"Địa bàn": frame}))).active
    assert sheet is not None
    assert [sheet["A2"].value, sheet["A3"].value] == ["Bản Nậm[31m Cha", "'=1+2"]
