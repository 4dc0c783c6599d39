"""Reads a plain-text article as antq stores or receives it: an optional
"date YYYY-MM[-DD]" marker before the title on the first line, then the title,
then the body. Pages saved as text often carry a header line ("banner") and a
date line around the title; both are recognised."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import dates, lexicon

_DATE_MARKER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)\s+(?P<title>.+?)\s*$")


@dataclass(frozen=True)
class Header:
    title: str | None
    published: str | None


def _is_date_line(line: str) -> bool:
    found = dates.parse_date(line)
    return bool(found) and len(line.split()) <= 10


@cache
def _banner() -> re.Pattern:
    heads = "|".join(re.escape(h) for h in lexicon.load("boilerplate")["banner_heads"])
    # the site's name goes on with a capitalised name ("Báo Cà Mau", "Cổng thông tin điện tử tỉnh A"),
    # so a title that opens with the same word ("Báo động ...") is not taken for it
    return re.compile(rf"^\s*(?:{heads})\s+(?:điện tử\s+)?(?:(?:tỉnh|huyện|thành phố|xã)\s+)?[A-ZĐ]")


def _is_banner(line: str) -> bool:
    """The site's own name above the title: short, and opening with "Báo", "Cổng thông tin" ..."""
    return len(line.split()) <= 8 and bool(_banner().match(line))


def read_header(text: str) -> Header:
    lines = [ln for ln in text.splitlines()[:8] if ln.strip()]
    if not lines:
        return Header(None, None)
    m = _DATE_MARKER.match(lines[0])
    if m:
        return Header(m["title"], m["date"])
    title_i = next((i for i, ln in enumerate(lines[:5])
                    if len(ln.split()) >= 4 and not _is_date_line(ln) and not _is_banner(ln)), None)
    title = lines[title_i].strip() if title_i is not None else None
    date_lines = [i for i, ln in enumerate(lines[:6]) if _is_date_line(ln)]
    # the article's own date sits after its title; a date above it is the page's "today"
    pick = next((i for i in date_lines if title_i is None or i > title_i), date_lines[0] if date_lines else None)
    published = dates.iso(lines[pick]) if pick is not None else None
    return Header(title, published)
