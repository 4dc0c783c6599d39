"""Articles: full-text search with filters; one article with its figures, models,
units and places highlighted (displaCy), and its figures with their confidence.
?article=ID opens that article (the Compare page links here)."""
import streamlit as st

from dashboard import highlight, i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())
LABELS = {"figure": i18n.indicator, "model": i18n.family, "unit": i18n.unit_kind, "locality": i18n.level}

st.title(T("articles"))
asked = st.query_params.get("article", "")
asked = int(asked) if asked.lstrip("-").isdigit() and queries.article_exists(stamp, int(asked)) else None

text = st.text_input(T("search"), key="articles_search")
c1, c2, c3, c4 = st.columns(4)
source = c1.selectbox(T("source"), ["*", *queries.source_ids(stamp)], key="articles_source",
                      format_func=lambda s: "—" if s == "*" else s)
provinces = queries.articles_by_province(stamp)["province"].tolist()
province = c2.selectbox(T("province"), ["*", *provinces], key="articles_province",
                        format_func=lambda p: "—" if p == "*" else p)
source, province = (None if v == "*" else v for v in (source, province))
shown_date = "DD/MM/YYYY" if lang == "vi" else "YYYY-MM-DD"
start = c3.date_input(T("date_from"), value=None, key="articles_from", format=shown_date)
end = c4.date_input(T("date_to"), value=None, key="articles_to", format=shown_date)
# in percent: a slider writes its decimals the English way
minimum = st.slider(T("min_relevance"), 0, 100, 50, 5, key="articles_relevance", format="%d%%")

found = queries.find_articles(stamp, text, source, province, start, end, minimum / 100)
st.caption(f"{i18n.number(len(found), lang)} {T('results')}")
if found.empty and asked is None:
    st.info(T("no_rows"))
    st.stop()
if not found.empty:
    st.dataframe(i18n.table(found[["title", "published", "source_id"]], lang), hide_index=True)

titles = {str(i): t or str(i) for i, t in zip(found["id"], found["title"])}
if asked is not None and str(asked) not in titles:
    titles = {str(asked): str(asked), **titles}
if asked is not None and st.session_state.get("articles_opened") != asked:
    st.session_state.update(articles_opened=asked, articles_pick=str(asked))
pick = st.selectbox(T("open_article"), list(titles), key="articles_pick", format_func=titles.get)
shown = queries.article(stamp, int(pick))
a, spans = shown["article"], shown["spans"]
if a:
    # title, source and address are crawled text: plain text elements, never Markdown
    st.subheader(T("article"))
    st.text(a["title"] or "")
    st.text(" · ".join(str(v) for v in (a["published"], a["source_name"] or a["source_id"], a["url"]) if v))
    marked = [(int(s.s), int(s.e), s.kind, LABELS[s.kind](s.label, lang) if s.label is not None else "")
              for s in spans.dropna(subset=["s", "e"]).itertuples()]
    st.html(highlight.render(a["text"] or "", marked, {k: i18n.span_kind(k, lang) for k in LABELS}))
    st.subheader(T("n_figures"))
    figures = shown["figures"]
    if figures.empty:
        st.info(T("no_rows"))
    else:
        figures = figures.assign(year=figures["year"].map(lambda y: "" if y != y or y is None else str(int(y))))
        st.dataframe(i18n.table(figures, lang, coded={"indicator": i18n.indicator}, decimals={"confidence": 2}),
                     hide_index=True)
