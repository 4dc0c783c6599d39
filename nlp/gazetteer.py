"""The official lists of administrative units that `vietnamadminunits` ships:
63 provinces with their districts and communes before 1 July 2025 ("legacy"),
and 34 provinces with their communes after it ("2025"). Read once, read-only.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from nlp import lexicon

LEGACY, NEW = "legacy", "2025"
MERGER_DATE = "2025-07-01"

# Old-style tone placement ("hoá", "uỷ") and its modern form ("hóa", "ủy").
_TONE_MOVES = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


@dataclass(frozen=True)
class AdminUnit:
    level: str  # province, district, commune
    code: str
    name: str  # short name, without the level word ("Vĩnh Lộc")
    kind: str  # the level word: Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn
    province_code: str
    province: str
    district_code: str | None = None
    district: str | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer: str = LEGACY
    # Last day before the unit was dissolved, for units of the 2019 census that the
    # mid-2025 list no longer has (their code is not an official one: "2019-...").
    until: str | None = None

    @property
    def official(self) -> bool:
        """In the official lists, with an official code (not a dissolved district or a
        commune remembered as an alias, whose codes are our own)."""
        return not self.code.startswith(("2019-", "alias-"))

    @property
    def remembered(self) -> bool:
        """A commune merged away that the list keeps only as another's alias."""
        return self.code.startswith("alias-")


@lru_cache(maxsize=50000)
def spelling(s: str) -> str:
    """Lower case, NFC, modern tone placement: 'Thanh Hoá' and 'Thanh Hóa' agree."""
    s = unicodedata.normalize("NFC", s.replace("Ð", "Đ")).lower()
    for old, new in _TONE_MOVES.items():
        s = s.replace(old, new)
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=50000)
def fold(s: str) -> str:
    """Without accents or spaces: 'Đăk Tô' and 'Đắk Tô' both give 'dakto'."""
    # "Ð" (the Icelandic eth) is a common typing of "Đ"
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").replace("ð", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if unicodedata.category(c) != "Mn").lower())


class Gazetteer:
    def __init__(self, units: list[AdminUnit], dissolved: list[AdminUnit] = ()):
        """`units` are the official lists; `dissolved` units are found by name but are
        not listed in `units` (they have no official code)."""
        self.units = units
        self.by_code = {(u.gazetteer, u.level, u.code): u for u in [*units, *dissolved]}
        self._by_key: dict[tuple[str, str, str], list[AdminUnit]] = defaultdict(list)
        for u in [*units, *dissolved]:
            self._by_key[(u.gazetteer, u.level, fold(u.name))].append(u)
            # a 2025 ward named after two old ones ("Xuân Hương - Đà Lạt") is often
            # written with its first part only
            if u.gazetteer == NEW and " - " in u.name:
                self._by_key[(u.gazetteer, u.level, fold(u.name.split(" - ")[0]))].append(u)
        for alias, full in PROVINCE_ALIASES.items():
            for gaz in (LEGACY, NEW):
                same = self._by_key[(gaz, "province", fold(alias))]
                same += [u for u in self._by_key.get((gaz, "province", fold(full)), []) if u not in same]
        self.max_words = max(len(u.name.split()) for u in self.by_code.values())
        self._absorbed: dict[str, list[AdminUnit]] = defaultdict(list)

    def absorbed_by(self, key: str, unit: AdminUnit) -> None:
        self._absorbed[key].append(unit)

    def former(self, name: str, level: str) -> list[AdminUnit]:
        """Communes merged into a neighbour before mid-2025 that the list remembers
        only as an unaccented key: a unit under the name as written, with the
        parents of the commune that absorbed it and no official code."""
        if level != "commune":
            return []
        key = fold(name)
        return [AdminUnit("commune", f"alias-{u.code}-{key}", name, "Xã", u.province_code, u.province,
                          u.district_code, u.district, u.lat, u.lon) for u in self._absorbed.get(key, [])]

    def lookup(self, name: str, level: str, gazetteer: str = LEGACY, on: str | None = None) -> list[AdminUnit]:
        """Units of that level and name (spelling variants allowed) in force on the date
        `on` (any date when None); exact spellings first."""
        found = [u for u in self._by_key.get((gazetteer, level, fold(name)), [])
                 if not (on and u.until and on[:10] > u.until)]
        exact = [u for u in found if spelling(u.name) == spelling(name)]
        return exact + [u for u in found if u not in exact]

    def successor(self, province: AdminUnit) -> AdminUnit | None:
        """The 2025 province that a pre-2025 province became part of."""
        if province.gazetteer == NEW:
            return province
        new_key = _merged_into().get(fold(f"{province.kind} {province.name}"))
        return next((u for u in self.units if u.gazetteer == NEW and u.level == "province"
                     and fold(f"{u.kind} {u.name}") == new_key), None)

    def get(self, gazetteer: str, level: str, code: str) -> AdminUnit | None:
        return self.by_code.get((gazetteer, level, code))

    def is_parent(self, parent: AdminUnit, child: AdminUnit) -> bool:
        if parent.gazetteer != child.gazetteer:
            return False
        if parent.level == "province":
            return child.level != "province" and child.province_code == parent.code
        return parent.level == "district" and child.level == "commune" and child.district_code == parent.code


# Other names of provinces, written in the text without a level word or after it.
PROVINCE_ALIASES = {"Thừa Thiên Huế": "Huế", "Thừa Thiên - Huế": "Huế", "TPHCM": "Hồ Chí Minh",
                    "HCM": "Hồ Chí Minh", "Sài Gòn": "Hồ Chí Minh", "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu"}
# Official names a province had before the mid-2025 list renamed it: kept as the article writes them.
FORMER_NAMES = {"thuathienhue": "Thừa Thiên Huế"}
_NUMBERED = re.compile(r"^(?:Quận|Phường|Xã|Thị trấn)\s+(\d+)$")


def short_name(name: str) -> str:
    """The name without the list's disambiguation ("Cao Lãnh (Thành phố)") and, for a
    numbered unit ("Quận 5", "Phường 7"), the number alone, as articles write it after
    the level word."""
    name = re.sub(r"\s*\((?:Thành phố|Huyện|Thị xã|Quận)\)$", "", name).strip()
    m = _NUMBERED.match(name)
    return m[1] if m else name


def _short(full: str | None, kind: str | None) -> str | None:
    if not full:
        return None
    return full[len(kind):].strip() if kind and full.startswith(kind) else full


def data_file(name: str) -> Path:
    """A file of vietnamadminunits' data, found without importing the package:
    its import loads its own parsers, about 70 MB that antq does not use."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed: run `make install`")
    return Path(spec.submodule_search_locations[0]) / "data" / name


def dataset_path() -> str:
    return str(data_file("dataset.db"))


@cache
def load() -> Gazetteer:
    con = sqlite3.connect(f"file:{dataset_path()}?mode=ro", uri=True)
    try:
        units: dict[tuple, AdminUnit] = {}
        for row in con.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, districtShort, districtType,"
            " districtCode, districtLat, districtLon, wardShort, wardType, wardCode, wardLat, wardLon"
            " FROM admin_units_legacy"
        ):
            (prov, prov_short, pcode, plat, plon, dist, dtype, dcode, dlat, dlon, ward, wtype, wcode, wlat, wlon) = row
            pkind = _province_kind(prov)
            units.setdefault((LEGACY, "province", pcode), AdminUnit(
                "province", pcode, prov_short, pkind, pcode, prov_short, lat=plat, lon=plon))
            dist = short_name(dist) if dist else dist
            if dcode:
                units.setdefault((LEGACY, "district", dcode), AdminUnit(
                    "district", dcode, dist, dtype, pcode, prov_short, dcode, dist, dlat, dlon))
            if wcode and ward:
                units.setdefault((LEGACY, "commune", wcode), AdminUnit(
                    "commune", wcode, short_name(ward), wtype or "Xã", pcode, prov_short, dcode, dist, wlat, wlon))
        for row in con.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, wardShort, wardType,"
            " wardCode, wardLat, wardLon FROM admin_units"
        ):
            prov, prov_short, pcode, plat, plon, ward, wtype, wcode, wlat, wlon = row
            units.setdefault((NEW, "province", pcode), AdminUnit(
                "province", pcode, prov_short, _province_kind(prov), pcode, prov_short, lat=plat, lon=plon, gazetteer=NEW))
            if wcode and ward:
                units.setdefault((NEW, "commune", wcode), AdminUnit(
                    "commune", wcode, short_name(ward), wtype or "Xã", pcode, prov_short, None, None, wlat, wlon, NEW))
        g = Gazetteer(list(units.values()), list(_dissolved_districts(units).values()))
        for code, aliases in con.execute("SELECT wardCode, wardAlias FROM admin_units_legacy WHERE wardAlias IS NOT NULL"):
            u = g.get(LEGACY, "commune", code)
            for key in set(json.loads(aliases)) if u else ():
                if not re.match(r"(?:xa|phuong|thitran|p|f|ward)\d*$|(?:xa|phuong|thitran|ward)", key):
                    g.absorbed_by(key, u)
        return g
    finally:
        con.close()


@cache
def _merged_into() -> dict[str, str]:
    """Folded full name of each pre-2025 province -> that of the 2025 province it joined."""
    conv = json.loads(data_file("converter_2025.json").read_text(encoding="utf-8"))
    return {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}


def _dissolved_districts(units: dict) -> dict:
    """Districts of the 2019 census (../shared/data, warehouse/reference) that the
    mid-2025 list no longer has, merged into another between 2019 and 2025, so that
    an article written while they existed finds them. Their kind and the last day
    they were in force are data (localities.toml)."""
    provinces = {u.name: u for (gaz, lv, _), u in units.items() if gaz == LEGACY and lv == "province"}
    out = {}
    for key, (kind, until) in lexicon.load("localities")["dissolved_districts"].items():
        province, name = key.split("/")
        p = provinces[province]
        code = f"2019-{p.code}-{fold(name)}"
        out[(LEGACY, "district", code)] = AdminUnit(
            "district", code, name, kind, p.code, p.name, code, name, until=until)
    return out


def _province_kind(full: str) -> str:
    return "Thành phố" if full.startswith("Thành phố") else "Tỉnh"
