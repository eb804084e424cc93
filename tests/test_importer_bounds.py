"""Absurd numbers are refused with their row: each indicator's plausible bound is data (the catalogue,
table `indicators`, migration 008); households are bounded by the area's population when it is known;
months and dates before the programme's era (2000) are refused; an areas file's population and
households have bounds too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from core.domain import catalog
from core.importer import ImportPlan, ImportResult, import_file, plan_import
from core.seed.bootstrap import init_database
from core.storage import db as dbmod
from core.storage.db import Database
from tests.test_importer import (
    AREA_HEADER,
    HOTSPOT_HEADER,
    ROUND_HEADER,
    SIN_HO,
    TODAY,
    csv_bytes,
    long_rows,
    snapshot,
)

CRIMES_ABOVE = "Vượt mức hợp lý của chỉ số “crimes”: tối đa 100.000 vụ một tháng."
HOUSEHOLDS_ABOVE = "Vượt mức hợp lý của chỉ số “households”: tối đa 1.000.000 hộ một tháng."


def errors(plan: ImportPlan) -> list[tuple[int, str, str, str]]:
    return [(p.row, p.column, p.value, p.reason) for p in plan.errors]


def refused(db: Database, content: bytes, name: str = "x.csv") -> ImportPlan:
    before, version = snapshot(db), db.data_version()
    plan = import_file(db, content, name, today=TODAY)
    assert isinstance(plan, ImportPlan) and not plan.ok
    assert snapshot(db) == before and db.data_version() == version
    return plan


def add_village(db: Database, code: str, population: int | None) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO areas (code, name, level, parent_code, province_code, population) "
            "VALUES (?, 'Bản Thử', 'village', ?, '12', ?)",
            [code, SIN_HO, population],
        )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ([SIN_HO, "03/2024", "crimes", "1e20"], (2, "gia_tri", "1e20", CRIMES_ABOVE)),
        ([SIN_HO, "03/2024", "crimes", "1e308"], (2, "gia_tri", "1e308", CRIMES_ABOVE)),
        ([SIN_HO, "03/2024", "crimes", "100.001"], (2, "gia_tri", "100.001", CRIMES_ABOVE)),
        ([SIN_HO, "03/2024", "households", "1e18"], (2, "gia_tri", "1e18", HOUSEHOLDS_ABOVE)),
        (
            [SIN_HO, "01/1900", "crimes", "1"],
            (2, "thang", "01/1900", "Tháng 01/1900 trước 01/2000, ngoài thời kỳ của chương trình."),
        ),
        (
            [SIN_HO, "12/1999", "crimes", "1"],
            (2, "thang", "12/1999", "Tháng 12/1999 trước 01/2000, ngoài thời kỳ của chương trình."),
        ),
    ],
    ids=["1e20 crimes", "1e308 crimes", "100001 crimes", "1e18 households", "01/1900", "12/1999"],
)
def test_absurd_values_are_refused_with_their_row(
    db: Database, row: list[str], expected: tuple[int, str, str, str]
) -> None:
    assert errors(refused(db, csv_bytes(long_rows(row)))) == [expected]


def test_values_at_the_bounds_are_accepted(db: Database) -> None:
    rows = [[SIN_HO, "01/2000", "crimes", "100.000"], [SIN_HO, "01/2000", "households", "1.000.000"]]
    result = import_file(db, csv_bytes(long_rows(*rows)), "x.csv", today=TODAY)
    assert isinstance(result, ImportResult) and result.rows_added == 2


def test_households_are_bounded_by_the_areas_population(db: Database) -> None:
    add_village(db, "SH-T1", 500)
    plan = refused(db, csv_bytes(long_rows(["SH-T1", "03/2024", "households", "501"])))
    assert errors(plan) == [
        (
            2,
            "gia_tri",
            "501",
            "Vượt mức hợp lý của chỉ số “households” theo dân số của địa bàn (500 người): tối đa 500 hộ.",
        )
    ]
    ok = import_file(db, csv_bytes(long_rows(["SH-T1", "03/2024", "households_informed", "500"])), "y.csv", today=TODAY)
    assert isinstance(ok, ImportResult)


def test_a_wide_file_is_bounded_too(db: Database) -> None:
    content = csv_bytes([["ma_dia_ban", "thang", "crimes", "gangs"], [SIN_HO, "03/2024", "2", "1e9"]])
    assert errors(refused(db, content)) == [
        (2, "gangs", "1e9", "Vượt mức hợp lý của chỉ số “gangs”: tối đa 100.000 nhóm một tháng.")
    ]


def test_the_bounds_are_data(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE indicators SET max_value = 10 WHERE code = 'crimes'")
    plan = refused(db, csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "11"])))
    assert errors(plan)[0][3] == "Vượt mức hợp lý của chỉ số “crimes”: tối đa 10 vụ một tháng."
    with db.transaction() as cur:
        cur.execute("UPDATE indicators SET max_value = NULL WHERE code = 'crimes'")  # no bound
    assert plan_import(db, csv_bytes(long_rows([SIN_HO, "03/2024", "crimes", "1e9"])), "x.csv", today=TODAY).ok


def test_init_again_keeps_a_provinces_bounds(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE indicators SET max_value = 50 WHERE code = 'cameras'")
    init_database(db, create_admin=False)
    assert db.query_value("SELECT max_value FROM indicators WHERE code = 'cameras'") == 50
    assert db.query_value("SELECT max_value FROM indicators WHERE code = 'crimes'") == catalog.COUNT_MAX


def test_migration_008_gives_an_older_database_the_catalogues_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.duckdb"
    shipped = dbmod.migrations()
    monkeypatch.setattr(dbmod, "migrations", lambda: [m for m in shipped if m[0] < 8])
    Database(path).close()
    con = duckdb.connect(str(path))
    for order, ind in enumerate(catalog.INDICATORS, start=1):  # as init wrote them before 008
        con.execute(
            "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?)",
            [ind.code, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en, ind.value_kind, order],
        )
    con.close()
    monkeypatch.undo()
    with Database(path) as db:
        migrated = {c: (m, p) for c, m, p in db.query_rows("SELECT code, max_value, max_per_person FROM indicators")}
    assert migrated == {i.code: (i.max_value, i.max_per_person) for i in catalog.INDICATORS}


# -- rounds, hotspots and areas files -------------------------------------------------------------


def test_a_round_before_the_programmes_era_is_refused(db: Database) -> None:
    content = csv_bytes(
        [ROUND_HEADER, [SIN_HO, "01/1900", "12", "", "", ""], [SIN_HO, "01/2024", "12", "1/QĐ", "02/03/1999", ""]]
    )
    assert errors(refused(db, content)) == [
        (2, "Tháng bắt đầu", "01/1900", "Tháng 01/1900 trước 01/2000, ngoài thời kỳ của chương trình."),
        (3, "Ngày quyết định", "02/03/1999", "Ngày 02/03/1999 trước 01/01/2000, ngoài thời kỳ của chương trình."),
    ]


def test_a_hotspot_found_before_the_programmes_era_is_refused(db: Database) -> None:
    content = csv_bytes([HOTSPOT_HEADER, ["HS-1", SIN_HO, "ma túy", "", "", "", "01/01/1990", ""]])
    assert errors(refused(db, content)) == [
        (2, "ngay_phat_hien", "01/01/1990", "Ngày 01/01/1990 trước 01/01/2000, ngoài thời kỳ của chương trình.")
    ]


def test_area_people_and_households_are_bounded(db: Database) -> None:
    add_village(db, "SH-T2", 300)
    with db.transaction() as cur:
        cur.execute("UPDATE areas SET households = 80 WHERE code = 'SH-T2'")
    content = csv_bytes(
        [
            AREA_HEADER,
            ["SH-B1", "Bản Một", "bản", SIN_HO, "", "", "", "1e9"],
            ["SH-B2", "Bản Hai", "bản", SIN_HO, "", "", "2e7", ""],
            ["SH-B3", "Bản Ba", "bản", SIN_HO, "", "", "120", "100"],
            ["SH-T2", "", "", "", "", "", "301", ""],
            ["SH-T2", "", "", "", "", "", "", "70"],
            ["SH-B4", "Bản Bốn", "bản", SIN_HO, "", "", "25", "100"],
        ]
    )
    assert errors(refused(db, content, "dia_ban.csv")) == [
        (2, "dan_so", "1e9", "Dân số phải từ 0 đến 20.000.000 người."),
        (3, "so_ho", "2e7", "Số hộ phải từ 0 đến 10.000.000 hộ."),
        (4, "so_ho", "120", "Số hộ (120) lớn hơn dân số của địa bàn (100 người)."),
        (5, "so_ho", "301", "Số hộ (301) lớn hơn dân số của địa bàn (300 người)."),
        (6, "dan_so", "70", "Số hộ (80) lớn hơn dân số của địa bàn (70 người)."),
    ]


def test_an_area_within_bounds_is_written(db: Database) -> None:
    content = csv_bytes([AREA_HEADER, ["SH-B4", "Bản Bốn", "bản", SIN_HO, "", "", "25", "100"]])
    result = import_file(db, content, "dia_ban.csv", today=dt.date(2025, 9, 15))
    assert isinstance(result, ImportResult)
    assert db.query_rows("SELECT households, population FROM areas WHERE code = 'SH-B4'") == [(25, 100)]
