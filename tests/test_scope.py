"""Scope: the SQL condition it builds and what it lets through, on a real DuckDB file."""

from __future__ import annotations

import pandas as pd

from core.access.scope import ALL, Scope
from core.storage.db import Database


def _areas(tmp_path) -> Database:
    db = Database(tmp_path / "scope.duckdb")
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO areas (code, name, level, parent_code, province_code) VALUES "
            "('01', 'Hà Nội', 'province', NULL, '01'), ('00004', 'Ba Đình', 'commune', '01', '01'), "
            "('00004-01', 'Tổ 1', 'village', '00004', '01'), ('00008', 'Ngọc Hà', 'commune', '01', '01'), "
            "('12', 'Lai Châu', 'province', NULL, '12'), ('03388', 'Mường Tè', 'commune', '12', '12')"
        )
    return db


def _codes(db: Database, scope: Scope) -> list[str]:
    sql = f"SELECT code FROM areas a WHERE {scope.condition('a')} ORDER BY code"
    return [r[0] for r in db.query_rows(sql, scope.params())]


def test_condition_text_binds_values_as_parameters() -> None:
    text = Scope(province="12").condition("x")
    assert '"x".province_code = $scope_province' in text
    assert "12" not in text
    assert Scope(province="12").params() == {"scope_province": "12", "scope_commune": None}


def test_scopes_filter_in_sql(tmp_path) -> None:
    with _areas(tmp_path) as db:
        assert len(_codes(db, ALL)) == 6
        assert _codes(db, Scope(province="12")) == ["03388", "12"]
        assert _codes(db, Scope(commune="00004")) == ["00004", "00004-01"]
        assert _codes(db, Scope(province="12", commune="00004")) == []


def test_covers_and_filter_agree_with_sql() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["00004", "00004-01", "03388"],
            "province_code": ["01", "01", "12"],
            "parent_code": ["01", "00004", "12"],
        }
    )
    scope = Scope(commune="00004")
    assert list(scope.filter(frame)["area_code"]) == ["00004", "00004-01"]
    assert list(Scope(province="12").filter(frame)["area_code"]) == ["03388"]
    assert ALL.filter(frame) is frame
    assert scope.covers("00004-01", "01", "00004") and not scope.covers("03388", "12", "12")
