"""The map's boundaries: the shipped layers cover every unit of their gazetteer,
and a district file the user points to is read, or refused in one line."""
import json

import pytest

from dashboard import boundaries
from warehouse import store


@pytest.mark.parametrize("level, table, count", [("province", "gaz_provinces", 63),
                                                 ("province_2025", "gaz_provinces_2025", 34),
                                                 ("commune_2025", "gaz_communes_2025", 3321)])
def test_each_shipped_layer_matches_its_gazetteer(seeds_db, level, table, count):
    shapes = boundaries.load(level)
    codes = {f["properties"]["code"] for f in shapes["features"]}
    known = {c for c, in store.connect_reader(seeds_db).execute(f"SELECT code FROM {table}").fetchall()}
    assert len(shapes["features"]) == count and codes == known
    assert all(f["geometry"]["coordinates"] for f in shapes["features"])


def test_districts_are_points_unless_the_user_gives_a_file(shared, monkeypatch, tmp_path):
    monkeypatch.delenv("ANTQ_DISTRICT_SHAPES", raising=False)
    assert boundaries.load("district") is None and not boundaries.available("district")
    # the GPL-3.0 layer in ../shared may be used by a user (and by tests), never shipped
    monkeypatch.setenv("ANTQ_DISTRICT_SHAPES", str(shared / "data" / "geo" / "vn_districts_2019_dvhcvn.geojson"))
    shapes = boundaries.load("district")
    assert len(shapes["features"]) == 692
    assert {f["properties"]["code"] for f in shapes["features"]} >= {"001", "139"}  # Ba Đình, Trạm Tấu
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"properties": {"x": 1}, "geometry": None}]}))
    monkeypatch.setenv("ANTQ_DISTRICT_SHAPES", str(bad))
    with pytest.raises(boundaries.ShapesError, match="no feature has a district code"):
        boundaries.load("district")


def test_nothing_gpl_ships():
    from importlib import resources

    shipped = [f.name for f in resources.files("dashboard").joinpath("shapes").iterdir()]
    assert not [name for name in shipped if "district" in name or "GPL" in name]
