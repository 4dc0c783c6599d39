"""Articles: full-text search with filters; one article with its figures, models,
units and localities highlighted in the text."""
import html

import streamlit as st

from dashboard import i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())
COLOURS = {"figure": "#ffe08a", "model": "#b8e0ff", "unit": "#d7c4ff", "locality": "#c4f0c4"}

st.title(T("articles"))
text = st.text_input(T("search"), key="articles_search")
c1, c2, c3, c4 = st.columns(4)
source = c1.selectbox(T("source"), ["*", *queries.source_ids(stamp)], key="articles_source",
                      format_func=lambda s: "—" if s == "*" else s)
provinces = queries.articles_by_province(stamp)["province"].tolist()
province = c2.selectbox(T("province"), ["*", *provinces], key="articles_province",
                        format_func=lambda p: "—" if p == "*" else p)
source, province = (None if v == "*" else v for v in (source, province))
start = c3.date_input(T("date_from"), value=None, key="articles_from")
end = c4.date_input(T("date_to"), value=None, key="articles_to")
minimum = st.slider(T("min_relevance"), 0.0, 1.0, 0.5, 0.05, key="articles_relevance")

found = queries.find_articles(stamp, text, source, province, start, end, minimum)
st.caption(f"{i18n.number(len(found), lang)} {T('results')}")
if found.empty:
    st.info(T("no_rows"))
    st.stop()
st.dataframe(found[["title", "published", "source_id"]].rename(
    columns={"title": T("article"), "published": T("year"), "source_id": T("source")}), hide_index=True)

titles = {str(i): t or str(i) for i, t in zip(found["id"], found["title"])}
pick = st.selectbox(T("open_article"), list(titles), key="articles_pick", format_func=titles.get)
shown = queries.article(stamp, int(pick))
a, spans = shown["article"], shown["spans"]
if a:
    st.subheader(a["title"] or "")
    st.caption(f"{a['published'] or ''} · {a['source_id'] or ''} · {a['url'] or ''}")
    body, pos, parts = a["text"] or "", 0, []
    for _, s in spans.dropna(subset=["s", "e"]).sort_values("s").iterrows():
        s0, e0 = int(s["s"]), int(s["e"])
        if s0 < pos or e0 > len(body) or e0 <= s0:
            continue
        parts.append(html.escape(body[pos:s0]))
        parts.append(f'<mark style="background:{COLOURS[s["kind"]]}" title="{html.escape(str(s["label"]))}">'
                     f'{html.escape(body[s0:e0])}</mark>')
        pos = e0
    parts.append(html.escape(body[pos:]))
    st.markdown("<div style='white-space:pre-wrap'>" + "".join(parts) + "</div>", unsafe_allow_html=True)
