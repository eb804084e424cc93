"""Accounts: hashes, login, lockout, roles, scopes and the audit of every change, on real files."""

from __future__ import annotations

import shutil
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.access import accounts, audit
from core.access.accounts import ADMIN, STAFF, SYSTEM, VIEWER, AccountError, LoginRefused, PermissionDenied
from core.seed.bootstrap import init_database
from core.storage.db import Database


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


REFUSED = "Sai tên đăng nhập hoặc mật khẩu. Sau 5 lần sai liên tiếp, tài khoản bị tạm khóa 15 phút."


def test_wrong_password_counts_and_the_fifth_locks_for_fifteen_minutes(db: Database) -> None:
    accounts.create_user(db, SYSTEM, "chutich", "dung-mat-khau", VIEWER)
    now = datetime(2026, 12, 3, 9, 0)
    for attempt in range(1, 6):
        with pytest.raises(LoginRefused) as refused:
            accounts.authenticate(db, "chutich", "sai", now)
        assert str(refused.value) == REFUSED
        assert db.query_value("SELECT failed_logins FROM users WHERE username = 'chutich'") == attempt
    assert db.query_value("SELECT locked_until FROM users WHERE username = 'chutich'") == now + timedelta(minutes=15)
    # Locked: even the right password is refused, with the same words, until the time is up.
    with pytest.raises(LoginRefused) as locked:
        accounts.authenticate(db, "chutich", "dung-mat-khau", now + timedelta(minutes=5))
    assert str(locked.value) == REFUSED
    assert accounts.authenticate(db, "chutich", "dung-mat-khau", now + timedelta(minutes=16)).role == VIEWER
    assert db.query_rows("SELECT failed_logins, locked_until FROM users WHERE username = 'chutich'") == [(0, None)]
    actions = list(audit.entries(db, actor="chutich")["action"])
    assert actions == ["login", "login_failed", "locked", *["login_failed"] * 4]


def test_a_failure_after_the_lock_ran_out_starts_the_count_again(db: Database) -> None:
    accounts.create_user(db, SYSTEM, "chutich", "dung-mat-khau", VIEWER)
    now = datetime(2026, 12, 3, 9, 0)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            accounts.authenticate(db, "chutich", "sai", now)
    with pytest.raises(LoginRefused):
        accounts.authenticate(db, "chutich", "sai", now + timedelta(minutes=20))
    assert db.query_rows("SELECT failed_logins, locked_until FROM users WHERE username = 'chutich'") == [(1, None)]


def test_concurrent_wrong_passwords_all_count_and_lock(tmp_path: Path, initialised_db_file: Path) -> None:
    """Ten sessions at once, sharing one `Database` on a real file as the app does: every failure
    counts (reading the count before the write lock left 1 and no lock)."""
    path = tmp_path / "race.duckdb"
    shutil.copy(initialised_db_file, path)
    threads = 10
    with Database(path) as db:
        accounts.create_user(db, SYSTEM, "canbo", "dung-mat-khau", STAFF)
        barrier = threading.Barrier(threads)
        answers: list[str] = []

        def attempt() -> None:
            barrier.wait()
            try:
                accounts.authenticate(db, "canbo", "sai-mat-khau")
            except LoginRefused as exc:
                answers.append(str(exc))

        workers = [threading.Thread(target=attempt) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        failures, locked_until = db.query_rows(
            "SELECT failed_logins, locked_until FROM users WHERE username = 'canbo'"
        )[0]
        assert failures == threads and locked_until is not None and locked_until > datetime.now()
        assert answers == [REFUSED] * threads
        assert list(audit.entries(db, actor="canbo")["action"]).count("locked") == 1
        with pytest.raises(LoginRefused, match=r"^Sai tên đăng nhập"):
            accounts.authenticate(db, "canbo", "dung-mat-khau")


def _refusal(db: Database, username: str, password: str) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(LoginRefused) as refused:
        accounts.authenticate(db, username, password)
    return str(refused.value), time.perf_counter() - started


def test_unknown_user_wrong_password_and_locked_account_answer_alike(db: Database) -> None:
    """The same words and the same work (one password hash checked): a locked account answered in
    1 ms with "tạm khóa" while the others took 170 ms, which told that the account exists."""
    accounts.create_user(db, SYSTEM, "canbo", "dung-mat-khau", STAFF)
    accounts.create_user(db, SYSTEM, "chutich", "mat-khau-chu-tich", VIEWER)
    for _ in range(5):
        _refusal(db, "chutich", "sai")
    timings: dict[str, list[float]] = {"unknown": [], "wrong": [], "locked": []}
    texts: set[str] = set()
    for _ in range(3):
        for case, (name, password) in {
            "unknown": ("khongco", "sai"),
            "wrong": ("canbo", "sai"),
            "locked": ("chutich", "mat-khau-chu-tich"),
        }.items():
            text, seconds = _refusal(db, name, password)
            texts.add(text)
            timings[case].append(seconds)
        accounts.reset_password(db, SYSTEM, "canbo", "dung-mat-khau")  # keep `canbo` from locking
    median = {case: sorted(values)[1] for case, values in timings.items()}
    slowest, fastest = max(median.values()), min(median.values())
    assert fastest > slowest / 3, median  # each checks a hash (tens of ms); before: locked 1 ms, others 170 ms
    assert texts == {REFUSED}


def test_deactivated_account_cannot_log_in(db: Database) -> None:
    admin = accounts.create_user(db, SYSTEM, "quantri", "quan-tri-123", ADMIN)
    accounts.create_user(db, admin, "canbo", "dung-mat-khau", STAFF)
    accounts.update_user(db, admin, "canbo", active=False)
    # A wrong password gets the common answer; only the right one learns the account is deactivated.
    with pytest.raises(LoginRefused) as wrong:
        accounts.authenticate(db, "canbo", "sai")
    assert str(wrong.value) == REFUSED
    with pytest.raises(LoginRefused) as right:
        accounts.authenticate(db, "canbo", "dung-mat-khau")
    assert str(right.value) == "Tài khoản đã bị quản trị khóa."
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
