"""Crawl health: where each source stands (backfilling, up to date, failing, dead since when), runs, per-source counts of the latest run, sources failing for weeks."""
import streamlit as st

from dashboard import i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())


def show(frame, empty) -> None:
    """A table, or what to say when it is empty (statements, never bare expressions:
    Streamlit's magic would write the value of an expression onto the page)."""
    if frame.empty:
        empty()
    else:
        st.dataframe(i18n.table(frame, lang, coded={"status": i18n.status, "state": i18n.source_state}),
                     hide_index=True)


st.title(T("health"))
st.subheader(T("source_state"))
show(queries.source_states(stamp), lambda: st.info(T("no_rows")))
st.subheader(T("runs"))
show(queries.crawl_runs(stamp), lambda: st.info(T("no_rows")))
st.subheader(T("per_source"))
show(queries.latest_per_source(stamp), lambda: st.info(T("no_rows")))
st.subheader(T("failing"))
show(queries.failing_sources(stamp), lambda: st.success("✓"))
