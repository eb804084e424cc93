"""What only admins change (criteria, settings), refused for others, and audited before/after;
and the audit of uploads, corrections and undo."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core import importer
from core.access import audit
from core.access.accounts import ADMIN, STAFF, PermissionDenied, User
from core.domain import admin
from core.domain.criteria import criteria_table
from core.importer import uploads
from core.storage.db import Database

ADMIN_USER = User("quantri", "Quản trị", ADMIN)
STAFF_USER = User("canbo", "Cán bộ", STAFF, "12")


def test_criteria_changes_by_admin_only_and_audited(db: Database) -> None:
    edited = criteria_table(db)
    edited.loc[edited["code"] == "C02", "target"] = 75.0
    with pytest.raises(PermissionDenied):
        admin.update_criteria(db, STAFF_USER, edited)
    assert admin.update_criteria(db, ADMIN_USER, edited) == 1
    assert float(db.query_value("SELECT target FROM criteria WHERE code = 'C02'")) == 75.0
    entry = audit.entries(db, action="criteria_change").iloc[0]
    assert '"target": 80.0' in entry["before"] and '"target": 75.0' in entry["after"]
    edited.loc[edited["code"] == "C02", "target"] = 140.0
    with pytest.raises(admin.AdminRefused, match="từ 0 đến 100"):
        admin.update_criteria(db, ADMIN_USER, edited)


def test_settings_by_admin_only_and_audited(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        admin.update_settings(db, STAFF_USER, {"watch_months": 18})
    version = db.data_version()
    assert admin.update_settings(db, ADMIN_USER, {"watch_months": 18, "amber_margin": 5}) == 1
    assert admin.settings(db)["watch_months"] == 18 and db.data_version() == version + 1
    with pytest.raises(admin.AdminRefused, match="từ 1 đến 60"):
        admin.update_settings(db, ADMIN_USER, {"watch_months": 0})
    entry = audit.entries(db, action="settings_change").iloc[0]
    assert (entry["actor"], entry["before"], entry["after"]) == (
        "quantri",
        '{"watch_months": 12.0}',
        '{"watch_months": 18.0}',
    )


def test_upload_correction_and_undo_are_audited(db: Database) -> None:
    content = b"ma_dia_ban,thang,chi_so,gia_tri\n03478,10/2026,crimes,2\n"
    result = importer.import_file(db, content, "t10.csv", actor=STAFF_USER, today=date(2026, 11, 1))
    assert isinstance(result, importer.ImportResult)
    grid = uploads.value_grid(db, "03478", date(2026, 10, 1), date(2026, 10, 1))
    edited = grid.copy()
    edited.loc[pd.Timestamp("2026-10-01"), "crimes"] = 3
    uploads.correct_values(db, "03478", grid, edited, actor=STAFF_USER)
    log = audit.entries(db)
    assert list(log["action"]) == ["correction", "upload", "user_create"]  # the admin `init` created
    assert log.iloc[0]["before"] == '{"2026-10 crimes": 2.0}' and log.iloc[0]["after"] == '{"2026-10 crimes": 3.0}'
    with pytest.raises(PermissionDenied):
        uploads.undo(db, result.upload_id, actor=User("chutich", "Chủ tịch", "viewer"))
    with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
        uploads.correct_values(db, "00004", grid, edited, actor=STAFF_USER)
