"""Finds the time span a figure covers ("năm 2021", "từ đầu năm đến nay",
"6 tháng đầu năm 2023", "mỗi tháng") in its sentence and resolves it against
the article's date where one is known."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon

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
    if kind == "rate" or year is None:
        return None, None
    if kind == "year":
        return _iso(year, 1, 1), _iso(year, 12)
    if kind == "to_date":
        if not pub:
            return None, None
        start = _iso(year, 1, 1) if "đầu năm" in m.group().lower() else None
        return start, _iso(*pub)
    if kind == "range":
        y2 = int(g["y2"]) if g.get("y2") else (pub[0] if pub else None)
        return _iso(year, 1, 1), (_iso(*pub) if not g.get("y2") and pub else _iso(y2, 12) if y2 else None)
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


def find_periods(text: str, start: int, end: int, published: str | None = None) -> list[Period]:
    """Periods in text[start:end], without overlaps, in order."""
    found: list[Period] = []
    for kind, rx in _patterns():
        for m in rx.finditer(text, start, end):
            if any(p.start < m.end() and m.start() < p.end for p in found):
                continue
            ds, de = resolve(kind, m, published)
            found.append(Period(m.group(), kind, m.start(), m.end(), ds, de))
    return sorted(found, key=lambda p: p.start)


def period_for(periods: list[Period], fig_start: int, fig_end: int) -> Period | None:
    """The period nearest before the figure in its sentence, else the nearest after it."""
    before = [p for p in periods if p.end <= fig_start]
    if before:
        return before[-1]
    after = [p for p in periods if p.start >= fig_end]
    return after[0] if after else None
