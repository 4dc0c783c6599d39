"""Sentence splitting and word segmentation through underthesea, keeping offsets.

underthesea returns strings, not offsets, and its word segmentation glues
numbers to the nouns after them ("4.700_khẩu"), so numbers and codes never go
into it: `words` segments only the stretches of text between them.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

_handlers = list(logging.getLogger().handlers)
from underthesea import sent_tokenize, word_tokenize  # noqa: E402

# underthesea calls logging.basicConfig() on import, which makes every library's
# log lines print to the terminal; the root logger's handlers are the application's
for _h in logging.getLogger().handlers:
    if _h not in _handlers:
        logging.getLogger().removeHandler(_h)

_PROTECTED = re.compile(r"\S*\d\S*")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a line break always ends a sentence."""
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip():
            continue
        pos = line.start()
        for s in sent_tokenize(line.group()):
            s = s.strip()
            if not s:
                continue
            i = text.find(s, pos, line.end())
            if i < 0:  # underthesea changed the text; fall back to the whole line
                out.append(Sentence(line.start(), line.end()))
                break
            out.append(Sentence(i, i + len(s)))
            pos = i + len(s)
    return out


@lru_cache(maxsize=4096)
def _segment(chunk: str) -> tuple[str, ...]:
    return tuple(w.lower().replace(" ", "_") for w in word_tokenize(chunk))


def words(text: str) -> list[str]:
    """Lower-cased words ('an_ninh', 'tổ_chức'); numbers and codes become '<num>'."""
    out: list[str] = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        chunk = text[pos:m.start()].strip()
        if chunk:
            out.extend(_segment(chunk))
        out.append("<num>")
        pos = m.end()
    chunk = text[pos:].strip()
    if chunk:
        out.extend(_segment(chunk))
    return [w for w in out if any(c.isalnum() for c in w) or w == "<num>"]


_SYLLABLE = re.compile(r"(?P<num>\S*\d\S*)|[^\W\d_]+")


def syllables(text: str) -> list[str]:
    """Lower-cased syllables; numbers and codes become '<num>', marks are dropped."""
    return ["<num>" if m.lastgroup else m.group().lower() for m in _SYLLABLE.finditer(text)]


def sentence_at(sents: list[Sentence], offset: int) -> Sentence | None:
    lo, hi = 0, len(sents)
    while lo < hi:
        mid = (lo + hi) // 2
        if sents[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return sents[lo] if lo < len(sents) and sents[lo].start <= offset else None
