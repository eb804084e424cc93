"""Templates staff download, fill in Excel and upload back: one per kind of file, with Vietnamese
headers the importer reads, pre-filled with the province's areas and their official codes and names,
a sheet of instructions, and Excel data validation where Excel supports it."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.access.scope import ALL, Scope
from core.base.exports import safe_csv_bytes, safe_frame
from core.storage.db import Database

KINDS = ("indicators", "rounds", "areas", "hotspots")

INSTRUCTIONS: dict[str, list[str]] = {
    "common": [
        "Điền số liệu vào trang đầu tiên; không đổi tên các cột (có thể bỏ bớt cột không dùng).",
        "Mã địa bàn: mã chính thức của xã, phường (5 chữ số, ví dụ 03478) hoặc mã thôn, bản của đơn vị.",
        "Tháng: 2024-03, 03/2024, Tháng 3/2024 hoặc T3/2024. Ngày: dd/mm/yyyy (ví dụ 02/03/2023).",
        "Số: 1.600 (dấu chấm ngăn nghìn) hoặc 12,5 (dấu phẩy thập phân). Ô để trống không ghi gì.",
        "Lưu tệp dạng .xlsx hoặc CSV rồi tải lên ở trang Cập nhật dữ liệu; phần mềm kiểm tra trước khi ghi.",
    ],
    "indicators": [
        "Mỗi dòng là một địa bàn trong một tháng; mỗi cột là một chỉ số.",
        "Các chỉ số 1/0 (hệ thống chính trị ổn định; tự quản hiệu quả): 1 = đạt, 0 = không đạt.",
        "Số vụ, số người, số hộ là số nguyên không âm.",
    ],
    "rounds": [
        "Mỗi dòng là một đợt chuyển hóa: tháng bắt đầu, số tháng, số và ngày quyết định.",
        "Chương trình: TTATXH (mặc định) hoặc ANTT. Xóa các dòng địa bàn không chuyển hóa.",
    ],
    "areas": [
        "Thêm thôn, bản, tổ dân phố: mã do đơn vị tự đặt, tên, cấp (thôn/bản/tổ dân phố), mã xã cấp trên.",
        "Có thể bổ sung tọa độ (vĩ độ, kinh độ), số hộ, dân số cho xã, phường.",
    ],
    "hotspots": [
        "Mỗi dòng là một điểm, tụ điểm: mã điểm do đơn vị đặt, mã địa bàn, loại (ma túy, cờ bạc, mại dâm, trộm cắp, …).",
        "Ngày triệt xóa để trống khi điểm còn hoạt động.",
    ],
}


def _province(db: Database, province_code: str | None) -> str | None:
    if province_code:
        return province_code
    kept = db.get_meta("province")
    if kept:
        return kept
    row = db.query_rows(
        "SELECT a.province_code FROM rounds r JOIN areas a ON a.code = r.area_code "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    return str(row[0][0]) if row else None


_SCOPE = Scope().condition("a")


def _communes(db: Database, province: str | None, scope: Scope) -> pd.DataFrame:
    return db.query_df(
        "SELECT code, name, lat, lon, households, population FROM areas a "
        f"WHERE level = 'commune' AND ($province IS NULL OR province_code = $province) AND {_SCOPE} ORDER BY code",
        {"province": province, **scope.params()},
    )


def template_frame(
    db: Database, kind: str, province_code: str | None = None, month: date | None = None, scope: Scope = ALL
) -> pd.DataFrame:
    """The template's rows, with the Vietnamese headers of the importer (only areas in `scope`)."""
    province = scope.province or _province(db, province_code)
    params = {"province": province, **scope.params()}
    if kind == "indicators":
        labels = db.query_rows("SELECT code, name_vi FROM indicators ORDER BY display_order")
        areas = db.query_df(
            "SELECT DISTINCT a.code, a.name FROM rounds r JOIN areas a ON a.code = r.area_code "
            f"WHERE ($province IS NULL OR a.province_code = $province) AND {_SCOPE} ORDER BY a.code",
            params,
        )
        if areas.empty:
            areas = _communes(db, province, scope)[["code", "name"]]
        when = month or date.today().replace(day=1)
        frame = pd.DataFrame({"Mã địa bàn": areas["code"], "Tên địa bàn": areas["name"], "Tháng": f"{when:%m/%Y}"})
        for _, name in labels:
            frame[str(name)] = None
        return frame
    if kind == "rounds":
        communes = _communes(db, province, scope)
        return pd.DataFrame(
            {
                "Mã địa bàn": communes["code"],
                "Tên địa bàn": communes["name"],
                "Tháng bắt đầu": None,
                "Số tháng": None,
                "Số quyết định": None,
                "Ngày quyết định": None,
                "Chương trình": None,
            }
        )
    if kind == "areas":
        rows = db.query_df(
            "SELECT code, name, CASE level WHEN 'village' THEN 'thôn, bản' ELSE 'xã' END AS cap, parent_code, lat, lon, "
            "households, population FROM areas a WHERE level IN ('commune', 'village') "
            f"AND ($province IS NULL OR province_code = $province) AND {_SCOPE} "
            "ORDER BY coalesce(parent_code, code), level, code",
            params,
        )
        rows.columns = ["Mã địa bàn", "Tên", "Cấp", "Mã cấp trên", "Vĩ độ", "Kinh độ", "Số hộ", "Dân số"]
        return rows
    if kind == "hotspots":
        rows = db.query_df(
            "SELECT h.id, h.area_code, h.type, h.name, h.lat, h.lon, strftime(h.found_on, '%d/%m/%Y'), "
            "strftime(h.eliminated_on, '%d/%m/%Y') FROM hotspots h JOIN areas a ON a.code = h.area_code "
            f"WHERE ($province IS NULL OR a.province_code = $province) AND {_SCOPE} ORDER BY h.id",
            params,
        )
        rows.columns = ["Mã điểm", "Mã địa bàn", "Loại", "Tên", "Vĩ độ", "Kinh độ", "Ngày phát hiện", "Ngày triệt xóa"]
        return rows
    raise ValueError(f"unknown template kind: {kind!r}")


def template_csv(
    db: Database, kind: str, province_code: str | None = None, month: date | None = None, scope: Scope = ALL
) -> bytes:
    """CSV in UTF-8 with BOM (Excel opens it with the diacritics intact), formula-safe cells."""
    return safe_csv_bytes(template_frame(db, kind, province_code, month, scope))


def template_xlsx(
    db: Database, kind: str, province_code: str | None = None, month: date | None = None, scope: Scope = ALL
) -> bytes:
    """An Excel workbook: the data sheet first (what the importer reads), then the instructions."""
    frame = safe_frame(template_frame(db, kind, province_code, month, scope))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Số liệu"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])
    header_fill = PatternFill("solid", fgColor="B71C1C")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "B2" if kind != "indicators" else "D2"
    for index, column in enumerate(frame.columns, start=1):
        width = min(max(len(str(column)), 10), 28)
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.row_dimensions[1].height = 60
    last = max(len(frame) + 200, 500)
    if kind == "indicators":
        kinds = dict(db.query_rows("SELECT name_vi, value_kind FROM indicators"))
        flag_cols, count_cols = [], []
        for index, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(index)
            if kinds.get(column) == "flag":
                flag_cols.append(letter)
            elif column in kinds:
                count_cols.append(letter)
        flags = DataValidation(type="list", formula1='"0,1"', allow_blank=True, showErrorMessage=True)
        flags.error = "Chỉ nhận 1 (đạt) hoặc 0 (không đạt)."
        counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        counts.error = "Số nguyên không âm."
        counts.showErrorMessage = True
        for letter in flag_cols:
            flags.add(f"{letter}2:{letter}{last}")
        for letter in count_cols:
            counts.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(flags)
        sheet.add_data_validation(counts)
    if kind == "rounds":
        programme = DataValidation(type="list", formula1='"TTATXH,ANTT"', allow_blank=True)
        months = DataValidation(type="whole", operator="between", formula1="1", formula2="120", allow_blank=True)
        programme.add(f"G2:G{last}")
        months.add(f"D2:D{last}")
        sheet.add_data_validation(programme)
        sheet.add_data_validation(months)
    if kind == "areas":
        level = DataValidation(type="list", formula1='"xã,phường,thôn,bản,tổ dân phố"', allow_blank=True)
        level.add(f"C2:C{last}")
        sheet.add_data_validation(level)
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 120
    guide.append(["Hướng dẫn điền mẫu"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in INSTRUCTIONS["common"] + INSTRUCTIONS[kind]:
        guide.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
