"""Upload history and undo: import -> undo -> import round-trips exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from core.importer import import_file
from core.importer.uploads import (
    UndoRefused,
    conflicts,
    correct_values,
    history,
    pack_content,
    undo,
    unpack_content,
    upload_content,
    value_grid,
)
from core.storage.db import Database, DatabaseError
from tests.helpers import staff
from tests.test_db import disk_full_for

TODAY = date(2026, 11, 1)
FIRST = b"ma_dia_ban,thang,chi_so,gia_tri\n03478,01/2024,crimes,3\n03478,02/2024,crimes,2\n"
SECOND = b"ma_dia_ban,thang,chi_so,gia_tri\n03478,02/2024,crimes,5\n03478,03/2024,crimes,1\n"


def values(db: Database) -> list[tuple]:
    return db.query_rows("SELECT area_code, month, indicator, value FROM indicator_values ORDER BY ALL")


def imp(db: Database, content: bytes, name: str) -> int:
    result = import_file(db, content, name, today=TODAY)
    assert result.upload_id is not None, result
    return int(result.upload_id)


def test_history_lists_uploads_newest_first_with_their_files(db: Database) -> None:
    a = imp(db, FIRST, "thang1.csv")
    b = imp(db, SECOND, "thang2.csv")
    rows = history(db)
    assert list(rows["id"]) == [b, a]
    assert rows.iloc[0]["file_name"] == "thang2.csv"
    assert rows.iloc[0]["rows"] == 2  # one added, one changed
    assert upload_content(db, a) == ("thang1.csv", FIRST)


def test_undo_restores_exactly_and_refuses_over_a_later_upload(db: Database) -> None:
    before = values(db)
    a = imp(db, FIRST, "a.csv")
    after_first = values(db)
    b = imp(db, SECOND, "b.csv")
    assert conflicts(db, a) == [b]
    with pytest.raises(UndoRefused, match="hãy hoàn tác các lần đó trước"):
        undo(db, a)
    result = undo(db, b)
    assert (result.restored, result.removed) == (1, 1)
    assert values(db) == after_first
    undo(db, a)
    assert values(db) == before
    with pytest.raises(UndoRefused, match="đã được hoàn tác"):
        undo(db, a)
    # The same file again after undo is imported again, to the same values.
    imp(db, FIRST, "a.csv")
    assert values(db) == after_first


def test_undo_of_areas_rounds_and_hotspots_restores_the_records(db: Database) -> None:
    def snapshot() -> list[list[tuple]]:
        return [
            db.query_rows("SELECT * FROM areas WHERE code IN ('03478', 'V1') ORDER BY code"),
            db.query_rows("SELECT area_code, start_month, planned_months, decision_no FROM rounds ORDER BY ALL"),
            db.query_rows("SELECT id, type, eliminated_on FROM hotspots ORDER BY ALL"),
        ]

    first = snapshot()
    areas = import_file(
        db, "ma_dia_ban,ten,cap,ma_cap_tren,so_ho\nV1,Bản Một,bản,03478,120\n03478,Xã Sìn Hồ,xã,,2.540\n".encode(),
        "dia_ban.csv", today=TODAY,
    )  # fmt: skip
    rounds = import_file(db, b"ma_dia_ban,thang_bat_dau,so_thang\n03478,01/2024,12\n", "dot.csv", today=TODAY)
    changed = import_file(db, b"ma_dia_ban,thang_bat_dau,so_thang\n03478,01/2024,6\n", "dot2.csv", today=TODAY)
    hot = import_file(db, "ma_diem,ma_dia_ban,loai\nD1,03478,ma túy\n".encode(), "diem.csv", today=TODAY)
    assert db.query_value("SELECT planned_months FROM rounds") == 6
    assert db.query_value("SELECT households FROM areas WHERE code = '03478'") == 2540
    with pytest.raises(UndoRefused, match="hãy hoàn tác các lần đó trước"):
        undo(db, int(rounds.upload_id))  # type: ignore[union-attr, arg-type]
    for result in (hot, changed):
        undo(db, int(result.upload_id))  # type: ignore[union-attr, arg-type]
    assert db.query_value("SELECT planned_months FROM rounds") == 12  # back to the first rounds file
    undo(db, int(rounds.upload_id))  # type: ignore[union-attr, arg-type]
    undo(db, int(areas.upload_id))  # type: ignore[union-attr, arg-type]
    assert snapshot() == first
    with pytest.raises(UndoRefused, match="Không có lần tải lên"):
        undo(db, 999)


def test_cli_uploads_and_undo(db_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from tests.test_cli import run_cli

    path = db_path.parent / "t.csv"
    path.write_bytes(FIRST)
    assert run_cli("import", str(path), "--db", str(db_path)).returncode == 0
    listed = run_cli("uploads", "--db", str(db_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert [(r["id"], r["file_name"], r["rows"]) for r in rows] == [("1", "t.csv", "2")]
    undone = run_cli("undo", rows[0]["id"], "--db", str(db_path))
    assert undone.returncode == 0 and "0 ô số liệu trả về giá trị cũ, 2 ô số liệu bị xóa" in undone.stdout
    again = run_cli("undo", rows[0]["id"], "--db", str(db_path))
    assert again.returncode == 1 and "đã được hoàn tác" in again.stderr


def test_a_file_over_the_size_limit_is_refused_before_reading(db: Database) -> None:
    from core.importer import plan_import

    with db.transaction() as cur:
        cur.execute("INSERT OR REPLACE INTO meta VALUES ('max_upload_mb', '0.0001')")
    plan = plan_import(db, FIRST * 10, "lon.csv", today=TODAY)
    assert not plan.ok
    assert plan.problems[0].reason.startswith("Tệp 0,0 MB vượt giới hạn 0,0001 MB")


def test_a_correction_is_a_small_upload_that_can_be_undone(db: Database) -> None:
    imp(db, FIRST, "a.csv")
    before = values(db)
    grid = value_grid(db, "03478", date(2024, 1, 1), date(2024, 3, 1))
    assert list(grid.index.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03"]
    assert grid.loc["2024-02-01", "crimes"] == 2 and pd.isna(grid.loc["2024-03-01", "crimes"])
    edited = grid.copy()
    edited.loc["2024-02-01", "crimes"] = 4
    edited.loc["2024-03-01", "political_system_ok"] = 1
    result = correct_values(db, "03478", grid, edited, actor=staff("canbo"))
    assert (result.changed, result.added) == (1, 1)
    assert history(db).iloc[0]["kind"] == "correction"
    assert value_grid(db, "03478", date(2024, 2, 1), date(2024, 2, 1)).iloc[0]["crimes"] == 4
    undo(db, int(result.upload_id))  # type: ignore[arg-type]
    assert values(db) == before
    assert correct_values(db, "03478", grid, grid).upload_id is None  # nothing edited, nothing written
    bad = grid.copy()
    bad.loc["2024-01-01", "self_management_ok"] = 2
    with pytest.raises(ValueError, match="chỉ nhận 1"):
        correct_values(db, "03478", grid, bad)


@pytest.mark.parametrize(
    ("indicator", "value", "reason"),
    [
        ("crimes", 1e20, "crimes, tháng 01/2024: vượt mức hợp lý (tối đa 100.000)."),
        ("crimes", float("inf"), "crimes, tháng 01/2024: vượt mức hợp lý (tối đa 100.000)."),
        ("households", 1e18, "households, tháng 01/2024: vượt mức hợp lý (tối đa 1.000.000)."),
    ],
)
def test_a_correction_is_bounded_as_an_import_is(db: Database, indicator: str, value: float, reason: str) -> None:
    grid = value_grid(db, "03478", date(2024, 1, 1), date(2024, 1, 1))
    bad = grid.copy()
    bad.loc["2024-01-01", indicator] = value
    with pytest.raises(ValueError) as refused:
        correct_values(db, "03478", grid, bad)
    assert str(refused.value) == reason
    assert values(db) == []


def test_the_demo_upload_cannot_be_undone(db: Database) -> None:
    from core.seed.demo import build_demo

    build_demo(db)
    demo_id = int(db.query_value("SELECT id FROM uploads WHERE kind = 'demo'"))
    with pytest.raises(UndoRefused, match="là loại 'demo'"):
        undo(db, demo_id)


# -- the uploaded files, kept compressed ---------------------------------------------------------


def test_pack_and_unpack_content_round_trip() -> None:
    import os

    for data in (b"", b"a", FIRST, FIRST * 1000, os.urandom(5000)):
        blob, codec, size = pack_content(data)
        assert size == len(data) and unpack_content(blob, codec, size) == data
        assert len(blob) <= len(data)  # never stored larger than the file
    assert pack_content(FIRST * 1000)[1] == "zstd"
    assert pack_content(os.urandom(5000))[1] is None  # does not compress: kept as it is
    with pytest.raises(DatabaseError, match="không biết"):
        unpack_content(b"x", "lz4", 1)


def test_downloaded_files_are_the_uploaded_bytes_csv_and_xlsx(db: Database, tmp_path: Path) -> None:
    rows = [f"03478,{m:02d}/2024,{i},{m * 7 % 11}" for m in range(1, 13) for i in ("crimes", "gangs", "cameras")]
    csv = ("\ufeffma_dia_ban,thang,chi_so,gia_tri\r\n" + "\r\n".join(rows) + "\r\n").encode()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã địa bàn", "Tháng", "crimes", "gangs"])
    for m in range(1, 13):
        sheet.append(["03703", f"{m:02d}/2024", m, m % 2])
    path = tmp_path / "so_lieu.xlsx"
    book.save(path)
    xlsx = path.read_bytes()
    ids = {name: imp(db, content, name) for name, content in (("so_lieu.csv", csv), ("so_lieu.xlsx", xlsx))}
    for name, content in (("so_lieu.csv", csv), ("so_lieu.xlsx", xlsx)):
        assert upload_content(db, ids[name]) == (name, content)
    sizes = dict(zip(history(db)["id"], history(db)["size"], strict=True))
    assert sizes == {ids["so_lieu.csv"]: len(csv), ids["so_lieu.xlsx"]: len(xlsx)}


def test_a_large_csv_is_stored_compressed(db: Database) -> None:
    communes = [
        str(c) for (c,) in db.query_rows("SELECT code FROM areas WHERE level = 'commune' ORDER BY code LIMIT 60")
    ]
    indicators = ("crimes", "crimes_solved", "gangs", "cameras", "managed_persons")
    lines = ["ma_dia_ban,thang,chi_so,gia_tri"]
    lines += [
        f"{code},{m:02d}/{y},{i},{(int(code) * 7 + y * 13 + m * 3 + n) % 40}"
        for code in communes
        for y in (2023, 2024, 2025)
        for m in range(1, 13)
        for n, i in enumerate(indicators)
    ]
    content = ("\n".join(lines) + "\n").encode()
    assert len(content) > 250_000
    upload_id = imp(db, content, "lon.csv")
    stored, codec, size = db.query_rows(
        "SELECT octet_length(content), content_codec, content_size FROM uploads WHERE id = ?", [upload_id]
    )[0]
    assert codec == "zstd" and size == len(content) and stored < len(content) / 3
    assert upload_content(db, upload_id) == ("lon.csv", content)
    assert history(db).iloc[0]["size"] == len(content)


def test_undo_on_a_full_disk_says_so_in_vietnamese(db_path: Path) -> None:
    """The next undo on a full disk said "cannot rollback - no transaction is active", hiding "No space
    left on device". Nothing is undone; once there is room again (the file reopened) the undo works."""
    with Database(db_path) as db:
        upload_id = imp(db, FIRST, "a.csv")
        before = values(db)
        wal = disk_full_for(db)
        try:
            with pytest.raises(DatabaseError, match="ổ đĩa đã hết chỗ trống") as failed:
                undo(db, upload_id, actor=staff("canbo"))
        finally:
            wal.unlink()
        assert "rollback" not in str(failed.value)
    with Database(db_path) as db:
        assert values(db) == before
        assert history(db)["undone_at"].isna().all()
        assert undo(db, upload_id, actor=staff("canbo")).removed == 2
