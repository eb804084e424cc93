"""Import of the files staff upload: one pipeline for the CLI and the UI.

    read_table   bytes -> RawTable (CSV in any of the usual encodings and delimiters, or XLSX)
    plan_import  RawTable -> ImportPlan: headers mapped, every cell parsed and checked, every
                 problem collected, the difference with the database computed; nothing written
    commit_import ImportPlan -> ImportResult: everything written in one transaction, or nothing

Files may hold a million rows, so parsing and checking work on whole columns (pandas, over the
distinct values of a column) and the writing is done by DuckDB over registered DataFrames. A
plain long CSV (the form of a national upload) takes a fast path that keeps its rows in DuckDB
from the file to the commit (`_fast_long`); any file with a problem in a cell goes the ordinary
way. A problem is found by a mask over the rows; only the first `MAX_PROBLEMS` become `Problem`
objects, the rest are counted.

Rows are numbered as Excel shows them: the header is row 1 (or the row it is on, under a title),
the first data row is row 2, and blank rows keep their numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from core.access import audit, write_scope
from core.access.accounts import SYSTEM, User, require
from core.access.scope import ALL, Scope
from core.base.text import CONTROL, WHITESPACE, header_key, short_name_key, shown
from core.domain.admin import DEFAULT_MAX_UPLOAD_MB
from core.importer import parsing, reading, xlsx
from core.importer.uploads import pack_content
from core.storage.db import Database, quote_identifier

# -- what users read ----------------------------------------------------------------------------
# Every sentence shown to users, in one place so that a translation table can take them over.

MESSAGES: dict[str, str] = {
    "empty_file": "Tệp trống: không có dòng tiêu đề và số liệu.",
    "too_large": "Tệp {size} MB vượt giới hạn {limit} MB; hãy chia nhỏ tệp (ví dụ theo tháng hoặc theo xã).",
    "header_only": "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào.",
    "no_data": "Không có ô số liệu nào được điền: các dòng chỉ có mã địa bàn, tháng hoặc để trống.",
    "unreadable_csv": "Không đọc được tệp: nội dung không phải bảng CSV hợp lệ.",
    "unreadable_xlsx": "Không mở được tệp Excel: tệp bị hỏng hoặc không phải định dạng .xlsx.",
    "old_xls": "Tệp Excel 97–2003 (.xls) không được hỗ trợ.",
    "old_xls_hint": "Mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.",
    "chars_replaced": "Một số ký tự không đọc được theo bảng mã {encoding} và đã được thay bằng dấu “�”.",
    "unknown_kind": "Không nhận ra loại dữ liệu từ dòng tiêu đề.",
    "unknown_kind_hint": (
        "Số liệu chỉ số cần các cột ma_dia_ban, thang, chi_so, gia_tri (hoặc ma_dia_ban, thang và một cột "
        "cho mỗi chỉ số); đợt chuyển hóa: ma_dia_ban, thang_bat_dau, so_thang; địa bàn: ma_dia_ban, ten, "
        "cap, ma_cap_tren; điểm, tụ điểm: ma_diem, ma_dia_ban, loai."
    ),
    "missing_column": "Thiếu cột bắt buộc “{column}”.",
    "duplicate_column": "Cột này trùng nghĩa với cột “{other}”.",
    "unused_column": "Cột không thuộc mẫu nhập, sẽ được bỏ qua.",
    "suggest_column": "Có phải chỉ số “{code}”?",
    "no_indicator_columns": "Không có cột chỉ số nào: tiêu đề cột cần là mã chỉ số (ví dụ crimes) hoặc tên chỉ số.",
    "missing_area": "Thiếu mã địa bàn.",
    "unknown_area": "Mã địa bàn không có trong danh mục.",
    "outside_scope": "Địa bàn nằm ngoài phạm vi được giao cho tài khoản này.",
    "suggest_area": "Có phải {name} (mã {code})?",
    "legacy_area": "{old} đã sáp nhập vào {new_name} (mã {new_code}) từ 01/07/2025; số liệu được ghi cho xã mới.",
    "missing_month": "Thiếu tháng.",
    "bad_month": "Không đọc được tháng.",
    "month_hint": "Ghi tháng dạng 03/2024, 2024-03 hoặc Tháng 3/2024.",
    "future_month": "Tháng {month} chưa đến (tháng hiện tại là {current}).",
    "missing_indicator": "Thiếu mã chỉ số.",
    "unknown_indicator": "Chỉ số không có trong danh mục.",
    "suggest_indicator": "Có phải “{code}” ({name})?",
    "bad_number": "Giá trị không phải là số.",
    "number_hint": "Ghi số dạng 1600, 1.600 hoặc 12,5.",
    "negative": "Giá trị âm không hợp lệ.",
    "bad_flag": "Chỉ số “{indicator}” chỉ nhận 1 (đạt) hoặc 0 (không đạt).",
    "not_whole": "Giá trị không phải số nguyên (đơn vị: {unit}).",
    "duplicate_conflict": "Trùng {what} với dòng {first} nhưng khác giá trị.",
    "duplicate_same": "Trùng hoàn toàn với dòng {first}; chỉ ghi một lần.",
    "what_indicator": "địa bàn, tháng và chỉ số",
    "what_round": "địa bàn và tháng bắt đầu",
    "what_area": "mã địa bàn",
    "what_hotspot": "mã điểm",
    "outside_rounds": (
        "Tháng {month} nằm ngoài mọi đợt chuyển hóa của địa bàn {area} (kể cả kỳ so sánh trước đợt và "
        "{monitoring} tháng theo dõi sau đợt)."
    ),
    "no_rounds": "Địa bàn {area} chưa có đợt chuyển hóa nào.",
    "solved_above_total": "“{num}” ({num_value}) lớn hơn “{den}” ({den_value}) trong cùng tháng.",
    "missing_start_month": "Thiếu tháng bắt đầu.",
    "missing_round_months": "Thiếu số tháng.",
    "bad_round_months": "Số tháng phải là số nguyên từ 1 đến 120.",
    "bad_programme": "Chương trình phải là TTATXH hoặc ANTT.",
    "bad_date": "Ngày không hợp lệ.",
    "date_hint": "Ghi ngày dạng dd/mm/yyyy, ví dụ 02/03/2023.",
    "future_date": "Ngày {date} chưa đến.",
    "round_overlap": "Đợt này trùng thời gian với đợt bắt đầu tháng {other} của cùng địa bàn.",
    "bad_level": "Cấp không hợp lệ.",
    "level_hint": "Ghi: tỉnh; xã, phường hoặc đặc khu; thôn, bản hoặc tổ dân phố.",
    "new_not_village": "Chỉ thêm mới được thôn, bản, tổ dân phố; tỉnh và xã theo danh mục chính thức.",
    "legacy_code_in_areas": "Đây là mã của {old} trước 01/07/2025; hãy dùng mã mới {new_code} ({new_name}).",
    "missing_name": "Thiếu tên địa bàn.",
    "missing_parent": "Thiếu mã cấp trên.",
    "unknown_parent": "Mã cấp trên không có trong danh mục hoặc ở các dòng trước.",
    "parent_level": "Cấp trên của thôn, bản, tổ dân phố phải là xã, phường hoặc đặc khu.",
    "official_rename": "Không đổi tên đơn vị hành chính chính thức; tên trong tệp được bỏ qua.",
    "official_level": "Không đổi cấp của đơn vị hành chính chính thức.",
    "official_parent": "Không đổi cấp trên của đơn vị hành chính chính thức; mã cấp trên trong tệp được bỏ qua.",
    "village_level": "Địa bàn này là thôn, bản, tổ dân phố; không đổi cấp được.",
    "lat_range": "Vĩ độ phải trong khoảng {low}–{high} (lãnh thổ Việt Nam).",
    "lon_range": "Kinh độ phải trong khoảng {low}–{high} (lãnh thổ Việt Nam).",
    "bad_whole": "Phải là số nguyên không âm.",
    "missing_hotspot_id": "Thiếu mã điểm.",
    "missing_type": "Thiếu loại điểm (ví dụ: ma túy, cờ bạc, mại dâm, trộm cắp).",
    "eliminated_before_found": "Ngày triệt xóa trước ngày phát hiện ({found}).",
    "already_imported": "Tệp này đã được nhập (lần tải lên số {upload_id}); không có gì thay đổi.",
    "refused": "Không nhập được tệp {file_name}: còn {errors} lỗi cần sửa.",
    "hotspot_outside_scope": (
        "Mã điểm này đã có ở một địa bàn ngoài phạm vi được giao cho tài khoản này; không sửa hay chuyển được."
    ),
    "outside_scope_now": (
        "Không nhập được tệp {file_name}: từ lúc kiểm tra tệp, địa bàn {areas} đã nằm ngoài phạm vi được giao "
        "cho tài khoản này. Chưa ghi gì vào cơ sở dữ liệu; hãy tải tệp lên lại để kiểm tra."
    ),
    "early_month": "Tháng {month} trước {first}, ngoài thời kỳ của chương trình.",
    "early_date": "Ngày {date} trước {first}, ngoài thời kỳ của chương trình.",
    "above_bound": "Vượt mức hợp lý của chỉ số “{indicator}”: tối đa {limit} {unit} một tháng.",
    "above_population": (
        "Vượt mức hợp lý của chỉ số “{indicator}” theo dân số của địa bàn ({people} người): tối đa {limit} {unit}."
    ),
    "population_range": "Dân số phải từ {low} đến {high} người.",
    "households_range": "Số hộ phải từ {low} đến {high} hộ.",
    "households_above_population": "Số hộ ({households}) lớn hơn dân số của địa bàn ({people} người).",
    # Limits of a file (core.importer.reading), checked before its cells are read.
    "too_many_rows": "Tệp có hơn {limit} dòng; hãy chia nhỏ tệp (ví dụ theo tháng hoặc theo tỉnh).",
    "too_many_columns": "Dòng có hơn {limit} cột; mẫu nhập chỉ có vài chục cột. Hãy xóa các cột, ô thừa.",
    "too_many_cells": "Bảng quá lớn: hơn {limit} ô (số dòng × số cột); hãy chia nhỏ tệp.",
    "too_many_cell_chars": "Ô dài hơn {limit} ký tự (giới hạn của Excel).",
    "too_many_unzipped": "Tệp Excel giải nén ra hơn {limit} MB; hãy lưu lại chỉ trang số liệu, hoặc lưu dạng CSV.",
    "control_character": "Ô chứa ký tự điều khiển (như ␀) không được phép; hãy xóa ký tự đó rồi lưu lại tệp.",
    "mixed_line": (
        "Dòng này trộn hai bảng mã ({main} và {other}) nên không đọc chắc chắn được chữ tiếng Việt; "
        "hãy lưu lại tệp dạng CSV UTF-8."
    ),
    "other_encoding": (
        "Dòng này được lưu theo bảng mã {other}, khác các dòng khác ({main}); đã đọc theo {other}. "
        "Hãy kiểm tra chữ tiếng Việt của dòng và lưu lại tệp dạng CSV UTF-8."
    ),
}

ERROR, WARNING = "error", "warning"
MAX_PROBLEMS = 1000
LAT_RANGE = (8.0, 24.0)
# East to 118: the official data places Đặc khu Hoàng Sa at 112.1 and Đặc khu Trường Sa at 114.5.
LON_RANGE = (102.0, 118.0)
ROUND_MONTHS_RANGE = (1, 120)
# The programme's era: the national crime-prevention programme began in 1998 and the transformation
# of key areas in the 2000s; a month or date before this (a typo: 01/1900, 1924 for 2024) is refused.
FIRST_MONTH = dt.date(2000, 1, 1)
# An area's people and households (areas files; indicator bounds are in the catalogue, core.domain.catalog):
# Thành phố Hồ Chí Minh has about 14 million people since July 2025.
POPULATION_RANGE = (0, 20_000_000)
HOUSEHOLDS_RANGE = (0, 10_000_000)
DEFAULT_MONITORING_MONTHS = 12
KINDS = ("indicators", "rounds", "areas", "hotspots")

# A solved count above its total in the same month is suspicious (a warning, not an error).
SOLVED_PAIRS: tuple[tuple[str, str], ...] = (
    ("crimes_solved", "crimes"),
    ("serious_crimes_solved", "serious_crimes"),
    ("reports_resolved", "reports_received"),
    ("released_reoffended", "released_persons"),
    ("households_informed", "households"),
)
# Words accepted for a 1/0 indicator, as header keys.
FLAG_WORDS: dict[str, float] = {
    "dat": 1.0,
    "co": 1.0,
    "yes": 1.0,
    "true": 1.0,
    "khong": 0.0,
    "khong_dat": 0.0,
    "chua_dat": 0.0,
    "no": 0.0,
    "false": 0.0,
}


def message(which: str, /, **values: Any) -> str:
    return MESSAGES[which].format(**values)


# -- public types -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file. `row` is the row as Excel shows it (the header is row 1)."""

    row: int
    column: str
    value: str
    reason: str
    severity: str  # "error" refuses the file; "warning" does not
    suggestion: str | None = None


@dataclass
class RawTable:
    """A file read as text cells. `frame` holds the data rows, indexed by their Excel row number,
    with the file's own headers as column names (made unique)."""

    columns: list[str]
    frame: pd.DataFrame
    encoding: str
    delimiter: str | None
    sheet: str | None
    header_row: int = 1
    problems: list[Problem] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)  # problems counted, not listed, by severity


@dataclass
class ImportPlan:
    """What importing a file would do. Built by `plan_import`; nothing is written until
    `commit_import`. Counts are of values for indicators and of records for the other kinds."""

    kind: str  # indicators | rounds | areas | hotspots | unknown
    layout: str | None  # long | wide for indicators
    file_name: str
    sha256: str
    encoding: str
    delimiter: str | None
    sheet: str | None
    rows_total: int
    problems: list[Problem]
    error_count: int
    warning_count: int
    problems_omitted: int
    rows_added: int
    rows_changed: int
    rows_unchanged: int
    change_data: pd.DataFrame | pa.Table = field(repr=False)  # see `changes`
    already_imported: bool
    already_imported_upload_id: int | None
    columns: dict[str, str]  # header in the file -> canonical column
    content: bytes = field(repr=False)
    payload_data: pd.DataFrame | pa.Table = field(repr=False)  # see `payload`
    data_version: int | None = None  # the database's data version the comparison was made against

    @cached_property
    def changes(self) -> pd.DataFrame:
        """For indicators, each value the file adds or changes: area_code, month, indicator,
        old_value (NaN: added), new_value, in file order. A national file's changes stay an Arrow
        table until asked for; `change_preview` converts only the first rows."""
        return _changes_frame(self.change_data)

    def change_preview(self, rows: int) -> pd.DataFrame:
        if isinstance(self.change_data, pa.Table):
            return _changes_frame(self.change_data.slice(0, rows))
        return self.change_data.head(rows)

    @cached_property
    def payload(self) -> pd.DataFrame:
        """What the commit writes, one row per value or record, in file order."""
        return _payload_frame(self.payload_data)

    @property
    def ok(self) -> bool:
        """No errors: the file may be committed."""
        return self.error_count == 0 and self.kind in KINDS

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


@dataclass(frozen=True)
class ImportResult:
    upload_id: int | None
    kind: str
    file_name: str
    rows_added: int
    rows_changed: int
    rows_unchanged: int
    warnings: int
    already_imported: bool


class ImportRefusedError(ValueError):
    """commit_import was given a plan with errors."""


# -- problems -----------------------------------------------------------------------------------

_Text = str | None | Callable[[pd.DataFrame], Iterable[Any]]


class _ProblemLog:
    """Counts every problem, keeps the first `cap` errors and the first `cap` warnings."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.kept: dict[str, list[Problem]] = {ERROR: [], WARNING: []}
        self.counts: dict[str, int] = {ERROR: 0, WARNING: 0}

    def add(
        self, row: int, column: str, value: Any, reason: str, severity: str = ERROR, suggestion: str | None = None
    ) -> None:
        self.counts[severity] += 1
        if len(self.kept[severity]) < self.cap:
            self.kept[severity].append(Problem(int(row), column, _cell(value), reason, severity, suggestion))

    def add_rows(
        self,
        frame: pd.DataFrame,
        mask: pd.Series | np.ndarray,
        *,
        column: _Text,
        value: str | None,
        reason: _Text,
        severity: str = ERROR,
        suggestion: _Text = None,
    ) -> int:
        """One problem per row of `frame` (which has a 'row' column) where `mask` holds. `value`
        names the frame column whose cell is shown; `column`, `reason` and `suggestion` are texts,
        or functions of the selected rows giving one text per row."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(positions):
            return 0
        self.counts[severity] += len(positions)
        room = self.cap - len(self.kept[severity])
        if room <= 0:
            return len(positions)
        sub = frame.iloc[positions[:room]]
        n = len(sub)

        def spread(spec: _Text) -> list[Any]:
            if spec is None or isinstance(spec, str):
                return [spec] * n
            return list(spec(sub))

        values = sub[value].tolist() if value is not None else [""] * n
        for row, col, val, why, hint in zip(
            sub["row"].tolist(), spread(column), values, spread(reason), spread(suggestion), strict=True
        ):
            self.kept[severity].append(Problem(int(row), str(col), _cell(val), str(why), severity, hint))
        return len(positions)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.counts[p.severity] += 1
            if len(self.kept[p.severity]) < self.cap:
                self.kept[p.severity].append(p)

    @property
    def errors(self) -> int:
        return self.counts[ERROR]

    def result(self) -> tuple[list[Problem], int]:
        """(problems, errors first, each by row; how many were left off the list)."""
        ordered = sorted(self.kept[ERROR], key=lambda p: p.row) + sorted(self.kept[WARNING], key=lambda p: p.row)
        kept = ordered[: self.cap]
        return kept, self.counts[ERROR] + self.counts[WARNING] - len(kept)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _fmt_month(value: Any) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%m/%Y")


def _fmt_date(value: Any) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%d/%m/%Y")


def _fmt_number(value: Any) -> str:
    """A number the Vietnamese way: 1.600; 12,5."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}".replace(",", ".")
    return f"{number:,.4f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


# -- reading files ------------------------------------------------------------------------------

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"^sep=([,;\t|])[ \t]*(?:\r\n|\n|\r|$)")


def decode_text(content: bytes) -> tuple[str, str, bool]:
    """(text, encoding, some characters were replaced). UTF-8 with or without BOM, UTF-16 with a
    BOM (or without one, told by its NUL bytes), else Windows-1258; a file of lines in both is
    read line by line (core.importer.reading.decode). The text is NFC."""
    decoded = reading.decode(content)
    return decoded.text, decoded.encoding, decoded.replaced


def sniff_delimiter(text: str) -> str | None:
    """Comma, semicolon or tab: the one that splits the first lines into the same number (> 1) of
    cells most consistently. None for a single column."""
    lines = [line for line in text[:65536].splitlines()[:200] if line.strip()][:50]
    if not lines:
        return None
    best: tuple[float, int] = (0.0, 1)
    chosen: str | None = None
    for delimiter in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        modal = int(values[np.argmax(freq)])
        score = (float(freq.max()) / len(counts), modal)
        if modal > 1 and score > best:
            best, chosen = score, delimiter
    return chosen


def _read_csv_grid(text: str, delimiter: str | None, limits: xlsx.Limits) -> pd.DataFrame:
    sep = delimiter or ","
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quotechar='"',
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        # Ragged rows (more cells than the first row): read them with the csv module, each distinct
        # text kept once (a file of many small cells would otherwise hold one string per cell).
        seen: dict[str, str] = {}
        rows = [[seen.setdefault(c, c) for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
        width = max((len(r) for r in rows), default=0)
        if width * len(rows) > limits.cells:
            raise xlsx.TooLarge("cells", limits.cells, limits.cells // width + 1) from None
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    grid = grid.fillna("").astype(str)
    grid.index = pd.RangeIndex(1, len(grid) + 1)
    return grid


def _read_xlsx_grid(content: bytes, limits: xlsx.Limits) -> tuple[pd.DataFrame, str | None, bool]:
    """(the first sheet holding data, indexed by row number; its name; whether a cell holds a
    control character). Raises xlsx.TooLarge or xlsx.Unreadable."""
    sheet = xlsx.read_sheet(content, limits)
    width = sheet.width
    if not width:
        return pd.DataFrame(), sheet.title, False
    cells = [row + [""] * (width - len(row)) for row in sheet.rows]
    grid = pd.DataFrame(cells, index=pd.Index(sheet.row_numbers), dtype=object)
    return grid, sheet.title, sheet.controls


def _too_large(exc: xlsx.TooLarge) -> Problem:
    limit = exc.limit // (1024 * 1024) if exc.what == "unzipped" else exc.limit
    reason = message(f"too_many_{exc.what}", limit=_fmt_number(limit))
    return Problem(exc.row, "", exc.ref, reason, ERROR)


def _control_problems(frame: pd.DataFrame, headers: list[str], header_row: int, cap: int) -> tuple[list[Problem], int]:
    """One error per cell holding a control character (the header's too), the first `cap` listed:
    (problems, how many more)."""
    found: list[Problem] = []
    total = 0
    for header in headers:
        if CONTROL.search(header):
            total += 1
            found.append(Problem(header_row, shown(header), shown(header), message("control_character"), ERROR))
    for header in headers:
        if header not in frame.columns:
            continue
        cells = frame[header]
        mask = cells.str.contains(CONTROL, regex=True).to_numpy(dtype=bool)
        total += int(mask.sum())
        for row, value in zip(frame.index[mask][: max(cap - len(found), 0)], cells[mask], strict=False):
            found.append(Problem(int(row), shown(header), shown(str(value)), message("control_character"), ERROR))
    found.sort(key=lambda p: p.row)
    return found[:cap], total - min(len(found), cap)


def _encoding_problems(decoded: reading.Decoded, shift: int, cap: int) -> tuple[list[Problem], dict[str, int]]:
    """A line read in the file's other encoding: a warning; a line holding both: an error. Each shows
    the line as read."""
    names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1258": "Windows-1258"}
    other, main = names.get(decoded.other_encoding or "", ""), names.get(decoded.encoding, decoded.encoding)
    found: list[Problem] = []
    for rows, which, severity in (
        (decoded.mixed_rows, "mixed_line", ERROR),
        (decoded.other_rows, "other_encoding", WARNING),
    ):
        for row in rows[: max(cap - len(found), 0)]:
            line = decoded.line_text.get(row, "")
            value = line if len(line) <= 80 else line[:79] + "…"
            found.append(Problem(row - shift, "", value, message(which, main=main, other=other), severity))
    errors = sum(p.severity == ERROR for p in found)
    return found, {ERROR: len(decoded.mixed_rows) - errors, WARNING: len(decoded.other_rows) - (len(found) - errors)}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Grid:
    """A file's cells before its header is found, indexed by row number (blank rows kept in a CSV)."""

    cells: pd.DataFrame
    encoding: str
    delimiter: str | None = None
    sheet: str | None = None
    controls: bool = False  # some cell holds a character of core.base.text.CONTROL
    problems: list[Problem] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)


def _read_grid(content: bytes, file_name: str) -> _Grid:
    """The cells of a CSV or XLSX file, within core.importer.reading's limits; no cells and an error when the
    file cannot be read or passes a limit."""
    limits = reading.limits()
    if content.startswith(_OLE_MAGIC):
        old = Problem(1, "", file_name, message("old_xls"), ERROR, message("old_xls_hint"))
        return _Grid(pd.DataFrame(), "xls", problems=[old])
    if content.startswith(_XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        try:
            cells, sheet, controls = _read_xlsx_grid(content, limits)
        except xlsx.TooLarge as exc:
            return _Grid(pd.DataFrame(), "xlsx", problems=[_too_large(exc)])
        except Exception:  # a damaged zip or XML raises many kinds of errors
            damaged = Problem(1, "", file_name, message("unreadable_xlsx"), ERROR)
            return _Grid(pd.DataFrame(), "xlsx", problems=[damaged])
        return _Grid(cells, "xlsx", None, sheet, controls)
    decoded = reading.decode(content)
    text, problems = decoded.text, []
    if decoded.replaced:
        problems.append(Problem(1, "", "", message("chars_replaced", encoding=decoded.encoding), WARNING))
    hint = _SEP_LINE.match(text)  # Excel's "sep=;" line, which Excel itself does not show as a row
    if hint:
        text = text[hint.end() :]
    text = reading.lone_cr(text)
    delimiter = hint.group(1) if hint else sniff_delimiter(text)
    grid = _Grid(pd.DataFrame(), decoded.encoding, delimiter, problems=problems)
    scan = reading.scan_csv(text, delimiter, limits)
    try:
        if scan.too_large is not None:
            raise scan.too_large
        grid.cells = _read_csv_grid(text, delimiter, limits)
    except xlsx.TooLarge as exc:
        problems.append(_too_large(exc))
        return grid
    except (csv.Error, ValueError, MemoryError):
        problems.append(Problem(1, "", "", message("unreadable_csv"), ERROR))
        return grid
    if len(grid.cells.columns):
        grid.cells = grid.cells.apply(lambda s: s.str.strip(WHITESPACE))
    grid.controls = scan.controls
    listed, grid.omitted = _encoding_problems(decoded, 1 if hint else 0, MAX_PROBLEMS)
    problems += listed
    return grid


def read_table(content: bytes, file_name: str, indicator_names: Mapping[str, str] | None = None) -> RawTable:
    """Read a CSV or XLSX file into text cells. Problems (an empty file, a header without data, an
    unreadable file or one too large, a control character in a cell, lines in two encodings) are
    returned in `RawTable.problems`, never raised."""
    grid = _read_grid(content, file_name)
    problems, cells = grid.problems, grid.cells

    def empty(reason: str | None = None) -> RawTable:
        if reason is not None:
            problems.append(Problem(1, "", "", message(reason), ERROR))
        return RawTable([], pd.DataFrame(), grid.encoding, grid.delimiter, grid.sheet, 1, problems, grid.omitted)

    if cells.empty or not len(cells.columns):
        return empty(None if any(p.severity == ERROR for p in problems) else "empty_file")
    nonblank = np.flatnonzero((cells != "").any(axis=1).to_numpy())
    if not len(nonblank):
        return empty("empty_file")
    header_pos = int(nonblank[0])
    for pos in nonblank[:10]:
        if parsing.header_score(cells.iloc[int(pos)].tolist(), indicator_names) >= 2:
            header_pos = int(pos)
            break
    headers: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells.iloc[header_pos].tolist()):
        label = str(cell) or f"Cột {_column_letter(i)}"
        if label in seen:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        seen.setdefault(label, 1)
        headers.append(label)
    header_row = int(cells.index[header_pos])
    data_pos = nonblank[nonblank > header_pos]
    frame = cells.iloc[data_pos].copy()
    frame.columns = pd.Index(headers)
    frame.index = pd.Index(cells.index[data_pos], name="row")
    blank_header = [h for i, h in enumerate(headers) if not str(cells.iloc[header_pos, i])]
    drop = [h for h in blank_header if not (frame[h] != "").any()]
    frame = frame.drop(columns=drop)
    headers = [h for h in headers if h not in drop]
    frame = frame.astype(str)
    if grid.controls:
        listed, more = _control_problems(frame, headers, header_row, MAX_PROBLEMS)
        problems += listed
        grid.omitted[ERROR] = grid.omitted.get(ERROR, 0) + more
    if frame.empty:
        problems.append(Problem(header_row, "", "", message("header_only"), ERROR))
    return RawTable(headers, frame, grid.encoding, grid.delimiter, grid.sheet, header_row, problems, grid.omitted)


# -- context ------------------------------------------------------------------------------------


@dataclass
class _Context:
    db: Database
    log: _ProblemLog
    today: dt.date
    indicators: pd.DataFrame  # indexed by code
    indicator_names: dict[str, str]
    scope: Scope = ALL
    _areas: pd.DataFrame | None = None
    _by_name: dict[str, list[str]] | None = None
    _villages: dict[str, str] | None = None
    _rows: tuple[frozenset[str], pd.DataFrame] | None = None  # the last codes area_rows asked for, and their rows

    @property
    def current_month(self) -> pd.Timestamp:
        return pd.Timestamp(self.today.year, self.today.month, 1)

    @property
    def areas(self) -> pd.DataFrame:
        """Every area, indexed by code: loaded when a check first needs all of them (a tenth of a
        second at national size, which a plain file of known codes never pays)."""
        if self._areas is None:
            self._areas = self.db.query_df(f"SELECT {_AREA_COLUMNS} FROM areas").set_index("code")
        return self._areas

    def area_rows(self, codes: Iterable[str]) -> pd.DataFrame:
        """The areas among `codes` (name, level, parent_code, province_code), indexed by code,
        without loading every area."""
        wanted = sorted({str(c) for c in codes})
        if self._areas is not None:
            rows = self._areas.loc[self._areas.index.intersection(pd.Index(wanted, dtype=object))]
            return rows[_AREA_FEW_COLUMNS.split(", ")[1:]]
        if self._rows is not None and self._rows[0].issuperset(wanted):  # the file's codes, asked again
            rows = self._rows[1]
            return rows.loc[rows.index.intersection(pd.Index(wanted, dtype=object))]
        sql = f"SELECT {_AREA_FEW_COLUMNS} FROM areas WHERE code IN (SELECT unnest(?))"
        found = self.db.query_df(sql, [wanted]).set_index("code")
        self._rows = (frozenset(wanted), found)
        return found

    def outside_scope(self, codes: pd.Series) -> np.ndarray:
        """True for each known area code that lies outside the user's scope (unknown codes: False)."""
        if self.scope.is_all:
            return np.zeros(len(codes), dtype=bool)
        areas = self.area_rows(codes.dropna().unique())
        known = areas.reindex(codes.astype(object).where(codes.notna(), ""))
        inside = [
            self.scope.covers(str(code), province, parent)
            for code, province, parent in zip(codes, known["province_code"], known["parent_code"], strict=True)
        ]
        known_codes: np.ndarray = (codes.notna() & codes.isin(areas.index)).to_numpy(dtype=bool)
        outside: np.ndarray = known_codes & ~np.array(inside, dtype=bool)
        return outside

    def village_codes(self) -> dict[str, str]:
        """Village codes by their case-folded form, where that form is unambiguous."""
        if self._villages is None:
            villages = [str(c) for c in self.areas.index[self.areas["level"] == parsing.VILLAGE]]
            folded: dict[str, list[str]] = {}
            for code in villages:
                folded.setdefault(code.casefold(), []).append(code)
            self._villages = {k: v[0] for k, v in folded.items() if len(v) == 1}
        return self._villages

    def areas_by_name_key(self) -> dict[str, list[str]]:
        """name_key -> codes, for suggesting a code when a name was typed instead."""
        if self._by_name is None:
            self._by_name = {}
            for code, name_key in self.areas["name_key"].items():
                if isinstance(name_key, str) and name_key:
                    self._by_name.setdefault(name_key, []).append(str(code))
        return self._by_name


_AREA_COLUMNS = (
    "code, name, level, unit_type, parent_code, province_code, lat, lon, households, population, official, name_key"
)
_AREA_FEW_COLUMNS = "code, name, level, parent_code, province_code, population"  # what area_rows gives


def _load_context(db: Database, today: dt.date, scope: Scope = ALL) -> _Context:
    indicators = db.query_df(
        "SELECT code, name_vi, name_en, unit_vi, value_kind, max_value, max_per_person FROM indicators "
        "ORDER BY display_order"
    ).set_index("code")
    names = parsing.indicator_header_keys(
        (str(code), [str(row.name_vi), str(row.name_en)]) for code, row in indicators.iterrows()
    )
    return _Context(db, _ProblemLog(), today, indicators, names, scope)


@dataclass
class _Columns:
    """The columns of a file under their canonical names."""

    kind: str
    headers: dict[str, str]  # canonical -> header in the file
    frame: pd.DataFrame

    def header(self, canonical: str) -> str:
        return self.headers.get(canonical) or parsing.template_header(self.kind, canonical)

    def values(self, canonical: str) -> np.ndarray:
        header = self.headers.get(canonical)
        if header is None:
            return np.full(len(self.frame), "", dtype=object)
        return self.frame[header].to_numpy(dtype=object)


# -- area codes ---------------------------------------------------------------------------------


def _resolve_area_codes(ctx: _Context, raw: pd.Series, legacy: bool = True) -> pd.DataFrame:
    """For each cell: the current code it means (or None); for a pre-2025 commune code the warning
    and the old and new names; for an unknown code a suggestion. Aligned with `raw` by position."""
    codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
    resolved: list[str | None] = []
    notes: list[str | None] = [None] * len(uniques)
    olds: list[str | None] = [None] * len(uniques)
    new_names: list[str | None] = [None] * len(uniques)
    hints: list[str | None] = [None] * len(uniques)
    pending: dict[str, list[int]] = {}
    texts = [str(u) for u in uniques]
    levels = ctx.area_rows({c for t in texts for c in (t, t.zfill(2), t.zfill(5))})["level"]
    for i, value in enumerate(uniques):
        code = str(value)
        found: str | None = None
        if code in levels.index:
            found = code
        elif code.isascii() and code.isdigit() and len(code) < 5:
            if len(code) <= 2 and levels.get(code.zfill(2)) == parsing.PROVINCE:
                found = code.zfill(2)
            elif levels.get(code.zfill(5)) == parsing.COMMUNE:
                found = code.zfill(5)
        elif code:
            found = ctx.village_codes().get(code.casefold())  # 'sh-b1' for 'SH-B1'
        resolved.append(found)
        if found is None and code:
            candidate = code.zfill(5) if code.isascii() and code.isdigit() else code
            pending.setdefault(candidate, []).append(i)
    if pending and legacy:
        candidates = pd.DataFrame({"code": list(pending)})
        with ctx.db.cursor() as cur:
            cur.register("import_candidates", candidates)
            rows = cur.execute(
                "SELECT l.old_code, l.old_name, l.district_name, l.province_name, l.new_code, a.name "
                "FROM legacy_units l JOIN import_candidates c ON c.code = l.old_code "
                "JOIN areas a ON a.code = l.new_code"
            ).fetchall()
            cur.unregister("import_candidates")
        for old_code, old_name, district, province, new_code, new_name in rows:
            old = _legacy_name(old_name, district, province)
            note = message("legacy_area", old=old, new_name=new_name, new_code=new_code)
            for i in pending.pop(old_code):
                resolved[i], notes[i], olds[i], new_names[i] = str(new_code), note, old, str(new_name)
    unknown = [i for indices in pending.values() for i in indices]
    for i in unknown[:MAX_PROBLEMS]:  # suggestions beyond the listed problems would not be shown
        hints[i] = _suggest_area(ctx, str(uniques[i]))
    return pd.DataFrame(
        {
            "code": _spread(resolved, codes),
            "note": _spread(notes, codes),
            "hint": _spread(hints, codes),
            "old": _spread(olds, codes),
            "new_name": _spread(new_names, codes),
        }
    )


def _spread(values: Sequence[Any], codes: np.ndarray) -> np.ndarray:
    array = np.empty(len(values) + 1, dtype=object)
    array[: len(values)] = values
    array[-1] = None
    return array[np.where(codes < 0, len(values), codes)]


def _legacy_name(old_name: Any, district: Any, province: Any) -> str:
    where = ", ".join(str(x) for x in (district, province) if x is not None and not pd.isna(x))
    return f"{old_name} ({where})" if where else str(old_name)


def _suggest_area(ctx: _Context, text: str) -> str | None:
    """An area whose name the cell holds ('Sìn Hồ' in the code column), when there is just one."""
    if not text or text.isdigit():
        return None
    matches = ctx.areas_by_name_key().get(short_name_key(text), [])
    if len(matches) != 1:
        return None
    return message("suggest_area", name=ctx.areas.at[matches[0], "name"], code=matches[0])


# -- checks shared by the kinds -----------------------------------------------------------------


def _col(name: str) -> Callable[[pd.DataFrame], Iterable[Any]]:
    """A problem text taken from a column of the working frame."""
    return lambda sub: sub[name].tolist()


def _check_area_column(
    ctx: _Context,
    w: pd.DataFrame,
    raw_col: str,
    header: str,
    out_col: str = "area_code",
    *,
    required: bool = True,
) -> None:
    """Resolve area codes into `w[out_col]` (None where unknown). Missing and unknown codes are
    errors; a pre-2025 commune code is mapped to today's commune with one warning per code."""
    raw = w[raw_col]
    res = _resolve_area_codes(ctx, raw)
    w[out_col] = res["code"].to_numpy()
    w[out_col + "_hint"] = res["hint"].to_numpy()
    w[out_col + "_note"] = res["note"].to_numpy()
    blank = (raw == "").to_numpy()
    if required:
        ctx.log.add_rows(w, blank, column=header, value=raw_col, reason=message("missing_area"))
    unknown = ~blank & w[out_col].isna().to_numpy()
    ctx.log.add_rows(
        w, unknown, column=header, value=raw_col, reason=message("unknown_area"), suggestion=_col(out_col + "_hint")
    )
    outside = ctx.outside_scope(w[out_col])
    ctx.log.add_rows(w, outside, column=header, value=raw_col, reason=message("outside_scope"))
    legacy_first = w[out_col + "_note"].notna().to_numpy() & ~raw.duplicated().to_numpy()
    ctx.log.add_rows(w, legacy_first, column=header, value=raw_col, reason=_col(out_col + "_note"), severity=WARNING)


def _check_month_column(
    ctx: _Context,
    w: pd.DataFrame,
    raw_col: str,
    header: str,
    out_col: str,
    *,
    missing: str = "missing_month",
    future: bool = True,
) -> None:
    months, invalid = parsing.parse_months(w[raw_col])
    w[out_col] = months.to_numpy()
    blank = (w[raw_col] == "").to_numpy()
    ctx.log.add_rows(w, blank, column=header, value=raw_col, reason=message(missing))
    ctx.log.add_rows(
        w, invalid, column=header, value=raw_col, reason=message("bad_month"), suggestion=message("month_hint")
    )
    _check_era(ctx, w, out_col, raw_col, header, "early_month", _fmt_month)
    if future:
        current = ctx.current_month
        later = (months > current).to_numpy()
        ctx.log.add_rows(
            w,
            later,
            column=header,
            value=raw_col,
            reason=lambda sub: [
                message("future_month", month=_fmt_month(m), current=_fmt_month(current)) for m in sub[out_col]
            ],
        )


def _check_era(
    ctx: _Context, w: pd.DataFrame, col: str, raw_col: str, header: str, which: str, fmt: Callable[[Any], str]
) -> None:
    """Months or dates before the programme's era (FIRST_MONTH): errors, and no longer read."""
    early = (w[col] < pd.Timestamp(FIRST_MONTH)).to_numpy()
    first = fmt(FIRST_MONTH)
    key = "month" if which == "early_month" else "date"
    ctx.log.add_rows(
        w,
        early,
        column=header,
        value=raw_col,
        reason=lambda sub: [message(which, **{key: fmt(m)}, first=first) for m in sub[col]],
    )
    w.loc[early, col] = pd.NaT


def _check_date_column(ctx: _Context, w: pd.DataFrame, raw_col: str, header: str, out_col: str) -> None:
    dates, invalid = parsing.parse_dates(w[raw_col])
    w[out_col] = dates.to_numpy()
    ctx.log.add_rows(
        w, invalid, column=header, value=raw_col, reason=message("bad_date"), suggestion=message("date_hint")
    )
    _check_era(ctx, w, out_col, raw_col, header, "early_date", _fmt_date)
    today = pd.Timestamp(ctx.today)
    later = (dates > today).to_numpy()
    ctx.log.add_rows(
        w,
        later,
        column=header,
        value=raw_col,
        reason=lambda sub: [message("future_date", date=_fmt_date(d)) for d in sub[out_col]],
    )


def _check_number_column(
    ctx: _Context, w: pd.DataFrame, raw_col: str, header: str, out_col: str, *, dot_thousands: bool = True
) -> None:
    numbers, invalid = parsing.parse_numbers(w[raw_col], dot_thousands=dot_thousands)
    w[out_col] = numbers.to_numpy()
    ctx.log.add_rows(
        w, invalid, column=header, value=raw_col, reason=message("bad_number"), suggestion=message("number_hint")
    )


def _check_range(
    ctx: _Context, w: pd.DataFrame, col: str, raw_col: str, header: str, bounds: tuple[float, float], name: str
) -> None:
    low, high = bounds
    values = w[col]
    outside = (values.notna() & ~values.between(low, high)).to_numpy()
    ctx.log.add_rows(
        w, outside, column=header, value=raw_col, reason=message(name, low=_fmt_number(low), high=_fmt_number(high))
    )
    w.loc[outside, col] = np.nan


def _check_whole(ctx: _Context, w: pd.DataFrame, col: str, raw_col: str, header: str) -> None:
    values = w[col]
    bad = (values.notna() & ((values < 0) | (values % 1 != 0))).to_numpy()
    ctx.log.add_rows(w, bad, column=header, value=raw_col, reason=message("bad_whole"))
    w.loc[bad, col] = np.nan


def _check_duplicates(
    ctx: _Context,
    w: pd.DataFrame,
    ok: np.ndarray,
    keys: list[str],
    compare: list[str],
    what: str,
    column: _Text,
    value: str,
) -> np.ndarray:
    """Rows repeating the key of an earlier valid row: an error when their contents differ, a
    warning when they are identical. Returns `ok` without the repeats."""
    positions = np.flatnonzero(ok)
    sub = w.iloc[positions]
    repeated = sub.duplicated(keys, keep=False).to_numpy()
    if not repeated.any():
        return ok
    d = sub[repeated]
    groups = [d[k] for k in keys]
    first_row = d.groupby(groups, sort=False)["row"].transform("min")
    signature = pd.Series(pd.util.hash_pandas_object(d[compare], index=False).to_numpy(), index=d.index)
    variants = signature.groupby(groups, sort=False).transform("nunique")
    later = (d["row"] != first_row).to_numpy()
    conflict = np.zeros(len(w), dtype=bool)
    same = np.zeros(len(w), dtype=bool)
    conflict[positions[repeated]] = later & (variants > 1).to_numpy()
    same[positions[repeated]] = later & (variants == 1).to_numpy()
    w["_first_row"] = 0
    w.loc[d.index, "_first_row"] = first_row.to_numpy()
    ctx.log.add_rows(
        w,
        conflict,
        column=column,
        value=value,
        reason=lambda s: [message("duplicate_conflict", what=what, first=int(r)) for r in s["_first_row"]],
    )
    ctx.log.add_rows(
        w,
        same,
        column=column,
        value=value,
        severity=WARNING,
        reason=lambda s: [message("duplicate_same", first=int(r)) for r in s["_first_row"]],
    )
    return ok & ~conflict & ~same


def _differs(new: pd.Series, old: pd.Series) -> pd.Series:
    """new != old, where two missing values are equal and a missing new value changes nothing."""
    a = new.astype(object).where(new.notna(), None)
    b = old.astype(object).where(old.notna(), None)
    equal = np.array([x == y for x, y in zip(a.tolist(), b.tolist(), strict=True)], dtype=bool)
    return pd.Series(~equal & new.notna().to_numpy(), index=new.index)


def _none_where(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` as objects, None where `mask` holds."""
    out = np.asarray(values, dtype=object).copy()
    out[mask] = None
    return out


def _seconds(values: pd.Series) -> pd.Series:
    """Dates at second resolution, so that frames from files and from DuckDB compare and merge."""
    return pd.to_datetime(values).astype("datetime64[s]")


# -- indicators ---------------------------------------------------------------------------------


@dataclass
class _Outcome:
    payload: pd.DataFrame | pa.Table
    changes: pd.DataFrame | pa.Table
    added: int = 0
    changed: int = 0
    unchanged: int = 0


def _empty_outcome() -> _Outcome:
    return _Outcome(pd.DataFrame(), pd.DataFrame())


def _resolve_indicators(ctx: _Context, raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(indicator code or None, suggestion or None) for each cell of a long file's indicator column."""
    codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
    names = ctx.indicator_names
    found: list[str | None] = []
    hints: list[str | None] = []
    suggested = 0
    for value in uniques:
        hk = header_key(str(value))
        code = names.get(hk)
        found.append(code)
        hint = None
        if code is None and hk and suggested < MAX_PROBLEMS:
            suggested += 1
            close = difflib.get_close_matches(hk, list(names), n=1, cutoff=0.6)
            if close:
                guess = names[close[0]]
                hint = message("suggest_indicator", code=guess, name=ctx.indicators.at[guess, "name_vi"])
        hints.append(hint)
    return _spread(found, codes), _spread(hints, codes)


def _plan_indicators(ctx: _Context, cols: _Columns, layout: str, indicator_columns: list[tuple[str, str]]) -> _Outcome:
    f = cols.frame
    base = pd.DataFrame(
        {
            "row": f.index.to_numpy(),
            "area_raw": parsing.normalise_codes(pd.Series(cols.values("area_code"))).to_numpy(),
            "month_raw": cols.values("month"),
        }
    )
    if layout == "long":
        base["indicator_raw"] = cols.values("indicator")
        base["value_raw"] = cols.values("value")
        has_data = (base["value_raw"] != "").to_numpy()  # a row without a value is an unfilled template row
    else:
        headers = [h for h, _ in indicator_columns]
        has_data = (f[headers] != "").any(axis=1).to_numpy()
    data_pos = np.flatnonzero(has_data)
    base = base.iloc[data_pos].reset_index(drop=True)
    _check_area_column(ctx, base, "area_raw", cols.header("area_code"))
    _check_month_column(ctx, base, "month_raw", cols.header("month"), "month")
    row_ok = (base["area_code"].notna() & base["month"].notna() & (base["month"] <= ctx.current_month)).to_numpy()

    keep = ["row", "area_code", "month", "month_raw"]
    if layout == "long":
        v = base[[*keep, "indicator_raw", "value_raw"]].copy()
        v["value_col"] = cols.header("value")
        v["row_ok"] = row_ok
        indicator, hints = _resolve_indicators(ctx, v["indicator_raw"])
        v["indicator"] = indicator
        v["indicator_hint"] = hints
        blank = (v["indicator_raw"] == "").to_numpy()
        header = cols.header("indicator")
        ctx.log.add_rows(v, blank, column=header, value="indicator_raw", reason=message("missing_indicator"))
        unknown = ~blank & v["indicator"].isna().to_numpy()
        ctx.log.add_rows(
            v,
            unknown,
            column=header,
            value="indicator_raw",
            reason=message("unknown_indicator"),
            suggestion=_col("indicator_hint"),
        )
    else:
        pieces = []
        for header, code in indicator_columns:
            cells = f[header].to_numpy(dtype=object)[data_pos]
            filled = cells != ""
            piece = base.loc[filled, keep].copy()
            piece["indicator_raw"] = header
            piece["value_raw"] = cells[filled]
            piece["value_col"] = header
            piece["row_ok"] = row_ok[filled]
            piece["indicator"] = code
            pieces.append(piece)
        v = pd.concat(pieces, ignore_index=True)

    numbers, invalid = parsing.parse_numbers(v["value_raw"])
    kinds = v["indicator"].map(ctx.indicators["value_kind"])
    is_flag = (kinds == "flag").to_numpy()
    wordy = invalid.to_numpy() & is_flag
    if wordy.any():  # 'đạt' / 'không đạt' for a 1/0 indicator
        codes, uniques = pd.factorize(v.loc[wordy, "value_raw"].astype(object))
        found = np.array([FLAG_WORDS.get(header_key(str(u)), np.nan) for u in uniques], dtype="float64")
        words = np.full(len(v), np.nan)
        words[wordy] = found[codes]
        use = wordy & ~np.isnan(words)
        numbers = numbers.where(~use, pd.Series(words, index=numbers.index))
        invalid = invalid & ~use
    v["value"] = numbers.to_numpy()
    value_col = _col("value_col")
    ctx.log.add_rows(
        v,
        invalid,
        column=value_col,
        value="value_raw",
        reason=message("bad_number"),
        suggestion=message("number_hint"),
    )
    negative = (v["value"] < 0).to_numpy()
    ctx.log.add_rows(v, negative, column=value_col, value="value_raw", reason=message("negative"))
    bad_flag = is_flag & v["value"].notna().to_numpy() & ~negative & ~v["value"].isin([0.0, 1.0]).to_numpy()
    ctx.log.add_rows(
        v,
        bad_flag,
        column=value_col,
        value="value_raw",
        reason=lambda s: [message("bad_flag", indicator=i) for i in s["indicator"]],
    )
    units = v["indicator"].map(ctx.indicators["unit_vi"])
    not_whole = (kinds == "count").to_numpy() & (v["value"] % 1 != 0).to_numpy() & v["value"].notna().to_numpy()
    v["unit"] = units.to_numpy()
    ctx.log.add_rows(
        v,
        not_whole,
        column=value_col,
        value="value_raw",
        severity=WARNING,
        reason=lambda s: [message("not_whole", unit=u) for u in s["unit"]],
    )
    above = _check_bounds(ctx, v, value_col, negative | bad_flag)
    ok = v["row_ok"].to_numpy(dtype=bool) & v["indicator"].notna().to_numpy() & v["value"].notna().to_numpy()
    ok = ok & (~negative & ~bad_flag & ~above)
    ok = _check_duplicates(
        ctx,
        v,
        ok,
        ["area_code", "month", "indicator"],
        ["value"],
        message("what_indicator"),
        value_col,
        "value_raw",
    )
    payload = v.loc[ok, ["row", "area_code", "month", "indicator", "value", "value_col"]].reset_index(drop=True)
    payload["value"] = payload["value"].astype("float64")
    payload["month"] = payload["month"].astype("datetime64[s]")
    return _finish_indicators(ctx, payload, cols.header("month"), cols.header("area_code"))


def _check_bounds(ctx: _Context, v: pd.DataFrame, value_col: _Text, refused: np.ndarray) -> np.ndarray:
    """Values above their indicator's plausible bound, from the catalogue: `max_value`, or the area's
    population x `max_per_person` where that is set and the population known. Errors (but for values
    already `refused`: a flag of 2 is one error); the mask."""
    top = v["indicator"].map(ctx.indicators["max_value"]).astype("float64")
    per_person = v["indicator"].map(ctx.indicators["max_per_person"]).astype("float64")
    people = pd.Series(np.nan, index=v.index)
    if per_person.notna().any():
        codes = v.loc[per_person.notna().to_numpy(), "area_code"].dropna().unique()
        people = v["area_code"].map(ctx.area_rows(codes)["population"]).astype("float64")
    by_people = per_person * people
    v["bound"] = by_people.where(by_people.notna(), top)
    v["people"] = people.where(by_people.notna())
    above: np.ndarray = (v["value"] > v["bound"]).to_numpy(dtype=bool) & ~refused
    known = v["people"].notna().to_numpy()

    def reasons(which: str) -> Callable[[pd.DataFrame], list[str]]:
        return lambda s: [
            message(which, indicator=i, limit=_fmt_number(b), unit=u, people=_fmt_number(p))
            for i, b, u, p in zip(s["indicator"], s["bound"], s["unit"], s["people"], strict=True)
        ]

    ctx.log.add_rows(v, above & ~known, column=value_col, value="value_raw", reason=reasons("above_bound"))
    ctx.log.add_rows(v, above & known, column=value_col, value="value_raw", reason=reasons("above_population"))
    return above


def _finish_indicators(ctx: _Context, payload: pd.DataFrame, month_header: str, area_header: str) -> _Outcome:
    """The checks of whole rows (months outside rounds, solved above total) and the comparison with
    the database, on the values a file would write."""
    if payload.empty:
        return _Outcome(payload, _indicator_changes_frame())
    with ctx.db.cursor() as cur:
        cur.register("import_values", payload[["row", "area_code", "month", "indicator", "value", "value_col"]])
        try:
            _warn_outside_rounds(ctx, cur, month_header, area_header)
            _warn_solved_above_total(ctx, cur, None)
            changes = cur.sql(_INDICATOR_DIFF + " ORDER BY p.row, p.indicator").to_arrow_table()
        finally:
            cur.unregister("import_values")
    added = changes["old_value"].null_count
    changed = changes.num_rows - added
    return _Outcome(payload, changes, added, changed, len(payload) - added - changed)


# -- indicators, long layout: the fast path ----------------------------------------------------
#
# A long file of plain ASCII text (no quotes, no blank lines, commas) is read by DuckDB, not by
# pandas, and stays in DuckDB until it is written. Its cells are checked by the same functions as
# above, on their distinct values only (a national file has a few thousand area codes, a few months,
# twenty indicators and some thousands of numbers); one query then joins each row to what its cells
# mean and to the value stored for the same key, and the checks of whole rows run as SQL on that
# table. The plan keeps the rows and the changes as Arrow tables (pandas only when asked for). A
# file with any problem in its cells (an unknown or pre-2025 code, a month in the future, a decimal
# count, a blank, a duplicate, quotes, ...) goes the ordinary way, which explains each problem by row.

_FAST_LONG = ("area_code", "month", "indicator", "value")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # core.base.text.CONTROL in an ASCII file
_MEMORY_FOLDER = "/dev/shm"


def _temp_folder(size: int) -> str | None:
    """Where DuckDB reads the file from: memory (tmpfs, a tenth of a second sooner than the disk for a
    national file) when the system has it with room to spare (a container's is often 64 MB), else the
    usual temporary folder."""
    try:
        roomy = os.access(_MEMORY_FOLDER, os.W_OK) and shutil.disk_usage(_MEMORY_FOLDER).free > 4 * size
    except OSError:
        return None
    return _MEMORY_FOLDER if roomy else None


def _last_text(content: bytes) -> int:
    """The length of `content` without trailing blanks and line ends."""
    end = len(content)
    while end and content[end - 1] in b" \t\r\n":
        end -= 1
    return end


@dataclass
class _FastLong:
    table: RawTable
    columns: _Columns
    outcome: _Outcome


def _fast_long(ctx: _Context, content: bytes, kind: str | None) -> _FastLong | None:
    if kind not in (None, "indicators", parsing.INDICATORS_LONG) or not content.isascii():
        return None
    if b'"' in content or b"\x00" in content or content.startswith(b"sep="):
        return None
    text_head = content[:65536].decode("ascii")
    if sniff_delimiter(text_head) != ",":
        return None
    end = _last_text(content)  # without the trailing line ends, and without copying the file
    newline = content.find(b"\n", 0, end)
    first_line = content[: newline if newline >= 0 else end]
    data_lines = content.count(b"\n", 0, end)
    if not data_lines or data_lines >= reading.MAX_ROWS:
        return None  # the ordinary way refuses a file of too many rows
    if first_line.count(b",") >= reading.MAX_COLUMNS or _CONTROL_BYTES.search(first_line.rstrip(b"\r")):
        return None  # the ordinary way refuses it, with its row
    headers = [h.strip() for h in first_line.decode("ascii").rstrip("\r").split(",")]
    mapping = parsing.normalise_headers(headers, parsing.INDICATORS_LONG, ctx.indicator_names)
    if sorted(m or "" for m in mapping) != sorted(_FAST_LONG) or len(set(headers)) != len(headers):
        return None
    if _table_kind(kind, headers, ctx.indicator_names) != parsing.INDICATORS_LONG:
        return None
    if parsing.header_score(headers, ctx.indicator_names) < 2:
        return None
    by_canonical = {str(m): h for m, h in zip(mapping, headers, strict=True)}
    position = {canonical: headers.index(by_canonical[canonical]) for canonical in _FAST_LONG}
    with tempfile.TemporaryDirectory(dir=_temp_folder(len(content))) as folder, ctx.db.cursor() as cur:
        path = Path(folder) / "upload.csv"
        path.write_bytes(content)
        names = [f"c{i}" for i in range(len(headers))]
        try:
            cur.execute(
                "CREATE TEMP TABLE fast_cells AS SELECT * FROM read_csv(?, header = true, delim = ',', quote = '', "
                "escape = '', strict_mode = true, null_padding = false, auto_detect = false, columns = ?)",
                [str(path), {n: "VARCHAR" for n in names}],
            )
        except duckdb.Error:
            return None
        try:
            return _fast_long_plan(ctx, cur, headers, by_canonical, position, data_lines)
        finally:
            cur.execute("DROP VIEW IF EXISTS import_values")
            cur.execute("DROP TABLE IF EXISTS fast_rows")
            cur.execute("DROP TABLE IF EXISTS fast_cells")


def _fast_maps(
    ctx: _Context, cur: duckdb.DuckDBPyConnection, position: dict[str, int]
) -> dict[str, pd.DataFrame] | None:
    """What each distinct cell means, with a number per meaning (`id`: two spellings of one code or
    month share it), or None when any cell needs the ordinary way."""

    def distinct(canonical: str) -> pd.Series:
        column = quote_identifier(f"c{position[canonical]}")
        rows = cur.execute(f"SELECT DISTINCT {column} FROM fast_cells").fetchall()
        return pd.Series([r[0] if r[0] is not None else "" for r in rows], dtype=object)

    raws = {canonical: distinct(canonical) for canonical in _FAST_LONG}
    if any(values.str.contains(CONTROL, regex=True).any() for values in raws.values()):
        return None  # the ordinary way refuses each cell with a control character
    areas_raw = raws["area_code"]
    codes = parsing.normalise_codes(areas_raw)
    resolved = _resolve_area_codes(ctx, codes, legacy=False)
    if (codes == "").any() or resolved["code"].isna().any() or resolved["note"].notna().any():
        return None
    if ctx.outside_scope(resolved["code"]).any():
        return None  # the ordinary way names each row outside the user's scope
    months_raw = raws["month"]
    months, invalid = parsing.parse_months(months_raw)
    if invalid.any() or months.isna().any() or (months > ctx.current_month).any():
        return None
    if (months < pd.Timestamp(FIRST_MONTH)).any():
        return None
    indicators_raw = raws["indicator"]
    indicators, _ = _resolve_indicators(ctx, indicators_raw)
    if (indicators_raw == "").any() or pd.isna(indicators).any():
        return None
    values_raw = raws["value"]
    numbers = _whole_numbers(values_raw)
    if (values_raw == "").any() or numbers.isna().any() or (numbers < 0).any() or (numbers % 1 != 0).any():
        return None
    area_codes = resolved["code"].astype(object)
    indicator_codes = pd.Series(indicators, dtype=object)
    # The bounds of each row (see _check_bounds), joined in by _fast_long_plan.
    people = area_codes.map(ctx.area_rows(area_codes.unique())["population"]).astype("float64")
    top = indicator_codes.map(ctx.indicators["max_value"]).astype("float64")
    per_person = indicator_codes.map(ctx.indicators["max_per_person"]).astype("float64")
    return {
        "fast_areas": pd.DataFrame(
            {"raw": areas_raw, "code": area_codes, "id": pd.factorize(area_codes)[0], "people": people}
        ),
        "fast_months": pd.DataFrame(
            {"raw": months_raw, "month": months.astype("datetime64[s]"), "id": pd.factorize(months)[0]}
        ),
        "fast_indicators": pd.DataFrame(
            {
                "raw": indicators_raw,
                "code": indicator_codes,
                "id": pd.factorize(indicator_codes)[0],
                "top": top,
                "per_person": per_person,
            }
        ),
        "fast_values": pd.DataFrame({"raw": values_raw, "value": numbers.astype("float64")}),
    }


def _whole_numbers(values: pd.Series) -> pd.Series:
    """`parsing.parse_numbers` (NaN where invalid), with plain digits (most cells of a national
    file, and what parse_numbers makes of them) read directly."""
    digits = np.array([v.isascii() and v.isdigit() and len(v) <= 15 for v in values], dtype=bool)
    numbers = np.array([float(v) if d else np.nan for v, d in zip(values, digits, strict=True)], dtype="float64")
    if not digits.all():
        parsed, bad = parsing.parse_numbers(values[~digits])
        numbers[~digits] = parsed.where(~bad).to_numpy()
    return pd.Series(numbers, index=values.index)


def _fast_long_plan(
    ctx: _Context,
    cur: duckdb.DuckDBPyConnection,
    headers: list[str],
    by_canonical: dict[str, str],
    position: dict[str, int],
    data_lines: int,
) -> _FastLong | None:
    col = {c: quote_identifier(f"c{position[c]}") for c in _FAST_LONG}
    if int(cur.execute("SELECT count(*) FROM fast_cells").fetchall()[0][0]) != data_lines:
        # A line DuckDB did not read as one row (a blank line: DuckDB skips it, or refuses one of
        # spaces above): the ordinary way numbers rows exactly.
        return None
    maps = _fast_maps(ctx, cur, position)
    if maps is None:
        return None
    for name, frame in maps.items():
        cur.register(name, frame)
    try:
        # Each row with the value stored for its key (NULL: none), over the file's months only.
        cur.execute(
            f"""
            CREATE TEMP TABLE fast_rows AS
            WITH file AS (
                SELECT CAST(t.rowid + 2 AS BIGINT) AS row, (a.id * $months + m.id) * $indicators + i.id AS k,
                       a.code AS area_code, CAST(m.month AS DATE) AS month, i.code AS indicator, v.value,
                       coalesce(a.people * i.per_person, i.top) AS bound
                FROM fast_cells t
                JOIN fast_areas a ON a.raw = {col["area_code"]} JOIN fast_months m ON m.raw = {col["month"]}
                JOIN fast_indicators i ON i.raw = {col["indicator"]} JOIN fast_values v ON v.raw = {col["value"]}
            ),
            stored AS (
                SELECT area_code, month, indicator, value FROM indicator_values
                WHERE month BETWEEN $first AND $last
            )
            SELECT f.*, s.value AS old_value FROM file f
            LEFT JOIN stored s ON s.area_code = f.area_code AND s.month = f.month AND s.indicator = f.indicator
            """,
            {
                "months": len(maps["fast_months"]),
                "indicators": len(maps["fast_indicators"]),
                "first": maps["fast_months"]["month"].min().date(),
                "last": maps["fast_months"]["month"].max().date(),
            },
        )
    finally:
        for name in maps:
            cur.unregister(name)
    flags = [str(c) for c in ctx.indicators.index[ctx.indicators["value_kind"] == "flag"]]
    duplicates, bad_flags, above, joined, added, changed = (
        int(x)
        for x in cur.execute(
            "SELECT count(*) - count(DISTINCT k), "
            "count(*) FILTER (WHERE list_contains(?, indicator) AND value NOT IN (0, 1)), "
            "count(*) FILTER (WHERE value > bound), count(*), "
            "count(*) FILTER (WHERE old_value IS NULL), count(*) FILTER (WHERE old_value <> value) FROM fast_rows",
            [flags],
        ).fetchall()[0]
    )
    if duplicates or bad_flags or above or joined != data_lines:
        return None
    cur.execute(
        "CREATE TEMP VIEW import_values AS "
        "SELECT row, area_code, month, indicator, value, CAST(NULL AS VARCHAR) AS value_col FROM fast_rows"
    )
    _warn_outside_rounds(ctx, cur, by_canonical["month"], by_canonical["area_code"])
    _warn_solved_above_total(ctx, cur, by_canonical["value"])
    changes = cur.sql(
        "SELECT area_code, month, indicator, old_value, value AS new_value FROM fast_rows "
        "WHERE old_value IS DISTINCT FROM value ORDER BY row"
    ).to_arrow_table()
    payload = cur.sql("SELECT row, area_code, month, indicator, value FROM fast_rows").to_arrow_table()
    # The value column's header on every row, as a dictionary (pa.repeat of a string takes a quarter second).
    one_header = pa.DictionaryArray.from_arrays(np.zeros(payload.num_rows, dtype=np.int8), [by_canonical["value"]])
    payload = payload.append_column("value_col", one_header)
    frame = pd.DataFrame(index=pd.RangeIndex(2, data_lines + 2, name="row"))  # rows only: the cells stay in DuckDB
    raw = RawTable(headers, frame, "utf-8", ",", None, 1, [])
    cols = _Columns(parsing.INDICATORS_LONG, dict(by_canonical), frame)
    outcome = _Outcome(payload, changes, added, changed, data_lines - added - changed)
    return _FastLong(raw, cols, outcome)


def _indicator_changes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": pd.Series(dtype=object),
            "month": pd.Series(dtype="datetime64[s]"),
            "indicator": pd.Series(dtype=object),
            "old_value": pd.Series(dtype="float64"),
            "new_value": pd.Series(dtype="float64"),
        }
    )


_INDICATOR_DIFF = (
    "SELECT p.area_code, CAST(p.month AS DATE) AS month, p.indicator, iv.value AS old_value, p.value AS new_value "
    "FROM import_values p LEFT JOIN indicator_values iv "
    "ON iv.area_code = p.area_code AND iv.month = CAST(p.month AS DATE) AND iv.indicator = p.indicator "
    "WHERE iv.value IS DISTINCT FROM p.value"
)


def _payload_frame(data: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """An indicators payload as pandas, in file order, with the ordinary way's types."""
    if isinstance(data, pd.DataFrame):
        return data
    frame: pd.DataFrame = data.sort_by("row").to_pandas(date_as_object=False)
    frame["row"] = frame["row"].astype("int64")
    for column in ("area_code", "indicator", "value_col"):
        frame[column] = frame[column].astype("str")
    frame["month"] = frame["month"].astype("datetime64[s]")
    frame["value"] = frame["value"].astype("float64")
    return frame


def _changes_frame(data: pd.DataFrame | pa.Table) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    frame: pd.DataFrame = data.to_pandas(date_as_object=False)
    frame["month"] = frame["month"].astype("datetime64[us]")
    return frame


def _monitoring_months(ctx: _Context) -> int:
    value = ctx.db.get_meta("watch_months")  # the same setting as core.domain.criteria.watch_months
    try:
        return int(value) if value is not None else DEFAULT_MONITORING_MONTHS
    except ValueError:
        return DEFAULT_MONITORING_MONTHS


def _warn_outside_rounds(ctx: _Context, cur: duckdb.DuckDBPyConnection, header: str, area_header: str) -> None:
    """Warn about months outside every round of their area. A round's window reaches back by its
    length (the baseline that criterion C04 compares with) and forward to its end (open while it is
    in progress) plus the months of monitoring after exit. Reads the file's values from
    `import_values` on `cur`."""
    monitoring = _monitoring_months(ctx)
    found = cur.execute(
        "WITH m AS (SELECT area_code, CAST(month AS DATE) AS month, min(row) AS row FROM import_values GROUP BY ALL), "
        "r AS (SELECT area_code, start_month - to_months(planned_months) AS first, "
        "  CASE WHEN status = 'in_progress' THEN NULL ELSE greatest(start_month + to_months(planned_months), "
        "  coalesce(date_trunc('month', exit_decision_date), start_month)) + to_months(?) END AS after "
        "  FROM rounds WHERE area_code IN (SELECT DISTINCT area_code FROM m)), "
        "flags AS (SELECT m.row, m.area_code, m.month, count(r.area_code) AS rounds, "
        "  coalesce(bool_or(m.month >= r.first AND (r.after IS NULL OR m.month < r.after)), FALSE) AS inside "
        "  FROM m LEFT JOIN r ON r.area_code = m.area_code GROUP BY ALL), "
        "firsts AS (SELECT *, row = min(row) OVER (PARTITION BY area_code) AS first_of_area FROM flags) "
        "SELECT row, area_code, month, rounds, inside FROM firsts "
        "WHERE (rounds = 0 AND first_of_area) OR (rounds > 0 AND NOT inside) ORDER BY row",
        [monitoring],
    ).df()
    if found.empty:
        return
    none, outside = (found["rounds"] == 0).to_numpy(), (found["rounds"] > 0).to_numpy()
    codes = found["area_code"].astype(object)
    found["area_text"] = codes
    found["label"] = codes.map(ctx.area_rows(codes)["name"]).astype(object).fillna("") + " (" + codes + ")"
    found["month_text"] = pd.to_datetime(found["month"]).dt.strftime("%m/%Y")
    ctx.log.add_rows(
        found,
        none,
        column=area_header,
        value="area_text",
        severity=WARNING,
        reason=lambda s: [message("no_rounds", area=a) for a in s["label"]],
    )
    ctx.log.add_rows(
        found,
        outside,
        column=header,
        value="month_text",
        severity=WARNING,
        reason=lambda s: [
            message("outside_rounds", month=m, area=a, monitoring=monitoring)
            for m, a in zip(s["month_text"], s["label"], strict=True)
        ],
    )


# Each pair's two values per area and month in the file (a row number: from the file), the one the
# file lacks taken from the database, and the pairs where the solved count is above its total.
_SOLVED_ABOVE_TOTAL = """
WITH roles AS (SELECT num AS code, num, den FROM import_pairs UNION ALL SELECT den, num, den FROM import_pairs),
pairs AS MATERIALIZED (
    SELECT i.area_code, CAST(i.month AS DATE) AS month, r.num, r.den,
        any_value(i.row) FILTER (WHERE i.indicator = r.num) AS nrow,
        any_value(i.value) FILTER (WHERE i.indicator = r.num) AS nv,
        any_value(i.value_col) FILTER (WHERE i.indicator = r.num) AS ncol,
        any_value(i.row) FILTER (WHERE i.indicator = r.den) AS drow,
        any_value(i.value) FILTER (WHERE i.indicator = r.den) AS dv,
        any_value(i.value_col) FILTER (WHERE i.indicator = r.den) AS dcol
    FROM import_values i JOIN roles r ON r.code = i.indicator GROUP BY ALL
),
half AS (SELECT * FROM pairs WHERE nrow IS NULL OR drow IS NULL),
whole AS (
    SELECT * FROM pairs WHERE nrow IS NOT NULL AND drow IS NOT NULL
    UNION ALL
    SELECT h.* REPLACE (coalesce(h.nv, s.value) AS nv, coalesce(h.dv, s.value) AS dv) FROM half h
    JOIN indicator_values s ON s.area_code = h.area_code AND s.month = h.month
        AND s.indicator = CASE WHEN h.nrow IS NULL THEN h.num ELSE h.den END
)
SELECT coalesce(nrow, drow) AS row, coalesce(ncol, dcol) AS col, num, nv AS num_value, den, dv AS den_value,
    CASE WHEN nrow IS NOT NULL THEN nv ELSE dv END AS shown
FROM whole WHERE nv > dv ORDER BY 1
"""


def _warn_solved_above_total(ctx: _Context, cur: duckdb.DuckDBPyConnection, value_header: str | None) -> None:
    """Warn where a solved count is above its total in the same month, taking the total from the
    database when the file does not carry it. Reads the file's values from `import_values` on `cur`
    (their `value_col`, or `value_header` where that is NULL)."""
    pairs = [(n, d) for n, d in SOLVED_PAIRS if n in ctx.indicators.index and d in ctx.indicators.index]
    if not pairs:
        return
    cur.register("import_pairs", pd.DataFrame(pairs, columns=["num", "den"]))
    try:
        found = cur.execute(_SOLVED_ABOVE_TOTAL).df()
    finally:
        cur.unregister("import_pairs")
    if found.empty:
        return
    if value_header is not None:
        found["col"] = found["col"].astype(object).fillna(value_header)
    found["shown_text"] = [_fmt_number(x) for x in found["shown"]]
    ctx.log.add_rows(
        found,
        np.ones(len(found), dtype=bool),
        column=_col("col"),
        value="shown_text",
        severity=WARNING,
        reason=lambda s: [
            message("solved_above_total", num=n, num_value=_fmt_number(nv), den=d, den_value=_fmt_number(dv))
            for n, nv, d, dv in zip(s["num"], s["num_value"], s["den"], s["den_value"], strict=True)
        ],
    )


def _write_indicators(
    cur: duckdb.DuckDBPyConnection,
    payload: pd.DataFrame | pa.Table,
    upload_id: int,
    changes: pd.DataFrame | pa.Table | None = None,
) -> tuple[int, int, int]:
    """Write a file's values. `changes` is the plan's comparison with the database, given when
    nothing was written since it was made (the data version is the same); otherwise the comparison
    is made again here, inside the transaction."""
    if changes is not None:
        cur.register("import_changes", changes)
        try:
            cur.execute(
                "INSERT INTO value_changes (upload_id, area_code, month, indicator, old_value, new_value) "
                "SELECT ?, area_code, CAST(month AS DATE), indicator, old_value, new_value FROM import_changes",
                [upload_id],
            )
        finally:
            cur.unregister("import_changes")
    else:
        cur.register("import_values", payload)
        try:
            cur.execute(
                "INSERT INTO value_changes (upload_id, area_code, month, indicator, old_value, new_value) "
                f"SELECT ?, area_code, month, indicator, old_value, new_value FROM ({_INDICATOR_DIFF})",
                [upload_id],
            )
        finally:
            cur.unregister("import_values")
    row = cur.execute(
        "SELECT count(*) FILTER (WHERE old_value IS NULL), count(*) FILTER (WHERE old_value IS NOT NULL) "
        "FROM value_changes WHERE upload_id = ?",
        [upload_id],
    ).fetchall()
    added, changed = int(row[0][0]), int(row[0][1])
    # Changed values in place, then the new ones: about twice as fast as one INSERT ... ON CONFLICT
    # DO UPDATE over a national table, and a smaller checkpoint at commit.
    cur.execute(
        "UPDATE indicator_values iv SET value = c.new_value, upload_id = c.upload_id FROM value_changes c "
        "WHERE c.upload_id = ? AND c.old_value IS NOT NULL "
        "AND iv.area_code = c.area_code AND iv.month = c.month AND iv.indicator = c.indicator",
        [upload_id],
    )
    cur.execute(
        "INSERT INTO indicator_values (area_code, month, indicator, value, upload_id) "
        "SELECT area_code, month, indicator, new_value, upload_id FROM value_changes "
        "WHERE upload_id = ? AND old_value IS NULL",
        [upload_id],
    )
    return added, changed, len(payload) - added - changed


# -- rounds -------------------------------------------------------------------------------------

_ROUND_FIELDS = ["programme", "planned_months", "decision_no", "decision_date"]


def _text_or_none(values: np.ndarray) -> np.ndarray:
    out = values.astype(object).copy()
    out[out == ""] = None
    return out


def _plan_rounds(ctx: _Context, cols: _Columns) -> _Outcome:
    f = cols.frame
    w = pd.DataFrame(
        {
            "row": f.index.to_numpy(),
            "area_raw": parsing.normalise_codes(pd.Series(cols.values("area_code"))).to_numpy(),
            "start_raw": cols.values("start_month"),
            "months_raw": cols.values("months"),
            "decision_no_raw": cols.values("decision_no"),
            "date_raw": cols.values("decision_date"),
            "programme_raw": cols.values("programme"),
        }
    )
    fields = ["start_raw", "months_raw", "decision_no_raw", "date_raw", "programme_raw"]
    w = w[(w[fields] != "").any(axis=1).to_numpy()].reset_index(drop=True)
    _check_area_column(ctx, w, "area_raw", cols.header("area_code"))
    _check_month_column(
        ctx, w, "start_raw", cols.header("start_month"), "start_month", missing="missing_start_month", future=False
    )
    header = cols.header("months")
    months_text = w["months_raw"].str.replace(r"\s*th[aá]ng\s*$", "", regex=True, case=False)
    numbers, invalid = parsing.parse_numbers(months_text)
    blank = (w["months_raw"] == "").to_numpy()
    ctx.log.add_rows(w, blank, column=header, value="months_raw", reason=message("missing_round_months"))
    low, high = ROUND_MONTHS_RANGE
    bad = invalid.to_numpy() | (numbers.notna() & ((numbers % 1 != 0) | ~numbers.between(low, high))).to_numpy()
    ctx.log.add_rows(w, bad, column=header, value="months_raw", reason=message("bad_round_months"))
    w["planned_months"] = numbers.where(~bad).to_numpy()
    _check_date_column(ctx, w, "date_raw", cols.header("decision_date"), "decision_date")
    codes, uniques = pd.factorize(w["programme_raw"].astype(object))
    programmes = [parsing.parse_programme(u, default=None) for u in uniques]
    w["programme"] = _spread(programmes, codes)
    bad_programme = (w["programme_raw"] != "").to_numpy() & w["programme"].isna().to_numpy()
    ctx.log.add_rows(
        w, bad_programme, column=cols.header("programme"), value="programme_raw", reason=message("bad_programme")
    )
    w["decision_no"] = _text_or_none(w["decision_no_raw"].to_numpy())
    date_ok = (w["date_raw"] == "") | (w["decision_date"].notna() & (w["decision_date"] <= pd.Timestamp(ctx.today)))
    ok = (w["area_code"].notna() & w["start_month"].notna() & w["planned_months"].notna() & date_ok).to_numpy()
    ok = ok & (~bad_programme)
    ok = _check_duplicates(
        ctx,
        w,
        ok,
        ["area_code", "start_month"],
        ["planned_months", "decision_no", "decision_date", "programme"],
        message("what_round"),
        cols.header("start_month"),
        "start_raw",
    )
    payload = w.loc[
        ok, ["row", "area_code", "start_month", "planned_months", "decision_no", "decision_date", "programme"]
    ]
    payload = payload.reset_index(drop=True)
    payload["start_month"] = _seconds(payload["start_month"])
    payload["decision_date"] = _seconds(payload["decision_date"])
    existing = ctx.db.query_df(_ROUNDS_SQL)
    final = _rounds_final(existing, payload)
    _warn_round_overlaps(ctx, final, existing, cols.header("start_month"))
    return _outcome_from_final(payload, final)


_ROUNDS_SQL = "SELECT area_code, start_month, programme, planned_months, decision_no, decision_date FROM rounds"


def _rounds_final(existing: pd.DataFrame, payload: pd.DataFrame) -> pd.DataFrame:
    """The rounds as they will be: blank cells keep what the database has."""
    old = existing.copy()
    old["start_month"] = _seconds(old["start_month"])
    old["decision_date"] = _seconds(old["decision_date"])
    old = old.rename(columns={c: "old_" + c for c in _ROUND_FIELDS})
    m = payload.merge(old, on=["area_code", "start_month"], how="left")
    exists = m["old_planned_months"].notna()
    changed = pd.Series(False, index=m.index)
    for c in _ROUND_FIELDS:
        changed = changed | (_differs(m[c], m["old_" + c]))
        m[c] = m[c].astype(object).where(m[c].notna(), m["old_" + c].astype(object))
    m["programme"] = m["programme"].fillna(parsing.DEFAULT_PROGRAMME)
    m["decision_date"] = _seconds(m["decision_date"])
    m["action"] = np.select([~exists, changed], ["added", "changed"], "unchanged")
    return m


def _outcome_from_final(payload: pd.DataFrame, final: pd.DataFrame) -> _Outcome:
    actions = final["action"]
    changes = final[actions != "unchanged"].drop(columns=["row"]).reset_index(drop=True)
    changes = changes[["action", *[c for c in changes.columns if c != "action"]]]
    return _Outcome(
        payload,
        changes,
        int((actions == "added").sum()),
        int((actions == "changed").sum()),
        int((actions == "unchanged").sum()),
    )


def _warn_round_overlaps(ctx: _Context, final: pd.DataFrame, existing: pd.DataFrame, header: str) -> None:
    """Warn when a round of the file overlaps another round of the same area."""
    if final.empty:
        return
    mine = final[["row", "area_code", "start_month", "planned_months"]].copy()
    others = pd.concat(
        [
            existing.assign(start_month=_seconds(existing["start_month"]))[
                ["area_code", "start_month", "planned_months"]
            ],
            mine[["area_code", "start_month", "planned_months"]],
        ],
        ignore_index=True,
    ).drop_duplicates(["area_code", "start_month"], keep="last")
    pairs = mine.merge(others, on="area_code", suffixes=("", "_other"))
    pairs = pairs[pairs["start_month"] != pairs["start_month_other"]]
    if pairs.empty:
        return

    def end(start: pd.Series, months: pd.Series) -> pd.Series:
        return pd.Series(
            [s + pd.DateOffset(months=int(n)) for s, n in zip(start, months, strict=True)], index=start.index
        )

    overlap = (pairs["start_month"] < end(pairs["start_month_other"], pairs["planned_months_other"])) & (
        pairs["start_month_other"] < end(pairs["start_month"], pairs["planned_months"])
    )
    pairs = pairs[overlap].drop_duplicates("row").reset_index(drop=True)
    pairs["start_text"] = [_fmt_month(m) for m in pairs["start_month"]]
    ctx.log.add_rows(
        pairs,
        np.ones(len(pairs), dtype=bool),
        column=header,
        value="start_text",
        severity=WARNING,
        reason=lambda s: [message("round_overlap", other=_fmt_month(m)) for m in s["start_month_other"]],
    )


def _write_rounds(cur: duckdb.DuckDBPyConnection, payload: pd.DataFrame, upload_id: int) -> tuple[int, int, int]:
    final = _rounds_final(cur.execute(_ROUNDS_SQL).df(), payload)
    todo = final[final["action"] != "unchanged"][
        ["action", "area_code", "start_month", "programme", "planned_months", "decision_no", "decision_date"]
    ].copy()
    todo["planned_months"] = todo["planned_months"].astype("int64")
    todo["decision_no"] = todo["decision_no"].astype(object)
    cur.register("import_rounds", todo)
    try:
        cur.execute(
            "UPDATE rounds SET programme = f.programme, planned_months = f.planned_months, "
            "decision_no = f.decision_no, decision_date = CAST(f.decision_date AS DATE), upload_id = ? "
            "FROM import_rounds f WHERE f.action = 'changed' AND rounds.area_code = f.area_code "
            "AND rounds.start_month = CAST(f.start_month AS DATE)",
            [upload_id],
        )
        cur.execute(
            "INSERT INTO rounds (area_code, programme, start_month, planned_months, decision_no, decision_date, "
            "upload_id) SELECT area_code, programme, CAST(start_month AS DATE), planned_months, decision_no, "
            "CAST(decision_date AS DATE), ? FROM import_rounds WHERE action = 'added'",
            [upload_id],
        )
    finally:
        cur.unregister("import_rounds")
    actions = final["action"]
    return int((actions == "added").sum()), int((actions == "changed").sum()), int((actions == "unchanged").sum())


# -- areas --------------------------------------------------------------------------------------

_AREA_FIELDS = [
    "name",
    "unit_type",
    "parent_code",
    "province_code",
    "lat",
    "lon",
    "households",
    "population",
    "name_key",
]
_AREAS_SQL = (
    "SELECT code, name, level, unit_type, parent_code, province_code, lat, lon, households, population, "
    "official, name_key FROM areas"
)
_LEVEL_RANK = {parsing.PROVINCE: 0, parsing.COMMUNE: 1, parsing.VILLAGE: 2}


def _plan_areas(ctx: _Context, cols: _Columns) -> _Outcome:
    f = cols.frame
    w = pd.DataFrame(
        {
            "row": f.index.to_numpy(),
            "code_raw": parsing.normalise_codes(pd.Series(cols.values("area_code"))).to_numpy(),
            "name_raw": pd.Series(cols.values("name")).map(lambda t: " ".join(str(t).split())).to_numpy(),
            "level_raw": cols.values("level"),
            "parent_raw": parsing.normalise_codes(pd.Series(cols.values("parent_code"))).to_numpy(),
            "lat_raw": cols.values("lat"),
            "lon_raw": cols.values("lon"),
            "households_raw": cols.values("households"),
            "population_raw": cols.values("population"),
        }
    )
    code_header, level_header = cols.header("area_code"), cols.header("level")
    name_header, parent_header = cols.header("name"), cols.header("parent_code")
    blank_code = (w["code_raw"] == "").to_numpy()
    ctx.log.add_rows(w, blank_code, column=code_header, value="code_raw", reason=message("missing_area"))
    res = _resolve_area_codes(ctx, w["code_raw"])
    legacy_code = res["note"].notna().to_numpy()
    existing = res["code"].notna().to_numpy() & ~legacy_code
    w["code"] = np.where(existing, res["code"].to_numpy(), w["code_raw"].to_numpy())
    levels, unit_types, bad_level = parsing.parse_levels(w["level_raw"])
    w["level"] = levels.to_numpy()
    w["unit_type"] = unit_types.to_numpy()
    bad_level_arr = bad_level.to_numpy()
    ctx.log.add_rows(
        w,
        bad_level_arr,
        column=level_header,
        value="level_raw",
        reason=message("bad_level"),
        suggestion=message("level_hint"),
    )
    db_level = w["code"].map(ctx.areas["level"]).to_numpy()
    db_official = w["code"].map(ctx.areas["official"]).eq(True).to_numpy(dtype=bool)  # missing -> False
    db_name = w["code"].map(ctx.areas["name"])
    db_name_key = w["code"].map(ctx.areas["name_key"])
    db_parent = w["code"].map(ctx.areas["parent_code"])
    given_level = w["level"].notna().to_numpy()
    official = existing & db_official
    village_row = existing & ~db_official
    new = ~blank_code & ~existing
    # A pre-2025 commune code is not a new unit, unless the row adds a village that uses it as its own code.
    legacy_error = legacy_code & ~(w["level"] == parsing.VILLAGE).to_numpy()
    w["legacy_note"] = [
        message("legacy_code_in_areas", old=old, new_code=code, new_name=name) if isinstance(old, str) else None
        for old, code, name in zip(res["old"], res["code"], res["new_name"], strict=True)
    ]
    ctx.log.add_rows(w, legacy_error, column=code_header, value="code_raw", reason=_col("legacy_note"))
    new = new & (~legacy_error)
    official_level = official & given_level & (w["level"].to_numpy() != db_level)
    ctx.log.add_rows(w, official_level, column=level_header, value="level_raw", reason=message("official_level"))
    village_level = village_row & given_level & (w["level"] != parsing.VILLAGE).to_numpy()
    ctx.log.add_rows(w, village_level, column=level_header, value="level_raw", reason=message("village_level"))
    new_not_village = new & given_level & (w["level"] != parsing.VILLAGE).to_numpy()
    ctx.log.add_rows(w, new_not_village, column=level_header, value="level_raw", reason=message("new_not_village"))
    name_given = (w["name_raw"] != "").to_numpy()
    renamed = (
        official
        & name_given
        & (w["name_raw"] != db_name).to_numpy()
        & (w["name_raw"].map(short_name_key) != db_name_key).to_numpy()
    )
    ctx.log.add_rows(
        w, renamed, column=name_header, value="name_raw", severity=WARNING, reason=message("official_rename")
    )
    # Further checks of a new row only when it is a village (or says nothing of its level).
    new_village = new & ~new_not_village & ~bad_level_arr
    missing_name = new_village & ~name_given
    ctx.log.add_rows(w, missing_name, column=name_header, value="name_raw", reason=message("missing_name"))

    # Parents: in the database, or added by an earlier row of the file.
    parent_given = (w["parent_raw"] != "").to_numpy()
    missing_parent = new_village & ~parent_given
    ctx.log.add_rows(w, missing_parent, column=parent_header, value="parent_raw", reason=message("missing_parent"))
    parent_res = _resolve_area_codes(ctx, w["parent_raw"])
    w["parent_code"] = _none_where(~parent_given, parent_res["code"].to_numpy())
    first_new_row = w[new].groupby("code")["row"].min()
    in_file = (w["parent_code"].isna() & w["parent_raw"].isin(first_new_row.index)).to_numpy()
    parent_first = w["parent_raw"].map(first_new_row).to_numpy(dtype=float)
    in_file = in_file & (np.nan_to_num(parent_first, nan=np.inf) < w["row"].to_numpy())
    w.loc[in_file, "parent_code"] = w.loc[in_file, "parent_raw"]
    ctx.log.add_rows(
        w,
        existing & ctx.outside_scope(w["code"]),
        column=code_header,
        value="code_raw",
        reason=message("outside_scope"),
    )
    ctx.log.add_rows(
        w,
        parent_given & ctx.outside_scope(w["parent_code"]),
        column=parent_header,
        value="parent_raw",
        reason=message("outside_scope"),
    )
    checks_parent = (new_village | village_row) & parent_given
    unknown_parent = checks_parent & w["parent_code"].isna().to_numpy()
    w["parent_hint"] = parent_res["hint"].to_numpy()
    ctx.log.add_rows(
        w,
        unknown_parent,
        column=parent_header,
        value="parent_raw",
        reason=message("unknown_parent"),
        suggestion=_col("parent_hint"),
    )
    parent_level = np.where(in_file, parsing.VILLAGE, w["parent_code"].map(ctx.areas["level"]).to_numpy())
    wrong_parent = checks_parent & ~unknown_parent & (parent_level != parsing.COMMUNE)
    ctx.log.add_rows(w, wrong_parent, column=parent_header, value="parent_raw", reason=message("parent_level"))
    official_parent = (
        official & parent_given & w["parent_code"].notna().to_numpy() & (w["parent_code"] != db_parent).to_numpy()
    )
    ctx.log.add_rows(
        w,
        official_parent,
        column=parent_header,
        value="parent_raw",
        severity=WARNING,
        reason=message("official_parent"),
    )

    for name in ("lat", "lon", "households", "population"):
        _check_number_column(ctx, w, name + "_raw", cols.header(name), name, dot_thousands=name not in ("lat", "lon"))
    _check_range(ctx, w, "lat", "lat_raw", cols.header("lat"), LAT_RANGE, "lat_range")
    _check_range(ctx, w, "lon", "lon_raw", cols.header("lon"), LON_RANGE, "lon_range")
    for name in ("households", "population"):
        _check_whole(ctx, w, name, name + "_raw", cols.header(name))
    _check_people(ctx, w, cols)

    ok = ~blank_code & (existing | new)
    ok = ok & (~bad_level_arr & ~official_level & ~village_level & ~new_not_village & ~missing_name & ~missing_parent)
    ok = ok & (~unknown_parent & ~wrong_parent)
    for name in ("lat", "lon", "households", "population"):
        ok = ok & (~((w[name + "_raw"] != "").to_numpy() & w[name].isna().to_numpy()))
    # What the row writes: official units keep their name, level and parent.
    w["is_new"] = new
    w["name"] = _none_where(official | ~name_given, w["name_raw"].to_numpy())
    w["level"] = np.where(new, parsing.VILLAGE, db_level)
    w["unit_type"] = _none_where(official, w["unit_type"].to_numpy())
    w["parent_code"] = _none_where(official, w["parent_code"].to_numpy())
    w["province_code"] = _none_where(official, w["parent_code"].map(ctx.areas["province_code"]).to_numpy())
    w["name_key"] = [parsing.village_name_key(n) if isinstance(n, str) else None for n in w["name"]]
    ok = _check_duplicates(
        ctx,
        w,
        ok,
        ["code"],
        ["name", "parent_code", "lat", "lon", "households", "population"],
        message("what_area"),
        code_header,
        "code_raw",
    )
    payload = w.loc[ok, ["row", "code", "is_new", "level", *_AREA_FIELDS]].reset_index(drop=True)
    final = _areas_final(ctx.db.query_df(_AREAS_SQL), payload)
    return _outcome_from_final(payload, final)


def _check_people(ctx: _Context, w: pd.DataFrame, cols: _Columns) -> None:
    """An area's population and households within POPULATION_RANGE and HOUSEHOLDS_RANGE, and no more
    households than people (the row's figures, else those stored)."""
    _check_range(
        ctx, w, "population", "population_raw", cols.header("population"), POPULATION_RANGE, "population_range"
    )
    _check_range(
        ctx, w, "households", "households_raw", cols.header("households"), HOUSEHOLDS_RANGE, "households_range"
    )
    people = w["population"].where(w["population"].notna(), w["code"].map(ctx.areas["population"])).astype("float64")
    homes = w["households"].where(w["households"].notna(), w["code"].map(ctx.areas["households"])).astype("float64")
    over = (homes > people).to_numpy() & (w["households"].notna() | w["population"].notna()).to_numpy()
    if not over.any():
        return
    given = w["households"].notna().to_numpy()
    w["people_text"], w["homes_text"] = people.map(_fmt_number), homes.map(_fmt_number)

    def reason(s: pd.DataFrame) -> list[str]:
        return [
            message("households_above_population", households=h, people=p)
            for h, p in zip(s["homes_text"], s["people_text"], strict=True)
        ]

    ctx.log.add_rows(w, over & given, column=cols.header("households"), value="households_raw", reason=reason)
    ctx.log.add_rows(w, over & ~given, column=cols.header("population"), value="population_raw", reason=reason)
    w.loc[over, ["households", "population"]] = np.nan  # a row with either given is not written


def _areas_final(existing: pd.DataFrame, payload: pd.DataFrame) -> pd.DataFrame:
    """The areas as they will be: blank cells and official names keep what the database has."""
    old = existing.drop(columns=["level", "official"]).rename(
        columns={"code": "code", **{c: "old_" + c for c in _AREA_FIELDS}}
    )
    m = payload.merge(old, on="code", how="left")
    changed = pd.Series(False, index=m.index)
    for c in _AREA_FIELDS:
        changed = changed | (_differs(m[c], m["old_" + c]))
        m[c] = m[c].astype(object).where(m[c].notna(), m["old_" + c].astype(object))
    m["action"] = np.select([m["is_new"].to_numpy(dtype=bool), changed.to_numpy()], ["added", "changed"], "unchanged")
    return m


def _write_areas(cur: duckdb.DuckDBPyConnection, payload: pd.DataFrame, upload_id: int) -> tuple[int, int, int]:
    del upload_id  # areas carry no upload id
    final = _areas_final(cur.execute(_AREAS_SQL).df(), payload)
    todo = pd.DataFrame(
        {
            "action": final["action"].astype(object),
            "code": final["code"].astype(object),
            "level": final["level"].astype(object),
            "name": final["name"].astype(object),
            "unit_type": final["unit_type"].astype(object),
            "parent_code": final["parent_code"].astype(object),
            "province_code": final["province_code"].astype(object),
            "lat": pd.to_numeric(final["lat"]).astype("float64"),
            "lon": pd.to_numeric(final["lon"]).astype("float64"),
            "households": pd.to_numeric(final["households"]).astype("float64"),
            "population": pd.to_numeric(final["population"]).astype("float64"),
            "name_key": final["name_key"].astype(object),
        }
    )
    todo = todo[todo["action"] != "unchanged"]
    cur.register("import_areas", todo)
    try:
        cur.execute(
            "UPDATE areas SET name = f.name, unit_type = f.unit_type, parent_code = f.parent_code, "
            "province_code = f.province_code, lat = f.lat, lon = f.lon, "
            "households = CAST(f.households AS BIGINT), population = CAST(f.population AS BIGINT), "
            "name_key = f.name_key FROM import_areas f WHERE f.action = 'changed' AND areas.code = f.code"
        )
        cur.execute(
            "INSERT INTO areas (code, name, level, unit_type, parent_code, province_code, lat, lon, households, "
            "population, official, name_key) SELECT code, name, level, unit_type, parent_code, province_code, lat, "
            "lon, CAST(households AS BIGINT), CAST(population AS BIGINT), FALSE, name_key "
            "FROM import_areas WHERE action = 'added'"
        )
    finally:
        cur.unregister("import_areas")
    actions = final["action"]
    return int((actions == "added").sum()), int((actions == "changed").sum()), int((actions == "unchanged").sum())


# -- hotspots -----------------------------------------------------------------------------------

_HOTSPOT_FIELDS = ["area_code", "type", "name", "lat", "lon", "found_on", "eliminated_on"]
_HOTSPOTS_SQL = "SELECT id, area_code, type, name, lat, lon, found_on, eliminated_on FROM hotspots"


def _plan_hotspots(ctx: _Context, cols: _Columns) -> _Outcome:
    f = cols.frame
    w = pd.DataFrame(
        {
            "row": f.index.to_numpy(),
            "id": parsing.normalise_codes(pd.Series(cols.values("id"))).to_numpy(),
            "area_raw": parsing.normalise_codes(pd.Series(cols.values("area_code"))).to_numpy(),
            "type_raw": cols.values("type"),
            "name_raw": cols.values("name"),
            "lat_raw": cols.values("lat"),
            "lon_raw": cols.values("lon"),
            "found_raw": cols.values("found_on"),
            "eliminated_raw": cols.values("eliminated_on"),
        }
    )
    id_header = cols.header("id")
    blank_id = (w["id"] == "").to_numpy()
    ctx.log.add_rows(w, blank_id, column=id_header, value="id", reason=message("missing_hotspot_id"))
    _check_area_column(ctx, w, "area_raw", cols.header("area_code"))
    blank_type = (w["type_raw"] == "").to_numpy()
    ctx.log.add_rows(w, blank_type, column=cols.header("type"), value="type_raw", reason=message("missing_type"))
    for name in ("lat", "lon"):
        _check_number_column(ctx, w, name + "_raw", cols.header(name), name, dot_thousands=False)
    _check_range(ctx, w, "lat", "lat_raw", cols.header("lat"), LAT_RANGE, "lat_range")
    _check_range(ctx, w, "lon", "lon_raw", cols.header("lon"), LON_RANGE, "lon_range")
    _check_date_column(ctx, w, "found_raw", cols.header("found_on"), "found_on")
    _check_date_column(ctx, w, "eliminated_raw", cols.header("eliminated_on"), "eliminated_on")
    before = (w["eliminated_on"] < w["found_on"]).to_numpy()
    ctx.log.add_rows(
        w,
        before,
        column=cols.header("eliminated_on"),
        value="eliminated_raw",
        reason=lambda s: [message("eliminated_before_found", found=_fmt_date(d)) for d in s["found_on"]],
    )
    today = pd.Timestamp(ctx.today)
    ok = ~blank_id & w["area_code"].notna().to_numpy() & ~blank_type & ~before
    for name in ("lat", "lon", "found_on", "eliminated_on"):
        raw = {"found_on": "found_raw", "eliminated_on": "eliminated_raw"}.get(name, name + "_raw")
        ok = ok & (~((w[raw] != "").to_numpy() & w[name].isna().to_numpy()))
    for name in ("found_on", "eliminated_on"):
        ok = ok & (~(w[name] > today).to_numpy())
    w["type"] = w["type_raw"].map(lambda t: " ".join(str(t).split()))
    w["name"] = _text_or_none(w["name_raw"].map(lambda t: " ".join(str(t).split())).to_numpy())
    ok = ok & ~_hotspots_outside_scope(ctx, w, id_header)
    ok = _check_duplicates(ctx, w, ok, ["id"], _HOTSPOT_FIELDS, message("what_hotspot"), id_header, "id")
    payload = w.loc[ok, ["row", "id", *_HOTSPOT_FIELDS]].reset_index(drop=True)
    payload["found_on"] = _seconds(payload["found_on"])
    payload["eliminated_on"] = _seconds(payload["eliminated_on"])
    final = _hotspots_final(ctx.db.query_df(_HOTSPOTS_SQL), payload)
    # A date given in the file against the other date already in the database.
    clash = (final["eliminated_on"] < final["found_on"]).to_numpy()
    final["eliminated_text"] = [_fmt_date(d) for d in final["eliminated_on"]]
    ctx.log.add_rows(
        final,
        clash,
        column=cols.header("eliminated_on"),
        value="eliminated_text",
        reason=lambda s: [message("eliminated_before_found", found=_fmt_date(d)) for d in s["found_on"]],
    )
    return _outcome_from_final(payload, final.drop(columns=["eliminated_text"]))


def _hotspots_outside_scope(ctx: _Context, w: pd.DataFrame, id_header: str) -> np.ndarray:
    """Rows naming a hotspot that lies outside the user's scope now: an error, whatever area the row
    gives (the new area is checked with the area column; a record must be in scope before and after)."""
    if ctx.scope.is_all:
        return np.zeros(len(w), dtype=bool)
    ids = sorted({str(i) for i in w["id"] if i})
    rows = ctx.db.query_rows("SELECT id, area_code FROM hotspots WHERE id IN (SELECT unnest(?))", [ids])
    current = w["id"].map(dict(rows))
    taken = ctx.outside_scope(current)
    ctx.log.add_rows(w, taken, column=id_header, value="id", reason=message("hotspot_outside_scope"))
    return taken


def _hotspots_final(existing: pd.DataFrame, payload: pd.DataFrame) -> pd.DataFrame:
    old = existing.copy()
    old["found_on"] = _seconds(old["found_on"])
    old["eliminated_on"] = _seconds(old["eliminated_on"])
    old["exists"] = True
    old = old.rename(columns={c: "old_" + c for c in _HOTSPOT_FIELDS})
    m = payload.merge(old, on="id", how="left")
    exists = m["exists"].fillna(False).astype(bool)
    changed = pd.Series(False, index=m.index)
    for c in _HOTSPOT_FIELDS:
        changed = changed | (_differs(m[c], m["old_" + c]))
        m[c] = m[c].astype(object).where(m[c].notna(), m["old_" + c].astype(object))
    for c in ("found_on", "eliminated_on"):
        m[c] = _seconds(m[c])
    m = m.drop(columns=["exists"])
    m["action"] = np.select([~exists.to_numpy(), changed.to_numpy()], ["added", "changed"], "unchanged")
    return m


def _write_hotspots(cur: duckdb.DuckDBPyConnection, payload: pd.DataFrame, upload_id: int) -> tuple[int, int, int]:
    final = _hotspots_final(cur.execute(_HOTSPOTS_SQL).df(), payload)
    todo = pd.DataFrame(
        {
            "action": final["action"].astype(object),
            "id": final["id"].astype(object),
            "area_code": final["area_code"].astype(object),
            "type": final["type"].astype(object),
            "name": final["name"].astype(object),
            "lat": pd.to_numeric(final["lat"]).astype("float64"),
            "lon": pd.to_numeric(final["lon"]).astype("float64"),
            "found_on": final["found_on"],
            "eliminated_on": final["eliminated_on"],
        }
    )
    todo = todo[todo["action"] != "unchanged"]
    cur.register("import_hotspots", todo)
    try:
        cur.execute(
            "INSERT INTO hotspots (id, area_code, type, name, lat, lon, found_on, eliminated_on, upload_id) "
            "SELECT id, area_code, type, name, lat, lon, CAST(found_on AS DATE), CAST(eliminated_on AS DATE), ? "
            "FROM import_hotspots ON CONFLICT (id) DO UPDATE SET area_code = excluded.area_code, "
            "type = excluded.type, name = excluded.name, lat = excluded.lat, lon = excluded.lon, "
            "found_on = excluded.found_on, eliminated_on = excluded.eliminated_on, upload_id = excluded.upload_id",
            [upload_id],
        )
    finally:
        cur.unregister("import_hotspots")
    actions = final["action"]
    return int((actions == "added").sum()), int((actions == "changed").sum()), int((actions == "unchanged").sum())


# -- the pipeline -------------------------------------------------------------------------------

_LAYOUTS = {parsing.INDICATORS_LONG: "long", parsing.INDICATORS_WIDE: "wide"}


def _table_kind(kind: str | None, columns: Sequence[str], names: Mapping[str, str]) -> str | None:
    """The kind of table (indicators_long, indicators_wide, rounds, areas, hotspots) to read."""
    if kind in (parsing.INDICATORS_LONG, parsing.INDICATORS_WIDE, parsing.ROUNDS, parsing.AREAS, parsing.HOTSPOTS):
        return kind
    guessed = parsing.guess_kind(columns, names)
    if kind == "indicators":
        if guessed in (parsing.INDICATORS_LONG, parsing.INDICATORS_WIDE):
            return guessed
        long = set(parsing.normalise_headers(columns, parsing.INDICATORS_LONG))
        return parsing.INDICATORS_LONG if {"indicator", "value"} & long else parsing.INDICATORS_WIDE
    return guessed


def _base_kind(table_kind: str) -> str:
    return "indicators" if table_kind in _LAYOUTS else table_kind


def _map_columns(ctx: _Context, table: RawTable, kind: str) -> tuple[_Columns, list[tuple[str, str]], dict[str, str]]:
    """Canonical columns; unknown columns with data (warning), duplicate meanings and missing
    required columns (errors) are logged against the header row."""
    mapping = parsing.normalise_headers(table.columns, kind, ctx.indicator_names)
    headers: dict[str, str] = {}
    indicator_columns: list[tuple[str, str]] = []
    row = table.header_row
    for header, canonical in zip(table.columns, mapping, strict=True):
        if canonical is None:
            if (table.frame[header] != "").any():
                hint = None
                if kind == parsing.INDICATORS_WIDE:
                    close = difflib.get_close_matches(header_key(header), list(ctx.indicator_names), n=1, cutoff=0.75)
                    if close:
                        hint = message("suggest_column", code=ctx.indicator_names[close[0]])
                ctx.log.add(row, header, header, message("unused_column"), WARNING, hint)
            continue
        if canonical == parsing.IGNORED:
            continue
        if canonical in headers:
            ctx.log.add(row, header, header, message("duplicate_column", other=headers[canonical]))
            continue
        headers[canonical] = header
        if kind == parsing.INDICATORS_WIDE and canonical not in ("area_code", "month"):
            indicator_columns.append((header, canonical))
    for required in parsing.REQUIRED_COLUMNS[kind]:
        if required not in headers:
            name = parsing.template_header(kind, required)
            ctx.log.add(row, name, "", message("missing_column", column=name))
    if kind == parsing.INDICATORS_WIDE and not indicator_columns:
        ctx.log.add(row, "", "", message("no_indicator_columns"))
    columns = {header: canonical for canonical, header in headers.items()}
    return _Columns(kind, headers, table.frame), indicator_columns, columns


_PRIOR_UPLOAD = "SELECT max(id) FROM uploads WHERE sha256 = ? AND undone_at IS NULL"


def _prior_upload(db: Database, sha256: str) -> int | None:
    value = db.query_value(_PRIOR_UPLOAD, [sha256])
    return None if value is None else int(value)


def plan_import(
    db: Database,
    content: bytes,
    file_name: str,
    kind: str | None = None,
    today: dt.date | None = None,
    scope: Scope = ALL,
) -> ImportPlan:
    """Read, check and compare a file with the database. Nothing is written.

    `kind` is None (guessed from the headers), 'indicators' (long or wide, by the headers),
    'indicators_long', 'indicators_wide', 'rounds', 'areas' or 'hotspots'. `today` sets which
    months are in the future (tests). Rows about areas outside `scope` are errors."""
    allowed = (None, *KINDS, parsing.INDICATORS_LONG, parsing.INDICATORS_WIDE)
    if kind not in allowed:
        raise ValueError(f"unknown import kind: {kind!r}")
    version = db.data_version()  # before the comparison: a write after it makes the commit compare again
    ctx = _load_context(db, today or dt.date.today(), scope)
    sha256 = hashlib.sha256(content).hexdigest()
    prior = _prior_upload(db, sha256)
    limit_mb = float(db.get_meta("max_upload_mb", str(DEFAULT_MAX_UPLOAD_MB)) or DEFAULT_MAX_UPLOAD_MB)
    fast: _FastLong | None = None
    if len(content) > limit_mb * 1024 * 1024:
        size = f"{len(content) / 1024 / 1024:.1f}".replace(".", ",")
        too_large = message("too_large", size=size, limit=f"{limit_mb:g}".replace(".", ","))
        table = RawTable([], pd.DataFrame(), "", None, None, problems=[Problem(1, "", "", too_large, ERROR)])
    else:
        fast = _fast_long(ctx, content, kind) if not file_name.lower().endswith((".xlsx", ".xlsm")) else None
        table = fast.table if fast else read_table(content, file_name, ctx.indicator_names)
    ctx.log.extend(table.problems)
    for severity, count in table.omitted.items():
        ctx.log.counts[severity] += count
    table_kind: str | None = None
    outcome = _empty_outcome()
    columns: dict[str, str] = {}
    if fast is not None:
        table_kind, outcome = parsing.INDICATORS_LONG, fast.outcome
        columns = {header: canonical for canonical, header in fast.columns.headers.items()}
    elif not ctx.log.errors:
        table_kind = _table_kind(kind, table.columns, ctx.indicator_names)
        if table_kind is None:
            ctx.log.add(table.header_row, "", "", message("unknown_kind"), ERROR, message("unknown_kind_hint"))
    if table_kind is not None and fast is None:
        cols, indicator_columns, columns = _map_columns(ctx, table, table_kind)
        if not ctx.log.errors:
            if table_kind in _LAYOUTS:
                outcome = _plan_indicators(ctx, cols, _LAYOUTS[table_kind], indicator_columns)
            elif table_kind == parsing.ROUNDS:
                outcome = _plan_rounds(ctx, cols)
            elif table_kind == parsing.AREAS:
                outcome = _plan_areas(ctx, cols)
            else:
                outcome = _plan_hotspots(ctx, cols)
    if table_kind is not None and not ctx.log.errors and len(outcome.payload) == 0:
        ctx.log.add(table.header_row, "", "", message("no_data"))
    problems, omitted = ctx.log.result()
    if table_kind is not None:
        plan_kind = _base_kind(table_kind)
    elif kind is not None:
        plan_kind = _base_kind(kind)
    else:
        plan_kind = "unknown"
    return ImportPlan(
        kind=plan_kind,
        layout=_LAYOUTS.get(table_kind or ""),
        file_name=file_name,
        sha256=sha256,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        rows_total=len(table.frame),
        problems=problems,
        error_count=ctx.log.counts[ERROR],
        warning_count=ctx.log.counts[WARNING],
        problems_omitted=omitted,
        rows_added=outcome.added,
        rows_changed=outcome.changed,
        rows_unchanged=outcome.unchanged,
        change_data=outcome.changes,
        already_imported=prior is not None,
        already_imported_upload_id=prior,
        columns=columns,
        content=content,
        payload_data=outcome.payload,
        data_version=version,
    )


# The writers of records (indicators: `_write_indicators`, which may reuse the plan's comparison).
_WRITERS: dict[str, Callable[[duckdb.DuckDBPyConnection, pd.DataFrame, int], tuple[int, int, int]]] = {
    "rounds": _write_rounds,
    "areas": _write_areas,
    "hotspots": _write_hotspots,
}


# The key columns of each kind's records (payload column names), for keeping what an upload replaces.
_RECORD_KEYS = {"rounds": ("area_code", "start_month"), "areas": ("code",), "hotspots": ("id",)}
_TABLE_KEYS = {"rounds": ("area_code", "start_month"), "areas": ("code",), "hotspots": ("id",)}


def _keep_before(cur: duckdb.DuckDBPyConnection, kind: str, payload: pd.DataFrame, upload_id: int) -> None:
    """Record the keys this upload writes and a copy of the records as they are now (for undo)."""
    columns = _RECORD_KEYS[kind]
    keys = pd.DataFrame({"key1": payload[columns[0]].astype(str)})
    keys["key2"] = pd.to_datetime(payload[columns[1]]).dt.date if len(columns) > 1 else None
    keys = keys.drop_duplicates()
    cur.register("upload_keys", keys)
    try:
        cur.execute(
            "INSERT INTO record_keys (upload_id, table_name, key1, key2) SELECT ?, ?, key1, CAST(key2 AS DATE) "
            "FROM upload_keys",
            [upload_id, kind],
        )
        table = quote_identifier(kind)
        before = quote_identifier(f"{kind}_before")
        first, *second = _TABLE_KEYS[kind]
        match = f"t.{first} = k.key1" + (f" AND t.{second[0]} = CAST(k.key2 AS DATE)" if second else "")
        cur.execute(f"INSERT INTO {before} SELECT ?, t.* FROM {table} t JOIN upload_keys k ON {match}", [upload_id])
    finally:
        cur.unregister("upload_keys")


def commit_import(db: Database, plan: ImportPlan, actor: User = SYSTEM) -> ImportResult:
    """Write a plan in one transaction: the upload (with the file's bytes) and its rows. The counts
    are those of the moment of writing: the plan's comparison with the database is reused only when
    nothing was written since (the same data version); otherwise it is made again inside the
    transaction. A file already imported (same bytes, not undone) writes nothing.
    Raises ImportRefusedError for a plan with errors."""
    require(actor, "upload")
    if not plan.ok:
        raise ImportRefusedError(message("refused", file_name=plan.file_name, errors=plan.error_count))
    prior = _prior_upload(db, plan.sha256)  # asked again: the plan may be older than the last upload or undo
    if prior is not None:
        return ImportResult(prior, plan.kind, plan.file_name, 0, 0, 0, plan.warning_count, True)
    stored = pack_content(plan.content)
    with db.transaction() as cur:
        again = cur.execute(_PRIOR_UPLOAD, [plan.sha256]).fetchall()  # the same file, committed a moment ago
        if again and again[0][0] is not None:
            return ImportResult(int(again[0][0]), plan.kind, plan.file_name, 0, 0, 0, plan.warning_count, True)
        outside = write_scope.import_outside(cur, plan.kind, plan.payload_data, actor.scope)
        if outside:  # the areas moved since the plan was made: nothing is written
            shown = ", ".join(outside[:5]) + (" …" if len(outside) > 5 else "")
            raise ImportRefusedError(message("outside_scope_now", file_name=plan.file_name, areas=shown))
        upload_id = int(cur.execute("SELECT nextval('upload_id_seq')").fetchall()[0][0])
        if not len(plan.payload_data):
            added, changed, unchanged = 0, 0, 0
        elif plan.kind == "indicators":
            version = cur.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchall()
            same = plan.data_version is not None and bool(version) and int(version[0][0]) == plan.data_version
            added, changed, unchanged = _write_indicators(
                cur, plan.payload_data, upload_id, plan.change_data if same else None
            )
        else:
            _keep_before(cur, plan.kind, plan.payload, upload_id)
            added, changed, unchanged = _WRITERS[plan.kind](cur, plan.payload, upload_id)
            write_scope.record_written_areas(cur, plan.kind, upload_id)
        cur.execute(
            "INSERT INTO uploads (id, kind, file_name, sha256, content, content_codec, content_size, uploaded_by, "
            "rows_total, rows_added, rows_changed, rows_unchanged, warnings) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                upload_id,
                plan.kind,
                plan.file_name,
                plan.sha256,
                *stored,
                actor.username,
                plan.rows_total,
                added,
                changed,
                unchanged,
                plan.warning_count,
            ],
        )
        audit.record(
            cur,
            actor.username,
            "upload",
            str(upload_id),
            f"Tải lên {plan.file_name}: {added} thêm, {changed} sửa, {unchanged} không đổi",
            None,
            {"kind": plan.kind, "file_name": plan.file_name, "sha256": plan.sha256, "added": added, "changed": changed},
        )
    return ImportResult(upload_id, plan.kind, plan.file_name, added, changed, unchanged, plan.warning_count, False)


def import_file(
    db: Database,
    content: bytes,
    file_name: str,
    kind: str | None = None,
    actor: User = SYSTEM,
    today: dt.date | None = None,
) -> ImportResult | ImportPlan:
    """Plan, then commit when there are no errors. Returns the result, or the plan (with its
    problems) when the file was refused."""
    plan = plan_import(db, content, file_name, kind=kind, today=today, scope=actor.scope)
    if not plan.ok:
        return plan
    return commit_import(db, plan, actor=actor)
