"""The logged-in user: login (password or single sign-on), the idle timeout, the page guard.

A session holds the username (`_user`); every run reads the account again, so a role change or a
deactivation takes effect at the user's next click. A session idle for longer than
SESSION_IDLE_MINUTES is logged out. With single sign-on configured (st.login, OIDC), the identity's
e-mail picks the account; roles and scopes still come from our table.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from core.access import accounts, serving
from core.access.accounts import User
from core.access.scope import Scope
from web.context import db, plain, tr

# The pages: (section, script, title, icon, address, the permission that shows it in the navigation).
PAGES = [
    ("nav.section.meeting", "pages/overview.py", "nav.overview", "📊", "tong-quan", "view"),
    ("nav.section.meeting", "pages/area.py", "nav.area", "🏘️", "dia-ban", "view"),
    ("nav.section.meeting", "pages/exit_review.py", "nav.exit", "✅", "xet-ra-khoi-dien", "view"),
    ("nav.section.meeting", "pages/map.py", "nav.map", "🗺️", "ban-do", "view"),
    ("nav.section.meeting", "pages/whatif.py", "nav.whatif", "🎯", "gia-dinh", "whatif"),
    ("nav.section.meeting", "pages/report.py", "nav.report", "📝", "bao-cao", "report"),
    ("nav.section.data", "pages/upload.py", "nav.upload", "📤", "cap-nhat", "upload"),
    ("nav.section.admin", "pages/admin.py", "nav.admin", "⚙️", "quan-tri", "users"),
]


def nav_paths(current: User) -> list[str]:
    """The addresses of the pages in this user's navigation (their role may use them)."""
    return [path for _, _, _, _, path, action in PAGES if current.can(action)]


USER_KEY = "_user"

SEEN_KEY = "_seen"

_CURRENT_KEY = "_current_user"

_LOGIN_FLASH = "_login_flash"
DOWNLOAD_NOTICE = "_download_notice"  # why the last download gave no file (see widgets.download_button)
NOTICE_THIS_RUN = "_download_notice_run"


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _sso_email() -> str | None:
    if not _sso_configured():
        return None
    try:
        if st.user.is_logged_in:
            email = st.user.get("email")
            return str(email) if email else None
    except Exception:
        return None
    return None


def session_user() -> User | None:
    """Who this session is, checked once per run by app.py (None: show the login page)."""
    st.session_state.pop(_CURRENT_KEY, None)
    # What a download click's callback said, for this run only (the page of that click shows it).
    st.session_state[NOTICE_THIS_RUN] = st.session_state.pop(DOWNLOAD_NOTICE, None)
    username = st.session_state.get(USER_KEY)
    user: User | None = None
    now = time.time()
    if username:
        idle = now - float(st.session_state.get(SEEN_KEY, now))
        user = accounts.active_user(db(), str(username))
        if user is not None and idle > accounts.SESSION_IDLE_MINUTES * 60:
            accounts.log_out(db(), user, "Hết phiên do không hoạt động")
            st.session_state[_LOGIN_FLASH] = "login.expired"
            user = None
        if user is None:
            st.session_state.pop(USER_KEY, None)
    elif (email := _sso_email()) is not None:
        user = accounts.user_for_email(db(), email)
        if user is not None:
            accounts.log_single_sign_on(db(), user)
            st.session_state[USER_KEY] = user.username
    if user is not None:
        st.session_state[SEEN_KEY] = now
        st.session_state[_CURRENT_KEY] = user
    return user


def user() -> User | None:
    """The user of this run (set by `session_user`)."""
    current = st.session_state.get(_CURRENT_KEY)
    return current if isinstance(current, User) else None


def actor() -> User:
    """The user of this run, for a write (core checks the role and scope again)."""
    current = user()
    if current is None:
        raise accounts.PermissionDenied("Phiên làm việc đã hết; hãy đăng nhập lại.")
    return current


def scope() -> Scope:
    current = user()
    return current.scope if current is not None else Scope(province="__none__")


def can(action: str) -> bool:
    current = user()
    return current is not None and current.can(action)


def guard(action: str = "view") -> User:
    """Top of every page: the login form when nobody is logged in; a refusal when the user's role
    may not use the page (opened by its address); otherwise the user."""
    current = user()
    if current is None:
        login_form()
        st.stop()
    if not current.can(action):
        st.title(tr("auth.refused.title"))
        st.error(tr("auth.refused", role=tr(f"role.{current.role}")), icon="⛔")
        st.stop()
    return current


def server_address() -> str:
    """The address Streamlit serves on (`server.address`; empty: every interface)."""
    return str(st.get_option("server.address") or "")


def refuse_demo_off_loopback() -> None:
    """The demo database on an address the whole network reaches, not asked for (core.access.serving): say so
    and serve nothing, not even the login form."""
    if db().is_demo() and not serving.demo_allowed(server_address()):
        st.title(tr("serve.demo_refused_title"))
        st.error(tr("serve.demo_refused", address=plain(server_address() or "0.0.0.0")), icon="⛔")
        st.stop()


def login_form() -> None:
    """The login page: username and password, single sign-on when configured, the demo accounts on
    the demo database served on loopback."""
    st.title(tr("app.title"))
    st.caption(tr("app.subtitle"))
    flash = st.session_state.pop(_LOGIN_FLASH, None)
    if flash:
        st.info(tr(flash))
    left, _ = st.columns([2, 3])
    with left.form("login", border=True):
        st.subheader(tr("login.title"))
        username = st.text_input(tr("login.username"), key="login_user", autocomplete="username")
        password = st.text_input(tr("login.password"), type="password", key="login_password")
        submitted = st.form_submit_button(tr("login.submit"), type="primary", width="stretch")
    if submitted:
        try:
            account = accounts.authenticate(db(), username, password)
        except accounts.LoginRefused as exc:
            left.error(plain(exc), icon="🔒")
        else:
            st.session_state[USER_KEY] = account.username
            st.session_state[SEEN_KEY] = time.time()
            st.rerun()
    if _sso_configured():
        if left.button(tr("login.sso"), width="stretch"):
            st.login()
        if (email := _sso_email()) is not None and accounts.user_for_email(db(), email) is None:
            left.warning(tr("login.sso_unknown", email=plain(email)))
            if left.button(tr("login.sso_logout")):
                st.logout()
    if db().is_demo() and serving.is_loopback(server_address()):  # never listed to the network
        with left.container(border=True):
            st.markdown(tr("login.demo"))
            st.table(
                pd.DataFrame(
                    {
                        tr("login.username"): [name for name, _, _ in accounts.DEMO_ACCOUNTS],
                        tr("login.role"): [tr(f"role.{role}") for _, _, role in accounts.DEMO_ACCOUNTS],
                        tr("login.password"): [accounts.DEMO_PASSWORD] * len(accounts.DEMO_ACCOUNTS),
                    }
                ),
                hide_index=True,
            )


def log_out(current: User) -> None:
    accounts.log_out(db(), current)
    for key in (USER_KEY, SEEN_KEY, _CURRENT_KEY):
        st.session_state.pop(key, None)
    st.session_state[_LOGIN_FLASH] = "login.logged_out"
    if _sso_email() is not None:
        st.logout()
    st.rerun()
