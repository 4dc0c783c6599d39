"""Compare localities: chosen indicators, level and year, ranked raw or per 10,000
inhabitants (each year on its own); all years as a grid of units by year, across
the 2025 merger; one unit's yearly series and every figure behind its values.
Opened with ?level=…&unit=…&indicator=… (from the map) it shows that unit."""
import altair as alt
import pandas as pd
import streamlit as st

from dashboard import elements, i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())
LEVELS = ["district", "province", "province_2025", "commune", "commune_2025"]

st.title(T("compare"))
available = queries.indicators_available(stamp)
asked = elements.asked_unit(st.query_params, available, LEVELS)
if asked and not st.session_state.get("compare_opened") == asked:
    # a link from the map: open its unit once, then leave the widgets to the reader
    st.session_state.update(compare_opened=asked, compare_level=asked["level"], compare_year="*",
                            compare_indicators=[asked["indicator"]],
                            compare_pick=f"{asked['unit']}|{asked['indicator']}")
default = [i for i in ("tips_received",) if i in available] or available[:1]
c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
chosen = c1.multiselect(T("indicator"), available, default=None if "compare_indicators" in st.session_state else default,
                        key="compare_indicators", format_func=lambda i: i18n.indicator(i, lang))
level = c2.selectbox(T("level"), LEVELS, key="compare_level", format_func=lambda v: i18n.level(v, lang))
# options are strings ("*" for all years): widgets keep their values as text
picked = c3.selectbox(T("year"), ["*", *map(str, queries.years_available(stamp))], key="compare_year",
                      format_func=lambda y: T("all_years") if y == "*" else y)
year = None if picked == "*" else int(picked)
measure = c4.radio(T("ranked"), ["per_10k", "value"], horizontal=True, key="compare_measure",
                   format_func=lambda m: T(m if m == "per_10k" else "raw"))

rows = queries.outcomes(stamp, tuple(chosen), level, year) if chosen else None
if rows is None or rows.empty:
    st.info(T("no_rows"))
    st.stop()

rows = rows.assign(label=elements.unit_labels(rows), shown=elements.shown_values(rows, measure, lang))
measure_title = T(measure if measure == "per_10k" else "value")
if year is None:
    # each unit in each year on its own: per-capita values are never added across years
    for indicator in chosen:
        st.altair_chart(elements.year_grid(rows[rows["indicator"] == indicator], measure,
                                        f"{i18n.indicator(indicator, lang)} — {measure_title}", lang), width="stretch")
else:
    top = rows.dropna(subset=[measure]).head(30).assign(
        indicator_label=lambda d: d["indicator"].map(lambda i: i18n.indicator(i, lang)))
    st.altair_chart(alt.Chart(top, title=f"{', '.join(i18n.indicator(i, lang) for i in chosen)} — {measure_title} ({year})")
                    .mark_bar().encode(
                        x=alt.X(f"{measure}:Q", axis=elements.number_axis(measure_title, lang)),
                        y=alt.Y("label:N", sort=alt.EncodingSortField(measure, op="max", order="descending"), title="",
                                axis=alt.Axis(labelLimit=400)),
                        yOffset="indicator_label:N",
                        color=alt.Color("indicator_label:N", title=T("indicator"), legend=alt.Legend(orient="bottom")),
                        tooltip=[alt.Tooltip("label:N", title=T("locality")), alt.Tooltip("shown:N", title=measure_title),
                                 alt.Tooltip("note:N", title=i18n.column("note", lang))]),
                    width="stretch")
st.caption(f"{T('aggregate_note')} {T('per_year_note')}")

columns = ["unit_name", "province_name", "province_2025_name", "indicator", "year", "value", "per_10k", "note",
           "population", "population_source", "rule", "articles"]
if level in ("province", "province_2025", "commune_2025"):
    columns.remove("province_name")  # the unit is a province, or (2025 communes) has no pre-2025 province
table = rows.assign(note=elements.notes(rows, lang))[columns]
st.dataframe(i18n.table(table, lang, coded={"indicator": i18n.indicator, "rule": i18n.rule,
                                            "population_source": i18n.population_source,
                                            "year": lambda y, _: "" if pd.isna(y) else str(int(y))},
                        decimals={"per_10k": 2}), hide_index=True)

st.subheader(T("selected_unit"))
labels = {f"{r.unit_code}|{r.indicator}": f"{r.label} — {i18n.indicator(r.indicator, lang)}"
          for r in rows.itertuples()}
if st.session_state.get("compare_pick") not in labels:
    st.session_state.pop("compare_pick", None)
pick = st.selectbox(T("locality"), list(labels), key="compare_pick", format_func=labels.get)
unit_code, indicator = pick.split("|")
series = queries.unit_series(stamp, level, unit_code, indicator)
if not series.empty:
    st.markdown(f"**{T('series_of')}**")
    st.altair_chart(elements.series_chart(series.assign(note=elements.notes(series, lang)), measure, measure_title, lang),
                    width="stretch")

st.subheader(T("figures_behind"))
st.caption(T("figures_behind_caption"))
elements.provenance_table(queries.figures_behind(stamp, level, unit_code, indicator, year), lang)
