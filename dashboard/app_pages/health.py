"""Crawl health: runs, per-source counts of the latest run, sources failing for weeks."""
import streamlit as st

from dashboard import i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("health"))
st.subheader(T("runs"))
runs = queries.crawl_runs(stamp)
st.dataframe(runs, hide_index=True) if not runs.empty else st.info(T("no_rows"))
st.subheader(T("per_source"))
latest = queries.latest_per_source(stamp)
st.dataframe(latest, hide_index=True) if not latest.empty else st.info(T("no_rows"))
st.subheader(T("failing"))
failing = queries.failing_sources(stamp)
st.dataframe(failing, hide_index=True) if not failing.empty else st.success("✓")
