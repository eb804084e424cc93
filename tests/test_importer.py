"""core.importer against a real initialised DuckDB: encodings, delimiters, XLSX, every kind of file,
every refusal (with its row, column and Vietnamese reason, and the database left as it was),
value history, idempotence, and robustness on random input."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.importer import (
    MAX_PROBLEMS,
    ImportPlan,
    ImportRefusedError,
    ImportResult,
    Problem,
    commit_import,
    decode_text,
    import_file,
    plan_import,
    read_table,
    sniff_delimiter,
)
from core.importer.uploads import upload_content
from core.storage.db import Database
from tests.helpers import staff

TODAY = dt.date(2025, 9, 15)
SIN_HO = "03478"  # Xã Sìn Hồ, Tỉnh Lai Châu (12)
QUYNH_NHAI = "03703"  # Xã Quỳnh Nhai, Tỉnh Sơn La (14)
CHIENG_KHOANG_OLD = "03718"  # Xã Chiềng Khoang before 1 July 2025, merged into Quỳnh Nhai
CHIENG_KHOANG_WARNING = (
    "Xã Chiềng Khoang (Huyện Quỳnh Nhai, Tỉnh Sơn La) đã sáp nhập vào Xã Quỳnh Nhai (mã 03703) từ 01/07/2025; "
    "số liệu được ghi cho xã mới."
)
TABLES = ("indicator_values", "value_changes", "uploads", "rounds", "areas", "hotspots", "meta")


@pytest.fixture(scope="module")
def shared_db(initialised_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database for the tests that only plan or are refused: they must leave it as it was,
    which each of them checks."""
    path = tmp_path_factory.mktemp("shared") / "shared.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as database:
        yield database


# -- helpers ------------------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return encode(buffer.getvalue(), encoding)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: the base letter precomposed (â, ê, ô, ơ, ư,
    ă, đ), the tone as a combining mark after it."""
    out = bytearray()
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return to_cp1258(text)
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-le":
        return text.encode("utf-16-le")
    return text.encode(encoding)


def snapshot(db: Database) -> dict[str, list[str]]:
    return {t: sorted(repr(r) for r in db.query_rows(f"SELECT * FROM {t}")) for t in TABLES}


def stored_values(db: Database) -> dict[tuple[str, str, str], float]:
    rows = db.query_rows("SELECT area_code, strftime(month, '%Y-%m'), indicator, value FROM indicator_values")
    return {(a, m, i): v for a, m, i, v in rows}


def committed(outcome: ImportResult | ImportPlan) -> ImportResult:
    assert isinstance(outcome, ImportResult), getattr(outcome, "problems", outcome)
    return outcome


def refused(outcome: ImportResult | ImportPlan) -> ImportPlan:
    assert isinstance(outcome, ImportPlan), outcome
    assert not outcome.ok
    return outcome


def errors(plan: ImportPlan) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.column, p.value, p.reason) for p in plan.problems if p.severity == "error"]


def warnings(plan: ImportPlan) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.column, p.value, p.reason) for p in plan.problems if p.severity == "warning"]


def long_rows(*rows: list[str]) -> list[list[str]]:
    return [["ma_dia_ban", "thang", "chi_so", "gia_tri"], *rows]


def add_round(db: Database, area: str, start: str, months: int, status: str = "in_progress") -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO rounds (area_code, start_month, planned_months, status) VALUES (?, ?, ?, ?)",
            [area, start, months, status],
        )


# -- encodings, delimiters, XLSX -----------------------------------------------------------------

VIETNAMESE_LONG = [
    ["Mã địa bàn", "Tháng", "Chỉ số", "Giá trị"],
    [SIN_HO, "Tháng 3/2024", "Vụ phạm tội về trật tự xã hội xảy ra", "4"],
    ["3478", "Tháng 3/2024", "crimes_solved", "3"],
    [SIN_HO, "tháng 4/2024", "Tố giác, tin báo về tội phạm tiếp nhận", "1.600"],
    [SIN_HO, "T4/2024", "Hệ thống chính trị ổn định (1 = đạt, 0 = không)", "1"],
]
VIETNAMESE_LONG_VALUES = {
    (SIN_HO, "2024-03", "crimes"): 4.0,
    (SIN_HO, "2024-03", "crimes_solved"): 3.0,
    (SIN_HO, "2024-04", "reports_received"): 1600.0,
    (SIN_HO, "2024-04", "political_system_ok"): 1.0,
}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "utf-16-le-bom"])
def test_every_encoding_and_delimiter_lands_the_same_values(db: Database, encoding: str, delimiter: str) -> None:
    content = csv_bytes(VIETNAMESE_LONG, delimiter, encoding)
    plan = plan_import(db, content, "so_lieu.csv", today=TODAY)
    assert plan.ok, plan.problems
    assert plan.delimiter == delimiter
    assert plan.kind == "indicators" and plan.layout == "long"
    result = commit_import(db, plan, actor=staff("can_bo"))
    assert (result.rows_added, result.rows_changed, result.rows_unchanged) == (4, 0, 0)
    assert stored_values(db) == VIETNAMESE_LONG_VALUES
    assert db.query_rows("SELECT kind, file_name, uploaded_by, rows_total, rows_added FROM uploads") == [
        ("indicators", "so_lieu.csv", "can_bo", 4, 4)
    ]


def test_windows_1258_bytes_are_decoded_to_composed_vietnamese() -> None:
    content = to_cp1258("Mã địa bàn;Tháng\n")
    assert content != "Mã địa bàn;Tháng\n".encode()
    text, encoding, replaced = decode_text(content)
    assert (text, encoding, replaced) == ("Mã địa bàn;Tháng\n", "cp1258", False)


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("Tháng".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Tháng".encode(), "utf-8-sig"),
        (b"\xff\xfe" + "Tháng,x".encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + "Tháng,x".encode("utf-16-be"), "utf-16-be"),
        ("ma_dia_ban,thang\n".encode("utf-16-le"), "utf-16-le"),
        ("ma_dia_ban,thang\n".encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decode_text_detects_encoding(content: bytes, encoding: str) -> None:
    text, found, _ = decode_text(content)
    assert found == encoding
    assert text.startswith(("Tháng", "ma_dia_ban"))


def test_utf16_without_bom_imports(db: Database) -> None:
    content = csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "2"]), ",", "utf-16-le")
    committed(import_file(db, content, "u16.csv", today=TODAY))
    assert stored_values(db) == {(SIN_HO, "2024-03", "crimes"): 2.0}


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ('a,b\n"x;y",2\n', ","),
        ("a\n1\n", None),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str | None) -> None:
    assert sniff_delimiter(text) == delimiter


def test_xlsx_with_numeric_codes_dates_and_numbers(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Số liệu"
    sheet.append(["Mã địa bàn", "Tháng", "Chỉ số", "Giá trị"])
    sheet.append([3478, dt.datetime(2024, 3, 1), "crimes", 4])  # Excel dropped the leading zero
    sheet.append(["03478", "04/2024", "crimes", 1600])
    sheet.append([SIN_HO, dt.date(2024, 5, 20), "households", 1250.0])
    sheet.append([None, None, None, None])  # a blank row keeps its number
    sheet.append([SIN_HO, "2024-06", "crimes", 2.5])
    path = tmp_path / "so_lieu.xlsx"
    book.save(path)
    plan = plan_import(db, path.read_bytes(), "so_lieu.xlsx", today=TODAY)
    assert plan.ok, plan.problems
    assert plan.sheet == "Số liệu"
    # 2,5 vụ is accepted with a warning on row 6 (row 5 is blank and keeps its number)
    assert (6, "gia_tri", "2,5", "Giá trị không phải số nguyên (đơn vị: vụ).") in [
        (p.row, p.column.replace("Giá trị", "gia_tri"), p.value, p.reason) for p in plan.problems
    ]
    commit_import(db, plan)
    assert stored_values(db) == {
        (SIN_HO, "2024-03", "crimes"): 4.0,
        (SIN_HO, "2024-04", "crimes"): 1600.0,
        (SIN_HO, "2024-05", "households"): 1250.0,
        (SIN_HO, "2024-06", "crimes"): 2.5,
    }


def test_xlsx_float_with_three_decimals_is_not_read_as_thousands(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ma_dia_ban", "ten", "cap", "ma_cap_tren", "vi_do", "kinh_do"])
    sheet.append(["SH-B1", "Bản Một", "bản", 3478, 22.125, 103.25])
    path = tmp_path / "dia_ban.xlsx"
    book.save(path)
    committed(import_file(db, path.read_bytes(), "dia_ban.xlsx", today=TODAY))
    assert db.query_rows("SELECT lat, lon, parent_code FROM areas WHERE code = 'SH-B1'") == [(22.125, 103.25, SIN_HO)]


def test_damaged_xlsx_is_a_problem_not_an_exception(shared_db: Database) -> None:
    plan = plan_import(shared_db, b"PK\x03\x04 not really a zip", "x.xlsx", today=TODAY)
    assert errors(plan) == [(1, "", "x.xlsx", "Không mở được tệp Excel: tệp bị hỏng hoặc không phải định dạng .xlsx.")]


def test_old_xls_is_refused_with_advice(shared_db: Database) -> None:
    plan = plan_import(shared_db, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cu.xls", today=TODAY)
    assert [p.reason for p in plan.problems] == ["Tệp Excel 97–2003 (.xls) không được hỗ trợ."]
    assert plan.problems[0].suggestion == "Mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8."


def test_read_table_keeps_codes_as_text_and_rows_as_excel_numbers() -> None:
    content = b"ma_dia_ban,thang\n 03478 ,03/2024\n\n,\n3478,04/2024\n"
    table = read_table(content, "x.csv")
    assert table.columns == ["ma_dia_ban", "thang"]
    assert table.frame.index.tolist() == [2, 5]
    assert table.frame["ma_dia_ban"].tolist() == ["03478", "3478"]
    assert (table.encoding, table.delimiter, table.sheet) == ("utf-8", ",", None)


def test_title_rows_above_the_header_are_skipped(shared_db: Database) -> None:
    content = csv_bytes(
        [
            ["BÁO CÁO SỐ LIỆU CHUYỂN HÓA ĐỊA BÀN", "", "", ""],
            ["", "", "", ""],
            ["ma_dia_ban", "thang", "chi_so", "gia_tri"],
            [SIN_HO, "03/2024", "crimes", "abc"],
        ]
    )
    plan = plan_import(shared_db, content, "x.csv", today=TODAY)
    assert errors(plan) == [(4, "gia_tri", "abc", "Giá trị không phải là số.")]


def test_excel_sep_line_sets_the_delimiter(db: Database) -> None:
    content = f"sep=;\r\nma_dia_ban;thang;chi_so;gia_tri\r\n{SIN_HO};03/2024;crimes;12,5\r\n{SIN_HO};03/2024;gangs;x\r\n".encode()
    plan = plan_import(db, content, "x.csv", today=TODAY)
    assert plan.delimiter == ";"
    assert errors(plan) == [(3, "gia_tri", "x", "Giá trị không phải là số.")]


def test_a_template_with_nothing_filled_is_refused(shared_db: Database) -> None:
    content = csv_bytes(
        [["ma_dia_ban", "thang", "crimes", "gangs"], [SIN_HO, "03/2024", "", ""], [QUYNH_NHAI, "", "", ""]]
    )
    plan = refused(import_file(shared_db, content, "mau.csv", today=TODAY))
    assert errors(plan) == [
        (1, "", "", "Không có ô số liệu nào được điền: các dòng chỉ có mã địa bàn, tháng hoặc để trống.")
    ]


def test_ragged_rows_are_read(db: Database) -> None:
    content = f"ma_dia_ban,thang,chi_so,gia_tri\n{SIN_HO},03/2024,crimes,2,,\n{SIN_HO},04/2024,crimes,3\n".encode()
    committed(import_file(db, content, "x.csv", today=TODAY))
    assert stored_values(db) == {(SIN_HO, "2024-03", "crimes"): 2.0, (SIN_HO, "2024-04", "crimes"): 3.0}


# -- indicators: long and wide -------------------------------------------------------------------


def test_long_file_with_english_headers(db: Database) -> None:
    content = csv_bytes(
        [
            ["area_code", "month", "indicator", "value"],
            [SIN_HO, "2024-03", "gangs", "0"],
            [SIN_HO, "2024-03", "cameras", "189"],
        ]
    )
    committed(import_file(db, content, "x.csv", today=TODAY))
    assert stored_values(db) == {(SIN_HO, "2024-03", "gangs"): 0.0, (SIN_HO, "2024-03", "cameras"): 189.0}


def test_wide_file_with_codes_and_vietnamese_names(db: Database) -> None:
    content = csv_bytes(
        [
            [
                "STT",
                "ma_dia_ban",
                "Tên địa bàn",
                "thang",
                "crimes",
                "Vụ điều tra, khám phá",
                "Hệ thống chính trị ổn định",
            ],
            ["1", SIN_HO, "Xã Sìn Hồ", "03/2024", "5", "4", "1"],
            ["2", SIN_HO, "Xã Sìn Hồ", "04/2024", "", "2", ""],
            ["3", QUYNH_NHAI, "Xã Quỳnh Nhai", "", "", "", ""],  # an unfilled template row
            ["4", QUYNH_NHAI, "Xã Quỳnh Nhai", "T4/2024", "1.600", "", "đạt"],
        ]
    )
    plan = plan_import(db, content, "wide.csv", today=TODAY)
    assert plan.ok, plan.problems
    assert plan.layout == "wide"
    assert plan.columns == {
        "ma_dia_ban": "area_code",
        "thang": "month",
        "crimes": "crimes",
        "Vụ điều tra, khám phá": "crimes_solved",
        "Hệ thống chính trị ổn định": "political_system_ok",
    }
    result = commit_import(db, plan)
    assert result.rows_added == 6
    assert stored_values(db) == {
        (SIN_HO, "2024-03", "crimes"): 5.0,
        (SIN_HO, "2024-03", "crimes_solved"): 4.0,
        (SIN_HO, "2024-03", "political_system_ok"): 1.0,
        (SIN_HO, "2024-04", "crimes_solved"): 2.0,
        (QUYNH_NHAI, "2024-04", "crimes"): 1600.0,
        (QUYNH_NHAI, "2024-04", "political_system_ok"): 1.0,
    }


def test_wide_file_unknown_column_is_a_warning_with_a_suggestion(shared_db: Database) -> None:
    content = csv_bytes([["ma_dia_ban", "thang", "crimes", "crime_solved"], [SIN_HO, "03/2024", "1", "1"]])
    plan = plan_import(shared_db, content, "wide.csv", today=TODAY)
    assert plan.ok
    unused = [p for p in plan.problems if p.column == "crime_solved"]
    assert unused == [
        Problem(
            1,
            "crime_solved",
            "crime_solved",
            "Cột không thuộc mẫu nhập, sẽ được bỏ qua.",
            "warning",
            "Có phải chỉ số “crimes_solved”?",
        )
    ]


def test_leading_zero_lost_by_excel_is_restored(db: Database) -> None:
    committed(import_file(db, csv_bytes(long_rows(["3478", "03/2024", "crimes", "2"])), "x.csv", today=TODAY))
    assert stored_values(db) == {(SIN_HO, "2024-03", "crimes"): 2.0}


def test_province_code_with_one_digit_is_padded(db: Database) -> None:
    committed(import_file(db, csv_bytes(long_rows(["1", "03/2024", "crimes", "2"])), "x.csv", today=TODAY))
    assert stored_values(db) == {("01", "2024-03", "crimes"): 2.0}


def test_legacy_commune_code_lands_on_the_new_commune_with_a_warning(db: Database) -> None:
    content = csv_bytes(
        long_rows(
            [CHIENG_KHOANG_OLD, "03/2024", "crimes", "2"],
            [CHIENG_KHOANG_OLD, "03/2024", "cameras", "189"],
        )
    )
    plan = plan_import(db, content, "x.csv", today=TODAY)
    assert plan.ok
    assert (2, "ma_dia_ban", CHIENG_KHOANG_OLD, CHIENG_KHOANG_WARNING) in warnings(plan)
    assert sum(1 for w in warnings(plan) if w[3] == CHIENG_KHOANG_WARNING) == 1  # once per code
    commit_import(db, plan)
    assert stored_values(db) == {(QUYNH_NHAI, "2024-03", "crimes"): 2.0, (QUYNH_NHAI, "2024-03", "cameras"): 189.0}


def test_current_code_wins_over_an_old_code_of_another_commune(shared_db: Database) -> None:
    # 03703 was Thị trấn Mường Giàng before 2025; today it is Xã Quỳnh Nhai. No legacy warning.
    plan = plan_import(shared_db, csv_bytes(long_rows([QUYNH_NHAI, "03/2024", "crimes", "1"])), "x.csv", today=TODAY)
    assert plan.ok
    assert not any("sáp nhập" in p.reason for p in plan.problems)
    assert plan.payload["area_code"].tolist() == [QUYNH_NHAI]


def test_identical_duplicates_are_kept_once_with_a_warning(db: Database) -> None:
    content = csv_bytes(
        long_rows(
            [SIN_HO, "03/2024", "crimes", "2"], [SIN_HO, "04/2024", "crimes", "1"], [SIN_HO, "T3/2024", "crimes", "2"]
        )
    )
    plan = plan_import(db, content, "x.csv", today=TODAY)
    assert plan.ok
    assert (4, "gia_tri", "2", "Trùng hoàn toàn với dòng 2; chỉ ghi một lần.") in warnings(plan)
    result = commit_import(db, plan)
    assert result.rows_added == 2
    assert stored_values(db) == {(SIN_HO, "2024-03", "crimes"): 2.0, (SIN_HO, "2024-04", "crimes"): 1.0}


def test_flag_words_are_read_as_one_and_zero(db: Database) -> None:
    content = csv_bytes(
        long_rows(
            [SIN_HO, "03/2024", "political_system_ok", "Đạt"], [SIN_HO, "03/2024", "self_management_ok", "không đạt"]
        )
    )
    committed(import_file(db, content, "x.csv", today=TODAY))
    assert stored_values(db) == {
        (SIN_HO, "2024-03", "political_system_ok"): 1.0,
        (SIN_HO, "2024-03", "self_management_ok"): 0.0,
    }


def test_rows_without_a_value_are_skipped(shared_db: Database) -> None:
    content = csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", ""], [SIN_HO, "03/2024", "gangs", "0"]))
    plan = plan_import(shared_db, content, "x.csv", today=TODAY)
    assert plan.ok and plan.rows_added == 1


# -- refusals: each error, its row, column and reason; the database unchanged ---------------------

GOOD_ROW = [SIN_HO, "03/2024", "crimes", "2"]
INDICATOR_ERRORS = [
    (
        "unknown_area",
        ["99999", "03/2024", "crimes", "2"],
        (3, "ma_dia_ban", "99999", "Mã địa bàn không có trong danh mục."),
    ),
    ("missing_area", ["", "03/2024", "crimes", "2"], (3, "ma_dia_ban", "", "Thiếu mã địa bàn.")),
    (
        "unknown_indicator",
        [SIN_HO, "03/2024", "crimez", "2"],
        (3, "chi_so", "crimez", "Chỉ số không có trong danh mục."),
    ),
    ("not_a_number", [SIN_HO, "04/2024", "crimes", "hai"], (3, "gia_tri", "hai", "Giá trị không phải là số.")),
    ("negative", [SIN_HO, "04/2024", "crimes", "-2"], (3, "gia_tri", "-2", "Giá trị âm không hợp lệ.")),
    (
        "flag_not_0_1",
        [SIN_HO, "04/2024", "political_system_ok", "2"],
        (3, "gia_tri", "2", "Chỉ số “political_system_ok” chỉ nhận 1 (đạt) hoặc 0 (không đạt)."),
    ),
    ("bad_month", [SIN_HO, "13/2024", "crimes", "2"], (3, "thang", "13/2024", "Không đọc được tháng.")),
    ("impossible_date", [SIN_HO, "31/02/2024", "crimes", "2"], (3, "thang", "31/02/2024", "Không đọc được tháng.")),
    ("missing_month", [SIN_HO, "", "crimes", "2"], (3, "thang", "", "Thiếu tháng.")),
    (
        "future_month",
        [SIN_HO, "10/2025", "crimes", "2"],
        (3, "thang", "10/2025", "Tháng 10/2025 chưa đến (tháng hiện tại là 09/2025)."),
    ),
    (
        "conflicting_duplicate",
        [SIN_HO, "T3/2024", "crimes", "3"],
        (3, "gia_tri", "3", "Trùng địa bàn, tháng và chỉ số với dòng 2 nhưng khác giá trị."),
    ),
]


@pytest.mark.parametrize(
    ("bad_row", "expected"), [c[1:] for c in INDICATOR_ERRORS], ids=[c[0] for c in INDICATOR_ERRORS]
)
def test_indicator_error_refuses_the_whole_file(
    shared_db: Database, bad_row: list[str], expected: tuple[int, str, str, str]
) -> None:
    before = snapshot(shared_db)
    version = shared_db.data_version()
    content = csv_bytes(long_rows(GOOD_ROW, bad_row, [SIN_HO, "05/2024", "gangs", "0"]))
    plan = refused(import_file(shared_db, content, "x.csv", today=TODAY))
    assert errors(plan) == [expected]
    assert plan.error_count == 1
    with pytest.raises(ImportRefusedError, match="còn 1 lỗi"):
        commit_import(shared_db, plan)
    assert snapshot(shared_db) == before
    assert shared_db.data_version() == version


def test_unknown_indicator_comes_with_a_suggestion(shared_db: Database) -> None:
    plan = plan_import(shared_db, csv_bytes(long_rows([SIN_HO, "03/2024", "crimez", "2"])), "x.csv", today=TODAY)
    assert plan.problems[0].suggestion == "Có phải “crimes” (Vụ phạm tội về trật tự xã hội xảy ra)?"


def test_area_name_in_the_code_column_comes_with_a_suggestion(shared_db: Database) -> None:
    plan = plan_import(shared_db, csv_bytes(long_rows(["Sìn Hồ", "03/2024", "crimes", "2"])), "x.csv", today=TODAY)
    assert errors(plan) == [(2, "ma_dia_ban", "Sìn Hồ", "Mã địa bàn không có trong danh mục.")]
    assert plan.problems[0].suggestion == "Có phải Xã Sìn Hồ (mã 03478)?"


def test_every_problem_is_collected_not_only_the_first(shared_db: Database) -> None:
    content = csv_bytes(
        long_rows(
            ["99999", "03/2024", "crimes", "2"],
            [SIN_HO, "x", "crimes", "2"],
            [SIN_HO, "03/2024", "nope", "2"],
            [SIN_HO, "03/2024", "crimes", "-1"],
        )
    )
    plan = plan_import(shared_db, content, "x.csv", today=TODAY)
    assert [(r, c) for r, c, _, _ in errors(plan)] == [(2, "ma_dia_ban"), (3, "thang"), (4, "chi_so"), (5, "gia_tri")]


def test_missing_required_column_is_an_error_on_row_1(shared_db: Database) -> None:
    before = snapshot(shared_db)
    content = csv_bytes([["ma_dia_ban", "thang", "chi_so"], [SIN_HO, "03/2024", "crimes"]])
    plan = refused(import_file(shared_db, content, "x.csv", today=TODAY))
    assert errors(plan) == [(1, "gia_tri", "", "Thiếu cột bắt buộc “gia_tri”.")]
    assert snapshot(shared_db) == before


def test_empty_file_is_a_problem(shared_db: Database) -> None:
    for content in (b"", b"\xef\xbb\xbf", b"\n\n  \n", b",,,\n,,\n"):
        plan = refused(import_file(shared_db, content, "trong.csv", today=TODAY))
        assert errors(plan) == [(1, "", "", "Tệp trống: không có dòng tiêu đề và số liệu.")]


def test_header_only_is_a_problem(shared_db: Database) -> None:
    plan = refused(import_file(shared_db, b"ma_dia_ban,thang,chi_so,gia_tri\r\n", "x.csv", today=TODAY))
    assert errors(plan) == [(1, "", "", "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào.")]


def test_unknown_headers_are_a_problem(shared_db: Database) -> None:
    plan = refused(import_file(shared_db, b"a,b\n1,2\n", "x.csv", today=TODAY))
    assert errors(plan) == [(1, "", "", "Không nhận ra loại dữ liệu từ dòng tiêu đề.")]
    assert plan.kind == "unknown"


def test_blank_rows_keep_their_excel_row_numbers(shared_db: Database) -> None:
    content = f"ma_dia_ban,thang,chi_so,gia_tri\n{SIN_HO},03/2024,crimes,1\n\n\n{SIN_HO},03/2024,gangs,x\n".encode()
    plan = plan_import(shared_db, content, "x.csv", today=TODAY)
    assert errors(plan) == [(5, "gia_tri", "x", "Giá trị không phải là số.")]


def test_problem_list_is_capped_but_counted(shared_db: Database) -> None:
    rows = [[SIN_HO, "03/2024", "crimes", f"x{i}"] for i in range(MAX_PROBLEMS + 500)]
    plan = plan_import(shared_db, csv_bytes(long_rows(*rows)), "x.csv", today=TODAY)
    assert plan.error_count == MAX_PROBLEMS + 500
    assert len(plan.problems) == MAX_PROBLEMS
    assert plan.problems_omitted == 500
    assert plan.problems[0].row == 2


# -- warnings that do not refuse -----------------------------------------------------------------


def test_month_outside_every_round_is_a_warning(db: Database) -> None:
    add_round(db, SIN_HO, "2024-01-01", 12)
    content = csv_bytes(
        long_rows(
            [SIN_HO, "01/2021", "crimes", "1"],  # long before the round and its baseline
            [SIN_HO, "06/2023", "crimes", "1"],  # baseline of the round: fine
            [SIN_HO, "03/2024", "crimes", "1"],  # in the round: fine
            [QUYNH_NHAI, "03/2024", "crimes", "1"],  # an area without rounds
            [QUYNH_NHAI, "04/2024", "crimes", "1"],
        )
    )
    plan = plan_import(db, content, "x.csv", today=TODAY)
    assert plan.ok
    assert warnings(plan) == [
        (
            2,
            "thang",
            "01/2021",
            "Tháng 01/2021 nằm ngoài mọi đợt chuyển hóa của địa bàn Xã Sìn Hồ (03478) "
            "(kể cả kỳ so sánh trước đợt và 12 tháng theo dõi sau đợt).",
        ),
        (5, "ma_dia_ban", QUYNH_NHAI, "Địa bàn Xã Quỳnh Nhai (03703) chưa có đợt chuyển hóa nào."),
    ]


def test_exited_round_allows_monitoring_months_only(db: Database) -> None:
    add_round(db, SIN_HO, "2023-01-01", 12, status="exited")
    content = csv_bytes(long_rows([SIN_HO, "06/2024", "crimes", "0"], [SIN_HO, "02/2025", "crimes", "0"]))
    plan = plan_import(db, content, "x.csv", today=TODAY)
    assert [w[0] for w in warnings(plan)] == [3]


def test_solved_above_total_is_a_warning(db: Database) -> None:
    add_round(db, SIN_HO, "2024-01-01", 12)
    content = csv_bytes(
        long_rows(
            [SIN_HO, "03/2024", "crimes", "2"],
            [SIN_HO, "03/2024", "crimes_solved", "3"],
            [SIN_HO, "03/2024", "households", "100"],
            [SIN_HO, "03/2024", "households_informed", "100"],
        )
    )
    plan = plan_import(db, content, "x.csv", today=TODAY)
    assert plan.ok
    assert warnings(plan) == [(3, "gia_tri", "3", "“crimes_solved” (3) lớn hơn “crimes” (2) trong cùng tháng.")]


def test_solved_above_total_compares_with_the_database(db: Database) -> None:
    add_round(db, SIN_HO, "2024-01-01", 12)
    committed(
        import_file(db, csv_bytes(long_rows([SIN_HO, "03/2024", "reports_received", "1.600"])), "a.csv", today=TODAY)
    )
    plan = plan_import(db, csv_bytes(long_rows([SIN_HO, "03/2024", "reports_resolved", "1.700"])), "b.csv", today=TODAY)
    assert warnings(plan) == [
        (2, "gia_tri", "1.700", "“reports_resolved” (1.700) lớn hơn “reports_received” (1.600) trong cùng tháng.")
    ]


# -- history and idempotence ---------------------------------------------------------------------


def test_replacing_a_value_records_old_and_new(db: Database) -> None:
    first = committed(
        import_file(
            db,
            csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "5"], [SIN_HO, "03/2024", "gangs", "0"])),
            "t3.csv",
            today=TODAY,
        )
    )
    plan = plan_import(
        db,
        csv_bytes(
            long_rows(
                [SIN_HO, "03/2024", "crimes", "7"],
                [SIN_HO, "03/2024", "gangs", "0"],
                [SIN_HO, "04/2024", "crimes", "1"],
            )
        ),
        "t3_sua.csv",
        today=TODAY,
    )
    assert (plan.rows_added, plan.rows_changed, plan.rows_unchanged) == (1, 1, 1)
    changes = [
        (a, m.strftime("%Y-%m"), i, None if pd.isna(old) else old, new)
        for a, m, i, old, new in plan.changes[["area_code", "month", "indicator", "old_value", "new_value"]].itertuples(
            index=False
        )
    ]
    assert changes == [(SIN_HO, "2024-03", "crimes", 5.0, 7.0), (SIN_HO, "2024-04", "crimes", None, 1.0)]
    second = commit_import(db, plan, actor=staff("b"))
    assert (second.rows_added, second.rows_changed, second.rows_unchanged) == (1, 1, 1)
    changes = db.query_rows(
        "SELECT upload_id, area_code, strftime(month, '%Y-%m'), indicator, old_value, new_value FROM value_changes "
        "ORDER BY upload_id, month, indicator"
    )
    assert changes == [
        (first.upload_id, SIN_HO, "2024-03", "crimes", None, 5.0),
        (first.upload_id, SIN_HO, "2024-03", "gangs", None, 0.0),
        (second.upload_id, SIN_HO, "2024-03", "crimes", 5.0, 7.0),
        (second.upload_id, SIN_HO, "2024-04", "crimes", None, 1.0),
    ]
    assert db.query_rows("SELECT value, upload_id FROM indicator_values WHERE indicator = 'crimes' ORDER BY month") == [
        (7.0, second.upload_id),
        (1.0, second.upload_id),
    ]
    assert db.query_rows("SELECT upload_id FROM indicator_values WHERE indicator = 'gangs'") == [(first.upload_id,)]
    assert db.query_rows(
        "SELECT rows_added, rows_changed, rows_unchanged FROM uploads WHERE id = ?", [second.upload_id]
    ) == [(1, 1, 1)]


def test_importing_the_same_bytes_twice_changes_nothing(db: Database) -> None:
    content = csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "5"]))
    first = committed(import_file(db, content, "x.csv", today=TODAY))
    before = snapshot(db)
    version = db.data_version()
    plan = plan_import(db, content, "x (1).csv", today=TODAY)
    assert plan.already_imported and plan.already_imported_upload_id == first.upload_id
    assert (plan.rows_added, plan.rows_changed, plan.rows_unchanged) == (0, 0, 1)
    again = commit_import(db, plan)
    assert again.already_imported and again.upload_id == first.upload_id
    assert (again.rows_added, again.rows_changed) == (0, 0)
    assert committed(import_file(db, content, "x.csv", today=TODAY)).already_imported
    assert snapshot(db) == before
    assert db.data_version() == version
    assert db.query_value("SELECT count(*) FROM uploads") == 1


def test_upload_row_keeps_the_file(db: Database) -> None:
    content = csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "5"]))
    result = committed(import_file(db, content, "x.csv", actor=staff("an"), today=TODAY))
    row = db.query_rows(
        "SELECT kind, file_name, sha256, content_size, uploaded_by FROM uploads WHERE id = ?", [result.upload_id]
    )

    assert row == [("indicators", "x.csv", hashlib.sha256(content).hexdigest(), len(content), "an")]
    assert upload_content(db, int(result.upload_id or 0)) == ("x.csv", content)


def test_planning_writes_nothing(shared_db: Database) -> None:
    before = snapshot(shared_db)
    plan = plan_import(shared_db, csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "5"])), "x.csv", today=TODAY)
    assert plan.ok and plan.rows_added == 1
    assert snapshot(shared_db) == before


# -- rounds ---------------------------------------------------------------------------------------

ROUND_HEADER = ["Mã địa bàn", "Tháng bắt đầu", "Số tháng", "Số quyết định", "Ngày quyết định", "Chương trình"]


def rounds_in(db: Database) -> list[tuple[Any, ...]]:
    return db.query_rows(
        "SELECT area_code, programme, strftime(start_month, '%Y-%m'), planned_months, decision_no, "
        "strftime(decision_date, '%d/%m/%Y'), status FROM rounds ORDER BY area_code, start_month"
    )


def test_rounds_insert_then_update(db: Database) -> None:
    content = csv_bytes(
        [
            ROUND_HEADER,
            ["3478", "01/2024", "12", "314/QĐ-UBND", "02/3/2023", "ANTT"],
            [QUYNH_NHAI, "Tháng 3/2023", "12 tháng", "", "", ""],
        ]
    )
    result = committed(import_file(db, content, "dot.csv", today=TODAY))
    assert (result.kind, result.rows_added) == ("rounds", 2)
    assert rounds_in(db) == [
        (SIN_HO, "ANTT", "2024-01", 12, "314/QĐ-UBND", "02/03/2023", "in_progress"),
        (QUYNH_NHAI, "TTATXH", "2023-03", 12, None, None, "in_progress"),
    ]
    update = csv_bytes([ROUND_HEADER, [SIN_HO, "2024-01", "6", "", "", ""], [QUYNH_NHAI, "03/2023", "12", "", "", ""]])
    plan = plan_import(db, update, "dot2.csv", today=TODAY)
    assert (plan.rows_added, plan.rows_changed, plan.rows_unchanged) == (0, 1, 1)
    second = commit_import(db, plan)
    assert rounds_in(db)[0] == (SIN_HO, "ANTT", "2024-01", 6, "314/QĐ-UBND", "02/03/2023", "in_progress")
    assert db.query_value("SELECT upload_id FROM rounds WHERE area_code = ?", [SIN_HO]) == second.upload_id


ROUND_ERRORS = [
    (
        "months_zero",
        [SIN_HO, "01/2024", "0", "", "", ""],
        (3, "Số tháng", "0", "Số tháng phải là số nguyên từ 1 đến 120."),
    ),
    (
        "months_121",
        [SIN_HO, "01/2024", "121", "", "", ""],
        (3, "Số tháng", "121", "Số tháng phải là số nguyên từ 1 đến 120."),
    ),
    (
        "months_fraction",
        [SIN_HO, "01/2024", "2,5", "", "", ""],
        (3, "Số tháng", "2,5", "Số tháng phải là số nguyên từ 1 đến 120."),
    ),
    (
        "programme",
        [SIN_HO, "01/2024", "12", "", "", "PCTP"],
        (3, "Chương trình", "PCTP", "Chương trình phải là TTATXH hoặc ANTT."),
    ),
    (
        "decision_date",
        [SIN_HO, "01/2024", "12", "1/QĐ", "31/02/2023", ""],
        (3, "Ngày quyết định", "31/02/2023", "Ngày không hợp lệ."),
    ),
    ("start_month", [SIN_HO, "2024", "12", "", "", ""], (3, "Tháng bắt đầu", "2024", "Không đọc được tháng.")),
    (
        "unknown_area",
        ["12345678", "01/2024", "12", "", "", ""],
        (3, "Mã địa bàn", "12345678", "Mã địa bàn không có trong danh mục."),
    ),
]


@pytest.mark.parametrize(("bad_row", "expected"), [c[1:] for c in ROUND_ERRORS], ids=[c[0] for c in ROUND_ERRORS])
def test_round_error_refuses_the_file(
    shared_db: Database, bad_row: list[str], expected: tuple[int, str, str, str]
) -> None:
    before = snapshot(shared_db)
    content = csv_bytes([ROUND_HEADER, [QUYNH_NHAI, "03/2023", "12", "", "", ""], bad_row])
    plan = refused(import_file(shared_db, content, "dot.csv", today=TODAY))
    assert errors(plan) == [expected]
    assert snapshot(shared_db) == before


def test_overlapping_round_is_a_warning(db: Database) -> None:
    add_round(db, SIN_HO, "2024-01-01", 12)
    plan = plan_import(db, csv_bytes([ROUND_HEADER, [SIN_HO, "06/2024", "6", "", "", ""]]), "dot.csv", today=TODAY)
    assert plan.ok
    assert warnings(plan) == [
        (2, "Tháng bắt đầu", "06/2024", "Đợt này trùng thời gian với đợt bắt đầu tháng 01/2024 của cùng địa bàn.")
    ]


# -- areas ----------------------------------------------------------------------------------------

AREA_HEADER = ["ma_dia_ban", "ten", "cap", "ma_cap_tren", "vi_do", "kinh_do", "so_ho", "dan_so"]


def test_areas_add_villages_and_update_a_commune(db: Database) -> None:
    sin_ho_name = db.query_value("SELECT name FROM areas WHERE code = ?", [SIN_HO])
    content = csv_bytes(
        [
            AREA_HEADER,
            ["SH-B1", "Bản Hẹ Muông", "bản", "3478", "22,35", "103,2", "120", "1.600"],
            ["SH-T1", "Tổ dân phố 1", "Tổ dân phố", SIN_HO, "", "", "85", ""],
            ["3478", "Sìn Hồ", "xã", "", "22.3263", "103.226", "2.500", "10.250"],
        ]
    )
    plan = plan_import(db, content, "dia_ban.csv", today=TODAY)
    assert plan.ok, plan.problems
    assert (plan.kind, plan.rows_added, plan.rows_changed) == ("areas", 2, 1)
    commit_import(db, plan)
    rows = db.query_rows(
        "SELECT code, name, level, unit_type, parent_code, province_code, lat, lon, households, population, official, "
        "name_key FROM areas WHERE code IN ('SH-B1', 'SH-T1', ?) ORDER BY code",
        [SIN_HO],
    )
    assert rows == [
        (SIN_HO, sin_ho_name, "commune", "Xã", "12", "12", 22.3263, 103.226, 2500, 10250, True, "sinho"),
        ("SH-B1", "Bản Hẹ Muông", "village", "Bản", SIN_HO, "12", 22.35, 103.2, 120, 1600, False, "hemuong"),
        ("SH-T1", "Tổ dân phố 1", "village", "Tổ dân phố", SIN_HO, "12", None, None, 85, None, False, "1"),
    ]
    # villages are then valid area codes for indicators
    committed(import_file(db, csv_bytes(long_rows(["SH-B1", "03/2024", "crimes", "1"])), "x.csv", today=TODAY))
    assert stored_values(db) == {("SH-B1", "2024-03", "crimes"): 1.0}


def test_village_codes_match_whatever_their_case(db: Database) -> None:
    committed(
        import_file(
            db, csv_bytes([AREA_HEADER, ["SH-B1", "Bản Một", "bản", SIN_HO, "", "", "", ""]]), "a.csv", today=TODAY
        )
    )
    committed(import_file(db, csv_bytes(long_rows(["sh-b1", "03/2024", "crimes", "1"])), "x.csv", today=TODAY))
    assert stored_values(db) == {("SH-B1", "2024-03", "crimes"): 1.0}


def test_a_csv_named_xls_is_read_as_text(shared_db: Database) -> None:
    plan = plan_import(shared_db, csv_bytes(long_rows(GOOD_ROW)), "xuat_tu_phan_mem.xls", today=TODAY)
    assert plan.ok and plan.rows_added == 1


def test_areas_rename_a_village_but_never_an_official_unit(db: Database) -> None:
    committed(
        import_file(
            db, csv_bytes([AREA_HEADER, ["SH-B1", "Bản Một", "bản", SIN_HO, "", "", "", ""]]), "a.csv", today=TODAY
        )
    )
    plan = plan_import(
        db,
        csv_bytes(
            [AREA_HEADER, ["SH-B1", "Bản Hai", "", "", "", "", "", ""], [SIN_HO, "Xã Mới", "", "", "", "", "", ""]]
        ),
        "b.csv",
        today=TODAY,
    )
    assert plan.ok
    assert warnings(plan) == [
        (3, "ten", "Xã Mới", "Không đổi tên đơn vị hành chính chính thức; tên trong tệp được bỏ qua.")
    ]
    commit_import(db, plan)
    assert db.query_rows("SELECT code, name FROM areas WHERE code IN ('SH-B1', ?) ORDER BY code", [SIN_HO]) == [
        (SIN_HO, "Xã Sìn Hồ"),
        ("SH-B1", "Bản Hai"),
    ]


AREA_ERRORS = [
    ("bad_level", ["SH-X", "Bản X", "huyện", SIN_HO, "", "", "", ""], (3, "cap", "huyện", "Cấp không hợp lệ.")),
    (
        "new_commune",
        ["99998", "Xã Mới", "xã", "12", "", "", "", ""],
        (3, "cap", "xã", "Chỉ thêm mới được thôn, bản, tổ dân phố; tỉnh và xã theo danh mục chính thức."),
    ),
    (
        "unknown_parent",
        ["SH-X", "Bản X", "bản", "77777", "", "", "", ""],
        (3, "ma_cap_tren", "77777", "Mã cấp trên không có trong danh mục hoặc ở các dòng trước."),
    ),
    (
        "parent_is_a_village_of_the_file",
        ["SH-X", "Bản X", "bản", "SH-B1", "", "", "", ""],
        (3, "ma_cap_tren", "SH-B1", "Cấp trên của thôn, bản, tổ dân phố phải là xã, phường hoặc đặc khu."),
    ),
    (
        "parent_is_a_province",
        ["SH-X", "Bản X", "bản", "12", "", "", "", ""],
        (3, "ma_cap_tren", "12", "Cấp trên của thôn, bản, tổ dân phố phải là xã, phường hoặc đặc khu."),
    ),
    ("missing_parent", ["SH-X", "Bản X", "bản", "", "", "", "", ""], (3, "ma_cap_tren", "", "Thiếu mã cấp trên.")),
    ("missing_name", ["SH-X", "", "bản", SIN_HO, "", "", "", ""], (3, "ten", "", "Thiếu tên địa bàn.")),
    (
        "lat_outside_vietnam",
        ["SH-X", "Bản X", "bản", SIN_HO, "30", "103", "", ""],
        (3, "vi_do", "30", "Vĩ độ phải trong khoảng 8–24 (lãnh thổ Việt Nam)."),
    ),
    (
        "lon_outside_vietnam",
        ["SH-X", "Bản X", "bản", SIN_HO, "22", "120", "", ""],
        (3, "kinh_do", "120", "Kinh độ phải trong khoảng 102–118 (lãnh thổ Việt Nam)."),
    ),
    (
        "lat_not_a_number",
        ["SH-X", "Bản X", "bản", SIN_HO, "bắc", "103", "", ""],
        (3, "vi_do", "bắc", "Giá trị không phải là số."),
    ),
    (
        "households_negative",
        ["SH-X", "Bản X", "bản", SIN_HO, "", "", "-4", ""],
        (3, "so_ho", "-4", "Phải là số nguyên không âm."),
    ),
    (
        "official_level",
        [SIN_HO, "", "thôn", "", "", "", "", ""],
        (3, "cap", "thôn", "Không đổi cấp của đơn vị hành chính chính thức."),
    ),
    (
        "legacy_code",
        [CHIENG_KHOANG_OLD, "", "", "", "21,6", "103,7", "", ""],
        (
            3,
            "ma_dia_ban",
            CHIENG_KHOANG_OLD,
            "Đây là mã của Xã Chiềng Khoang (Huyện Quỳnh Nhai, Tỉnh Sơn La) trước 01/07/2025; hãy dùng mã mới "
            "03703 (Xã Quỳnh Nhai).",
        ),
    ),
]


@pytest.mark.parametrize(("bad_row", "expected"), [c[1:] for c in AREA_ERRORS], ids=[c[0] for c in AREA_ERRORS])
def test_area_error_refuses_the_file(
    shared_db: Database, bad_row: list[str], expected: tuple[int, str, str, str]
) -> None:
    before = snapshot(shared_db)
    content = csv_bytes([AREA_HEADER, ["SH-B1", "Bản Một", "bản", SIN_HO, "", "", "", ""], bad_row])
    plan = refused(import_file(shared_db, content, "dia_ban.csv", today=TODAY))
    assert errors(plan) == [expected]
    assert snapshot(shared_db) == before


def test_area_coordinates_of_the_spratly_special_zone_are_accepted(shared_db: Database) -> None:
    lat, lon = shared_db.query_rows("SELECT lat, lon FROM areas WHERE code = '22736'")[0]
    plan = plan_import(
        shared_db, csv_bytes([AREA_HEADER, ["22736", "", "", "", str(lat), str(lon), "", ""]]), "x.csv", today=TODAY
    )
    assert plan.ok, plan.problems


# -- hotspots -------------------------------------------------------------------------------------

HOTSPOT_HEADER = ["ma_diem", "ma_dia_ban", "loai", "ten", "vi_do", "kinh_do", "ngay_phat_hien", "ngay_triet_xoa"]


def hotspots_in(db: Database) -> list[tuple[Any, ...]]:
    return db.query_rows(
        "SELECT id, area_code, type, name, lat, lon, strftime(found_on, '%d/%m/%Y'), strftime(eliminated_on, '%d/%m/%Y') "
        "FROM hotspots ORDER BY id"
    )


def test_hotspots_insert_then_update(db: Database) -> None:
    content = csv_bytes(
        [
            HOTSPOT_HEADER,
            ["HS-01", SIN_HO, "ma túy", "Điểm bến xe", "22,33", "103,22", "15/01/2024", ""],
            ["HS-02", "3478", "cờ bạc", "", "", "", "01/02/2024", "20/06/2024"],
            ["HS-03", CHIENG_KHOANG_OLD, "trộm cắp", "", "", "", "2023-05-04", ""],
        ]
    )
    plan = plan_import(db, content, "diem.csv", today=TODAY)
    assert plan.ok, plan.problems
    assert (2 + 2, "ma_dia_ban", CHIENG_KHOANG_OLD, CHIENG_KHOANG_WARNING) in warnings(plan)
    first = commit_import(db, plan)
    assert (first.kind, first.rows_added) == ("hotspots", 3)
    assert hotspots_in(db) == [
        ("HS-01", SIN_HO, "ma túy", "Điểm bến xe", 22.33, 103.22, "15/01/2024", None),
        ("HS-02", SIN_HO, "cờ bạc", None, None, None, "01/02/2024", "20/06/2024"),
        ("HS-03", QUYNH_NHAI, "trộm cắp", None, None, None, "04/05/2023", None),
    ]
    plan = plan_import(
        db,
        csv_bytes([HOTSPOT_HEADER, ["HS-01", SIN_HO, "ma túy", "", "", "", "", "30/08/2025"]]),
        "diem2.csv",
        today=TODAY,
    )
    assert (plan.rows_added, plan.rows_changed) == (0, 1)
    commit_import(db, plan)
    assert hotspots_in(db)[0] == ("HS-01", SIN_HO, "ma túy", "Điểm bến xe", 22.33, 103.22, "15/01/2024", "30/08/2025")


def test_hotspot_elimination_before_the_stored_finding_is_refused(db: Database) -> None:
    committed(
        import_file(
            db,
            csv_bytes([HOTSPOT_HEADER, ["HS-1", SIN_HO, "ma túy", "", "", "", "10/05/2024", ""]]),
            "a.csv",
            today=TODAY,
        )
    )
    plan = plan_import(
        db, csv_bytes([HOTSPOT_HEADER, ["HS-1", SIN_HO, "ma túy", "", "", "", "", "01/05/2024"]]), "b.csv", today=TODAY
    )
    assert errors(plan) == [(2, "ngay_triet_xoa", "01/05/2024", "Ngày triệt xóa trước ngày phát hiện (10/05/2024).")]


HOTSPOT_ERRORS = [
    (
        "unknown_area",
        ["HS-9", "55555", "ma túy", "", "", "", "", ""],
        (3, "ma_dia_ban", "55555", "Mã địa bàn không có trong danh mục."),
    ),
    (
        "eliminated_before_found",
        ["HS-9", SIN_HO, "ma túy", "", "", "", "10/05/2024", "01/05/2024"],
        (3, "ngay_triet_xoa", "01/05/2024", "Ngày triệt xóa trước ngày phát hiện (10/05/2024)."),
    ),
    (
        "bad_date",
        ["HS-9", SIN_HO, "ma túy", "", "", "", "31/02/2024", ""],
        (3, "ngay_phat_hien", "31/02/2024", "Ngày không hợp lệ."),
    ),
    (
        "future_date",
        ["HS-9", SIN_HO, "ma túy", "", "", "", "01/01/2026", ""],
        (3, "ngay_phat_hien", "01/01/2026", "Ngày 01/01/2026 chưa đến."),
    ),
    ("missing_id", ["", SIN_HO, "ma túy", "", "", "", "", ""], (3, "ma_diem", "", "Thiếu mã điểm.")),
    (
        "missing_type",
        ["HS-9", SIN_HO, "", "", "", "", "", ""],
        (3, "loai", "", "Thiếu loại điểm (ví dụ: ma túy, cờ bạc, mại dâm, trộm cắp)."),
    ),
    (
        "lat_outside",
        ["HS-9", SIN_HO, "ma túy", "", "5", "103", "", ""],
        (3, "vi_do", "5", "Vĩ độ phải trong khoảng 8–24 (lãnh thổ Việt Nam)."),
    ),
    (
        "conflicting_duplicate",
        ["HS-1", SIN_HO, "cờ bạc", "", "", "", "", ""],
        (3, "ma_diem", "HS-1", "Trùng mã điểm với dòng 2 nhưng khác giá trị."),
    ),
]


@pytest.mark.parametrize(("bad_row", "expected"), [c[1:] for c in HOTSPOT_ERRORS], ids=[c[0] for c in HOTSPOT_ERRORS])
def test_hotspot_error_refuses_the_file(
    shared_db: Database, bad_row: list[str], expected: tuple[int, str, str, str]
) -> None:
    before = snapshot(shared_db)
    content = csv_bytes([HOTSPOT_HEADER, ["HS-1", SIN_HO, "ma túy", "", "", "", "", ""], bad_row])
    plan = refused(import_file(shared_db, content, "diem.csv", today=TODAY))
    assert errors(plan) == [expected]
    assert snapshot(shared_db) == before


# -- the sample files in tests/fixtures/import ---------------------------------------------------

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "import"


def test_sample_files_import_in_order(db: Database) -> None:
    """Areas, then rounds, then indicators (long and wide), then hotspots: the order a deployment
    loads them. Each sample is plain UTF-8 text that doubles as an example for users."""
    results = {}
    for name, kind in [
        ("dia_ban.csv", "areas"),
        ("dot_chuyen_hoa.csv", "rounds"),
        ("chi_so_dai.csv", "indicators"),
        ("chi_so_rong.csv", "indicators"),
        ("diem_te_nan.csv", "hotspots"),
    ]:
        plan = plan_import(db, (SAMPLES / name).read_bytes(), name, today=TODAY)
        assert plan.ok, (name, plan.problems)
        assert plan.kind == kind
        results[name] = (commit_import(db, plan, actor=staff("mau")), plan)
    assert results["dia_ban.csv"][0].rows_added == 3 and results["dia_ban.csv"][0].rows_changed == 1
    assert results["chi_so_rong.csv"][1].layout == "wide" and results["chi_so_rong.csv"][1].delimiter == ";"
    assert [w.reason for w in results["chi_so_rong.csv"][1].warnings] == [CHIENG_KHOANG_WARNING]
    assert db.query_rows("SELECT households, population FROM areas WHERE code = ?", [SIN_HO]) == [(2540, 11870)]
    assert rounds_in(db) == [
        (SIN_HO, "TTATXH", "2024-01", 12, "314/QĐ-UBND", "02/01/2024", "in_progress"),
        (QUYNH_NHAI, "ANTT", "2023-03", 12, "45/QĐ-BCĐ", "02/03/2023", "in_progress"),
        ("SH-B01", "TTATXH", "2024-03", 6, "27/QĐ-UBND", "28/02/2024", "in_progress"),
    ]
    values = stored_values(db)
    assert len(values) == 11 + 9
    assert values[(SIN_HO, "2024-02", "self_management_ok")] == 1.0
    assert values[(SIN_HO, "2024-02", "households")] == 2540.0
    assert values[(QUYNH_NHAI, "2023-03", "report_form_households")] == 1600.0
    assert values[(QUYNH_NHAI, "2023-05", "managed_persons")] == 60.0
    assert [h[:3] for h in hotspots_in(db)] == [
        ("QN-D01", QUYNH_NHAI, "trộm cắp"),
        ("SH-D01", SIN_HO, "ma túy"),
        ("SH-D02", "SH-B01", "cờ bạc"),
    ]
    assert db.query_value("SELECT count(*) FROM uploads WHERE uploaded_by = 'mau'") == 5


# -- kind given explicitly ------------------------------------------------------------------------


def test_explicit_kind_reports_missing_columns_of_that_kind(shared_db: Database) -> None:
    plan = plan_import(shared_db, csv_bytes(long_rows(GOOD_ROW)), "x.csv", kind="rounds", today=TODAY)
    assert {(p.row, p.column, p.reason) for p in plan.problems if p.severity == "error"} == {
        (1, "thang_bat_dau", "Thiếu cột bắt buộc “thang_bat_dau”."),
        (1, "so_thang", "Thiếu cột bắt buộc “so_thang”."),
    }


def test_explicit_indicators_kind_picks_long_or_wide(shared_db: Database) -> None:
    wide = plan_import(
        shared_db,
        csv_bytes([["ma_dia_ban", "thang", "gangs"], [SIN_HO, "03/2024", "0"]]),
        "w.csv",
        kind="indicators",
        today=TODAY,
    )
    long = plan_import(shared_db, csv_bytes(long_rows(GOOD_ROW)), "l.csv", kind="indicators", today=TODAY)
    assert (wide.layout, long.layout) == ("wide", "long")
    with pytest.raises(ValueError):
        plan_import(shared_db, b"x", "x.csv", kind="people")


def test_a_larger_file_is_planned_and_committed(db: Database) -> None:
    communes = [c for (c,) in db.query_rows("SELECT code FROM areas WHERE level = 'commune' ORDER BY code LIMIT 500")]
    months = [f"{m:02d}/2024" for m in range(1, 13)]
    rows = [[c, m, "crimes", str(i % 7)] for i, (c, m) in enumerate((c, m) for c in communes for m in months)]
    plan = plan_import(db, csv_bytes(long_rows(*rows)), "big.csv", today=TODAY)
    assert plan.error_count == 0 and plan.rows_added == 6000
    assert plan.warning_count == 500  # one "no round yet" warning per area, not per row
    commit_import(db, plan)
    assert db.query_value("SELECT count(*) FROM indicator_values") == 6000
    assert db.query_value("SELECT sum(value) FROM indicator_values") == sum(i % 7 for i in range(6000))


# -- robustness -----------------------------------------------------------------------------------

_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from([SIN_HO, "3478", CHIENG_KHOANG_OLD, "03/2024", "T3/2024", "1.600", "12,5", "-1", "crimes", ""]),
)


@settings(max_examples=50, deadline=None)
@given(content=st.binary(max_size=400), name=st.sampled_from(["x.csv", "x.txt", "x.xlsx", "x"]))
def test_random_bytes_never_raise(shared_db: Database, content: bytes, name: str) -> None:
    plan = plan_import(shared_db, content, name, today=TODAY)
    assert isinstance(plan, ImportPlan)
    assert plan.ok == (plan.error_count == 0 and plan.kind in ("indicators", "rounds", "areas", "hotspots"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.sampled_from(
        [list(long_rows()[0]), ROUND_HEADER, AREA_HEADER, HOTSPOT_HEADER, ["ma_dia_ban", "thang", "crimes", "gangs"]]
    ),
    cells=st.lists(st.lists(_CELL, min_size=0, max_size=9), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_cells_never_raise(db: Database, header: list[str], cells: list[list[str]], delimiter: str) -> None:
    content = csv_bytes([header, *cells], delimiter)
    plan = plan_import(db, content, "x.csv", today=TODAY)
    for problem in plan.problems:
        assert problem.severity in ("error", "warning") and problem.row >= 1 and problem.reason
    if plan.ok:
        committed_before = db.data_version()
        result = commit_import(db, plan)
        assert result.already_imported or db.data_version() == committed_before + 1
