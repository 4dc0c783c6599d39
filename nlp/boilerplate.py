"""Where an article's body ends: portals append view counters, related-article
lists and their own address, which are not the article."""
from __future__ import annotations

import re
from functools import cache

from nlp import lexicon


@cache
def _markers() -> tuple[re.Pattern, float]:
    d = lexicon.load("boilerplate")
    rx = re.compile(r"^[ \t]*(?:" + "|".join(d["footer_markers"]) + ")", re.IGNORECASE | re.MULTILINE)
    return rx, float(d["min_share"])


def body_end(text: str) -> int:
    """Offset where the page's footer starts, or len(text)."""
    rx, share = _markers()
    floor = int(len(text) * share)
    m = rx.search(text, floor)
    return m.start() if m else len(text)
