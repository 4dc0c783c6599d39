"""antq's dashboard: `antq dashboard` (or `streamlit run dashboard/app.py`) over
the warehouse named by $ANTQ_DB, read-only."""
import streamlit as st

from dashboard import i18n, queries

st.set_page_config(page_title="antq", page_icon="🛡️", layout="wide")
lang = st.sidebar.radio(i18n.t("language", st.session_state.get("lang", "vi")), i18n.LANGS, key="lang",
                        format_func={"vi": "Tiếng Việt", "en": "English"}.get)

state = queries.state()
if state != "ok":
    st.title(i18n.t("title", lang))
    st.info(i18n.t("no_database" if state == "missing" else "empty_database", lang))
    st.caption(str(queries.db_path()))
    st.stop()

pages = [st.Page(f"app_pages/{name}.py", title=i18n.t(name, lang), default=name == "overview")
         for name in ("overview", "compare", "map", "models", "articles", "quality", "health", "data")]
st.navigation(pages).run()
