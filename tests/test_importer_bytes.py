"""Bytes the importer once stored wrongly: a NUL (or another control character) inside a cell was
dropped silently ('1<NUL>2' stored as 12, '034<NUL>78' imported as commune 03478); a file with some
lines in UTF-8 and some in Windows-1258 was stored as mojibake ('Báº£n SĂ¬n Há»“'). Now a control
character refuses its row, and each line is read in its own encoding, with a warning naming it (or
an error for a line holding both)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import importer
from core.importer import ImportPlan, ImportResult, decode_text, import_file, plan_import
from core.storage.db import Database
from tests.hostile_files import header_row, inline_cell, sheet_xml
from tests.hostile_files import xlsx as workbook
from tests.test_importer import AREA_HEADER, SIN_HO, TODAY, snapshot, to_cp1258


@pytest.fixture(scope="module")
def shared_db(initialised_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database for the tests that only plan or are refused: each checks it is left as it was."""
    path = tmp_path_factory.mktemp("bytes") / "shared.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as database:
        yield database


CONTROL = "Ô chứa ký tự điều khiển (như ␀) không được phép; hãy xóa ký tự đó rồi lưu lại tệp."
HEAD = "ma_dia_ban,thang,chi_so,gia_tri\n"


def errors(plan: ImportPlan) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.column, p.value, p.reason) for p in plan.errors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "03478,03/2024,crimes,1\x002\n", [(2, "gia_tri", "1␀2", CONTROL)]),
        (HEAD + "034\x0078,03/2024,gangs,0\n", [(2, "ma_dia_ban", "034␀78", CONTROL)]),
        # Characters str.strip() would have removed: the code would have read as 03478.
        (
            HEAD + "03478\x1f,03/2024,gangs,0\n03478,04/2024,gangs,\x0c0\n",
            [
                (2, "ma_dia_ban", "03478␟", CONTROL),
                (3, "gia_tri", "␌0", CONTROL),
            ],
        ),
        (HEAD + "03478,03/2024,crimes\x7f,1\n", [(2, "chi_so", "crimes␡", CONTROL)]),
        (HEAD + "03478,03/2024,crimes,1\u0085\n", [(2, "gia_tri", "1<U+0085>", CONTROL)]),
        ("ma_dia_ban,thang\x01,crimes\n03478,03/2024,1\n", [(1, "thang␁", "thang␁", CONTROL)]),
    ],
    ids=["nul in a number", "nul in a code", "strippable controls", "delete", "c1 control", "in a header"],
)
def test_a_control_character_refuses_its_row(
    shared_db: Database, text: str, expected: list[tuple[int, str, str, str]]
) -> None:
    before = snapshot(shared_db)
    plan = import_file(shared_db, text.encode(), "x.csv", today=TODAY)
    assert isinstance(plan, ImportPlan)
    assert errors(plan) == expected
    assert plan.error_count == len(expected)
    assert snapshot(shared_db) == before


def test_a_control_character_in_an_xlsx_cell_is_refused(shared_db: Database) -> None:
    # Excel writes a control character typed into a cell as _x0000_: read back, it is refused.
    rows = [
        header_row(),
        '<row r="2">'
        + "".join(
            inline_cell(f"{c}2", v) for c, v in zip("ABCD", ["034_x0000_78", "03/2024", "gangs", "0"], strict=True)
        )
        + "</row>",
    ]
    plan = plan_import(shared_db, workbook(sheet_xml(rows)), "x.xlsx", today=TODAY)
    assert errors(plan) == [(2, "ma_dia_ban", "034␀78", CONTROL)]


def test_excel_escapes_are_read_as_excel_reads_them(shared_db: Database) -> None:
    rows = [
        '<row r="1">'
        + inline_cell("A1", "ma_dia_ban")
        + inline_cell("B1", "ten")
        + inline_cell("C1", "cap")
        + "</row>",
        '<row r="2">' + inline_cell("A2", "X_x005F_x0031_") + inline_cell("B2", "Bản_x0020_Một") + "</row>",
    ]
    table = importer.read_table(workbook(sheet_xml(rows)), "x.xlsx")
    assert table.frame.loc[2].tolist() == ["X_x0031_", "Bản Một", ""]


def test_the_control_characters_listed_are_capped_and_counted(shared_db: Database) -> None:
    text = HEAD + "".join(f"0347\x008,{m:02d}/2024,crimes,1\n" for m in range(1, 13)) * 100
    plan = plan_import(shared_db, text.encode(), "x.csv", today=TODAY)
    assert plan.error_count == 1200
    assert len(plan.errors) == importer.MAX_PROBLEMS
    assert plan.problems_omitted == 200


# -- two encodings in one file --------------------------------------------------------------------

NAMES = ["Bản Sìn Hồ", "Bản Nà Tăm", "Bản Hẹ Muông", "Thôn Đồng Tâm"]


def area_lines(names: list[str]) -> list[str]:
    return [f"SH-B{i},{name},bản,{SIN_HO}\n" for i, name in enumerate(names, start=1)]


def stored_names(db: Database) -> list[str]:
    return [n for (n,) in db.query_rows("SELECT name FROM areas WHERE code LIKE 'SH-B%' ORDER BY code")]


@pytest.mark.parametrize(
    ("encodings", "warned", "other"),
    [
        (["utf-8", "utf-8", "cp1258", "utf-8"], [4], "Windows-1258"),
        (["cp1258", "utf-8", "cp1258", "cp1258"], [3], "UTF-8"),
        (["utf-8-sig", "cp1258", "utf-8", "utf-8"], [3], "Windows-1258"),
    ],
    ids=["a legacy line in a UTF-8 file", "a UTF-8 line in a legacy file", "after a BOM"],
)
def test_each_line_is_read_in_its_own_encoding_with_a_warning(
    db: Database, encodings: list[str], warned: list[int], other: str
) -> None:
    header = ",".join(AREA_HEADER[:4]) + "\n"
    content = header.encode()
    for line, encoding in zip(area_lines(NAMES), encodings, strict=True):
        content += line.encode("utf-8") if encoding != "cp1258" else to_cp1258(line)
    if encodings[0] == "utf-8-sig":
        content = b"\xef\xbb\xbf" + content
    result = import_file(db, content, "dia_ban.csv", today=TODAY)
    assert isinstance(result, ImportResult), getattr(result, "problems", result)
    assert stored_names(db) == NAMES  # never "Báº£n SĂ¬n Há»“"
    plan = plan_import(db, content, "dia_ban.csv", today=TODAY)
    assert [(w.row, w.reason.split(";")[0]) for w in plan.warnings] == [
        (
            row,
            f"Dòng này được lưu theo bảng mã {other}, khác các dòng khác ("
            + ("UTF-8" if other != "UTF-8" else "Windows-1258")
            + ")",
        )
        for row in warned
    ]
    assert all((w.value.startswith("SH-B") and "Bản" in w.value) or "Thôn" in w.value for w in plan.warnings)


def test_a_line_holding_both_encodings_is_refused(shared_db: Database) -> None:
    before = snapshot(shared_db)
    header = ",".join(AREA_HEADER[:4]) + "\n"
    content = (header + "SH-B1,Bản Sìn Hồ,bản,03478\n").encode() + to_cp1258("SH-B2,Bản Nà,") + "bản,03478\n".encode()
    plan = import_file(shared_db, content, "dia_ban.csv", today=TODAY)
    assert isinstance(plan, ImportPlan)
    assert [(p.row, p.reason) for p in plan.errors] == [
        (
            3,
            "Dòng này trộn hai bảng mã (UTF-8 và Windows-1258) nên không đọc chắc chắn được chữ tiếng Việt; "
            "hãy lưu lại tệp dạng CSV UTF-8.",
        )
    ]
    assert snapshot(shared_db) == before


def test_a_file_in_one_encoding_has_no_warning() -> None:
    for content in ("".join(area_lines(NAMES)).encode(), to_cp1258("".join(area_lines(NAMES)))):
        text, _, replaced = decode_text(content)
        assert text == "".join(area_lines(NAMES)) and not replaced
        assert importer.read_table(content, "x.csv").problems == []


def test_mixed_lines_decode_to_the_right_text() -> None:
    content = "SH-B1,Bản Sìn Hồ\n".encode() + to_cp1258("SH-B2,Bản Hẹ Muông\r\n") + "SH-B3,Thôn Đồng\n".encode()
    text, encoding, replaced = decode_text(content)
    assert text == "SH-B1,Bản Sìn Hồ\nSH-B2,Bản Hẹ Muông\r\nSH-B3,Thôn Đồng\n"
    assert (encoding, replaced) == ("utf-8", False)


def test_rows_are_numbered_after_excels_sep_line(shared_db: Database) -> None:
    content = (
        b"sep=,\n"
        + (",".join(AREA_HEADER[:4]) + "\n" + area_lines(NAMES)[0]).encode()
        + to_cp1258(area_lines(NAMES)[1])
        + area_lines(NAMES)[2].encode()
    )
    plan = plan_import(shared_db, content, "x.csv", today=dt.date(2025, 9, 15))
    assert [w.row for w in plan.warnings] == [3]  # the header is row 1, as Excel shows the file
