"""Reads the dates Vietnamese pages write: "Thứ 4, ngày 18 tháng 5 năm 2022",
"20-4-2022", "18/05/2022", "10:19 25/11/2025", "(29/06/2026, 14:49)", "2022-08"."""
from __future__ import annotations

import re
from datetime import date

_PATTERNS = [
    (re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I), "dmy"),
    (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?!\d)"), "dmy"),
    (re.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})", re.I), "my"),
    (re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{2})\s*$"), "my"),
]


def parse_date(s: str) -> tuple[date, str] | None:
    """The first date written in `s`, with its precision ('day' or 'month')."""
    best = None
    for rx, kind in _PATTERNS:
        m = rx.search(s)
        if not m or (best and best[0] <= m.start()):
            continue
        try:
            d = date(int(m["y"]), int(m["m"]), int(m["d"]) if kind != "my" else 1)
        except ValueError:
            continue
        if 1945 <= d.year <= 2100:
            best = (m.start(), d, "day" if kind != "my" else "month")
    return (best[1], best[2]) if best else None


def iso(s: str) -> str | None:
    """'20-4-2022' -> '2022-04-20'; 'tháng 5/2022' -> '2022-05'; None if no date."""
    found = parse_date(s)
    if not found:
        return None
    d, precision = found
    return d.isoformat() if precision == "day" else d.isoformat()[:7]


def normalise(value) -> str | None:
    """An article date as antq stores it ('2022', '2022-08', '2022-08-15'), from an ISO
    string, a Vietnamese date, or a date/datetime; None when it names no date."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d/.])", value)
    if m and 1945 <= int(m[1]) <= 2100 and (not m[2] or 1 <= int(m[2]) <= 12):
        return m.group().strip()
    return iso(value)
