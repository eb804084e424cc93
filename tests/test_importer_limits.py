"""Files too large in rows, columns, cells, characters or unzipped size: refused by the importer with
a clear message and the row, in seconds and in bounded memory, before their cells are allocated.

The hostile files of the issue (tests/hostile_files.py) are planned in a process of their own, whose
time and peak memory are measured; the limits themselves are checked in process, lowered where a
file at the real limit would be slow to build."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from core import importer
from core.importer import reading, xlsx
from core.storage.db import Database
from tests.hostile_files import (
    HOSTILE,
    header_row,
    inline_cell,
    row_xml,
    run_measured,
    shared_string_bomb,
    sheet_xml,
)
from tests.hostile_files import (
    xlsx as workbook,
)

SECONDS, MEGABYTES = 10.0, 500
COLUMNS = "Dòng có hơn 256 cột; mẫu nhập chỉ có vài chục cột. Hãy xóa các cột, ô thừa."

# Plans a file in this process and prints its problems as JSON: what the child runs.
_PLAN = """
import json, sys
from core import importer
from core.storage.db import Database
with Database(sys.argv[1]) as db:
    plan = importer.plan_import(db, open(sys.argv[2], "rb").read(), sys.argv[3])
print(json.dumps([[p.row, p.column, p.value, p.reason, p.severity] for p in plan.problems]))
"""

EXPECTED = {
    "whole_sheet_xlsx": [1048576, "", "XFD1048576", COLUMNS, "error"],
    "comma_line_10mb": [2, "", "", COLUMNS, "error"],
    "shared_string_bomb_400mb": [
        1,
        "",
        "",
        "Tệp Excel giải nén ra hơn 256 MB; hãy lưu lại chỉ trang số liệu, hoặc lưu dạng CSV.",
        "error",
    ],
    "shared_string_200mb": [2, "", "A2", "Ô dài hơn 32.767 ký tự (giới hạn của Excel).", "error"],
    "wide_csv_100k_columns": [1, "", "", COLUMNS, "error"],
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_in_seconds_and_bounded_memory(
    name: str, initialised_db_file: Path, tmp_path: Path
) -> None:
    file_name, build = HOSTILE[name]
    path = tmp_path / file_name
    path.write_bytes(build())
    db = tmp_path / "db.duckdb"
    shutil.copy(initialised_db_file, db)
    run = run_measured(["-c", _PLAN, str(db), str(path), file_name], timeout=3 * SECONDS)
    assert run.code == 0, run.stderr[-2000:]
    assert json.loads(run.stdout) == [EXPECTED[name]]
    assert run.seconds < SECONDS, run
    assert run.peak_mb < MEGABYTES, run


# -- the limits, one by one ---------------------------------------------------------------------


@pytest.fixture
def low(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits small enough to pass with small files."""
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    monkeypatch.setattr(reading, "MAX_COLUMNS", 8)
    monkeypatch.setattr(reading, "MAX_CELLS", 60)
    monkeypatch.setattr(reading, "MAX_CELL_CHARS", 50)
    monkeypatch.setattr(reading, "MAX_UNZIPPED_MB", 1)


def first_error(content: bytes, name: str) -> tuple[int, str, str]:
    table = importer.read_table(content, name)
    found = [(p.row, p.value, p.reason) for p in table.problems if p.severity == "error"]
    assert len(found) == 1, found
    assert table.frame.empty
    return found[0]


HEAD = "ma_dia_ban,thang,chi_so,gia_tri\n"


@pytest.mark.usefixtures("low")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "03478,03/2024,crimes,1\n" * 10,
            (11, "", "Tệp có hơn 10 dòng; hãy chia nhỏ tệp (ví dụ theo tháng hoặc theo tỉnh)."),
        ),
        (
            HEAD + "03478,03/2024,crimes,1\n" + "1," * 8 + "1\n",
            (3, "", "Dòng có hơn 8 cột; mẫu nhập chỉ có vài chục cột. Hãy xóa các cột, ô thừa."),
        ),
        (HEAD + "03478,03/2024,crimes," + "9" * 51 + "\n", (2, "", "Ô dài hơn 50 ký tự (giới hạn của Excel).")),
        ("a,b,c,d,e,f,g,h\n" + "1\n" * 8, (8, "", "Bảng quá lớn: hơn 60 ô (số dòng × số cột); hãy chia nhỏ tệp.")),
    ],
    ids=["rows", "columns", "cell", "cells"],
)
def test_csv_limits(text: str, expected: tuple[int, str, str]) -> None:
    assert first_error(text.encode(), "x.csv") == expected


@pytest.mark.usefixtures("low")
def test_a_wider_line_than_the_first_is_padded_within_the_cells_limit() -> None:
    # pandas refuses a line wider than the first; the csv module reads it, padded to the widest.
    text = "a,b\n" + "1,2\n" * 6 + "1,2,3,4,5,6,7,8\n"
    assert first_error(text.encode(), "x.csv") == (
        8,
        "",
        "Bảng quá lớn: hơn 60 ô (số dòng × số cột); hãy chia nhỏ tệp.",
    )


@pytest.mark.usefixtures("low")
def test_delimiters_inside_quotes_are_not_columns() -> None:
    cell = '"' + ",".join("x" * 4 for _ in range(9)) + '"'  # 44 characters, 8 commas inside quotes
    table = importer.read_table((HEAD + f"03478,03/2024,{cell},1\n").encode(), "x.csv")
    assert [p for p in table.problems if p.severity == "error"] == []
    assert table.frame.loc[2, "chi_so"] == cell.strip('"')


def test_the_real_limits_are_declared_once() -> None:
    assert reading.limits() == xlsx.Limits(2_000_000, 256, 10_000_000, 32_767, 256 * 1024 * 1024)


# -- workbooks ----------------------------------------------------------------------------------


def sheet_of(*rows: str, dimension: str | None = None) -> bytes:
    return workbook(sheet_xml([header_row(), *rows], dimension=dimension))


def test_a_declared_dimension_is_ignored() -> None:
    """The sheet says A1:XFD1048576 and holds three rows: three rows are read, nothing is padded."""
    content = sheet_of(
        row_xml(2, {"A": "03478", "B": "03/2024", "C": "crimes", "D": "1"}),
        row_xml(5, {"A": "03478", "B": "04/2024", "C": "crimes", "D": "2"}),
        dimension="A1:XFD1048576",
    )
    table = importer.read_table(content, "x.xlsx")
    assert table.problems == []
    assert table.columns == ["ma_dia_ban", "thang", "chi_so", "gia_tri"]
    assert table.frame.index.tolist() == [2, 5]  # Excel's row numbers, blank rows between kept out
    assert table.frame["gia_tri"].tolist() == ["1", "2"]


@pytest.mark.usefixtures("low")
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [row_xml(r, {"A": "x"}) for r in range(2, 13)],
            (11, "A11", "Tệp có hơn 10 dòng; hãy chia nhỏ tệp (ví dụ theo tháng hoặc theo tỉnh)."),
        ),
        (
            [row_xml(3, {"A": "x", "I": "y"})],
            (3, "I3", "Dòng có hơn 8 cột; mẫu nhập chỉ có vài chục cột. Hãy xóa các cột, ô thừa."),
        ),
        ([row_xml(4, {"B": "y" * 51})], (4, "B4", "Ô dài hơn 50 ký tự (giới hạn của Excel).")),
        (
            [row_xml(r, {"A": "x"}) for r in range(2, 8)] + [row_xml(8, {"H": "x"})],
            (8, "H8", "Bảng quá lớn: hơn 60 ô (số dòng × số cột); hãy chia nhỏ tệp."),
        ),
    ],
    ids=["rows", "columns", "cell", "cells"],
)
def test_xlsx_limits(rows: list[str], expected: tuple[int, str, str]) -> None:
    assert first_error(sheet_of(*rows), "x.xlsx") == expected


@pytest.mark.usefixtures("low")
def test_xlsx_unzipped_size_is_capped_before_reading() -> None:
    big = ["<!--", "x" * (1 << 20), "-->"]  # 1 MB of comment: more than 1 MB unzipped in all
    content = workbook(sheet_xml([header_row()]), extra={"xl/media/note.xml": big})
    assert len(content) < 10_000
    assert first_error(content, "x.xlsx") == (
        1,
        "",
        "Tệp Excel giải nén ra hơn 1 MB; hãy lưu lại chỉ trang số liệu, hoặc lưu dạng CSV.",
    )


@pytest.mark.usefixtures("low")
def test_a_long_shared_string_is_refused_where_a_cell_uses_it() -> None:
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>{'y' * 60}</t></si><si><t>03478</t></si></sst>"
    )
    unused = workbook(sheet_xml([header_row(), '<row r="2"><c r="A2" t="s"><v>1</v></c></row>']), strings)
    assert importer.read_table(unused, "x.xlsx").frame.loc[2, "ma_dia_ban"] == "03478"
    used = workbook(sheet_xml([header_row(), '<row r="3"><c r="C3" t="s"><v>0</v></c></row>']), strings)
    assert first_error(used, "x.xlsx") == (3, "C3", "Ô dài hơn 50 ký tự (giới hạn của Excel).")


def test_the_shared_string_bomb_is_read_in_bounded_memory() -> None:
    """64 MB of one shared string, streamed: refused at its cell, never whole in memory."""
    import tracemalloc

    content = shared_string_bomb(64)
    tracemalloc.start()
    try:
        with pytest.raises(xlsx.TooLarge) as refused:
            xlsx.read_sheet(content, reading.limits())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (refused.value.what, refused.value.row, refused.value.ref) == ("cell_chars", 2, "A2")
    assert peak < 20 * 1024 * 1024


UNREADABLE = "Không mở được tệp Excel: tệp bị hỏng hoặc không phải định dạng .xlsx."


def damaged(sheet: str, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    content = workbook(sheet)
    if compression == zipfile.ZIP_DEFLATED:
        return content
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        damaged(
            '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
        ),
        damaged(sheet_xml([f'<row r="1"><c r="A1" x="{"A" * (2 << 20)}"><v>1</v></c></row>'])),
        damaged(sheet_xml([header_row()]), zipfile.ZIP_BZIP2),
        damaged(
            sheet_xml(
                ['<row r="2">' + inline_cell("A2", "x") + '</row><row r="1">' + inline_cell("A1", "y") + "</row>"]
            )
        ),
        damaged(sheet_xml(['<row r="1"><c r="A1" t="s"><v>7</v></c></row>'])),
        damaged("<worksheet><sheetData><row>"),
    ],
    ids=["entities", "a 2 MB attribute", "bzip2", "rows out of order", "no such shared string", "truncated"],
)
def test_damaged_or_hostile_workbooks_are_unreadable(content: bytes) -> None:
    assert first_error(content, "x.xlsx") == (1, "x.xlsx", UNREADABLE)


# -- at the level of a plan: the database untouched ----------------------------------------------


def test_a_refused_file_writes_nothing(db: Database) -> None:
    version = db.data_version()
    plan = importer.import_file(db, HOSTILE["whole_sheet_xlsx"][1](), "toan_trang.xlsx")
    assert isinstance(plan, importer.ImportPlan) and not plan.ok
    assert [(p.row, p.value, p.reason) for p in plan.errors] == [(1048576, "XFD1048576", COLUMNS)]
    assert db.data_version() == version
    assert db.query_value("SELECT count(*) FROM uploads") == 0


@pytest.mark.usefixtures("low")
def test_lines_ending_with_cr_alone_are_counted_as_lines() -> None:
    # Old Mac files: pandas reads CR as a line end, so must the limits.
    text = HEAD.replace("\n", "\r") + "03478,03/2024,crimes,1\r" * 9 + '"a\nb",x\r'
    assert first_error(text.encode(), "x.csv")[0:2] == (11, "")
    table = importer.read_table((HEAD + "03478,03/2024,crimes,1\r03478,04/2024,crimes,2\r").encode(), "x.csv")
    assert table.frame["thang"].tolist() == ["03/2024", "04/2024"]
