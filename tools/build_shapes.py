"""Builds the boundary files the dashboard ships (dashboard/shapes/) from the
checked copies in ../shared/data/geo: GeoJSON with only a code and a name per
unit, coordinates rounded (and communes' TopoJSON decoded), gzip-compressed.

    .venv/bin/python tools/build_shapes.py [GEO_DIR]

Only layers whose licence allows shipping them in an MIT package are built (see
dashboard/shapes/README.md); the GPL-3.0 district layer is not.
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dashboard" / "shapes"
# codes the boundary source writes differently from vietnamadminunits, whose codes the
# warehouse uses: xã Ba Chẽ (Quảng Ninh) is 06978 in the boundaries, 06970 in the gazetteer
RECODE = {"communes_2025": {"06978": "06970"}}


def _round_ring(ring: list, digits: int) -> list:
    out = []
    for x, y in ring:
        p = [round(x, digits), round(y, digits)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else []


def _round(geometry: dict, digits: int) -> dict:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    kept = []
    for polygon in polygons:
        rings = [_round_ring(r, digits) for r in polygon]
        if rings and rings[0]:
            kept.append([r for r in rings if r])
    return {"type": "MultiPolygon", "coordinates": kept}


def _topo_arcs(topo: dict) -> list[list]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def _topo_ring(arcs: list[list], indexes: list[int]) -> list:
    ring: list = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _topo_features(topo: dict) -> list[dict]:
    arcs = _topo_arcs(topo)
    features = []
    for g in next(iter(topo["objects"].values()))["geometries"]:
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        coords = [[_topo_ring(arcs, ring) for ring in polygon] for polygon in polygons]
        features.append({"properties": g["properties"], "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return features


def _write(name: str, features: list[dict], code: str, digits: int) -> None:
    out = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": RECODE.get(name, {}).get(f["properties"][code], f["properties"][code]),
                                           "name": f["properties"]["name"]},
         "geometry": _round(f["geometry"], digits)} for f in features]}
    path = OUT / f"{name}.geojson.gz"
    path.write_bytes(gzip.compress(json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9, mtime=0))
    print(f"{path.relative_to(ROOT)}: {len(out['features'])} units, {path.stat().st_size / 1e3:.0f} KB")


def main() -> None:
    geo = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "geo"
    OUT.mkdir(parents=True, exist_ok=True)
    load = lambda f: json.loads((geo / f).read_text(encoding="utf-8"))  # noqa: E731
    _write("provinces_63", load("vn_provinces_63_geoboundaries.geojson")["features"], "gso_code", 3)
    _write("provinces_34", load("vn_provinces_34_2025.geojson")["features"], "code", 3)
    _write("communes_2025", _topo_features(load("vn_communes_3321_2025.topojson")), "code", 4)


if __name__ == "__main__":
    main()
