"""antq review: researchers check the figures that feed the comparison and correct
them. `antq review` (or `streamlit run dashboard/review.py`) over $ANTQ_DB.

Corrections are data (warehouse/corrections.py): each click queues one beside
the database and, when no weekly run holds the writer, writes it at once; the
extraction itself is never changed. Crawled text is shown as text."""
import html
import math

import streamlit as st

from dashboard import i18n, queries
from dashboard import review_queries as q
from nlp.indicators import INDICATORS
from warehouse import corrections, store
from warehouse.corrections import Correction

st.set_page_config(page_title="antq review", page_icon="🛡️", layout="wide")
lang = st.sidebar.radio(i18n.t("language", st.session_state.get("lang", "vi")), i18n.LANGS, key="lang",
                        format_func={"vi": "Tiếng Việt", "en": "English"}.get)
R = lambda key: i18n.review(key, lang)  # noqa: E731
db = queries.db_path()
st.title(R("title"))
if queries.state() != "ok":
    st.info(i18n.t("no_database" if queries.state() == "missing" else "empty_database", lang))
    st.stop()
if queries.schema_behind():  # a file from an older antq: the review app writes, so it upgrades it first
    try:
        with store.writer(db, wait=0):
            pass
    except store.WarehouseError as e:
        st.error(str(e))
        st.stop()
stamp = queries.stamp(db)


def commit(*cs: Correction) -> None:
    """Queue the corrections, then write them now if no other writer is running."""
    corrections.queue(db, cs)
    st.session_state.setdefault("mine", []).extend(cs)
    try:
        with store.writer(db, wait=0):
            pass  # a writer session takes the queue in before it swaps its copy in
        st.session_state["flash"] = "saved"
    except store.WarehouseError:
        st.session_state["flash"] = "saved_queued"


who = st.sidebar.text_input(R("reviewer"), value=corrections.reviewer(), key="reviewer")
st.sidebar.subheader(R("filters"))
values = q.filter_values(stamp)
pick = lambda label, key, options, fmt=str: st.sidebar.selectbox(  # noqa: E731
    label, [None, *options], key=key, format_func=lambda v: R("all") if v is None else fmt(v))
province = pick(i18n.t("province", lang), "f_province", values["province_name"])
indicator = pick(R("indicator"), "f_indicator", values["indicator"], lambda v: i18n.indicator(v, lang))
source = pick(R("source"), "f_source", values["source_id"])
year = pick(i18n.t("year", lang), "f_year", values["year"], lambda v: str(int(v)))
st.sidebar.caption(R("shortcuts"))

waiting = {(c.article_id, c.start, c.end) for c in corrections.queued(db)}
todo = q.queue(stamp, province, indicator, source, None if year is None else int(year))
todo = todo[[(a, s, e) not in waiting for a, s, e in zip(todo.article_id, todo.start_offset, todo.end_offset)]]
todo = todo.reset_index(drop=True)
st.caption(f"{i18n.number(len(todo), lang)} {R('to_review')}"
           + (f" · {i18n.number(len(waiting), lang)} {R('queued')}" if waiting else ""))
if flash := st.session_state.pop("flash", None):
    st.toast(R(flash))


def undo_last() -> None:
    mine = st.session_state.get("mine", [])
    if not mine:
        st.session_state["flash"] = "nothing_to_undo"
        return
    last = mine.pop()
    commit(Correction(last.article_id, last.start, last.end, last.text, "undo", item=last.item,
                      undoes=last.id, reviewer=who, created_at=corrections.now()))
    st.session_state["mine"].pop()  # the undo itself is not undone by the next undo


if todo.empty:
    st.success(R("queue_empty"))
    if st.button(R("undo"), shortcut="u"):
        undo_last()
        st.rerun()
    st.stop()

pos = min(st.session_state.get("pos", 0), len(todo) - 1)
f = todo.iloc[pos]
aid, start, end = int(f.article_id), int(f.start_offset), int(f.end_offset)
text = q.article_text(stamp, aid)
s0, s1 = int(f.sentence_start), int(f.sentence_end)
key = f"{aid}:{start}:{end}"

text_or_blank = lambda v: v if isinstance(v, str) else ""  # noqa: E731 (SQL NULL arrives as None or NaN)
st.subheader(f"{R('figure')} {pos + 1} {R('of')} {len(todo)}: {f.figure_text}")
st.html("<div style='font-size:1.1rem;line-height:1.6;white-space:pre-wrap'>"
        + html.escape(text[s0:start]) + "<mark style='background:#ffe08a'>" + html.escape(text[start:end])
        + "</mark>" + html.escape(text[end:s1]) + "</div>")
meta = [text_or_blank(f.title), f"{R('published')}: {text_or_blank(f.published) or '—'}",
        f"{R('source')}: {text_or_blank(f.source_name) or text_or_blank(f.source_id) or '—'}",
        f"{R('confidence')}: {i18n.number(f.confidence, lang, 2) if f.confidence is not None else '—'}",
        f"{R('locality_primary')}: {text_or_blank(f.unit_name) or '—'}"]
st.text(" · ".join(meta))
if isinstance(f.url, str) and f.url.startswith(("http://", "https://")):
    st.link_button(R("open_source"), f.url)

c1, c2, c3, c4 = st.columns(4)
number = lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)  # noqa: E731
new_value = c1.number_input(R("value"), value=number(f.value), key=f"value:{key}", format="%g")
new_total = c2.number_input(R("total"), value=number(f.total), key=f"total:{key}", format="%g")
new_indicator = c3.selectbox(R("indicator"), INDICATORS, index=INDICATORS.index(f.indicator)
                             if f.indicator in INDICATORS else INDICATORS.index("other"),
                             key=f"indicator:{key}", format_func=lambda v: i18n.indicator(v, lang))
new_period = c4.text_input(R("period"), value=text_or_blank(f.period), key=f"period:{key}")
found = q.find_units(stamp, st.text_input(R("locality_search"), key=f"loc_search:{key}"))
units = [None, *found.to_dict("records")] if len(found) else [None]
current = f"{f.scope_name} ({i18n.level(f.scope_level, lang)})" if isinstance(f.scope_name, str) else R("locality_primary")
new_locality = st.selectbox(R("locality"), units, key=f"locality:{key}", format_func=lambda u: current if u is None else
                            f"{u['name']} ({i18n.level(u['level'], lang)}, {u['province']}, {u['gazetteer']})")
note = st.text_input(R("note"), key=f"note:{key}")


def anchored(action: str, **kw) -> Correction:
    return Correction(aid, start, end, text[start:end], action, reviewer=who, created_at=corrections.now(),
                      sentence_hash=corrections.sentence_hash(text, s0, s1), note=note or None, **kw)


def changes() -> list[Correction]:
    old = {"value": number(f.value), "total": number(f.total), "indicator": f.indicator, "period": text_or_blank(f.period)}
    new = {"value": new_value, "total": new_total, "indicator": new_indicator, "period": new_period}
    out = [anchored("set", field=k, value=(new[k] or None) if k == "period" else new[k], old_value=old[k] or None)
           for k in old if new[k] != old[k]]
    if new_locality is not None:
        loc = {k: new_locality[k] for k in ("level", "name", "code", "gazetteer")}
        out.append(anchored("set", field="locality", value=loc))
    return out


b = st.columns([1, 1.3, 1.5, 1.2, 1, 1, 1])
if b[0].button(R("accept"), type="primary", shortcut="a", key="accept"):
    commit(anchored("accept"))
    st.rerun()
if b[1].button(R("save"), key="save"):
    if cs := changes():
        commit(*cs)
    else:
        st.session_state["flash"] = "nothing_changed"
    st.rerun()
if b[2].button(R("reject_not_figure"), key="reject_nf"):
    commit(anchored("reject", reason="not_a_figure"))
    st.rerun()
if b[3].button(R("reject_duplicate"), key="reject_dup"):
    commit(anchored("reject", reason="duplicate"))
    st.rerun()
if b[4].button(R("undo"), shortcut="u", key="undo"):
    undo_last()
    st.rerun()
if b[5].button(R("previous"), shortcut="p", key="prev"):
    st.session_state["pos"] = max(pos - 1, 0)
    st.rerun()
if b[6].button(R("next"), shortcut="n", key="next"):
    st.session_state["pos"] = pos + 1
    st.rerun()

with st.expander(R("add_missed")):
    words = st.text_input(R("missed_text"), key=f"missed:{aid}")
    m1, m2 = st.columns(2)
    missed_value = m1.number_input(R("value"), value=None, key=f"missed_value:{aid}", format="%g")
    missed_indicator = m2.selectbox(R("indicator"), INDICATORS, key=f"missed_indicator:{aid}",
                                    format_func=lambda v: i18n.indicator(v, lang))
    if st.button(R("add"), key=f"add:{aid}") and words and missed_value is not None:
        at = text.find(words, s0) if text.find(words, s0) >= 0 else text.find(words)
        if at < 0:
            st.error(R("missed_not_found"))
        else:
            commit(Correction(aid, at, at + len(words), words, "add", reviewer=who, created_at=corrections.now(),
                              value={"value": missed_value, "indicator": missed_indicator, "unit": None}))
            st.rerun()

with st.expander(R("models_units")):
    for i, row in q.models_and_units(stamp, aid).iterrows():
        s, e = int(row.start_offset), int(row.end_offset)
        label = R("item_model") if row["item"] == "model" else R("item_unit")
        r1, r2, r3 = st.columns([4, 3, 1])
        r1.text(f"{row['name']} ({label})")
        new_name = r2.text_input(R("rename"), value=row["name"], key=f"name:{aid}:{i}", label_visibility="collapsed")
        if r3.button(R("reject"), key=f"reject_item:{aid}:{i}"):
            commit(Correction(aid, s, e, text[s:e], "reject", item=row["item"], reviewer=who,
                              created_at=corrections.now()))
            st.rerun()
        if new_name != row["name"]:
            commit(Correction(aid, s, e, text[s:e], "set", "name", new_name, item=row["item"], reviewer=who,
                              created_at=corrections.now(), old_value=row["name"]))
            st.rerun()
