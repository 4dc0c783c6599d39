"""Sentence splitting through underthesea, keeping offsets, and the syllables a
classifier reads.

underthesea returns strings, not offsets, so each sentence is found again in
the text. Its word segmentation is not used: it cost half of the indicator
classifier's time, and syllables with their neighbours scored the same under
cross-validation (bench/RESULTS.md).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

_handlers = list(logging.getLogger().handlers)
from underthesea import sent_tokenize  # noqa: E402

# underthesea calls logging.basicConfig() on import, which makes every library's
# log lines print to the terminal; the root logger's handlers are the application's
for _h in logging.getLogger().handlers:
    if _h not in _handlers:
        logging.getLogger().removeHandler(_h)


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
