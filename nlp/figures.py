"""Finds figures: a quantity plus the noun phrase it counts ("71 khẩu súng tự
chế các loại"), leaving out dates, years, document numbers, list numbering,
ordinals, phone numbers and page counters. Indicators and periods are given
later (indicators.py, periods.py); this module only says what is counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon
from nlp.legal import find_legal_refs
from nlp.names import joins_at_comma
from nlp.numbers import Quantity, find_quantities
from nlp.tokens import QUOTES_OPEN, Phrases, Token, TokenRun, closing_quote, tokenize


@dataclass(frozen=True)
class RawFigure:
    quantity: Quantity
    end: int  # end of the counted noun phrase
    unit: str
    text: str


@dataclass(frozen=True)
class _Rules:
    not_figures: re.Pattern
    year: re.Pattern
    label_before: Phrases
    label_exceptions: Phrases
    not_counted: Phrases
    measures: Phrases
    counters: Phrases
    one_counters: Phrases
    stop_words: Phrases
    continuations: Phrases
    list_nouns: Phrases
    owner_heads: Phrases
    hedges: Phrases
    first_nouns: Phrases
    classifiers: Phrases
    max_words: int
    max_quoted_words: int
    max_name_words: int


@cache
def rules() -> _Rules:
    d = lexicon.load("figures")
    p = d["phrase"]
    return _Rules(
        not_figures=re.compile(f"(?=(?:{d['not_figures_start']}))(?:" + "|".join(f"(?:{r})" for r in d["not_figures"]) + ")",
                               re.IGNORECASE),
        year=re.compile(d["year"]),
        label_before=Phrases(d["label_before"]),
        label_exceptions=Phrases(d["label_exceptions"]),
        not_counted=Phrases(d["not_counted"]),
        measures=Phrases(d["measures"]),
        counters=Phrases(d["counters"]),
        one_counters=Phrases(d["one_counters"]),
        stop_words=Phrases(p["stop_words"]),
        continuations=Phrases(p["continuations"]),
        list_nouns=Phrases(p["list_nouns"]),
        owner_heads=Phrases(p["owner_heads"]),
        hedges=Phrases(lexicon.load("numbers")["hedges"]),
        first_nouns=Phrases(p["first_nouns"]),
        classifiers=Phrases(p["classifiers"]),
        max_words=int(p["max_words"]),
        max_quoted_words=int(p["max_quoted_words"]),
        max_name_words=int(p["max_name_words"]),
    )


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dates, times, years, document codes, phone numbers and addresses."""
    return [m.span() for m in rules().not_figures.finditer(text)]


_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,200})[”\"]")


def _quoted_names(text: str) -> list[tuple[int, int]]:
    """Spans of short quoted names ("mô hình “5 không 3 có”", “Nhà trọ 3 phòng”)."""
    limit = rules().max_name_words
    return [m.span(1) for m in _QUOTED.finditer(text) if len(m.group(1).split()) <= limit]


def find_figures(text: str, end: int | None = None) -> list[RawFigure]:
    """Figures in text[:end], in order."""
    end = len(text) if end is None else end
    r = rules()
    blocked = blocked_spans(text[:end]) + [(x.start, x.end) for x in find_legal_refs(text, end)]
    blocked += _quoted_names(text[:end])
    years = [m.span() for m in r.year.finditer(text[:end])]
    out = []
    for q in find_quantities(text[:end]):
        if any(s < q.end and q.core_start < e for s, e in blocked):
            continue
        if any(s < q.end and q.core_start < e for s, e in years) and not _counted_year(text, q, end):
            continue
        fig = _figure(text, q, end)
        if fig is not None:
            fig = _complete_part(text, fig, end)
        if fig is not None:
            out.append(fig)
    return out


def _counted_year(text: str, q: Quantity, end: int) -> bool:
    """A number that looks like a year counts when hedged or followed by a counter
    noun ("hơn 2000 lượt người")."""
    if q.approx:
        return True
    return bool(rules().counters.match_at(tokenize(text, q.end, min(end, q.end + 40)), 0))


def _complete_part(text: str, fig: RawFigure, end: int) -> RawFigure | None:
    """An excerpt may end mid-word. A noun phrase that runs into the cut keeps its
    complete words ("hai xã Thụy X" → "hai xã Thụy"); with no noun left ("hơn 20
    nghìn thàn", "18 quả l": a classifier alone), it is not a figure."""
    body = text[:end].rstrip()
    if fig.end < len(body) or not body[-1:].isalpha() or fig.quantity.percent:
        return fig
    cut = text.rfind(" ", fig.quantity.end, fig.end)
    unit = text[fig.quantity.end:cut].strip() if cut > 0 else ""
    if not unit or rules().classifiers.match_at(tokenize(unit), 0) == len(tokenize(unit)):
        return None
    return RawFigure(fig.quantity, cut, unit, text[fig.quantity.start:cut])


def _line_window(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right < 0 else right


def _figure(text: str, q: Quantity, limit: int) -> RawFigure | None:
    r = rules()
    line_start, line_end = _line_window(text, q.start, q.end)
    # a range opened by a word ("từ 3 đến 5") is labelled by what precedes its number
    opened = q.value_max is not None and q.approx is None and q.start < q.core_start
    before = tokenize(text, max(line_start, q.start - 80), q.core_start if opened else q.start)
    after = TokenRun(text, q.end, min(line_end, limit, q.end + 240))
    if _is_label(text, q, before, line_start) or not after and not q.percent:
        return None
    if not q.percent and r.not_counted.match_at(after, 0) and not _is_rate(after):
        return None
    if q.words and not (r.one_counters if q.value == 1 else r.counters).match_at(after, 0):
        return None
    phrase_end = _phrase_end(text, after, q)
    if phrase_end is None and not q.percent:
        return None
    phrase_end = phrase_end or q.end
    unit = "%" if q.percent else text[q.end:phrase_end].strip()
    return RawFigure(q, phrase_end, unit, text[q.start:phrase_end])


def _is_rate(after: TokenRun) -> bool:
    return after.reaches(1) and after[1].text == "/"


def _is_label(text: str, q: Quantity, before: list[Token], line_start: int) -> bool:
    r = rules()
    # list numbering: "1." or "2)" opening a line
    if not text[line_start:q.start].strip() and re.match(r"\s*[.)]\s", text[q.end:q.end + 3]) and not q.approx:
        return True
    toks = [t for t in before if t.text != ":"] if before and before[-1].text == ":" else before
    if not toks:
        return False
    # a hedge between them ("thôn dưới 300 hộ") means the word before names no number
    hedged = q.approx is not None and q.start < q.core_start
    n = 0 if hedged else r.label_before.match_before(toks, len(toks))
    # "mỗi tháng một lần", "hằng năm 2 đợt": a rate, not a label
    rate = n and len(toks) > n and toks[-n - 1].lower in ("mỗi", "hàng", "hằng")
    if n and not rate and not r.label_exceptions.match_before(toks, len(toks)):
        return True
    prev = toks[-1]
    # ranking "1 trong 10 đơn vị"
    if prev.lower == "trong" and len(toks) > 1 and toks[-2].is_number:
        return True
    # a number that ends a name ("thôn Đồng Tâm 3"): a capitalised word right before,
    # which does not open its sentence
    if prev.is_word and prev.is_capitalized and not prev.is_acronym and len(toks) > 1 \
            and toks[-2].text not in ".!?…:;\"“”(" and text[prev.end:q.start].strip() == "" and not q.approx:
        return True
    return False


def _phrase_end(text: str, toks: TokenRun, q: Quantity) -> int | None:
    """End offset of the noun phrase counted by the quantity, or None.
    `toks` never run past the quantity's line."""
    r = rules()
    if not toks:
        return None
    i, words, end = 0, 0, None
    n = r.measures.match_at(toks, 0)
    if n and not q.percent:
        end, i, words = toks[n - 1].end, n, 1
    while toks.reaches(i):
        t = toks[i]
        if t.text in QUOTES_OPEN:
            close = closing_quote(text, t)
            # a short quoted name may be the counted noun itself ("3 “Tổ tự quản”")
            if close < 0 or not words and len(text[t.end:close].split()) > r.max_quoted_words:
                break
            end = close + 1
            while toks.reaches(i) and toks[i].start < end:
                i += 1
            words += 1
            continue
        # "lần/tuần" is a rate, but "320 hộ/1.450 nhân khẩu" two figures
        if t.text == "/" and words and toks.reaches(i + 1) and toks[i + 1].is_word:
            end, i = toks[i + 1].end, i + 2
            continue
        # "mô hình phòng, chống tội phạm": a comma inside a fixed pair goes on with the name
        if t.text == "," and words and joins_at_comma(text, t.start):
            i += 1
            continue
        if t.text == "," or t.lower in ("và", "hoặc"):
            nxt = i + 1
            # a list goes on only from one listed noun to another ("xã, thị trấn")
            if words and toks.reaches(nxt) and toks[nxt].is_word and r.list_nouns.match_at(toks, nxt) \
                    and r.list_nouns.match_before(toks, i) and not r.hedges.match_at(toks, nxt):
                i = nxt
                continue
            break
        if not t.is_word:
            break
        if words:
            if t.is_capitalized and r.owner_heads.match_before(toks, i) == i:
                break
            if r.stop_words.match_at(toks, i) and not r.continuations.match_at(toks, i):
                break
        elif r.stop_words.match_at(toks, i) and not r.continuations.match_at(toks, i) \
                and not r.first_nouns.match_at(toks, i):
            return None
        n = r.continuations.match_at(toks, i) or r.list_nouns.match_at(toks, i) or 1
        end, i, words = toks[i + n - 1].end, i + n, words + n
        if words >= r.max_words:
            break
    return end
