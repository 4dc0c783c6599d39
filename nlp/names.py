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


_QUOTE_MARKS = re.compile(r"[“”\"\n]")
_SENTENCE_END = re.compile(r"[.!?] +(?=[A-ZĐÀ-Ỹ])")


def _closes(text: str, pos: int) -> bool:
    return text[pos - 1:pos].isalnum() and not text[pos + 1:pos + 2].isalnum()


def quoted(text: str) -> bytearray:
    """1 at each character inside a quoted name (a model, a forum, a title), else 0.
    Curly quotes open and close; a straight quote toggles; a line end closes all.
    A curly quote opened again before it closed, past a sentence's end, was never
    closed (a motto left open): it ends with its first sentence. A straight quote
    written as a closing one (after a word, before no word) closes an open curly one."""
    mask = bytearray(len(text) + 1)
    depth, straight, since, opened = 0, False, 0, 0
    for m in _QUOTE_MARKS.finditer(text):
        inside = depth > 0 or straight
        if inside:
            mask[since:m.start()] = b"\1" * (m.start() - since)
        c = m.group()
        if c == "\n":
            depth, straight = 0, False
        elif c == "“":
            left_open = _SENTENCE_END.search(text, opened, m.start()) if depth else None
            if left_open:
                mask[left_open.start():m.start()] = bytes(m.start() - left_open.start())
                depth = 0
            if not depth:
                opened = m.end()
            depth += 1
        elif c == "”" or (depth and not straight and _closes(text, m.start())):
            depth = max(0, depth - 1)  # a straight quote may close a curly one ('“Toàn dân..."')
        else:
            straight = not straight
        since = m.end()
    if depth > 0 or straight:
        mask[since:len(text)] = b"\1" * (len(text) - since)
    return mask
