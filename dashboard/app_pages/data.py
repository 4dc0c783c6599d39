"""Data: download the current comparison as CSV or Parquet; a read-only SQL box."""
import io

import pandas as pd
import streamlit as st

from dashboard import i18n, queries
from warehouse import sandbox, store

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("data"))
indicators = tuple(st.session_state.get("compare_indicators") or queries.indicators_available(stamp)[:1])
level = st.session_state.get("compare_level", "district")
year = None if st.session_state.get("compare_year", "*") == "*" else int(st.session_state["compare_year"])
selection = queries.outcomes(stamp, indicators, level, year)
st.caption(f"{', '.join(i18n.indicator(i, lang) for i in indicators)} · {i18n.level(level, lang)} · "
           f"{year or T('all_years')} · {i18n.number(len(selection), lang)} {T('results')}")
c1, c2 = st.columns(2)
c1.download_button(T("download_csv"), selection.to_csv(index=False).encode("utf-8"), "antq_selection.csv", "text/csv")
buffer = io.BytesIO()
selection.to_parquet(buffer, index=False)
c2.download_button(T("download_parquet"), buffer.getvalue(), "antq_selection.parquet", "application/octet-stream")

st.subheader(T("sql_box"))
sql = st.text_area("SQL", "SELECT * FROM locality_outcomes LIMIT 20", key="data_sql")
if st.button(T("run_query"), key="data_run"):
    try:
        result = queries.read_only_query(sql)
    except (sandbox.QueryRefused, store.WarehouseError) as e:  # one line for the analyst to read
        st.error(f"{T('query_failed')}: {e}")
    else:
        # a table shows each column under its own name: "a", "a (2)" for a query's repeated names
        names = [c if c not in result.columns[:i] else f"{c} ({i + 1})" for i, c in enumerate(result.columns)]
        st.dataframe(pd.DataFrame(result.rows, columns=names), hide_index=True)
        if result.truncated:
            st.caption(T("rows_cut").format(n=i18n.number(len(result.rows), lang)))
