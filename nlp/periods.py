"""Finds the time span a figure covers ("năm 2021", "từ đầu năm đến nay",
"6 tháng đầu năm 2023", "mỗi tháng") in its sentence and resolves it against
the article's date where one is known."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon

# What may come before a period that opens its sentence: nothing, or a lead-in word
# (a short lead-in set off by a comma may precede it: "Về dân cư, năm 2017 ...")
_OPENERS = re.compile(r"[\s\W]*(?:[^\W\d][^,;\d]{0,30},\s*)?"
                      r"(?:(?:trong|riêng|kết thúc|tính|chỉ|cũng|và|đặc biệt|qua|sau)\s+)*", re.IGNORECASE)
# ... or a period set before its clause with a comma ("Ghi nhận ..., trong 10 năm qua, ...")
_FRONTED = re.compile(r"\s*,")
_WORD_MONTHS = {"ba": 3, "sáu": 6, "chín": 9}
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Period:
    text: str
    kind: str
    start: int
    end: int
    date_start: str | None = None
    date_end: str | None = None
    # A period that opens its sentence or is set before a clause with a comma ("Từ năm
    # 2006 đến năm 2016, ...") covers the rest of the sentence; any other covers only
    # its clause, up to `clause_end` (the next ";").
    opens_sentence: bool = True
    clause_start: int = 0
    clause_end: int = 0


@cache
def _patterns() -> list[tuple[str, re.Pattern]]:
    return [(p["kind"], re.compile(p["regex"], re.IGNORECASE)) for p in lexicon.load("periods")["pattern"]]


def _published(published: str | None) -> tuple[int, int, int] | None:
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published or "")
    if not m:
        return None
    y, mo = int(m[1]), int(m[2] or 12)
    return y, mo, int(m[3] or calendar.monthrange(y, mo)[1])


def _iso(y: int, m: int, d: int | None = None) -> str:
    return f"{y:04d}-{m:02d}-{(d or calendar.monthrange(y, m)[1]):02d}"


def resolve(kind: str, m: re.Match, published: str | None) -> tuple[str | None, str | None]:
    """ISO start and end dates of a matched period, where they can be known."""
    g = m.groupdict()
    pub = _published(published)
    year = int(g["y"]) if g.get("y") else (pub[0] if pub else None)
    if g.get("rel"):
        return (_iso(year, 1, 1), _iso(year, 12)) if year else (None, None)
    if kind == "range":
        return _range(g, pub)
    if kind == "rate" or year is None:
        return None, None
    if kind == "year":
        return _iso(year, 1, 1), _iso(year, 12)
    if kind == "to_date":
        if not pub:
            return None, None
        start = _iso(year, 1, 1) if "đầu năm" in m.group().lower() else None
        return start, _iso(*pub)
    if g.get("q"):
        q = _QUARTERS[g["q"].upper()]
        return _iso(year, 3 * q - 2, 1), _iso(year, 3 * q)
    if g.get("mo"):
        mo = int(g["mo"])
        return (_iso(year, mo, 1), _iso(year, mo)) if 1 <= mo <= 12 else (None, None)
    months = int(g["m"]) if g["m"].isdigit() else _WORD_MONTHS[g["m"].lower()]
    months = min(max(months, 1), 12)
    if g["part"].lower() == "đầu":
        return _iso(year, 1, 1), _iso(year, months)
    return _iso(year, 13 - months, 1), _iso(year, 12)


def _range(g: dict, pub: tuple[int, int, int] | None) -> tuple[str | None, str | None]:
    """"năm 2019 đến nay", "từ ngày 01/7/2025 đến nay", "10 năm qua", "từ khi thành lập
    đến tháng 8/2025": an end not written is the article's date."""
    try:
        if g.get("n"):  # the last n years, counted up to the article's year
            start = _iso(pub[0] - int(g["n"]) + 1, 1, 1) if pub else None
        elif g.get("y"):
            start = _iso(int(g["y"]), int(g.get("mo") or 1), int(g.get("d") or 1))
        else:
            start = None
        if g.get("y2"):
            end = _iso(int(g["y2"]), int(g.get("mo2") or 12))
        else:
            end = _iso(*pub) if pub else None
    except ValueError:  # a month or day out of range: the text is garbled
        return None, None
    return start, end


def find_periods(text: str, start: int, end: int, published: str | None = None) -> list[Period]:
    """Periods in text[start:end], without overlaps, in order."""
    found: list[Period] = []
    for kind, rx in _patterns():
        for m in rx.finditer(text, start, end):
            if any(p.start < m.end() and m.start() < p.end for p in found):
                continue
            ds, de = resolve(kind, m, published)
            before = text[start:m.start()]
            semi_before = before.rfind(";")
            semi_after = text.find(";", m.end(), end)
            found.append(Period(m.group(), kind, m.start(), m.end(), ds, de,
                                opens_sentence=bool(_OPENERS.fullmatch(before.rsplit(":", 1)[-1])
                                                    or _FRONTED.match(text, m.end(), end)),
                                clause_start=start + semi_before + 1 if semi_before >= 0 else start,
                                clause_end=semi_after if semi_after >= 0 else end))
    return sorted(found, key=lambda p: p.start)


def period_for(periods: list[Period], fig_start: int, fig_end: int) -> Period | None:
    """The period nearest before the figure that covers it (one opening the sentence,
    or one in the figure's clause), else the nearest after it in its clause."""
    before = [p for p in periods if p.end <= fig_start and (p.opens_sentence or p.clause_end >= fig_start)]
    if before:
        return before[-1]
    after = [p for p in periods if p.start >= fig_end and p.clause_start <= fig_start]
    return after[0] if after else None
