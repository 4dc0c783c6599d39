"""Data quality: how many figures lack a date or a locality, the figures the
extractor was least sure of, articles per source per week, and sources that
have gone silent."""
import altair as alt
import streamlit as st

from dashboard import elements, i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())
THRESHOLD, WEEKS, SILENT = 0.5, 26, 4

st.title(T("quality"))
gaps = queries.figure_gaps(stamp)
total = int(gaps["total"]) or 1
c1, c2 = st.columns(2)
for col, key in ((c1, "no_date"), (c2, "no_locality")):
    col.metric(T(key), f"{i18n.number(100 * gaps[key] / total, lang, 1)} %",
               help=T("share_of").format(share=i18n.number(gaps[key], lang), total=i18n.number(gaps["total"], lang)))

st.subheader(T("low_confidence").format(threshold=i18n.number(THRESHOLD, lang, 1)))
low = queries.low_confidence(stamp, THRESHOLD)
if low.empty:
    st.success("✓")
else:
    shown = low.assign(article_link=low["article_id"].map(elements.article_link)).drop(columns="article_id")
    st.dataframe(i18n.table(shown, lang, coded={"indicator": i18n.indicator}, keep=("article_link",),
                            decimals={"confidence": 2}), hide_index=True,
                 column_config={i18n.column("article_link", lang): st.column_config.LinkColumn(
                     display_text=T("open_article"))})

st.subheader(T("per_week"))
weekly = queries.articles_per_week(stamp, WEEKS)
if weekly.empty:
    st.info(T("no_rows"))
else:
    # each cell carries its count, so the colour needs no legend
    base = alt.Chart(weekly).encode(
        x=alt.X("yearmonthdate(week):O", title=T("week"), axis=alt.Axis(format="%d/%m/%Y", labelAngle=-45)),
        y=alt.Y("source:N", title="", axis=alt.Axis(labelLimit=400)))
    st.altair_chart(alt.layer(
        base.mark_rect().encode(
            color=alt.Color("articles:Q", legend=None, scale=alt.Scale(scheme="greens", domainMin=0)),
            tooltip=[alt.Tooltip("source:N", title=T("source")),
                     alt.Tooltip("week:T", title=T("week"), format="%d/%m/%Y"),
                     alt.Tooltip("articles:Q", title=T("n_articles"))]),
        base.mark_text().encode(text="articles:Q")), width="stretch")

st.subheader(T("silent").format(weeks=SILENT))
silent = queries.silent_sources(stamp, SILENT)
if silent.empty:
    st.success(T("all_heard").format(weeks=SILENT))
else:
    st.dataframe(i18n.table(silent, lang, coded={"kind": i18n.kind}), hide_index=True)
