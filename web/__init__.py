"""The Streamlit glue the pages use (`import web`; `web.tr(...)`, `web.guard()`, ...): the one
interface between the pages and Streamlit's session, kept apart from `core` (which never imports
Streamlit) and from the pages (which only lay out).

    context       the session's database and language; data and URL values shown as text
    loaders       `cached`: every cached read, keyed on (database file, data version, scope, arguments)
    state         choices kept across pages and in the URL: reviewed month, language, filters
    session       login, single sign-on, idle timeout, the page guard, the pages each role sees
    presentation  the projector's style and the meeting's agenda
    widgets       page header, demo banner, account menu, checked downloads, task tables
"""

from __future__ import annotations

from web.context import db, lang, open_db, plain, plain_url, refuse_cache_clearing, tr, version
from web.loaders import (
    cached,
    criteria_names,
    criterion_results,
    evaluation,
    indicator_labels,
    matrix_cells,
    months,
    province_names,
    round_status,
    settings,
)
from web.presentation import (
    AREA_PAGE,
    EXIT_PAGE,
    OVERVIEW_PAGE,
    PRESENT_PARAM,
    agenda_bar,
    apply_presentation_style,
    presentation_switch,
    presenting,
)
from web.session import (
    PAGES,
    actor,
    can,
    guard,
    login_form,
    nav_paths,
    refuse_demo_off_loopback,
    scope,
    session_user,
    user,
)
from web.state import (
    from_link,
    language_switch,
    month_switch,
    reviewed_month,
    sticky_multiselect,
    sticky_selectbox,
    to_url,
)
from web.widgets import (
    account_menu,
    area_tasks_section,
    demo_banner,
    download_button,
    download_notice,
    open_tasks_section,
    page_header,
    task_state,
    task_table,
)

__all__ = [
    "AREA_PAGE",
    "EXIT_PAGE",
    "OVERVIEW_PAGE",
    "PAGES",
    "PRESENT_PARAM",
    "account_menu",
    "actor",
    "agenda_bar",
    "apply_presentation_style",
    "area_tasks_section",
    "cached",
    "can",
    "criteria_names",
    "criterion_results",
    "db",
    "demo_banner",
    "download_button",
    "download_notice",
    "evaluation",
    "from_link",
    "guard",
    "indicator_labels",
    "lang",
    "language_switch",
    "login_form",
    "matrix_cells",
    "month_switch",
    "months",
    "nav_paths",
    "open_db",
    "open_tasks_section",
    "page_header",
    "plain",
    "plain_url",
    "presentation_switch",
    "presenting",
    "province_names",
    "refuse_cache_clearing",
    "refuse_demo_off_loopback",
    "reviewed_month",
    "round_status",
    "scope",
    "session_user",
    "settings",
    "sticky_multiselect",
    "sticky_selectbox",
    "task_state",
    "task_table",
    "to_url",
    "tr",
    "user",
    "version",
]
