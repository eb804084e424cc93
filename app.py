"""Entry point: page set-up, the session's language, user and mode, and routing. Pages do the rest."""

from __future__ import annotations

import streamlit as st

import web
from core.base.i18n import t

web.refuse_cache_clearing()  # any browser could empty every user's caches (see web.refuse_cache_clearing)
st.set_page_config(page_title="Chuyển hóa địa bàn", page_icon="🛡️", layout="wide")

lang = web.language_switch()
web.refuse_demo_off_loopback()  # the demo's published passwords are not served to the network
user = web.session_user()

if user is None:
    # Every address opens the login form; after logging in, the same address shows its page.
    login = st.Page("pages/login.py", title=t("nav.login", lang), icon="🔐", url_path="dang-nhap", default=True)
    hidden = [
        st.Page(script, title=t(title, lang), url_path=path, visibility="hidden")
        for _, script, title, _, path, _ in web.PAGES
    ]
    st.navigation([login, *hidden], position="hidden").run()
else:
    presenting = web.presentation_switch()
    web.month_switch()
    web.account_menu(user)
    sections: dict[str, list[st.Page]] = {}
    shown = web.nav_paths(user)
    for section, script, title, icon, path, _ in web.PAGES:
        # A page the role may not use is left out of the navigation; opened by its address, it refuses.
        visibility = "visible" if path in shown else "hidden"
        page_entry = st.Page(
            script, title=t(title, lang), icon=icon, url_path=path, default=path == "tong-quan", visibility=visibility
        )
        sections.setdefault(t(section, lang), []).append(page_entry)
    page = st.navigation(sections, position="hidden" if presenting else "sidebar")
    web.apply_presentation_style()
    web.agenda_bar(page.url_path)
    page.run()
