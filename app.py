"""Entry point: page set-up, the session's language, and routing. Pages do the rest."""

from __future__ import annotations

import streamlit as st

import ui
from core.i18n import LANGS, t

st.set_page_config(page_title="Chuyển hóa địa bàn", page_icon="🛡️", layout="wide")

if "lang" not in st.session_state:
    requested = st.query_params.get("lang", "vi")
    st.session_state["lang"] = requested if requested in LANGS else "vi"
lang = st.sidebar.radio(
    t("sidebar.language"),
    LANGS,
    format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
    horizontal=True,
    key="lang",
)
st.query_params["lang"] = lang

pages = {
    t("nav.section.meeting", lang): [
        st.Page("pages/overview.py", title=t("nav.overview", lang), icon="📊", url_path="tong-quan", default=True),
    ],
}
page = st.navigation(pages, position="hidden" if ui.presenting() else "sidebar")
ui.apply_presentation_style()
page.run()
