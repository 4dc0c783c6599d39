"""Fills the gaz_* tables: units before and after 1 July 2025 from the lists
that vietnamadminunits ships, the mapping from each pre-2025 unit to its
post-2025 unit (its converter data), and census populations from
warehouse/reference/ (public figures; sources in the CSVs and README there)."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from importlib import resources
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from nlp.gazetteer import data_file, dataset_path, fold

_TYPE_WORD = re.compile(r"^(Quận|Huyện|Thị xã|Thành phố)\s+")


def _reference(name: str) -> list[dict]:
    with resources.files("warehouse").joinpath("reference", name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _converter() -> dict:
    return json.loads(data_file("converter_2025.json").read_text(encoding="utf-8"))


_PROVINCE = ("province", "provinceShort", "provinceCode", "provinceLat", "provinceLon", "provinceKey")
_WARD = ("wardShort", "wardType", "wardCode", "wardLat", "wardLon", "wardKey")
_LEGACY = (*_PROVINCE, *_WARD, "ward", "district", "districtShort", "districtType", "districtCode", "districtLat",
           "districtLon", "districtKey")
_NEW = (*_PROVINCE, *_WARD, "wardAreaKm2")


def _rows(table: str, columns: tuple[str, ...]) -> Iterator[sqlite3.Row]:
    """The columns used here, row by row (the lists hold many more, of 10,000 units)."""
    con = sqlite3.connect(f"file:{dataset_path()}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        yield from con.execute(f"SELECT {', '.join(columns)} FROM {table}")
    finally:
        con.close()


def _table(rows: Iterable[dict]) -> pa.Table:
    """Rows as an Arrow table, the first of each code kept."""
    by_code: dict = {}
    for r in rows:
        by_code.setdefault(r["code"], r)
    return pa.Table.from_pylist(list(by_code.values()))


def build_tables() -> dict[str, pa.Table]:
    legacy = _rows("admin_units_legacy", _LEGACY)
    new = list(_rows("admin_units", _NEW))
    conv = _converter()
    new_province_of = {old: new_key for new_key, olds in conv["DICT_PROVINCE"].items() for old in olds}
    new_province_code = {r["provinceKey"]: r["provinceCode"] for r in new}
    new_ward_code = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in new}
    ward_map = {old: (pkey, wkey) for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
                for wkey, olds in wards.items() for old in olds}
    for pkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, choices in divided.items():
            default = next((c for c in choices if c["isDefaultNewWard"]), choices[0] if choices else None)
            if default:
                ward_map.setdefault(old, (pkey, default["newWardKey"]))

    pop_prov = {r["province_code"]: r for r in _reference("population_2019_provinces.csv")}
    # district rows name their province as it was in 2019 ("Thừa Thiên Huế"): key them by its code
    code_of = {fold(r["province"]): code for code, r in pop_prov.items()}
    dist_rows = _reference("population_2019_districts.csv")
    pop_dist = {(code_of.get(fold(r["province"])), fold(r["district"])): r for r in dist_rows}
    # a district that changed kind after 2019 (Huyện Sa Pa -> Thị xã Sa Pa) is found by
    # its name alone, where that name is unique in its province
    by_short: dict[tuple, list] = {}
    for r in dist_rows:
        by_short.setdefault((code_of.get(fold(r["province"])), fold(_TYPE_WORD.sub("", r["district"]))), []).append(r)
    pop_dist_short = {k: v[0] for k, v in by_short.items() if len(v) == 1}

    provinces, districts, communes = {}, {}, []
    for r in legacy:
        p25 = new_province_code.get(new_province_of.get(r["provinceKey"]))
        if r["provinceCode"] not in provinces:
            pop = pop_prov.get(r["provinceCode"], {})
            provinces[r["provinceCode"]] = dict(
                code=r["provinceCode"], name=r["provinceShort"],
                kind="Thành phố" if r["province"].startswith("Thành phố") else "Tỉnh",
                lat=r["provinceLat"], lon=r["provinceLon"], area_km2=_num(pop.get("area_km2")),
                population_2019=_num(pop.get("population_2019")), population_source=pop.get("source"),
                province_2025_code=p25)
        if r["districtCode"] and r["districtCode"] not in districts:
            pop = pop_dist.get((r["provinceCode"], fold(r["district"]))) \
                or pop_dist_short.get((r["provinceCode"], fold(r["districtShort"])), {})
            districts[r["districtCode"]] = dict(
                code=r["districtCode"], name=r["districtShort"], kind=r["districtType"],
                province_code=r["provinceCode"], lat=r["districtLat"], lon=r["districtLon"],
                population_2019=_num(pop.get("population_2019")), population_source=pop.get("source"),
                province_2025_code=p25)
        if r["wardCode"] and r["ward"]:
            target = ward_map.get(f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}")
            communes.append(dict(
                code=r["wardCode"], name=r["wardShort"], kind=r["wardType"], district_code=r["districtCode"],
                province_code=r["provinceCode"], lat=r["wardLat"], lon=r["wardLon"],
                commune_2025_code=new_ward_code.get(target) if target else None, province_2025_code=p25))

    pop25 = {fold(r["province"]): r for r in _reference("population_2025_provinces.csv")}
    provinces_2025, communes_2025 = {}, []
    for r in new:
        if r["provinceCode"] not in provinces_2025:
            pop = pop25.get(fold(r["provinceShort"]), {})
            provinces_2025[r["provinceCode"]] = dict(
                code=r["provinceCode"], name=r["provinceShort"],
                kind="Thành phố" if r["province"].startswith("Thành phố") else "Tỉnh",
                lat=r["provinceLat"], lon=r["provinceLon"], area_km2=_num(pop.get("area_km2")),
                merged_from=pop.get("merged_from"), population_2019_census=_num(pop.get("population_2019_census")),
                population_admin_2025=_num(pop.get("population")), population_source=pop.get("source"))
        communes_2025.append(dict(
            code=r["wardCode"], name=r["wardShort"], kind=r["wardType"], province_code=r["provinceCode"],
            lat=r["wardLat"], lon=r["wardLon"], area_km2=r["wardAreaKm2"]))
    return {
        "gaz_provinces": _table(provinces.values()),
        "gaz_districts": _table(districts.values()),
        "gaz_communes": _table(communes),
        "gaz_provinces_2025": _table(provinces_2025.values()),
        "gaz_communes_2025": _table(communes_2025),
    }


def _num(s):
    return float(s) if s not in (None, "") else None


def ensure_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """Fill the gazetteer tables if they are empty; True if it did."""
    if con.execute("SELECT count(*) FROM gaz_provinces").fetchone()[0]:
        return False
    for table, rows in build_tables().items():
        con.register("gaz_frame", rows)
        cols = ", ".join(rows.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM gaz_frame")
        con.unregister("gaz_frame")
    return True
