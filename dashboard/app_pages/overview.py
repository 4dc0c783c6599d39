"""Overview: what the warehouse holds, articles over time and by province, sources' last crawl."""
import altair as alt
import streamlit as st

from dashboard import elements, i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("title"))
totals = queries.totals(stamp)
for col, key in zip(st.columns(4), ("articles", "figures", "models", "localities")):
    col.metric(T(f"n_{key}"), i18n.number(totals[key], lang))

by_month = queries.articles_by_month(stamp)
st.subheader(T("articles_over_time"))
if by_month.empty:
    st.info(T("no_rows"))
else:
    by_month = by_month.assign(kind=by_month["kind"].map(lambda k: i18n.kind(k, lang)))
    st.altair_chart(alt.Chart(by_month).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title="", axis=alt.Axis(format="%m/%Y" if lang == "vi" else "%b %Y")), y=alt.Y("articles:Q", axis=elements.number_axis(T("n_articles"), lang, counts=True)),
        color=alt.Color("kind:N", title=T("kind"))), width="stretch")

st.subheader(T("by_province"))
st.dataframe(i18n.table(queries.articles_by_province(stamp), lang), hide_index=True)

st.subheader(T("sources"))
sources = queries.sources_last_crawl(stamp)
st.dataframe(i18n.table(sources, lang, coded={"kind": i18n.kind}), hide_index=True)
