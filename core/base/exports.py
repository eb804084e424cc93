"""Files for Excel: CSV (UTF-8 with BOM) and XLSX whose cells cannot run as formulas.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which Excel skips before
one of them) is read by Excel as a formula: an area name like `=HYPERLINK(...)` in an export would
run on the committee's computer. Such text cells get a leading apostrophe, which Excel shows as text.
Numbers stay numbers (a negative number is a number, not text).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX cell cannot hold (openpyxl refuses the whole file): a name imported with
# one would stop every template and export of its province.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """The value, with text that Excel would read as a formula turned into plain text, and without
    the control characters a workbook cannot hold."""
    if isinstance(value, str):
        value = _NOT_IN_XLSX.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and headers are safe to open in Excel."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def safe_csv(frame: pd.DataFrame, bom: bool = False) -> str:
    """CSV text of `frame` with formula-safe cells (`bom`: start with the UTF-8 byte order mark)."""
    text = safe_frame(frame).to_csv(index=False, lineterminator="\n")
    return ("\ufeff" + text) if bom else text


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel: UTF-8 with BOM, so the diacritics open intact."""
    return safe_csv(frame).encode("utf-8-sig")


def safe_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook, one sheet per frame, bold headers, formula-safe text cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, frame in sheets.items():
        sheet = book.create_sheet(title[:31])
        safe = safe_frame(frame)
        sheet.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])  # type: ignore[call-overload]
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="B71C1C")
        sheet.freeze_panes = "A2"
        for index, column in enumerate(safe.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in safe[column].head(200))]) + 2
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
