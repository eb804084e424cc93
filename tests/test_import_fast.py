"""The importer's fast path for plain long CSV files gives exactly the plan of the ordinary path, and
hands every file with a problem in its cells to the ordinary path (which explains it row by row)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from core import importer
from core.storage.db import Database
from tests.helpers import spy_fast_path

TODAY = date(2026, 12, 1)
HEADER = "ma_dia_ban,thang,chi_so,gia_tri\n"


@pytest.fixture(scope="module")
def demo(demo_file: Path) -> Iterator[Database]:
    with Database(demo_file) as db:
        yield db


def plans(db: Database, content: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[importer.ImportPlan, bool, object]:
    """(plan, whether the fast path took the file, the plan of the ordinary path)."""
    with monkeypatch.context() as m:
        taken = spy_fast_path(m)
        plan = importer.plan_import(db, content, "so_lieu.csv", today=TODAY)
    with monkeypatch.context() as m:
        m.setattr(importer, "_fast_long", lambda *a, **k: None)
        ordinary = importer.plan_import(db, content, "so_lieu.csv", today=TODAY)
    return plan, taken == [True], ordinary


def assert_same(plan: importer.ImportPlan, ordinary: object) -> None:
    assert isinstance(ordinary, importer.ImportPlan)
    for name in ("kind", "layout", "encoding", "delimiter", "sheet", "rows_total", "columns", "problems"):
        assert getattr(plan, name) == getattr(ordinary, name), name
    for name in ("error_count", "warning_count", "rows_added", "rows_changed", "rows_unchanged"):
        assert getattr(plan, name) == getattr(ordinary, name), name
    pd.testing.assert_frame_equal(plan.payload, ordinary.payload)
    pd.testing.assert_frame_equal(plan.changes, ordinary.changes)


CLEAN = {
    "months in three forms": HEADER + "03478,03/2026,crimes,5\n03478,2026-04,crimes_solved,4\n03508,3/2026,gangs,0\n",
    "English headers, CRLF, flags": "area_code,month,indicator,value\r\n03478,2026-04,crimes,50\r\n"
    "03478,2026-04,political_system_ok,1\r\n03529,2026-05,crimes,7\r\n03529,2026-05,crimes_solved,70\r\n",
    "columns in another order, a village, a trailing blank line": "thang,ma_dia_ban,gia_tri,chi_so\n"
    "03/2026,03478,5,crimes\n09/2026,03508-PH,2,crimes\n\n",
    "a code without its leading zero (Excel)": HEADER + "3478,03/2026,crimes,5\n",
    "a thousands separator": HEADER + "03478,03/2026,households,1.600\n",
    "values the database already has": HEADER + "03478,10/2026,households,2140\n03478,10/2026,crimes,1\n",
    "a village's households, within its population": HEADER + "03508-PH,09/2026,households,10\n",
    "values at their bounds": HEADER + "03478,01/2000,crimes,100000\n03478,01/2000,households,1000000\n",
}

ORDINARY = {
    "a blank line": HEADER + "03478,03/2026,crimes,5\n\n03478,2026-03,crimes_solved,4\n",
    "a line of spaces": HEADER + "03478,03/2026,crimes,5\n   \n03478,2026-03,crimes_solved,4\n",
    "a blank line, CRLF": "area_code,month,indicator,value\r\n03478,03/2026,crimes,5\r\n\r\n03478,04/2026,gangs,0\r\n",
    "a blank line first": HEADER + "\n03478,03/2026,crimes,5\n",
    "a pre-2025 commune": HEADER + "03499,03/2026,crimes,5\n",
    "an unknown code": HEADER + "99999,03/2026,crimes,5\n",
    "a duplicate": HEADER + "03478,03/2026,crimes,5\n03478,03/2026,crimes,6\n",
    "a duplicate, the code spelt twice": HEADER + "3478,03/2026,crimes,5\n03478,03/2026,crimes,6\n",
    "a duplicate, the month spelt twice": HEADER + "03478,03/2026,crimes,5\n03478,2026-03,crimes,6\n",
    "a decimal": HEADER + "03478,03/2026,crimes,2.5\n",
    "a blank value": HEADER + "03478,03/2026,crimes,\n03478,03/2026,gangs,0\n",
    "a flag that is not 0 or 1": HEADER + "03478,03/2026,political_system_ok,2\n",
    "a month in the future": HEADER + "03478,01/2027,crimes,5\n",
    "a month that is no month": HEADER + "03478,13/2026,crimes,5\n",
    "an indicator by its name": HEADER + "03478,03/2026,Vụ phạm tội về trật tự xã hội xảy ra,5\n",
    "an unknown indicator": HEADER + "03478,03/2026,crime,5\n",
    "quoted cells": HEADER + '"03478","03/2026","crimes","5"\n',
    "semicolons": "ma_dia_ban;thang;chi_so;gia_tri\n03478;03/2026;crimes;5\n",
    "a missing cell": HEADER + "03478,03/2026,crimes\n",
    "a title above the header": "Số liệu tháng 3\n" + HEADER + "03478,03/2026,crimes,5\n",
    # Bounds (the catalogue's, and households by the area's population) and the programme's era.
    "a count above its bound": HEADER + "03478,03/2026,crimes,5\n03478,03/2026,gangs,100000000000000000000\n",
    "a count written 1e20": HEADER + "03478,03/2026,crimes,1e20\n",
    "households above the area's population": HEADER + "03508-PH,09/2026,households,99999\n",
    "a month before 2000": HEADER + "03478,12/1999,crimes,5\n",
    # Bytes and sizes: refused by the ordinary way, with the row.
    "a control character": HEADER + "03478\x1f,03/2026,crimes,5\n",
    "a control character in the header": "ma_dia_ban\x0c,thang,chi_so,gia_tri\n03478,03/2026,crimes,5\n",
    "a line of 300 commas": HEADER + "03478,03/2026,crimes,5\n" + "," * 300 + "\n",
    "a header of 300 columns": HEADER.strip() + ",x" * 300 + "\n03478,03/2026,crimes,5\n",
}


@pytest.mark.parametrize("text", CLEAN.values(), ids=CLEAN.keys())
def test_clean_files_take_the_fast_path_with_the_same_plan(
    demo: Database, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, fast, ordinary = plans(demo, text.encode(), monkeypatch)
    assert fast
    assert_same(plan, ordinary)
    assert plan.ok and len(plan.payload) == plan.rows_total


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_files_with_a_problem_go_the_ordinary_way(demo: Database, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, fast, ordinary = plans(demo, text.encode(), monkeypatch)
    assert not fast
    assert_same(plan, ordinary)


def test_warnings_on_whole_rows_are_the_same(demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # Solved above total, and months outside every round: checked on the payload by both paths.
    text = HEADER + "03478,09/2026,crimes,2\n03478,09/2026,crimes_solved,5\n03549,03/2025,crimes,1\n"
    plan, fast, ordinary = plans(demo, text.encode(), monkeypatch)
    assert fast and plan.warning_count >= 2
    assert_same(plan, ordinary)


def test_solved_and_total_between_the_file_and_the_database(demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # The file holds one of a pair, the database the other: the total below the solved count
    # stored, and a solved count above the total stored.
    stored = dict(
        demo.query_rows(
            "SELECT area_code || ' ' || indicator, value FROM indicator_values WHERE month = '2026-10-01' "
            "AND area_code IN ('03478', '03508') AND indicator IN ('crimes', 'crimes_solved')"
        )
    )
    assert stored["03478 crimes_solved"] >= 1 and stored["03508 crimes"] < 99
    text = HEADER + "03478,10/2026,crimes,0\n03508,10/2026,crimes_solved,99\n"
    plan, fast, ordinary = plans(demo, text.encode(), monkeypatch)
    assert fast
    assert_same(plan, ordinary)
    solved = [(p.row, p.value) for p in plan.warnings if "lớn hơn" in p.reason]
    assert solved == [(2, "0"), (3, "99")]


def test_commit_of_a_fast_plan(demo_copy: Path) -> None:
    with Database(demo_copy) as db:
        text = HEADER + "03478,10/2026,crimes,9\n03478,11/2026,crimes,3\n"
        plan = importer.plan_import(db, text.encode(), "so_lieu.csv", today=TODAY)
        assert (plan.rows_added, plan.rows_changed) == (1, 1)
        result = importer.commit_import(db, plan)
        values = db.query_rows(
            "SELECT month, value, upload_id FROM indicator_values "
            "WHERE area_code = '03478' AND indicator = 'crimes' AND month >= '2026-10-01' ORDER BY month"
        )
    assert [(m.month, v, u) for m, v, u in values] == [(10, 9.0, result.upload_id), (11, 3.0, result.upload_id)]


def test_the_commit_reuses_the_comparison_only_when_nothing_was_written_since(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reused: list[bool] = []
    write = importer._write_indicators

    def spy(cur: object, payload: object, upload_id: int, changes: object = None) -> tuple[int, int, int]:
        reused.append(changes is not None)
        return write(cur, payload, upload_id, changes)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "_write_indicators", spy)
    with Database(demo_copy) as db:
        stale = importer.plan_import(db, (HEADER + "03478,11/2026,crimes,3\n").encode(), "a.csv", today=TODAY)
        fresh = importer.plan_import(
            db, (HEADER + "03478,11/2026,crimes,5\n03478,11/2026,gangs,0\n").encode(), "b.csv", today=TODAY
        )
        assert (stale.rows_added, fresh.rows_added) == (1, 2)
        first = importer.commit_import(db, fresh)
        # The stale plan said 'added'; the key is there now: compared again, it changes the value.
        second = importer.commit_import(db, stale)
        rows = db.query_rows(
            "SELECT value, upload_id FROM indicator_values WHERE area_code = '03478' AND month = '2026-11-01' "
            "AND indicator = 'crimes'"
        )
    assert reused == [True, False]
    assert (first.rows_added, first.rows_changed) == (2, 0)
    assert (second.rows_added, second.rows_changed) == (0, 1)
    assert rows == [(3.0, second.upload_id)]


def test_the_file_is_read_from_memory_only_with_room_to_spare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importer, "_MEMORY_FOLDER", str(tmp_path))
    assert importer._temp_folder(1000) == str(tmp_path)
    free = importer.shutil.disk_usage(tmp_path).free
    assert importer._temp_folder(free) is None  # a container's small /dev/shm: the disk instead
    monkeypatch.setattr(importer, "_MEMORY_FOLDER", str(tmp_path / "missing"))
    assert importer._temp_folder(1000) is None


def test_a_file_of_more_rows_than_the_limit_goes_the_ordinary_way(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.importer import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    text = HEADER + "03478,03/2026,crimes,5\n03478,04/2026,crimes,5\n03478,05/2026,crimes,5\n"
    plan, fast, ordinary = plans(demo, text.encode(), monkeypatch)
    assert not fast
    assert_same(plan, ordinary)
    assert [(p.row, p.reason) for p in plan.errors] == [
        (4, "Tệp có hơn 3 dòng; hãy chia nhỏ tệp (ví dụ theo tháng hoặc theo tỉnh).")
    ]
