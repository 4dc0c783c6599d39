"""Map: localities placed by the gazetteer's coordinates, sized by the chosen indicator."""
import pydeck as pdk
import streamlit as st

from dashboard import i18n, queries

lang = st.session_state.get("lang", "vi")
T = lambda key: i18n.t(key, lang)  # noqa: E731
stamp = queries.stamp(queries.db_path())

st.title(T("map"))
available = queries.indicators_available(stamp)
c1, c2, c3 = st.columns(3)
indicator = c1.selectbox(T("indicator"), available, key="map_indicator", format_func=lambda i: i18n.indicator(i, lang))
level = c2.selectbox(T("level"), ["district", "province", "province_2025", "commune"], key="map_level",
                     format_func=lambda v: i18n.level(v, lang))
picked = c3.selectbox(T("year"), ["*", *map(str, queries.years_available(stamp))], key="map_year",
                      format_func=lambda y: T("all_years") if y == "*" else y)
year = None if picked == "*" else int(picked)
points = queries.map_points(stamp, indicator, level, year) if indicator else None
if points is None or points.empty:
    st.info(T("no_rows"))
    st.stop()
points = points.assign(radius=3000 + 40000 * points["value"] / max(points["value"].max(), 1),
                       shown=points["value"].map(lambda v: i18n.number(v, lang)))
# no base map: tiles would need the internet; the points carry the information
st.pydeck_chart(pdk.Deck(map_style=None, initial_view_state=pdk.ViewState(latitude=16.0, longitude=106.0, zoom=4.5),
                         layers=[pdk.Layer("ScatterplotLayer", points, get_position="[lon, lat]", get_radius="radius",
                                           get_fill_color=[200, 30, 30, 150], pickable=True)],
                         tooltip={"text": "{unit_name}: {shown}"}))
st.caption(T("map_caption"))
st.dataframe(points[["unit_name", "shown"]].rename(columns={"unit_name": T("locality"), "shown": T("value")}),
             hide_index=True)
