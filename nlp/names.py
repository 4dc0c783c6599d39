"""How names of models and units are written: fixed pairs joined by a comma inside one
name ("phòng, chống") and quoted names. Shared by nlp/models.py and nlp/units.py."""
from __future__ import annotations

import re
from functools import cache

from nlp import lexicon


@cache
def comma_pairs() -> list[tuple[str, str]]:
    return [tuple(p.lower().split(", ")) for p in lexicon.load("names")["comma_pairs"]]


def joins_at_comma(text: str, comma: int) -> bool:
    """True when the comma at `comma` sits inside a fixed pair ("phòng, chống")."""
    before, after = text[max(0, comma - 30):comma].lower(), text[comma + 1:comma + 31].lower().lstrip()
    return any(before.endswith(a) and (before[:-len(a)][-1:] in ("", " ", "“", '"'))
               and re.match(rf"{re.escape(b)}(?!\w)", after) for a, b in comma_pairs())


def inside_quotes(text: str, pos: int) -> bool:
    """True when pos is inside a quoted name on its line (a model, a forum, a title)."""
    line = text[text.rfind("\n", 0, pos) + 1:pos]
    return line.count("“") > line.count("”") or line.count('"') % 2 == 1
