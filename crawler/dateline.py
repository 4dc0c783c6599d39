"""The date and time a Vietnamese news page prints for its article (its dateline):
"Thứ năm, 20/12/2012, 10:18 GMT+7", "Thứ Hai, 24/12/2012, 03:04 AM (GMT+7)",
"21/12/2012 - 08:04", "15:20 PM | 21/12/2012", "ngày 24/12/12 11:05 tối".

A page prints many dates (lists of other articles, today's date in its
masthead); the article's is the one nearest its headline, and one written as
a dateline (with a weekday or GMT+7) beats a bare date. Dates written
month-first (03-08-2011) are read so when the page's other dates show that
order (12-27-2012). Pure functions over the page's text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))
NEAR_BEFORE, NEAR_AFTER = 400, 1200  # characters around the headline where its dateline is printed

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|t[2-7]|cn)"
_CLOCK = r"(?P<H{n}>\d{{1,2}})\s*[:h]\s*(?P<M{n}>\d{{2}})(?::(?P<S{n}>\d{{2}}))?\s*(?P<ap{n}>AM|PM|sáng|chiều|tối|trưa|đêm)?"
_DAY = r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.\-])"
DATELINE = re.compile(
    rf"(?P<wd>{_WEEKDAY}\s*,?\s*)?(?:ngày\s*)?(?:{_CLOCK.format(n=1)}\s*[|,\-]?\s*)?"
    rf"(?<![\d/.\-]){_DAY}(?:\s*[,\-|]?\s*(?:lúc\s*)?{_CLOCK.format(n=2)})?(?P<gmt>\s*\(?\s*GMT\s*\+\s*0?7(?::00)?\s*\)?)?",
    re.IGNORECASE)
_PM = {"pm", "chiều", "tối", "đêm"}


@dataclass(frozen=True)
class Dateline:
    day: date
    at: time | None  # the time printed, if any (Vietnam time)
    marked: bool  # written as a dateline: a weekday or GMT+7 beside it
    position: int
    short_year: bool = False  # "14/12/12": believed only right by the headline

    def iso(self) -> str:
        """The ISO date, or date-time with Vietnam's offset when a time is printed."""
        if self.at is None:
            return self.day.isoformat()
        return datetime.combine(self.day, self.at, VN_TZ).isoformat()


def _month_first(text: str) -> bool:
    """Whether the page writes dash dates month-first (some date's second part is over 12)."""
    return any(int(m) > 12 >= int(d) for d, m in re.findall(r"(?<![\d\-])(\d{1,2})-(\d{1,2})-\d{4}(?!\d)", text))


def _clock(m: re.Match, n: int) -> time | None:
    if not m[f"H{n}"]:
        return None
    hour, minute = int(m[f"H{n}"]), int(m[f"M{n}"])
    ampm = (m[f"ap{n}"] or "").lower()
    if ampm in _PM and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute, int(m[f"S{n}"] or 0))


def candidates(text: str) -> list[Dateline]:
    month_first = _month_first(text)
    out = []
    for m in DATELINE.finditer(text):
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        if m["sep"] == "-" and month_first:
            d, mo = mo, d
        short = y < 100
        if short:
            y += 2000
        try:
            day = date(y, mo, d)
        except ValueError:
            continue
        if not 1990 <= y <= 2100:
            continue
        at = _clock(m, 2) or _clock(m, 1)
        out.append(Dateline(day, at, bool(m["wd"] or m["gmt"]), m.start(), short and not (m["wd"] or at)))
    return out


def find(text: str, anchor: int | None, not_after: datetime | None = None) -> Dateline | None:
    """The article's dateline in a page's text, given where its headline is (anchor, a
    character offset; None if not found). Near the headline, a marked dateline wins, then
    the nearest date; away from it, only a marked one counts, and the nearest to the
    headline wins."""
    found = [c for c in candidates(text) if not_after is None or c.day <= not_after.astimezone(VN_TZ).date()]
    if not found:
        return None
    if anchor is None:
        found = [c for c in found if not c.short_year]
        marked = [c for c in found if c.marked]
        return marked[0] if marked else None

    def distance(c: Dateline) -> int:
        return c.position - anchor if c.position >= anchor else (anchor - c.position) * 2

    near = [c for c in found if -NEAR_BEFORE <= c.position - anchor <= NEAR_AFTER]
    if near:
        return min(near, key=lambda c: (not c.marked, not c.at, distance(c)))
    marked = [c for c in found if c.marked and c.at and not c.short_year]
    return min(marked, key=distance) if marked else None
