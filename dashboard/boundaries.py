"""Boundaries for the map: the GeoJSON files shipped in dashboard/shapes/ (see
its README for sources and licences), or a district file the user points to with
$ANTQ_DISTRICT_SHAPES (none ships: the only one at hand is GPL-3.0)."""
from __future__ import annotations

import copy
import gzip
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

SHIPPED = {"province": "provinces_63", "province_2025": "provinces_34", "commune_2025": "communes_2025"}
# property that holds a district's GSO code in common district files
_DISTRICT_CODE = ("code", "level2_id", "ma_huyen")


class ShapesError(Exception):
    """A boundary file that cannot be used, said in one line."""


@cache
def _shipped(name: str) -> dict:
    with resources.files("dashboard").joinpath("shapes", f"{name}.geojson.gz").open("rb") as f:
        return json.loads(gzip.decompress(f.read()))


@cache
def _districts(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ShapesError(f"{path}: not a GeoJSON FeatureCollection ({e})") from None
    out = []
    for f in features:
        props = f.get("properties") or {}
        code = next((str(props[k]) for k in _DISTRICT_CODE if props.get(k)), None)
        if code and f.get("geometry"):
            out.append({"type": "Feature", "geometry": f["geometry"],
                        "properties": {"code": code.zfill(3), "name": props.get("name", code)}})
    if not out:
        raise ShapesError(f"{path}: no feature has a district code ({', '.join(_DISTRICT_CODE)})")
    return {"type": "FeatureCollection", "features": out}


def available(level: str) -> bool:
    return level in SHIPPED or (level == "district" and bool(os.environ.get("ANTQ_DISTRICT_SHAPES")))


def load(level: str) -> dict | None:
    """A fresh copy of the level's FeatureCollection (properties code and name), or None."""
    if level in SHIPPED:
        shapes = _shipped(SHIPPED[level])
    elif level == "district" and os.environ.get("ANTQ_DISTRICT_SHAPES"):
        shapes = _districts(os.environ["ANTQ_DISTRICT_SHAPES"])
    else:
        return None
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": f["geometry"], "properties": copy.copy(f["properties"])}
                         for f in shapes["features"]]}
