"""The XLSX export of a report: the scorecard, the indicator data, the exit list and the conclusions
and tasks, one sheet each, with bold filled headers, column widths, a frozen header row and filters.
Every text cell goes through `core.base.exports.safe_cell` (formula injection)."""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.base.exports import safe_cell as neutralise
from core.base.formatting import fmt_month
from core.report.gather import FILL, Report, task_sheet

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BBBBBB")
STATE_FILLS = {
    "Đạt": FILL["green"],
    "Không phát sinh": FILL["green"],
    "Chưa đạt": FILL["red"],
    "Chưa có số liệu": FILL["grey"],
}


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return neutralise(value)


def _sheet(book: Workbook, title: str, frame: pd.DataFrame, caption: str, empty: str) -> Worksheet:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append([neutralise(caption)])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = [str(c) for c in frame.columns]
    if frame.empty:
        sheet.append([neutralise(empty)])
        sheet.column_dimensions["A"].width = 60
        return sheet
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[2]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    for row in frame.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
    for j, header in enumerate(headers, start=1):
        values = [header, *["" if v is None else str(v) for v in frame.iloc[:, j - 1].tolist()]]
        width = min(max(len(v) for v in values) + 2, 60)
        sheet.column_dimensions[get_column_letter(j)].width = max(width, 8)
    sheet.row_dimensions[2].height = 32
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{len(frame) + 2}"
    return sheet


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    month = fmt_month(report.month)
    score = _sheet(book, "Bảng tiêu chí", report.scorecard, f"Kết quả các tiêu chí — {month} — {report.committee}",
                   "Chưa có địa bàn nào có kết quả tiêu chí.")  # fmt: skip
    for row in score.iter_rows(min_row=3):
        for cell in row:
            colour = STATE_FILLS.get(str(cell.value))
            if colour:
                cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
    _sheet(book, "Số liệu chỉ số", report.indicators, f"Số liệu hằng tháng các địa bàn chuyển hóa, đến {month}",
           "Chưa có số liệu.")  # fmt: skip
    _sheet(book, "Đề nghị ra khỏi diện", report.exits, f"Địa bàn đề nghị đưa ra khỏi diện — {month}",
           "Chưa có địa bàn nào đủ điều kiện đề nghị đưa ra khỏi diện.")  # fmt: skip
    _sheet(book, "Kết luận, nhiệm vụ", task_sheet(report.task_items), f"Kết luận, nhiệm vụ — cuộc họp {month}",
           "Chưa có kết luận, nhiệm vụ nào.")  # fmt: skip
    book.properties.title = f"{report.title} {report.subtitle}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
