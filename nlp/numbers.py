"""Parses Vietnamese numbers and finds the quantity expressions in a text.

Vietnamese writes "4.700" for 4700 and "12,6" for 12.6; "13/13" is a ratio,
"2 - 3" a range, "2,5 triệu" a multiple, "hàng trăm" a vague amount, and
"mười lăm" a number in words. This module only reads numbers: whether a number
is a figure (and not a date or a document number) is decided in figures.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon

# "7.810.4": thousands and a decimal both written with "." (a common slip)
NUM = r"\d{1,3}(?:\.\d{3})+\.\d{1,2}(?![\d.])|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d+|\d+"


@dataclass(frozen=True)
class Quantity:
    start: int  # from the hedge word, if any
    end: int
    value: float
    core_start: int  # where the number itself starts
    total: float | None = None
    value_max: float | None = None
    approx: str | None = None
    percent: bool = False
    words: bool = False  # written in words ("hai", "mười lăm")


def parse_number(s: str) -> float | None:
    """'4.700' -> 4700, '12,6' -> 12.6, '02' -> 2, '1.234,5' -> 1234.5, '4.0' -> 4.0."""
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+\.\d{1,2}", s):
        whole, _, decimals = s.rpartition(".")
        return float(whole.replace(".", "") + "." + decimals)
    if re.fullmatch(r"\d+,\d+", s):
        return float(s.replace(",", "."))
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    return None


def _starting_with(words, digits: bool = False) -> str:
    """A look-ahead for the first letters of `words` (any case), and of digits: these
    regexes are tried at every position of an article, and the look-ahead lets
    most positions fail at their first character."""
    firsts = {c for w in words for c in (w[0].lower(), w[0].upper())}
    return "(?=[" + (r"\d" if digits else "") + re.escape("".join(sorted(firsts))) + "])"


@cache
def _spans() -> tuple[re.Pattern, re.Pattern]:
    """Ranges opened by a word ("từ 3 đến 5", "từ ba đến năm") and values out of a
    total written in words ("12 trong tổng số 15")."""
    data = lexicon.load("numbers")
    word = rf"(?:{lexicon.alternation(data['number_words'])}|mươi|trăm)"
    amount = rf"(?:{NUM}(?!\d)|{word}(?:\s+{word})*(?!\w))"
    ranged = re.compile(
        _starting_with(data["range_open"]) +
        rf"(?<!\w)(?i:{lexicon.alternation(data['range_open'])})\s+(?P<a>{amount})\s*"
        rf"(?i:{lexicon.alternation(data['range_to'])})\s+(?:(?i:{lexicon.alternation(data['range_bound'])})\s+)?(?P<c>{amount})")
    out_of = re.compile(
        rf"(?=\d)(?<![\w.,/\-])(?P<a>{NUM})(?:\s+[^\W\d_]+){{0,3}}?\s+(?i:{lexicon.alternation(data['out_of'])})\s+(?P<b>{NUM})(?![\d/])")
    return ranged, out_of


def _amount(s: str) -> tuple[float | None, bool]:
    """A number in digits or in words, and whether it was in words."""
    if s[0].isdigit():
        return parse_number(s), False
    return parse_number_words(s), True


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = lexicon.load("numbers")
    digits = re.compile(
        _starting_with(data["hedges"], digits=True) +
        rf"(?:(?<!\w)(?P<hedge>(?i:{lexicon.alternation(data['hedges'])}))\s+)?"
        rf"(?<![\w.,\-])(?<!\d/)(?P<a>{NUM})(?!\d)"
        rf"(?:\s*/\s*(?P<b>{NUM})(?![\d/]))?"
        rf"(?:\s*[-–]\s*(?P<c>{NUM})(?![\d\-/]))?"
        rf"(?P<pct>\s?%)?"
        rf"(?:\s+(?P<mult>{lexicon.alternation(data['multipliers'])})(?!\w))?"
    )
    vague = re.compile(_starting_with(data["vague_amounts"]) + rf"(?<!\w)(?i:{lexicon.alternation(data['vague_amounts'])})(?!\w)")
    # a number word right after a number is its unit ("8 năm"), not a number
    words = re.compile(
        _starting_with([*data["number_words"], "mươi", "trăm"]) +
        rf"(?<!\w)(?<!\d\s)(?i:(?:{lexicon.alternation(data['number_words'])}|mươi|trăm)"
        rf"(?:\s+(?:{lexicon.alternation(data['number_words'])}|mươi|trăm))*)(?!\w)"
    )
    return digits, vague, words


def parse_number_words(phrase: str) -> float | None:
    """'mười lăm' -> 15, 'hai mươi mốt' -> 21, 'ba trăm' -> 300; None if not a number."""
    table = lexicon.load("numbers")["number_words"]
    hundreds = tens = pending = 0
    seen_digit = False
    for w in phrase.lower().split():
        if w == "trăm":
            hundreds += (pending or 1) * 100
            pending = 0
        elif w == "mươi":
            if not pending:
                return None
            tens += pending * 10
            pending = 0
        elif w == "mười":
            tens += 10
        elif w in table:
            if pending:  # two digits in a row ("hai ba") is not one number
                return None
            pending = table[w]
            seen_digit = True
        else:
            return None
    if not seen_digit and not tens and not hundreds:
        return None
    return float(hundreds + tens + pending)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity expression in `text`, in order, without overlaps."""
    digits, vague, words = _patterns()
    multipliers = lexicon.load("numbers")["multipliers"]
    found: list[Quantity] = []
    for m in digits.finditer(text):
        value = parse_number(m["a"])
        if value is None:
            continue
        total = parse_number(m["b"]) if m["b"] else None
        value_max = parse_number(m["c"]) if m["c"] else None
        if value_max is not None and value_max <= value:
            continue  # "20-4" is part of a date, not a range
        factor = multipliers.get(m["mult"].lower(), 1) if m["mult"] else 1
        end = m.end() if m["mult"] else m.end("pct") if m["pct"] else m.end("c") if m["c"] else m.end("b") if m["b"] else m.end("a")
        found.append(Quantity(
            start=m.start(), end=end, value=value * factor, core_start=m.start("a"),
            total=total, value_max=value_max * factor if value_max is not None else None,
            approx=m["hedge"], percent=bool(m["pct"]),
        ))
    ranged, out_of = _spans()
    for m in ranged.finditer(text):
        (a, a_words), (c, c_words) = _amount(m["a"]), _amount(m["c"])
        if a is not None and c is not None and c > a:
            found.append(Quantity(start=m.start(), end=m.end(), value=a, core_start=m.start("a"),
                                  value_max=c, words=a_words or c_words))
    for m in out_of.finditer(text):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a is not None and b is not None and a <= b:
            found.append(Quantity(start=m.start(), end=m.end(), value=a, core_start=m.start(), total=b))
    amounts = {k.lower(): v for k, v in lexicon.load("numbers")["vague_amounts"].items()}
    for m in vague.finditer(text):
        found.append(Quantity(start=m.start(), end=m.end(), value=float(amounts[m.group().lower()]),
                              core_start=m.start(), approx=m.group()))
    for m in words.finditer(text):
        # "mỗi năm một lần": when the run of words is not one number, its tail may be
        start, phrase = m.start(), m.group()
        while phrase:
            value = parse_number_words(phrase)
            if value is not None:
                if value > 0:  # "không" is a negation far more often than a zero
                    found.append(Quantity(start=start, end=m.end(), value=value, core_start=start, words=True))
                break
            head, _, phrase = phrase.partition(" ")
            start += len(head) + 1
    found.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quantity] = []
    for q in found:
        if kept and q.start < kept[-1].end:
            continue
        kept.append(q)
    return kept
