"""Models: families and names, where they exist and how many, with search."""
import streamlit as st

from dashboard import i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("models"))
text = st.text_input(T("search_models"), key="models_search")
rows = queries.model_families(stamp, text)
if rows.empty:
    st.info(T("no_rows"))
    st.stop()
by_family = rows.groupby("family", as_index=False)["models"].sum().sort_values("models", ascending=False)
st.bar_chart(by_family, x="family", y="models", x_label=T("family"), y_label=T("models_count"))
st.dataframe(rows.rename(columns={"family": T("family"), "unit_name": T("locality"), "province_name": T("province"),
                                  "models": T("models_count"), "reported_count": T("reported_count"),
                                  "articles": T("n_articles"), "names": T("names")}), hide_index=True)
