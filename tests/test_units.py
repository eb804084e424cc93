"""Administrative units from vietnamadminunits, and pre-2025 communes mapped to today's."""

from __future__ import annotations

from core.storage.db import Database


def test_34_provinces_and_3321_communes_with_coordinates(db: Database) -> None:
    counts = dict(db.query_rows("SELECT level, count(*) FROM areas WHERE official GROUP BY level"))
    assert counts == {"province": 34, "commune": 3321}
    assert db.query_value("SELECT count(*) FROM areas WHERE level = 'commune' AND (lat IS NULL OR lon IS NULL)") == 0
    types = dict(db.query_rows("SELECT unit_type, count(*) FROM areas WHERE level = 'commune' GROUP BY unit_type"))
    assert types == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_seed_communes_have_their_official_codes(db: Database) -> None:
    rows = dict(
        db.query_rows("SELECT code, name FROM areas WHERE code IN ('03478', '03508', '03529', '03544', '15061')")
    )
    assert rows == {
        "03478": "Xã Sìn Hồ",
        "03508": "Xã Hồng Thu",
        "03529": "Xã Tủa Sín Chải",
        "03544": "Xã Nậm Cuổi",
        "15061": "Xã Ngọc Lặc",
    }
    assert db.query_value("SELECT parent_code FROM areas WHERE code = '03478'") == "12"
    assert db.query_value("SELECT name FROM areas WHERE code = '12'") == "Tỉnh Lai Châu"


def test_merged_communes_map_to_todays(db: Database) -> None:
    legacy = {
        name: (new_code, district)
        for name, new_code, district in db.query_rows(
            "SELECT old_name, new_code, district_name FROM legacy_units "
            "WHERE old_name IN ('Xã Chiềng Khoang', 'Xã Hẹ Muông', 'Xã Căn Co')"
        )
    }
    assert legacy == {
        "Xã Chiềng Khoang": ("03703", "Huyện Quỳnh Nhai"),  # now Xã Quỳnh Nhai, Sơn La
        "Xã Hẹ Muông": ("03358", "Huyện Điện Biên"),  # now Xã Núa Ngam, Điện Biên
        "Xã Căn Co": ("03538", "Huyện Sìn Hồ"),  # now Xã Nậm Mạ, Lai Châu
    }
    assert db.query_value("SELECT count(*) FROM legacy_units WHERE new_code IS NULL") == 0
    assert db.query_value("SELECT count(*) FROM legacy_units") > 10_000
