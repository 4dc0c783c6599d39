"""Models: families and names, where they exist and how many, with search."""
import altair as alt
import streamlit as st

from dashboard import elements, i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("models"))
text = st.text_input(T("search_models"), key="models_search")
rows = queries.model_families(stamp, text)
if rows.empty:
    st.info(T("no_rows"))
    st.stop()
by_family = (rows.assign(family=rows["family"].map(lambda f: i18n.family(f or "other", lang)))
             .groupby("family", as_index=False)["models"].sum())
st.altair_chart(alt.Chart(by_family).mark_bar().encode(
    x=alt.X("models:Q", axis=elements.number_axis(T("models_count"), lang, counts=True)),
    y=alt.Y("family:N", sort="-x", title=T("family"), axis=alt.Axis(labelLimit=320))), width="stretch")
st.dataframe(i18n.table(rows.assign(family=rows["family"].fillna("other")), lang, coded={"family": i18n.family}),
             hide_index=True)
