"""Finds security models (mô hình): names after "mô hình" in any quote style,
the items of lists after "như:", and unquoted names that carry a proper name
("mô hình Nhóm LGTQ"); generic groups ("54 mô hình phòng, chống tội phạm")
are figures, not models. Names are grouped into families from a data file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon
from nlp.numbers import find_quantities
from nlp.records import Model
from nlp.tokens import QUOTES_OPEN, Phrases, Token, closing_quote, tokenize

_MODEL_WORD = re.compile(r"(?<!\w)mô hình(?!\w)", re.IGNORECASE)
_LIST_INTRO = re.compile(r"(?<!\w)như\s*:?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Rules:
    not_models: list[re.Pattern]
    generic: frozenset[str]
    stops: Phrases
    max_words: int
    families: list[tuple[str, re.Pattern]]


@cache
def rules() -> _Rules:
    d = lexicon.load("models")
    return _Rules(
        [re.compile(p) for p in d["not_models"]], frozenset(d["generic_acronyms"]), Phrases(d["name_stops"]),
        int(d["max_words"]), [(f["name"], re.compile(f["pattern"])) for f in d["family"]],
    )


def family_of(name: str) -> str:
    low = name.lower()
    return next((fam for fam, rx in rules().families if rx.search(low)), "other")


def _has_proper_name(words: list[Token]) -> bool:
    return any(t.is_capitalized and t.text not in rules().generic for t in words)


def _quoted(text: str, pos: int, end: int) -> tuple[int, int] | None:
    toks = tokenize(text, pos, min(end, pos + 3))
    if toks and toks[0].text in QUOTES_OPEN and text[pos:toks[0].start].strip() == "":
        close = closing_quote(text, toks[0])
        if close > 0:
            return toks[0].end, close
    return None


def _unquoted(text: str, pos: int, end: int) -> tuple[int, int, list[Token]] | None:
    r = rules()
    toks = tokenize(text, pos, min(end, pos + 200))
    words: list[Token] = []
    for i, t in enumerate(toks):
        if not (t.is_word or t.is_number) or (words and r.stops.match_at(toks, i)) or "\n" in text[pos:t.start]:
            break
        words.append(t)
        if len(words) >= r.max_words:
            break
    if not words or r.stops.match_at(words, 0):
        return None
    return words[0].start, words[-1].end, words


def _count_before(text: str, at: int) -> int | None:
    """'13 mô hình': the number right before the word."""
    window = text[max(0, at - 20):at]
    qs = [q for q in find_quantities(window) if not q.percent]
    return int(qs[-1].value) if qs and not window[qs[-1].end:].strip() else None


def _count_after(text: str, pos: int, end: int) -> int | None:
    """'tại 3 công ty may', 'của 13 thôn và 05 nhà trường': how many places have it."""
    m = re.match(r"\s*(?:tại|của|ở|trong)\s+", text[pos:end])
    if not m:
        return None
    total, cur = 0, pos + m.end()
    while True:
        q = next(iter(find_quantities(text[cur:min(end, cur + 40)])), None)
        if q is None or text[cur:cur + q.start].strip():
            break
        total += int(q.value)
        join = re.match(r"[^\d,;.]*?(?:,|\svà)\s+(?=\d)", text[cur + q.end:cur + q.end + 40])
        if not join:
            break
        cur = cur + q.end + join.end()
    return total or None


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Items of a list after "như:", up to the end of its sentence."""
    stop = re.search(r"\.\s|\n|…|\.\.\.|$", text[start:end])
    body_end = start + stop.start()
    sep = ";" if ";" in text[start:body_end] else ","
    items, pos = [], start
    for part in text[start:body_end].split(sep):
        s = pos + len(part) - len(part.lstrip())
        items.append((s, pos + len(part.rstrip())))
        pos += len(part) + 1
    return [(s, e) for s, e in items if e > s]


def _name_at(text: str, pos: int, end: int, in_list: bool) -> tuple[int, int] | None:
    q = _quoted(text, pos, end)
    if q:
        return q
    u = _unquoted(text, pos, end)
    if u and (in_list or _has_proper_name(u[2])):
        return u[0], u[1]
    return None


def find_models(text: str, end: int | None = None) -> list[Model]:
    end = len(text) if end is None else end
    r = rules()
    found: dict[str, Model] = {}
    seen: set[int] = set()

    def add(s: int, e: int, count: int | None) -> None:
        name = text[s:e].strip(" \"'“”‘’.,;")
        if not name or s in seen or any(rx.search(name.lower()) for rx in r.not_models):
            return
        seen.add(s)
        key = name.lower()
        if key in found:
            m = found[key]
            m.mentions += 1
            if count is not None:
                m.count = (m.count or 0) + count
        else:
            found[key] = Model(name, s, e, count, family_of(name))

    for m in _MODEL_WORD.finditer(text, 0, end):
        pos = m.end()
        span = _name_at(text, pos, end, in_list=False)
        if span:
            close = span[1] + (1 if text[span[1]:span[1] + 1] in "”\"’'" else 0)
            add(*span, _count_before(text, m.start()) or _count_after(text, close, end))
    for intro in _LIST_INTRO.finditer(text, 0, end):
        clause_start = max(text.rfind(c, 0, intro.start()) for c in ".;\n")
        if not _MODEL_WORD.search(text, clause_start + 1, intro.start()):
            continue
        for s, e in _list_items(text, intro.end(), end):
            lead = _MODEL_WORD.match(text, s)
            pos = lead.end() if lead else s
            span = _name_at(text, pos, e, in_list=True)
            if span:
                add(*span, None)
    return sorted(found.values(), key=lambda x: x.start)
