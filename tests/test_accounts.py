"""Accounts: hashes, login, lockout, roles, scopes and the audit of every change, on real files."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core import accounts, audit
from core.accounts import ADMIN, STAFF, SYSTEM, VIEWER, AccountError, LoginRefused, PermissionDenied
from core.bootstrap import init_database
from core.db import Database


def test_init_creates_one_admin_with_a_random_password_that_works(tmp_path) -> None:
    with Database(tmp_path / "new.duckdb") as db:
        result = init_database(db)
        assert result.admin_password and len(result.admin_password) >= 12
        assert init_database(db).admin_password is None  # only once
        user = accounts.authenticate(db, "admin", result.admin_password)
        assert (user.role, user.scope.is_all) == (ADMIN, True)
    with Database(tmp_path / "other.duckdb") as other:
        assert init_database(other).admin_password != result.admin_password


def test_passwords_are_stored_as_argon2_hashes_not_text(db: Database) -> None:
    accounts.create_user(db, SYSTEM, "canbo.sinho", "mật-khẩu-dài", STAFF, province="12")
    stored = db.query_value("SELECT password_hash FROM users WHERE username = 'canbo.sinho'")
    assert stored.startswith("$argon2id$") and "mật-khẩu-dài" not in stored
    assert accounts.authenticate(db, "Canbo.SinHo ", "mật-khẩu-dài").username == "canbo.sinho"


def test_wrong_password_counts_and_the_fifth_locks_for_fifteen_minutes(db: Database) -> None:
    accounts.create_user(db, SYSTEM, "chutich", "dung-mat-khau", VIEWER)
    now = datetime(2026, 12, 3, 9, 0)
    for attempt in range(1, 5):
        with pytest.raises(LoginRefused, match=f"Còn {5 - attempt} lần thử"):
            accounts.authenticate(db, "chutich", "sai", now)
    with pytest.raises(LoginRefused, match="tạm khóa 15 phút"):
        accounts.authenticate(db, "chutich", "sai", now)
    # Locked: even the right password is refused until the time is up.
    with pytest.raises(LoginRefused, match="thử lại sau 11 phút"):
        accounts.authenticate(db, "chutich", "dung-mat-khau", now + timedelta(minutes=5))
    assert accounts.authenticate(db, "chutich", "dung-mat-khau", now + timedelta(minutes=16)).role == VIEWER
    actions = list(audit.entries(db, actor="chutich")["action"])
    assert actions == ["login", "locked", *["login_failed"] * 4]


def test_unknown_user_and_wrong_password_say_the_same(db: Database) -> None:
    accounts.create_user(db, SYSTEM, "canbo", "dung-mat-khau", STAFF)
    with pytest.raises(LoginRefused) as unknown:
        accounts.authenticate(db, "khongco", "x")
    with pytest.raises(LoginRefused) as wrong:
        accounts.authenticate(db, "canbo", "x")
    assert str(wrong.value).startswith(str(unknown.value))


def test_deactivated_account_cannot_log_in(db: Database) -> None:
    admin = accounts.create_user(db, SYSTEM, "quantri", "quan-tri-123", ADMIN)
    accounts.create_user(db, admin, "canbo", "dung-mat-khau", STAFF)
    accounts.update_user(db, admin, "canbo", active=False)
    with pytest.raises(LoginRefused, match="khóa"):
        accounts.authenticate(db, "canbo", "dung-mat-khau")
    assert accounts.active_user(db, "canbo") is None


def test_logins_do_not_bump_the_data_version(db: Database) -> None:
    accounts.create_user(db, SYSTEM, "canbo", "dung-mat-khau", STAFF)
    version = db.data_version()
    accounts.authenticate(db, "canbo", "dung-mat-khau")
    with pytest.raises(LoginRefused):
        accounts.authenticate(db, "canbo", "sai")
    assert db.data_version() == version


def test_role_permissions() -> None:
    assert accounts.can(VIEWER, "whatif") and not accounts.can(VIEWER, "upload")
    assert accounts.can(STAFF, "upload") and accounts.can(STAFF, "decide") and not accounts.can(STAFF, "adopt")
    assert all(accounts.can(ADMIN, action) for action in accounts.PERMISSIONS)
    assert not accounts.can(ADMIN, "no-such-action") and not accounts.can("guest", "view")
    with pytest.raises(PermissionDenied):
        accounts.require(accounts.User("a", "A", VIEWER), "save_scenario")
    with pytest.raises(PermissionDenied):
        accounts.require(None, "view")


def test_only_admins_manage_users_and_scopes_are_checked(db: Database) -> None:
    staff = accounts.create_user(db, SYSTEM, "canbo", "dung-mat-khau", STAFF)
    with pytest.raises(PermissionDenied):
        accounts.create_user(db, staff, "moi", "mat-khau-moi", VIEWER)
    with pytest.raises(AccountError, match="Không có xã"):
        accounts.create_user(db, SYSTEM, "canbo.xa", "mat-khau-moi", VIEWER, commune="99999")
    with pytest.raises(AccountError, match="không thuộc"):
        accounts.create_user(db, SYSTEM, "canbo.xa", "mat-khau-moi", VIEWER, province="01", commune="03478")
    user = accounts.create_user(db, SYSTEM, "canbo.xa", "mat-khau-moi", VIEWER, commune="03478")
    assert (user.province_code, user.commune_code) == ("12", "03478")  # the province follows the commune
    with pytest.raises(AccountError, match="ít nhất 8"):
        accounts.create_user(db, SYSTEM, "ngan", "1234567", VIEWER)
    with pytest.raises(AccountError, match="Tên đăng nhập"):
        accounts.create_user(db, SYSTEM, "Tên Có Dấu", "mat-khau-moi", VIEWER)


def test_user_changes_are_audited_with_before_and_after(db: Database) -> None:
    admin = accounts.create_user(db, SYSTEM, "quantri", "quan-tri-123", ADMIN)
    accounts.create_user(db, admin, "canbo", "dung-mat-khau", VIEWER, province="12")
    accounts.update_user(db, admin, "canbo", role=STAFF, province="12")
    entry = audit.entries(db, action="user_update").iloc[0]
    assert (entry["actor"], entry["target"]) == ("quantri", "canbo")
    assert '"role": "viewer"' in entry["before"] and '"role": "staff"' in entry["after"]
    with pytest.raises(AccountError, match="tự bỏ quyền"):
        accounts.update_user(db, admin, "quantri", role=VIEWER)


def test_change_and_reset_password(db: Database) -> None:
    admin = accounts.create_user(db, SYSTEM, "quantri", "quan-tri-123", ADMIN)
    user = accounts.create_user(db, admin, "canbo", "dung-mat-khau", STAFF)
    with pytest.raises(AccountError, match="hiện tại không đúng"):
        accounts.change_password(db, user, "sai", "mat-khau-moi")
    accounts.change_password(db, user, "dung-mat-khau", "mat-khau-moi")
    assert accounts.authenticate(db, "canbo", "mat-khau-moi")
    for _ in range(5):
        with pytest.raises(LoginRefused):
            accounts.authenticate(db, "canbo", "sai")
    new = accounts.reset_password(db, admin, "canbo")
    assert accounts.authenticate(db, "canbo", new).username == "canbo"  # reset also unlocks


def test_demo_accounts(demo_database: Database) -> None:
    users = accounts.list_users(demo_database).set_index("username")
    assert users.loc[["chutich", "canbo", "quantri"], "role"].tolist() == [VIEWER, STAFF, ADMIN]
    assert users.loc["chutich", "province_name"] == "Tỉnh Lai Châu"
