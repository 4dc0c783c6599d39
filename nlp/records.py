"""Typed records that leave the NLP stage; they mirror ../shared/design/extraction.md.
They are the one declaration of the record: the warehouse derives its Arrow type
and its check of loaded records from them (warehouse/record.py).

Every item carries `start`/`end`: character offsets into the article text, so
that the warehouse and the dashboard can show the sentence behind it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LEVELS = ("province", "district", "commune")
UNIT_KINDS = ("police", "committee", "organisation", "team")


@dataclass
class Figure:
    text: str
    value: float
    unit: str
    indicator: str
    start: int
    end: int
    total: float | None = None
    value_max: float | None = None
    approx: str | None = None
    period: str | None = None
    # The period resolved against the article date (ISO dates), and its kind:
    # year, part_of_year, to_date, rate (per month/week/year), range.
    period_start: str | None = None
    period_end: str | None = None
    period_kind: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    confidence: float | None = None
    # The unit the figure counts for (its scope) when it is not the article's
    # primary locality; None when it counts for the primary one.
    locality: Locality | None = None

    def to_contract(self) -> dict[str, Any]:
        d = asdict(self)
        d["locality"] = self.locality.to_contract() if self.locality else None
        if self.value_max is None:
            d.pop("value_max")
        for key in ("value", "total", "value_max"):
            if isinstance(d.get(key), float) and d[key].is_integer():
                d[key] = int(d[key])
        return d


@dataclass
class Model:
    name: str
    start: int
    end: int
    count: int | None = None
    family: str = "other"
    mentions: int = 1

    def to_contract(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Unit:
    name: str
    kind: str
    start: int
    end: int
    count: int | None = None

    def to_contract(self) -> dict[str, Any]:
        d = asdict(self)
        if self.count is None:
            d.pop("count")
        return d


@dataclass
class Locality:
    level: str
    name: str
    start: int
    end: int
    district: str | None = None
    province: str | None = None
    # Official code of the unit in the list it was resolved against
    # ("legacy": before 1 July 2025; "2025": after), with its parents' codes.
    code: str | None = None
    district_code: str | None = None
    province_code: str | None = None
    gazetteer: str = "legacy"
    mentions: int = 1

    def key(self) -> tuple[str, str | None]:
        return (self.level, self.code)

    def to_contract(self) -> dict[str, Any]:
        d = asdict(self)
        if self.level != "commune":
            d.pop("district")
        if self.level == "province":
            d.pop("province")
        return d


@dataclass
class LegalRef:
    text: str
    key: str
    doc_type: str
    start: int
    end: int

    def to_contract(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Extraction:
    doc_id: str | None = None
    title: str | None = None
    published: str | None = None
    primary_locality: Locality | None = None
    localities: list[Locality] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    # The contract writes legal references twice: their texts, and in full.
    legal_refs: list[LegalRef] = field(default_factory=list, metadata={
        "contract": {"legal_refs": list[str], "legal_ref_details": list[LegalRef]}})
    # Where the article body ends (page footers after it are not the article); not in the contract.
    body_end: int | None = field(default=None, metadata={"contract": {}})
    nlp_version: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The contract's JSON shape; legal_refs stay strings as the contract says,
        and their offsets and canonical keys travel in `legal_ref_details`."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "published": self.published,
            "primary_locality": self.primary_locality.to_contract() if self.primary_locality else None,
            "localities": [x.to_contract() for x in self.localities],
            "figures": [x.to_contract() for x in self.figures],
            "models": [x.to_contract() for x in self.models],
            "units": [x.to_contract() for x in self.units],
            "legal_refs": [x.text for x in self.legal_refs],
            "legal_ref_details": [x.to_contract() for x in self.legal_refs],
            "nlp_version": self.nlp_version,
            "warnings": list(self.warnings),
        }
