"""Entry point: page set-up, the session's language and mode, and routing. Pages do the rest."""

from __future__ import annotations

import streamlit as st

import ui
from core.i18n import t

st.set_page_config(page_title="Chuyển hóa địa bàn", page_icon="🛡️", layout="wide")

lang = ui.language_switch()
presenting = ui.presentation_switch()
ui.month_switch()

pages = {
    t("nav.section.meeting", lang): [
        st.Page("pages/overview.py", title=t("nav.overview", lang), icon="📊", url_path="tong-quan", default=True),
        st.Page("pages/area.py", title=t("nav.area", lang), icon="🏘️", url_path="dia-ban"),
        st.Page("pages/exit_review.py", title=t("nav.exit", lang), icon="✅", url_path="xet-ra-khoi-dien"),
        st.Page("pages/map.py", title=t("nav.map", lang), icon="🗺️", url_path="ban-do"),
        st.Page("pages/whatif.py", title=t("nav.whatif", lang), icon="🎯", url_path="gia-dinh"),
        st.Page("pages/report.py", title=t("nav.report", lang), icon="📝", url_path="bao-cao"),
    ],
    t("nav.section.data", lang): [
        st.Page("pages/upload.py", title=t("nav.upload", lang), icon="📤", url_path="cap-nhat"),
    ],
}
page = st.navigation(pages, position="hidden" if presenting else "sidebar")
ui.apply_presentation_style()
ui.agenda_bar(page.url_path)
page.run()
