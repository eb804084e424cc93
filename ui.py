"""Streamlit glue shared by the pages: the database, the language, the reviewed month, cached loaders.

Loaders are cached on (database path, data version, arguments): a page rerun that nothing changed
reads from the cache; any committed write bumps the version, so an upload shows at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from core.access import accounts, downloads, serving
from core.access.accounts import User
from core.access.scope import Scope
from core.base.formatting import fmt_date, fmt_month, month_key, parse_month_arg
from core.base.i18n import LANGS, t
from core.base.text import escape_markdown, shorten
from core.domain import criteria, tasks
from core.storage.db import Database, db_path_from_env
from core.views import overview, queries


def refuse_cache_clearing() -> None:
    """Ignore Streamlit's "clear cache" message, once per process (app.py calls this first).

    Any browser can send it over the app's websocket (the toolbar's "Clear cache", which
    client.toolbarMode = "viewer" hides, or by hand), and Streamlit's handler empties st.cache_data and
    st.cache_resource for every user of the server: 20 a second kept every overview at 1.3-3.8 s
    instead of 0.4 s, and dropped the one shared database connection. Streamlit 1.67 has no setting to
    turn it off, so its handler (AppSession._handle_clear_cache_request) is replaced by one that does
    nothing. Nobody needs it: every loader here is keyed on the data version, so a write shows at once."""
    from streamlit.runtime.app_session import AppSession

    def ignore(session: AppSession) -> None:
        return None

    if getattr(AppSession._handle_clear_cache_request, "__name__", "") != "ignore":
        AppSession._handle_clear_cache_request = ignore  # type: ignore[method-assign]


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path)


def db() -> Database:
    return _open(db_path_from_env())


def open_db(path: str) -> Database:
    """The process's one connection to the file at `path` (for cached loaders keyed on the path)."""
    return _open(path)


def lang() -> str:
    value = st.session_state.get("_lang") or st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def tr(key: str, **kwargs: object) -> str:
    return t(key, lang(), **kwargs)


def plain(value: object) -> str:
    """A value from data or the URL (a name, a file name, a decision number, a message quoting one) as
    literal text wherever Streamlit reads Markdown: titles, captions, markdown, alerts, metric, tab,
    expander, popover and button labels, help tooltips and st.table cells. "[x](http://a)" stays those
    characters, not a link; "$x$" is not a formula. Selectboxes and st.dataframe show text as it is and
    need nothing (escaped there, the backslashes would show)."""
    return escape_markdown(str(value))


URL_SHOWN_CHARS = 80  # a value from the address is quoted back at most this long (a link may carry 100 KB)


def plain_url(value: object) -> str:
    """A value from the address, quoted back to the user: as text (`plain`), and cut to
    URL_SHOWN_CHARS characters with "…"."""
    return plain(shorten(str(value), URL_SHOWN_CHARS))


def version() -> int:
    return db().data_version()


@st.cache_data(show_spinner=False, max_entries=64)
def _months(path: str, data_version: int) -> list[date]:
    return queries.months_with_data(_open(path))


# Cached loaders take the scope as (province, commune): what one user's scope computed is shared
# with every user of the same scope, never with another.
@st.cache_data(show_spinner=False, max_entries=64)
def _evaluation(
    path: str, data_version: int, month: date, province: str | None, commune: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Criterion results and round status in a scope, from one committed state (an upload
    committing meanwhile is in both or in neither)."""
    scope = Scope(province, commune)
    with _open(path).snapshot() as snap:
        results = criteria.criterion_results(snap, month, scope=scope)
        return results, criteria.round_status(snap, month, results=results, scope=scope)


def _criterion_results(
    path: str, data_version: int, month: date, province: str | None, commune: str | None
) -> pd.DataFrame:
    return _evaluation(path, data_version, month, province, commune)[0]


def _round_status(path: str, data_version: int, month: date, province: str | None, commune: str | None) -> pd.DataFrame:
    return _evaluation(path, data_version, month, province, commune)[1]


@st.cache_data(show_spinner=False, max_entries=16)
def _matrix_cells(
    path: str,
    data_version: int,
    month: date,
    language: str,
    amber_margin: float,
    province: str | None,
    commune: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    results = _criterion_results(path, data_version, month, province, commune)
    return overview.matrix_cells(results, amber_margin, language)


def matrix_cells(month: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's matrix at `month`: cell texts and red-amber-green, round x criterion (cached)."""
    s = scope()
    return _matrix_cells(db().path, version(), month, lang(), settings()["amber_margin"], s.province, s.commune)


@st.cache_data(show_spinner=False, max_entries=16)
def _settings(path: str, data_version: int) -> dict[str, float]:
    database = _open(path)
    return {key: overview.setting(database, key) for key in overview.SETTINGS_DEFAULTS}


def months() -> list[date]:
    return _months(db().path, version())


def cached_round_status(path: str, data_version: int, month: date, scope: Scope) -> pd.DataFrame:
    """`round_status` from the cache, for pages' own cached loaders (keyed on path, version, scope)."""
    return _round_status(path, data_version, month, scope.province, scope.commune)


def round_status(month: date) -> pd.DataFrame:
    s = scope()
    return _round_status(db().path, version(), month, s.province, s.commune)


def criterion_results(month: date) -> pd.DataFrame:
    s = scope()
    return _criterion_results(db().path, version(), month, s.province, s.commune)


@st.cache_data(show_spinner=False, max_entries=16)
def _province_names(path: str, data_version: int, province: str | None) -> dict[str, str]:
    return queries.province_names(_open(path), Scope(province))


@st.cache_data(show_spinner=False, max_entries=4)
def _indicator_labels(path: str, data_version: int, language: str) -> dict[str, str]:
    return queries.indicator_labels(_open(path), language)


def indicator_labels() -> dict[str, str]:
    """Indicator code -> its name in the session's language, with its unit."""
    return _indicator_labels(db().path, version(), lang())


@st.cache_data(show_spinner=False, max_entries=8)
def _criteria_names(path: str, data_version: int, language: str) -> dict[str, str]:
    table = criteria.criteria_table(_open(path))
    return dict(zip(table["code"], table["name_en" if language == "en" else "name_vi"], strict=True))


def criteria_names(language: str) -> dict[str, str]:
    """Criterion code -> its full name in `language`."""
    return _criteria_names(db().path, version(), language)


def province_names() -> dict[str, str]:
    return _province_names(db().path, version(), scope().province)


def settings() -> dict[str, float]:
    return _settings(db().path, version())


# -- state that survives page changes and lives in the URL ----------------------------------------
#
# Streamlit forgets a widget's value when the user moves to another page (widget identities are per
# page), and page changes drop the URL's parameters. So each such choice is kept under a key of its
# own (`_<name>`), copied into the widget before it is drawn, copied back when the user changes it,
# and written to the URL after. A URL value this session did not write itself (a shared link, a
# first load) wins over the kept one.

T = TypeVar("T")


def sticky(
    name: str,
    param: str,
    parse: Callable[[str], T | None],
    default: T,
    valid: Callable[[T], bool],
) -> None:
    """Prepare the widget keyed `name`; call just before drawing it with `on_change=remember, args=(name,)`."""
    store, written = f"_{name}", f"_{name}_url"
    raw = st.query_params.get(param)
    from_url = parse(raw) if raw is not None else None
    if from_url is not None and valid(from_url) and raw != st.session_state.get(written):
        st.session_state[store] = from_url
    elif store not in st.session_state or not valid(st.session_state[store]):
        st.session_state[store] = default
    st.session_state[name] = st.session_state[store]


def remember(name: str) -> None:
    st.session_state[f"_{name}"] = st.session_state[name]


def to_url(name: str, param: str, raw: str) -> None:
    """Write the widget's value to the URL (an empty value removes the parameter)."""
    if raw:
        st.query_params[param] = raw
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[f"_{name}_url"] = raw or None


def sticky_multiselect(
    label: str,
    options: list[str],
    name: str,
    param: str,
    format_func: Callable[[str], str],
    container: Any = None,
) -> list[str]:
    """A multiselect filter kept across pages and in the URL as comma-separated values."""

    def parse(raw: str) -> list[str] | None:
        return [v for v in raw.split(",") if v]

    sticky(name, param, parse, [], lambda values: all(v in options for v in values))
    target = container if container is not None else st
    labels = {option: format_func(option) for option in options}  # formatted now, in this run's language
    chosen: list[str] = target.multiselect(
        label,
        options,
        format_func=labels.__getitem__,
        placeholder=tr("filter.all"),
        key=name,
        on_change=remember,
        args=(name,),
    )
    to_url(name, param, ",".join(chosen))
    return chosen


def sticky_selectbox(
    label: str,
    options: list[T],
    name: str,
    param: str,
    labels: dict[T, str],
    parse: Callable[[str], T | None],
    default: T,
    serialise: Callable[[T], str] = str,
    container: Any = None,
) -> T:
    """A selectbox kept across pages and in the URL (see `sticky`), with labels formatted now, in this
    run's language."""
    sticky(name, param, parse, default, lambda value: value in options)
    target = container if container is not None else st
    picked: T = target.selectbox(
        label, options, format_func=labels.__getitem__, key=name, on_change=remember, args=(name,)
    )
    to_url(name, param, serialise(picked))
    return picked


def reviewed_month() -> date:
    """The month under review, as chosen in the sidebar (see `month_switch`)."""
    kept = st.session_state.get("_reviewed_month")
    return kept if isinstance(kept, date) else month_switch()


def month_switch() -> date:
    """The month under review: chosen once (sidebar, drawn by app.py), kept across pages and in the
    URL (?thang=YYYY-MM)."""
    available = months()
    default = available[-1] if available else criteria.latest_month(db())
    options = available or [default]

    def parse(raw: str) -> date | None:
        try:
            return parse_month_arg(raw)
        except ValueError:
            return None

    labels = {m: fmt_month(m, lang()) for m in options}
    return sticky_selectbox(
        tr("overview.month"), options, "reviewed_month", "thang", labels, parse, default, month_key, st.sidebar
    )


def demo_banner() -> None:
    database = db()
    if database.is_demo():
        st.warning(tr("demo.banner"), icon="⚠️")
    elif database.get_meta("synthetic") is not None:  # `python -m core.cli generate`
        st.warning(tr("synthetic.banner"), icon="⚠️")


def page_header(title: str, caption: str, flash_key: str | None = None) -> None:
    """A page's title and caption, the demo banner, and the message a write left before its rerun."""
    st.title(title)
    st.caption(caption)
    demo_banner()
    flash = st.session_state.pop(flash_key, None) if flash_key else None
    if flash:
        st.success(flash)


# -- presentation mode ---------------------------------------------------------------------------

# Constant markup only (no data ever goes into it): hide the sidebar and toolbar, enlarge type for a
# projector at 1920x1080, and raise the contrast.
_PRESENTATION_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
[data-testid="stApp"], h1, h2, h3 { color: #000000; }
[data-testid="stApp"] { background: #ffffff !important; }
h1 { font-size: 2.6rem !important; }
h2, h3 { font-size: 1.7rem !important; }
[data-testid="stMetric"] { border: 3px solid #000000 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem !important; font-weight: 600; }
[data-testid="stMetricValue"] { font-size: 3.4rem !important; font-weight: 700; }
[data-testid="stCaptionContainer"] p { color: #222222 !important; }
</style>
"""

PRESENT_PARAM = "trinh_chieu"


def language_switch() -> str:
    """Tiếng Việt / English, in the sidebar; kept across pages and in the URL (?lang=en)."""
    sticky("lang", "lang", lambda raw: raw if raw in LANGS else None, "vi", lambda v: v in LANGS)
    chosen: str = st.sidebar.radio(
        t("sidebar.language"),
        LANGS,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        horizontal=True,
        key="lang",
        on_change=remember,
        args=("lang",),
    )
    to_url("lang", "lang", chosen)
    return chosen


def presentation_switch() -> bool:
    """Presentation mode, switched in the sidebar or opened with ?trinh_chieu=1."""
    sticky("present", PRESENT_PARAM, lambda raw: raw == "1", False, lambda v: isinstance(v, bool))
    on: bool = st.sidebar.toggle(tr("present.switch"), key="present", on_change=remember, args=("present",))
    to_url("present", PRESENT_PARAM, "1" if on else "")
    return on


def presenting() -> bool:
    return bool(st.session_state.get("_present", False))


def stop_presenting() -> None:
    st.session_state["_present"] = False
    st.session_state["_present_url"] = None
    if PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


# Constant markup: st.dataframe's own "Download as CSV" writes cells as they are, so a name that
# begins with "=" would run as a formula in Excel. Exports go through core.base.exports instead.
_BASE_CSS = """
<style>
button[aria-label="Download as CSV"] { display: none !important; }
</style>
"""


def apply_presentation_style() -> None:
    st.html(_BASE_CSS)
    if presenting():
        st.html(_PRESENTATION_CSS)


# The meeting's agenda in presentation mode: the overview, each area under review, the exit review.
OVERVIEW_PAGE = "pages/overview.py"
AREA_PAGE = "pages/area.py"
EXIT_PAGE = "pages/exit_review.py"
PAGE_PATHS = {"tong-quan": OVERVIEW_PAGE, "dia-ban": AREA_PAGE, "xet-ra-khoi-dien": EXIT_PAGE}


def agenda(month: date) -> list[tuple[str, str | None, str]]:
    """The steps: (page, area code or None, label)."""
    status = round_status(month)
    under_review = status[status["status"].isin([criteria.IN_PROGRESS, criteria.READY, criteria.RELAPSED])]
    steps: list[tuple[str, str | None, str]] = [(OVERVIEW_PAGE, None, tr("nav.overview"))]
    steps += [
        (AREA_PAGE, str(code), str(name))
        for code, name in zip(under_review["area_code"], under_review["area_name"], strict=True)
    ]
    steps.append((EXIT_PAGE, None, tr("nav.exit")))
    return steps


def _go(step: tuple[str, str | None, str], month: date) -> None:
    page, code, _ = step
    params = {"thang": month_key(month), "lang": lang(), PRESENT_PARAM: "1"}
    if code:
        params["ma"] = code
    st.switch_page(page, query_params=params)


def agenda_bar(url_path: str) -> None:
    """Previous / next through the agenda, and a way out of presentation mode."""
    if not presenting():
        return
    month = reviewed_month()
    steps = agenda(month)
    page = PAGE_PATHS.get(url_path, OVERVIEW_PAGE)
    code = st.query_params.get("ma") if page == AREA_PAGE else None
    current = next((i for i, (p, c, _) in enumerate(steps) if p == page and (c == code or page != AREA_PAGE)), 0)
    left, middle, right, out = st.columns([1.2, 5, 1.2, 1.2], vertical_alignment="center")
    if left.button(tr("present.previous"), disabled=current == 0, width="stretch", key="agenda_prev"):
        _go(steps[current - 1], month)
    middle.markdown(
        f"**{tr('present.step', k=current + 1, n=len(steps))}** · {plain(steps[current][2])}"
        + (f" → {plain(steps[current + 1][2])}" if current + 1 < len(steps) else "")
    )
    if right.button(
        tr("present.next"), disabled=current + 1 >= len(steps), type="primary", width="stretch", key="agenda_next"
    ):
        _go(steps[current + 1], month)
    if out.button(tr("present.exit"), width="stretch", key="agenda_exit"):
        stop_presenting()
        st.rerun()


# -- the logged-in user ---------------------------------------------------------------------------
#
# A session holds the username (`_user`); every run reads the account again, so a role change or a
# deactivation takes effect at the user's next click. A session idle for longer than
# SESSION_IDLE_MINUTES is logged out. With single sign-on configured (st.login, OIDC), the identity's
# e-mail picks the account; roles and scopes still come from our table.

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
_SEEN_KEY = "_seen"
_CURRENT_KEY = "_current_user"
_LOGIN_FLASH = "_login_flash"


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
    st.session_state[_NOTICE_THIS_RUN] = st.session_state.pop(_DOWNLOAD_NOTICE, None)
    username = st.session_state.get(USER_KEY)
    user: User | None = None
    now = time.time()
    if username:
        idle = now - float(st.session_state.get(_SEEN_KEY, now))
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
        st.session_state[_SEEN_KEY] = now
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


# -- downloads: built when clicked, for the account as it is then (core.access.downloads) ---------------

_DOWNLOAD_NOTICE = "_download_notice"
_NOTICE_THIS_RUN = "_download_notice_run"


def _build_download(job: downloads.Download, file_name: str) -> None:
    """The click's rerun, before the page is drawn: build the file (the download thread waits for it)
    and keep what the page says when there is none."""
    job.run()
    if job.error:
        st.session_state[_DOWNLOAD_NOTICE] = (job.error, file_name)


def download_button(
    target: Any, label: str, build: Callable[[User], bytes], file_name: str, mime: str, key: str, action: str,
    **kwargs: Any,
) -> None:  # fmt: skip
    """A download button whose file `build(user)` makes when clicked, for the account read again then
    (active, allowed `action`, not idle) and its scope now. Call `download_notice` below the buttons."""
    path = db().path
    job = downloads.Download(
        lambda: open_db(path), actor().username, float(st.session_state.get(_SEEN_KEY, time.time())), action, build
    )
    target.download_button(
        label, job.fetch, file_name, mime=mime, key=key, on_click=_build_download, args=(job, file_name), **kwargs
    )


def download_notice() -> None:
    """Why the last download gave no file, once, where the page calls it."""
    notice = st.session_state.pop(_NOTICE_THIS_RUN, None)
    if notice:
        st.error(tr(notice[0], file=notice[1]), icon="⛔")  # our own file names: no data in them


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
            st.session_state[_SEEN_KEY] = time.time()
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


def scope_label(current: User) -> str:
    if current.commune_code:
        return queries.area_name(db(), current.commune_code) or current.commune_code
    if current.province_code:
        return province_names().get(current.province_code, current.province_code)
    return tr("scope.all")


def account_menu(current: User) -> None:
    """In the sidebar: who is logged in, their role and scope; change password; log out."""
    with st.sidebar.popover(f"👤 {plain(current.full_name)}", width="stretch"):
        st.markdown(f"**{plain(current.username)}** · {tr(f'role.{current.role}')}")
        st.caption(tr("account.scope", scope=plain(scope_label(current))))
        with st.form("change_password", clear_on_submit=True):
            st.markdown(f"**{tr('account.change_password')}**")
            old = st.text_input(tr("account.old_password"), type="password")
            new = st.text_input(tr("account.new_password"), type="password")
            again = st.text_input(tr("account.new_password_again"), type="password")
            if st.form_submit_button(tr("account.change_password")):
                if new != again:
                    st.error(tr("account.mismatch"))
                else:
                    try:
                        accounts.change_password(db(), current, old, new)
                        st.success(tr("account.changed"))
                    except accounts.AccountError as exc:
                        st.error(plain(exc))
        if st.button(tr("account.logout"), key="logout", width="stretch"):
            log_out(current)


def log_out(current: User) -> None:
    accounts.log_out(db(), current)
    for key in (USER_KEY, _SEEN_KEY, _CURRENT_KEY):
        st.session_state.pop(key, None)
    st.session_state[_LOGIN_FLASH] = "login.logged_out"
    if _sso_email() is not None:
        st.logout()
    st.rerun()


# -- the meeting's open tasks (issue 8): the agenda opens with them --------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def _open_tasks(
    path: str, data_version: int, month: date, today: date, province: str | None, commune: str | None
) -> pd.DataFrame:
    return tasks.open_tasks(_open(path), month, Scope(province, commune), today)


def task_state(row: pd.Series) -> str:
    """Done (with its date and note), overdue by n days, or under way, in the session's language."""
    if row["status"] == tasks.DONE:
        note = "" if pd.isna(row["done_note"]) else str(row["done_note"])
        return tr("report.state_done", date=fmt_date(row["done_at"]), note=note).rstrip(": ")
    if int(row["days_overdue"]) > 0:
        return tr("report.state_overdue", n=int(row["days_overdue"]))
    return tr("report.state_open")


_TASKS_PRESENT_CSS = """
<style>
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.05rem !important; padding: 0.5rem 0.7rem !important; }
[data-testid="stTable"] td p { color: inherit !important; }
</style>
"""


def task_table(frame: pd.DataFrame, key: str, with_meeting: bool = False) -> None:
    """Tasks as a table: overdue ones in red with their days overdue, done ones in green."""
    data = {
        tr("report.col_state"): [task_state(r) for _, r in frame.iterrows()],
        tr("report.col_text"): frame["text"].astype(str).tolist(),
        tr("report.col_area"): [
            tr("report.whole_committee") if pd.isna(c) else str(n)
            for c, n in zip(frame["area_code"], frame["area_name"], strict=True)
        ],
        tr("report.col_owner"): frame["owner"].fillna("").astype(str).tolist(),
        tr("report.col_due"): [fmt_date(d) for d in frame["due_date"]],
    }
    if with_meeting:
        data[tr("report.col_meeting")] = [fmt_month(m, lang()) for m in frame["meeting_month"]]
    table = pd.DataFrame(data)
    late = (frame["days_overdue"] > 0).tolist()
    done = (frame["status"] == tasks.DONE).tolist()

    def colour(row: pd.Series) -> list[str]:
        i = int(str(row.name))
        if late[i]:
            return ["background-color: #fbd5d5; color: #b71c1c; font-weight: 700"] + [""] * (len(row) - 1)
        if done[i]:
            return ["background-color: #d7f0dd; color: #111111"] + [""] * (len(row) - 1)
        return [""] * len(row)

    if presenting():  # large type on the projector (constant markup only); st.table reads Markdown in cells
        st.html(_TASKS_PRESENT_CSS)
        shown = table.map(plain).reset_index(drop=True).style.apply(colour, axis=1)
        st.table(shown.hide(axis="index"), hide_index=True)
    else:
        styled = table.reset_index(drop=True).style.apply(colour, axis=1)
        st.dataframe(styled, hide_index=True, width="stretch", key=key)


def open_tasks_section(month: date) -> None:
    """At the top of the overview: the tasks still open from the meetings up to `month`, overdue first.
    Nothing when there are none."""
    where = scope()
    frame = _open_tasks(db().path, version(), month, date.today(), where.province, where.commune)
    if frame.empty:
        return
    st.subheader(tr("report.open_title", n=len(frame)))
    task_table(frame, "open_tasks", with_meeting=True)
    st.caption(tr("report.open_caption", overdue=int((frame["days_overdue"] > 0).sum())))


@st.cache_data(show_spinner=False, max_entries=32)
def _area_tasks(
    path: str, data_version: int, code: str, month: date, today: date, province: str | None, commune: str | None
) -> pd.DataFrame:
    return tasks.of_area(_open(path), code, month, Scope(province, commune), today)


def area_tasks_section(code: str, month: date) -> None:
    """On an area's page: its tasks (and its villages') still open or done this month. Nothing without."""
    where = scope()
    frame = _area_tasks(db().path, version(), code, month, date.today(), where.province, where.commune)
    if frame.empty:
        return
    st.subheader(tr("report.area_tasks_title", n=len(frame)))
    task_table(frame, "area_tasks", with_meeting=True)
