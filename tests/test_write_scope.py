"""A scoped account changes a record only when it lies in its scope before and after the change:
hotspots, villages, rounds and figures, checked when the file is planned and again inside the commit's
transaction; undo and upload history by the areas kept when each upload was written. On a copy of the
demo (Lai Châu) with Sơn La's staff beside Lai Châu's."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from core import importer
from core.access.accounts import SYSTEM, User
from core.importer import uploads
from core.storage.db import Database
from tests.helpers import staff

TODAY = date(2026, 11, 1)
SON_LA, LAI_CHAU = staff("sonla", province="14"), staff("canbo", province="12")
TO_HIEU, SIN_HO = "03646", "03478"  # Phường Tô Hiệu (Sơn La), Xã Sìn Hồ (Lai Châu)
HOTSPOTS = "ma_diem,ma_dia_ban,loai,ten,vi_do,kinh_do,ngay_phat_hien\n"


@pytest.fixture
def db(demo_template: Path, tmp_path: Path) -> Database:
    path = tmp_path / "two.duckdb"
    shutil.copy(demo_template, path)
    with Database(path) as database:
        yield database  # type: ignore[misc]


def upload(db: Database, text: str, name: str, actor: User) -> int:
    result = importer.import_file(db, text.encode(), name, actor=actor, today=TODAY)
    assert isinstance(result, importer.ImportResult), result.problems  # type: ignore[union-attr]
    assert result.upload_id is not None
    return result.upload_id


def history_ids(db: Database, user: User) -> set[int]:
    return set(uploads.history(db, scope=user.scope, me=user.username)["id"])


def hotspot_area(db: Database, hotspot: str) -> str:
    return str(db.query_value("SELECT area_code FROM hotspots WHERE id = ?", [hotspot]))


def test_staff_cannot_take_another_provinces_hotspot(db: Database) -> None:
    mine = upload(
        db, HOTSPOTS + f'SL-D01,{TO_HIEU},ma túy,Điểm Tô Hiệu,"21,3275","103,9144",01/02/2026\n', "sl.csv", SON_LA
    )
    version = db.data_version()
    plan = importer.plan_import(
        db, f"ma_diem,ma_dia_ban,loai\nSL-D01,{SIN_HO},ma túy\n".encode(), "lc.csv", today=TODAY, scope=LAI_CHAU.scope
    )
    assert [(p.row, p.column, p.value, p.severity) for p in plan.problems] == [(2, "ma_diem", "SL-D01", "error")]
    assert "ngoài phạm vi" in plan.problems[0].reason
    # The preview shows nothing of Sơn La's record (its name, its coordinates).
    assert plan.changes.empty and plan.payload.empty and plan.rows_changed == 0
    with pytest.raises(importer.ImportRefusedError):
        importer.commit_import(db, plan, actor=LAI_CHAU)
    assert hotspot_area(db, "SL-D01") == TO_HIEU and db.data_version() == version
    assert mine in history_ids(db, SON_LA)


def test_an_upload_stays_in_its_provinces_history_and_undo_checks_both_sides(db: Database) -> None:
    mine = upload(db, HOTSPOTS + f"SL-D01,{TO_HIEU},ma túy,Điểm Tô Hiệu,,,01/02/2026\n", "sl.csv", SON_LA)
    # A national account moves the hotspot to Lai Châu.
    moved = upload(db, f"ma_diem,ma_dia_ban,loai\nSL-D01,{SIN_HO},ma túy\n", "chuyen.csv", SYSTEM)
    assert hotspot_area(db, "SL-D01") == SIN_HO
    # Sơn La (here another of its accounts) keeps its upload and sees the one that took its hotspot;
    # Lai Châu sees only the move.
    assert {mine, moved} <= history_ids(db, staff("sonla2", province="14"))
    lai_chau = history_ids(db, LAI_CHAU)
    assert moved in lai_chau and mine not in lai_chau
    # Undoing the move would put the hotspot back in Sơn La: outside Lai Châu's scope; and it is in
    # Lai Châu now: outside Sơn La's. Only a national account may.
    for actor in (LAI_CHAU, SON_LA):
        with pytest.raises(uploads.UndoRefused, match="ngoài phạm vi"):
            uploads.undo(db, moved, actor=actor)
    assert hotspot_area(db, "SL-D01") == SIN_HO
    uploads.undo(db, moved, actor=SYSTEM)
    assert hotspot_area(db, "SL-D01") == TO_HIEU
    assert uploads.undo(db, mine, actor=SON_LA).removed == 1


VILLAGE = "LC-B01"
FILES = {
    "indicators": f"ma_dia_ban,thang,chi_so,gia_tri\n{VILLAGE},10/2026,crimes,2\n",
    "rounds": f"ma_dia_ban,thang_bat_dau,so_thang\n{VILLAGE},01/2026,12\n",
    "areas": f"ma_dia_ban,ten,cap,ma_cap_tren\n{VILLAGE},Bản Một Mới,bản,{SIN_HO}\n",
    "hotspots": HOTSPOTS + f"LC-D01,{VILLAGE},ma túy,Điểm bản Một,,,01/03/2026\n",
}


@pytest.mark.parametrize("kind", list(FILES))
def test_the_commit_checks_the_scope_again_inside_its_transaction(db: Database, kind: str) -> None:
    """A plan made while the village was Lai Châu's is refused once the village has moved to Sơn La:
    the commit compares with the database as it is, and writes nothing."""
    upload(db, f"ma_dia_ban,ten,cap,ma_cap_tren\n{VILLAGE},Bản Một,bản,{SIN_HO}\n", "ban.csv", SYSTEM)
    plan = importer.plan_import(db, FILES[kind].encode(), f"{kind}.csv", today=TODAY, scope=LAI_CHAU.scope)
    assert plan.ok and plan.kind == kind, plan.problems
    upload(db, f"ma_dia_ban,ten,cap,ma_cap_tren\n{VILLAGE},Bản Một,bản,{TO_HIEU}\n", "chuyen.csv", SYSTEM)
    version, counts = db.data_version(), db.table_counts()
    with pytest.raises(importer.ImportRefusedError, match=r"từ lúc kiểm tra tệp, địa bàn .* đã nằm ngoài phạm vi"):
        importer.commit_import(db, plan, actor=LAI_CHAU)
    assert db.data_version() == version and db.table_counts() == counts
    assert db.query_rows("SELECT name, parent_code FROM areas WHERE code = ?", [VILLAGE]) == [("Bản Một", TO_HIEU)]


def test_the_commit_checks_where_a_hotspot_is_now(db: Database) -> None:
    upload(db, HOTSPOTS + f"LC-D01,{SIN_HO},ma túy,Điểm Sìn Hồ,,,01/03/2026\n", "lc.csv", LAI_CHAU)
    plan = importer.plan_import(
        db, f"ma_diem,ma_dia_ban,loai,ten\nLC-D01,{SIN_HO},ma túy,Điểm đổi tên\n".encode(), "ten.csv",
        today=TODAY, scope=LAI_CHAU.scope,
    )  # fmt: skip
    assert plan.ok and plan.rows_changed == 1
    upload(db, f"ma_diem,ma_dia_ban,loai\nLC-D01,{TO_HIEU},ma túy\n", "chuyen.csv", SYSTEM)
    with pytest.raises(importer.ImportRefusedError, match="ngoài phạm vi"):
        importer.commit_import(db, plan, actor=LAI_CHAU)
    assert db.query_rows("SELECT area_code, name FROM hotspots WHERE id = 'LC-D01'") == [(TO_HIEU, "Điểm Sìn Hồ")]


def test_migration_010_keeps_the_area_each_earlier_upload_wrote(db: Database) -> None:
    """Uploads made before migration 010 (here: its column dropped and the migration run again): a
    hotspot's area is the one the next upload found it in (its before copy), or where it is now for
    the last upload."""
    first = upload(db, HOTSPOTS + f"SL-D01,{TO_HIEU},ma túy,,,,01/02/2026\n", "a.csv", SYSTEM)
    second = upload(db, f"ma_diem,ma_dia_ban,loai\nSL-D01,{SIN_HO},ma túy\n", "b.csv", SYSTEM)
    rounds = upload(db, f"ma_dia_ban,thang_bat_dau,so_thang\n{SIN_HO},01/2026,12\n", "c.csv", SYSTEM)
    with db.transaction() as cur:
        cur.execute("ALTER TABLE record_keys DROP COLUMN area_code")
        cur.execute("DELETE FROM schema_migrations WHERE version = 10")
    assert db.migrate() == [10]
    rows = db.query_rows("SELECT upload_id, area_code FROM record_keys ORDER BY upload_id")
    assert rows == [(first, TO_HIEU), (second, SIN_HO), (rounds, SIN_HO)]
    assert first in history_ids(db, staff("sonla2", province="14"))
