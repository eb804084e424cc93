"""Entry point: page set-up, the session's language, user and mode, and routing. Pages do the rest."""

from __future__ import annotations

import streamlit as st

import ui
from core.i18n import t

st.set_page_config(page_title="Chuyển hóa địa bàn", page_icon="🛡️", layout="wide")

# (section, script, title, icon, address, the permission that shows the page in the navigation)
PAGES = [
    ("nav.section.meeting", "pages/overview.py", "nav.overview", "📊", "tong-quan", "view"),
    ("nav.section.meeting", "pages/area.py", "nav.area", "🏘️", "dia-ban", "view"),
    ("nav.section.meeting", "pages/exit_review.py", "nav.exit", "✅", "xet-ra-khoi-dien", "view"),
    ("nav.section.meeting", "pages/map.py", "nav.map", "🗺️", "ban-do", "view"),
    ("nav.section.meeting", "pages/whatif.py", "nav.whatif", "🎯", "gia-dinh", "whatif"),
    ("nav.section.meeting", "pages/report.py", "nav.report", "📝", "bao-cao", "view"),
    ("nav.section.data", "pages/upload.py", "nav.upload", "📤", "cap-nhat", "upload"),
    ("nav.section.admin", "pages/admin.py", "nav.admin", "⚙️", "quan-tri", "users"),
]

lang = ui.language_switch()
user = ui.session_user()

if user is None:
    # Every address opens the login form; after logging in, the same address shows its page.
    login = st.Page("pages/login.py", title=t("nav.login", lang), icon="🔐", url_path="dang-nhap", default=True)
    hidden = [
        st.Page(script, title=t(title, lang), url_path=path, visibility="hidden")
        for _, script, title, _, path, _ in PAGES
    ]
    st.navigation([login, *hidden], position="hidden").run()
else:
    presenting = ui.presentation_switch()
    ui.month_switch()
    ui.account_menu(user)
    sections: dict[str, list[st.Page]] = {}
    for section, script, title, icon, path, action in PAGES:
        # A page the role may not use is left out of the navigation; opened by its address, it refuses.
        visibility = "visible" if user.can(action) else "hidden"
        page_entry = st.Page(
            script, title=t(title, lang), icon=icon, url_path=path, default=path == "tong-quan", visibility=visibility
        )
        sections.setdefault(t(section, lang), []).append(page_entry)
    page = st.navigation(sections, position="hidden" if presenting else "sidebar")
    ui.apply_presentation_style()
    ui.agenda_bar(page.url_path)
    page.run()
