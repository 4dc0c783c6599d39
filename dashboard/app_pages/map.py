"""Map: the units of the chosen level coloured by the chosen indicator (raw or per
10,000, one year, or each unit's latest year) from boundaries shipped with antq,
so no tiles are needed; levels without shipped boundaries as points. Hovering
shows the value, year and articles; selecting a unit opens it on Compare."""
import json
from urllib.parse import quote

import pydeck as pdk
import streamlit as st

from dashboard import boundaries, elements, i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())
LEVELS = ["province_2025", "province", "commune_2025", "district", "commune"]
RAMP = [(255, 255, 178), (254, 204, 92), (253, 141, 60), (240, 59, 32), (189, 0, 38)]  # YlOrRd, 5 classes
NO_DATA = (215, 215, 215)
# an inline base map of plain sea colour: without a style Streamlit would fetch one from the internet
SEA = "data:application/json," + quote(json.dumps(
    {"version": 8, "sources": {}, "layers": [{"id": "sea", "type": "background", "paint": {"background-color": "#eef3f8"}}]}))

st.title(T("map"))
available = queries.indicators_available(stamp)
c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
if "map_indicator" not in st.session_state and "tips_received" in available:
    st.session_state["map_indicator"] = "tips_received"
indicator = c1.selectbox(T("indicator"), available, key="map_indicator", format_func=lambda i: i18n.indicator(i, lang))
level = c2.selectbox(T("level"), LEVELS, key="map_level", format_func=lambda v: i18n.level(v, lang))
picked = c3.selectbox(T("year"), ["*", *map(str, queries.years_available(stamp))], key="map_year",
                      format_func=lambda y: T("latest_year") if y == "*" else y)
measure = c4.radio(T("measure"), ["per_10k", "value"], horizontal=True, key="map_measure",
                   format_func=lambda m: T(m if m == "per_10k" else "raw"))
year = None if picked == "*" else int(picked)
if not indicator:
    st.info(T("no_rows"))
    st.stop()

values = queries.map_values(stamp, indicator, level, year)
if measure == "per_10k" and values["per_10k"].isna().all():
    measure = "value"  # communes have no census denominator
measure_title = T(measure if measure == "per_10k" else "value")
values = values.assign(shown=elements.shown_values(values, measure, lang), note=elements.notes(values, lang))
present = values.dropna(subset=[measure])
breaks = sorted({float(present[measure].quantile(q)) for q in (0.2, 0.4, 0.6, 0.8)}) if len(present) else []


def colour(v) -> list[int]:
    if v is None or v != v:
        return [*NO_DATA, 230]
    return [*RAMP[sum(v > b for b in breaks)], 230]


def tip(r) -> str:
    lines = [r.unit_name, f"{measure_title}: {r.shown or T('no_data')}", f"{T('year')}: {int(r.year)}",
             f"{T('n_articles')}: {i18n.number(r.articles, lang)}"]
    return "\n".join(lines + ([r.note] if r.note else []))


by_code = {r.unit_code: r for r in values.itertuples()}
tips = {r.unit_code: tip(r) for r in values.itertuples()}
try:
    shapes = boundaries.load(level)
except boundaries.ShapesError as e:  # a district file the user pointed to: say what is wrong, draw points
    st.error(str(e))
    shapes = None
view = pdk.ViewState(latitude=15.9, longitude=108.6, zoom=4.9)
if shapes:
    for f in shapes["features"]:
        r = by_code.get(f["properties"]["code"])
        f["properties"].update(fill=colour(getattr(r, measure) if r else None),
                               tip=tips.get(f["properties"]["code"], f"{f['properties']['name']}\n{T('no_data')}"))
    layer = pdk.Layer("GeoJsonLayer", shapes, id="units", pickable=True, stroked=True, filled=True,
                      get_fill_color="properties.fill", get_line_color=[90, 90, 90, 160],
                      line_width_min_pixels=0.5 if level != "commune_2025" else 0.1, auto_highlight=True)
    caption = T("map_shapes_caption")
else:
    points = queries.map_points(stamp, indicator, level, year)
    top = max(float(points[measure].max()), 1.0) if points[measure].notna().any() else 1.0
    points = points.assign(radius=points[measure].fillna(0).map(lambda v: 2000 + 30000 * v / top),
                           fill=points[measure].map(colour), tip=points["unit_code"].map(tips))
    layer = pdk.Layer("ScatterplotLayer", points, id="units", get_position="[lon, lat]", get_radius="radius",
                      get_fill_color="fill", get_line_color=[90, 90, 90], stroked=True, pickable=True)
    caption = T("map_points_caption")

event = st.pydeck_chart(pdk.Deck(map_provider="carto", map_style=SEA, initial_view_state=view, layers=[layer], tooltip={"text": "{tip}"}),
                        height=720, on_select="rerun", selection_mode="single-object", key="map_chart")
chosen = (event.selection.objects.get("units") or [None])[0] if event and event.selection else None
if chosen:
    code = (chosen.get("properties") or {}).get("code") or chosen.get("unit_code")
    if code in by_code:
        st.switch_page("app_pages/compare.py", query_params={"level": level, "unit": code, "indicator": indicator})

legend = [(RAMP[0], f"≤ {i18n.number(breaks[0], lang)}")] if breaks else []
legend += [(RAMP[i + 1], f"> {i18n.number(b, lang)}") for i, b in enumerate(breaks)]
swatches = "".join(f'<span style="display:inline-block;width:14px;height:14px;background:rgb{c};'
                   f'border:1px solid #888;margin:0 4px 0 12px;vertical-align:middle"></span>{text}'
                   for c, text in [*legend, (NO_DATA, T("no_data"))])
st.html(f'<div style="font-size:0.9em"><b>{T("legend")} — {measure_title}</b>{swatches}</div>')
st.caption(caption)
st.caption(T("map_attribution"))

table = values.assign(compare_link=[elements.compare_link(level, c, indicator) for c in values["unit_code"]],
                      year=values["year"].map(lambda y: str(int(y))))
table = table.sort_values(measure, ascending=False, na_position="last")[
    ["unit_name", "province_name", "year", "value", "per_10k", "articles", "note", "compare_link"]]
if level in ("province", "province_2025", "commune_2025"):
    table = table.drop(columns="province_name")
st.dataframe(i18n.table(table, lang, keep=("compare_link",), decimals={"per_10k": 2}), hide_index=True,
             column_config={i18n.column("compare_link", lang): st.column_config.LinkColumn(
                 display_text=T("open_in_compare"))})
