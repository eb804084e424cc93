"""Accounts: who may log in, with which role, over which part of the country.

Passwords are stored as argon2id hashes. Repeated failures lock an account for a while. Roles:
- viewer: the committee's chair and members: read everything in scope, present, try what-ifs;
- staff: also upload, correct, undo, record decisions, save scenarios, record tasks;
- admin: also users, criteria and targets, settings, the audit log, adopting scenarios.
A user's scope (one province, one commune, or everything) filters every query made for them.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.access import audit
from core.access.scope import Scope, area_in_scope
from core.storage.db import Database

VIEWER, STAFF, ADMIN = "viewer", "staff", "admin"
ROLES = (VIEWER, STAFF, ADMIN)
_RANK = {VIEWER: 0, STAFF: 1, ADMIN: 2}

# The least role each action needs.
PERMISSIONS: dict[str, str] = {
    "view": VIEWER,
    "present": VIEWER,
    "whatif": VIEWER,
    "report": VIEWER,
    "change_own_password": VIEWER,
    "upload": STAFF,
    "correct": STAFF,
    "undo": STAFF,
    "decide": STAFF,
    "save_scenario": STAFF,
    "tasks": STAFF,
    "adopt": ADMIN,
    "users": ADMIN,
    "criteria": ADMIN,
    "settings": ADMIN,
    "audit": ADMIN,
}

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_IDLE_MINUTES = 30
MIN_PASSWORD = 8
DEMO_PASSWORD = "demo123"
DEMO_ACCOUNTS = (
    ("chutich", "Chủ tịch UBND tỉnh (Trưởng Ban Chỉ đạo)", VIEWER),
    ("canbo", "Cán bộ thường trực Ban Chỉ đạo", STAFF),
    ("quantri", "Quản trị hệ thống", ADMIN),
)

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
_hasher = PasswordHasher()
# Checked against when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A request about accounts was refused; the message says why, in Vietnamese."""


class LoginRefused(AccountError):
    pass


class PermissionDenied(AccountError):
    pass


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: str
    province_code: str | None = None
    commune_code: str | None = None
    email: str | None = None
    active: bool = True

    @property
    def scope(self) -> Scope:
        return Scope(self.province_code, self.commune_code)

    def can(self, action: str) -> bool:
        return can(self.role, action)


def can(role: str, action: str) -> bool:
    """Whether `role` may do `action` (see PERMISSIONS). Unknown actions are refused."""
    needed = PERMISSIONS.get(action)
    return needed is not None and _RANK.get(role, -1) >= _RANK[needed]


def require(user: User | None, action: str) -> User:
    """The user, if they may do `action`; PermissionDenied otherwise."""
    if user is None or not user.active or not user.can(action):
        raise PermissionDenied("Tài khoản của bạn không có quyền thực hiện việc này.")
    return user


# The CLI and scripts act as this user: every right, the whole country.
SYSTEM = User("cli", "Dòng lệnh", ADMIN)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_policy(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    if username and password.casefold() == username.casefold():
        raise AccountError("Mật khẩu không được trùng tên đăng nhập.")


def random_password() -> str:
    return secrets.token_urlsafe(12)


_COLUMNS = "username, full_name, role, province_code, commune_code, email, active"


def _user(row: tuple[Any, ...]) -> User:
    username, full_name, role, province, commune, email, active = row
    return User(str(username), str(full_name or username), str(role), province, commune, email, bool(active))


def get_user(db: Database, username: str) -> User | None:
    rows = db.query_rows(f"SELECT {_COLUMNS} FROM users WHERE username = ?", [username.strip().lower()])
    return _user(rows[0]) if rows else None


def active_user(db: Database, username: str) -> User | None:
    """The user as stored now, or None when gone or deactivated (checked on every page run)."""
    user = get_user(db, username)
    return user if user is not None and user.active else None


def user_for_email(db: Database, email: str) -> User | None:
    """The active account whose e-mail is that of a single sign-on identity."""
    rows = db.query_rows(f"SELECT {_COLUMNS} FROM users WHERE lower(email) = ? AND active", [email.strip().lower()])
    return _user(rows[0]) if len(rows) == 1 else None


def list_users(db: Database) -> pd.DataFrame:
    return db.query_df(
        "SELECT u.username, u.full_name, u.role, u.province_code, p.name AS province_name, u.commune_code, "
        "c.name AS commune_name, u.email, u.active, u.locked_until, u.last_login_at, "
        "u.password_hash IS NOT NULL AS has_password "
        "FROM users u LEFT JOIN areas p ON p.code = u.province_code LEFT JOIN areas c ON c.code = u.commune_code "
        "ORDER BY u.username"
    )


def count_users(db: Database) -> int:
    return int(db.query_value("SELECT count(*) FROM users") or 0)


def _check_scope(db: Database, province: str | None, commune: str | None) -> tuple[str | None, str | None]:
    province = (province or "").strip() or None
    commune = (commune or "").strip() or None
    if commune is not None:
        rows = db.query_rows("SELECT province_code FROM areas WHERE code = ? AND level = 'commune'", [commune])
        if not rows:
            raise AccountError(f"Không có xã, phường mã {commune}.")
        if province is not None and rows[0][0] != province:
            raise AccountError(f"Xã, phường {commune} không thuộc tỉnh, thành phố {province}.")
        province = str(rows[0][0])
    elif province is not None and not db.query_value(
        "SELECT count(*) FROM areas WHERE code = ? AND level = 'province'", [province]
    ):
        raise AccountError(f"Không có tỉnh, thành phố mã {province}.")
    return province, commune


def _snapshot(db: Database, username: str) -> dict[str, Any] | None:
    user = get_user(db, username)
    if user is None:
        return None
    return {
        "role": user.role,
        "full_name": user.full_name,
        "province_code": user.province_code,
        "commune_code": user.commune_code,
        "email": user.email,
        "active": user.active,
    }


def create_user(
    db: Database,
    actor: User,
    username: str,
    password: str | None,
    role: str,
    full_name: str = "",
    province: str | None = None,
    commune: str | None = None,
    email: str | None = None,
    check_policy: bool = True,
) -> User:
    """A new account. `password` None makes a single-sign-on-only account (needs an e-mail)."""
    require(actor, "users")
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AccountError("Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.")
    if role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {role}.")
    if get_user(db, username) is not None:
        raise AccountError(f"Đã có tài khoản {username}.")
    email = (email or "").strip().lower() or None
    if password is None and email is None:
        raise AccountError("Cần mật khẩu, hoặc e-mail để đăng nhập một lần (SSO).")
    if password is not None and check_policy:
        check_password_policy(password, username)
    province, commune = _check_scope(db, province, commune)
    full_name = full_name.strip() or username
    with db.transaction(bump=False) as cur:
        cur.execute(
            "INSERT INTO users (username, full_name, role, province_code, commune_code, email, password_hash, "
            "password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
            [username, full_name, role, province, commune, email, hash_password(password) if password else None],
        )
        after = {
            "role": role,
            "full_name": full_name,
            "province_code": province,
            "commune_code": commune,
            "email": email,
            "active": True,
        }
        audit.record(cur, actor.username, "user_create", username, f"Tạo tài khoản {username} ({role})", None, after)
    created = get_user(db, username)
    assert created is not None
    return created


def update_user(
    db: Database,
    actor: User,
    username: str,
    *,
    role: str | None = None,
    full_name: str | None = None,
    province: str | None = None,
    commune: str | None = None,
    email: str | None = None,
    active: bool | None = None,
) -> User:
    """Change an account's role, scope, name, e-mail or whether it may log in. An admin cannot take
    away their own admin role or deactivate themselves (so there is always someone to undo it)."""
    require(actor, "users")
    before = _snapshot(db, username)
    if before is None:
        raise AccountError(f"Không có tài khoản {username}.")
    username = username.strip().lower()
    new_role = role if role is not None else before["role"]
    if new_role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {new_role}.")
    new_active = before["active"] if active is None else bool(active)
    if username == actor.username and (new_role != ADMIN or not new_active):
        raise AccountError("Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.")
    new_province, new_commune = _check_scope(db, province, commune)
    new_name = (full_name if full_name is not None else before["full_name"]).strip() or username
    new_email = (email if email is not None else before["email"] or "").strip().lower() or None
    after = {
        "role": new_role,
        "full_name": new_name,
        "province_code": new_province,
        "commune_code": new_commune,
        "email": new_email,
        "active": new_active,
    }
    if after == before:
        updated = get_user(db, username)
        assert updated is not None
        return updated
    with db.transaction(bump=False) as cur:
        cur.execute(
            "UPDATE users SET role = ?, full_name = ?, province_code = ?, commune_code = ?, email = ?, active = ? "
            "WHERE username = ?",
            [new_role, new_name, new_province, new_commune, new_email, new_active, username],
        )
        changed = ", ".join(k for k in after if after[k] != before[k])
        audit.record(
            cur, actor.username, "user_update", username, f"Sửa tài khoản {username}: {changed}", before, after
        )
    updated = get_user(db, username)
    assert updated is not None
    return updated


def reset_password(db: Database, actor: User, username: str, password: str | None = None) -> str:
    """An admin sets a new password (random when none is given) and unlocks the account. Returns it."""
    require(actor, "users")
    if get_user(db, username) is None:
        raise AccountError(f"Không có tài khoản {username}.")
    password = password or random_password()
    check_password_policy(password, username)
    with db.transaction(bump=False) as cur:
        cur.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = current_timestamp, failed_logins = 0, "
            "locked_until = NULL WHERE username = ?",
            [hash_password(password), username],
        )
        audit.record(cur, actor.username, "password_reset", username, f"Đặt lại mật khẩu cho {username}")
    return password


def change_password(db: Database, user: User, old: str, new: str) -> None:
    """A user changes their own password, giving the current one."""
    row = db.query_rows("SELECT password_hash FROM users WHERE username = ?", [user.username])
    if not row or not _verify(row[0][0], old):
        raise AccountError("Mật khẩu hiện tại không đúng.")
    check_password_policy(new, user.username)
    if new == old:
        raise AccountError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    with db.transaction(bump=False) as cur:
        cur.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = current_timestamp WHERE username = ?",
            [hash_password(new), user.username],
        )
        audit.record(cur, user.username, "password_change", user.username, "Đổi mật khẩu")


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# The one answer to a refused login, whether the name is unknown, the password wrong or the account
# locked: each of them checks one password hash and writes one audit entry, so neither the words nor the
# time tell whether the account exists (a locked account answered in 1 ms, the others in 170 ms).
_REFUSED = (
    f"Sai tên đăng nhập hoặc mật khẩu. Sau {MAX_FAILURES} lần sai liên tiếp, tài khoản bị tạm khóa {LOCK_MINUTES} phút."
)
_DEACTIVATED = "Tài khoản đã bị quản trị khóa."  # said only once the password is known to be right

# One failure, counted in one statement under the file's write lock, so concurrent failures all count
# (ten threads reading the count before writing it left 1). A failure after a lock has run out starts
# the count again; the MAX_FAILURES-th sets the lock, which later failures do not extend.
_COUNT_FAILURE = """
UPDATE users SET
    failed_logins = CASE WHEN locked_until <= $now THEN 1 ELSE coalesce(failed_logins, 0) + 1 END,
    locked_until = CASE
        WHEN locked_until > $now THEN locked_until
        WHEN (CASE WHEN locked_until <= $now THEN 1 ELSE coalesce(failed_logins, 0) + 1 END) >= $max THEN $until
        ELSE NULL END
WHERE username = $username
RETURNING failed_logins, locked_until
"""


def _count_failure(cur: duckdb.DuckDBPyConnection, username: str, now: datetime, locked: bool) -> None:
    until = now + timedelta(minutes=LOCK_MINUTES)
    params = {"now": now, "max": MAX_FAILURES, "until": until, "username": username}
    row = cur.execute(_COUNT_FAILURE, params).fetchone()
    assert row is not None
    failures, locked_until = int(row[0]), row[1]
    if locked:
        audit.record(cur, username, "login_failed", username, f"Đăng nhập khi tài khoản đang tạm khóa (lần {failures})")
    elif locked_until == until:
        audit.record(cur, username, "locked", username, f"Tạm khóa {LOCK_MINUTES} phút sau {failures} lần sai")
    else:
        audit.record(cur, username, "login_failed", username, f"Sai mật khẩu (lần {failures})")


def authenticate(db: Database, username: str, password: str, now: datetime | None = None) -> User:
    """The user, when the password is right and the account is neither locked nor deactivated.
    Each refusal of an existing account counts; the MAX_FAILURES-th in a row locks it for
    LOCK_MINUTES. An unknown name, a wrong password and a locked account get the same answer after
    the same work; a deactivated account is said to be so only after the right password."""
    now = now or datetime.now()
    username = username.strip().lower()
    rows = db.query_rows("SELECT password_hash FROM users WHERE username = ?", [username])
    stored = rows[0][0] if rows else None
    right = _verify(stored, password)  # one hash checked on every path: the same time
    with db.transaction(bump=False) as cur:
        state = cur.execute("SELECT active, locked_until FROM users WHERE username = ?", [username]).fetchall()
        if not state:
            audit.record(cur, username[:64] or "?", "login_failed", username[:64], "Tên đăng nhập không tồn tại")
            outcome = "refused"
        else:
            active, locked_until = state[0]
            locked = locked_until is not None and locked_until > now
            if locked or not right:
                _count_failure(cur, username, now, locked)
                outcome = "refused"
            elif not active:
                audit.record(cur, username, "login_failed", username, "Tài khoản đã bị quản trị khóa")
                outcome = "deactivated"
            else:
                _log_in(cur, username, stored, password, now)
                outcome = "ok"
    if outcome == "refused":
        raise LoginRefused(_REFUSED)
    if outcome == "deactivated":
        raise LoginRefused(_DEACTIVATED)
    user = get_user(db, username)
    assert user is not None
    return user


def _log_in(cur: duckdb.DuckDBPyConnection, username: str, stored: str | None, password: str, now: datetime) -> None:
    cur.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE username = ?",
        [now, username],
    )
    if stored is not None and _hasher.check_needs_rehash(stored):
        cur.execute("UPDATE users SET password_hash = ? WHERE username = ?", [hash_password(password), username])
    audit.record(cur, username, "login", username, "Đăng nhập")


def log_single_sign_on(db: Database, user: User) -> None:
    with db.transaction(bump=False) as cur:
        cur.execute("UPDATE users SET last_login_at = current_timestamp WHERE username = ?", [user.username])
        audit.record(cur, user.username, "login", user.username, "Đăng nhập một lần (SSO)")


def log_out(db: Database, user: User, reason: str = "Đăng xuất") -> None:
    with db.transaction(bump=False) as cur:
        audit.record(cur, user.username, "logout", user.username, reason)


def ensure_admin(db: Database) -> str | None:
    """When the database has no account: an admin `admin` with a random password, returned once."""
    if count_users(db):
        return None
    password = random_password()
    create_user(db, SYSTEM, "admin", password, ADMIN, "Quản trị hệ thống")
    return password


def create_demo_accounts(db: Database, province: str) -> None:
    """The demo database's accounts, each with password `demo123` (shown on its login page only)."""
    for username, full_name, role in DEMO_ACCOUNTS:
        if get_user(db, username) is not None:
            continue
        scope = None if role == ADMIN else province
        create_user(db, SYSTEM, username, DEMO_PASSWORD, role, full_name, province=scope, check_policy=False)


def require_area(db: Database, user: User, code: str) -> None:
    """PermissionDenied unless the area `code` lies in the user's scope."""
    if not user.scope.is_all and not area_in_scope(db, code, user.scope):
        raise PermissionDenied(f"Địa bàn {code} nằm ngoài phạm vi được giao cho tài khoản {user.username}.")
