"""Compare localities: chosen indicators, level and year; ranked raw and per 10,000
inhabitants with the population's source; the sentences behind each value."""
import altair as alt
import pandas as pd
import streamlit as st

from dashboard import i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("compare"))
available = queries.indicators_available(stamp)
default = [i for i in ("tips_received",) if i in available] or available[:1]
c1, c2, c3 = st.columns(3)
chosen = c1.multiselect(T("indicator"), available, default=default, key="compare_indicators",
                        format_func=lambda i: i18n.indicator(i, lang))
level = c2.selectbox(T("level"), ["district", "province", "province_2025", "commune"], key="compare_level",
                     format_func=lambda v: i18n.level(v, lang))
# options are strings ("*" for all years): widgets keep their values as text
picked = c3.selectbox(T("year"), ["*", *map(str, queries.years_available(stamp))], key="compare_year",
                      format_func=lambda y: T("all_years") if y == "*" else y)
year = None if picked == "*" else int(picked)

rows = queries.outcomes(stamp, tuple(chosen), level, year) if chosen else None
if rows is None or rows.empty:
    st.info(T("no_rows"))
    st.stop()

measure = st.radio(T("ranked"), ["per_10k", "value"], horizontal=True, key="compare_measure",
                   format_func=lambda m: T(m if m == "per_10k" else "raw"))
chart_rows = rows.dropna(subset=[measure]).head(30).assign(
    label=lambda d: d["unit_name"] + " (" + d["province_name"].fillna(d["province_2025_name"]).fillna("") + ")",
    indicator=lambda d: d["indicator"].map(lambda i: i18n.indicator(i, lang)))
st.altair_chart(alt.Chart(chart_rows, title=f"{', '.join(i18n.indicator(i, lang) for i in chosen)} — {T(measure if measure == 'per_10k' else 'value')}")
                .mark_bar().encode(x=alt.X(f"{measure}:Q", title=T(measure if measure == "per_10k" else "value")),
                                   y=alt.Y("label:N", sort="-x", title=""), color=alt.Color("indicator:N", title=T("indicator"))),
                width="stretch")

table = rows.assign(
    indicator=rows["indicator"].map(lambda i: i18n.indicator(i, lang)),
    year=rows["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
    value=rows["value"].map(lambda v: i18n.number(v, lang)),
    per_10k=rows["per_10k"].map(lambda v: i18n.number(v, lang, 2)),
    population=rows["population"].map(lambda v: i18n.number(v, lang)),
)[["unit_name", "province_name", "province_2025_name", "indicator", "year", "value", "per_10k", "population",
   "population_source", "articles"]]
st.dataframe(table.rename(columns={"unit_name": T("locality"), "province_name": T("province"),
                                   "province_2025_name": T("province_2025"), "indicator": T("indicator"),
                                   "year": T("year"), "value": T("value"), "per_10k": T("per_10k"),
                                   "population": T("population"), "population_source": T("population_source"),
                                   "articles": T("n_articles")}), hide_index=True)

st.subheader(T("figures_behind"))
labels = {f"{r.unit_code}|{r.indicator}": f"{r.unit_name} — {i18n.indicator(r.indicator, lang)}"
          for r in rows.itertuples()}
pick = st.selectbox(T("locality"), list(labels), key="compare_pick", format_func=labels.get)
unit_code, indicator = pick.split("|")
behind = queries.sentences_behind(stamp, unit_code, indicator, year)
for _, r in behind.iterrows():
    st.markdown(f"**{r['figure_text']}** — {r['sentence']}  \n*{r['title']}* ({r['published'] or ''}) {r['url'] or ''}")
