"""Finds security models (mô hình): names after "mô hình" in any quote style, several
quoted names after one "mô hình", the items of lists after "gồm:", "như:", "N mô hình:"
separated by ";" or ",", and unquoted names that carry a proper name or a concrete head
("mô hình camera an ninh"). Generic groups ("54 mô hình phòng, chống tội phạm") are
figures, not models; a name cut off at the end of the text is left out. Names are
grouped into families from a data file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon
from nlp.names import joins_at_comma
from nlp.numbers import find_quantities
from nlp.records import Model
from nlp.tokens import QUOTES_OPEN, Phrases, Token, closing_quote, tokenize

_MODEL_WORD = re.compile(r"(?<!\w)mô hình(?!\w)", re.IGNORECASE)
_SPACES = re.compile(r" *")
_CLOSING = re.compile(r"[”\"’'» \n]*")
_NAMED = re.compile(r"mang tên\s+")
_STRIP = " \"'“”‘’.,;:…"
_CLOSE = "”\"’'»"


@dataclass(frozen=True)
class _Rules:
    not_models: list[re.Pattern]
    generic: frozenset[str]
    generic_capitalised: re.Pattern
    stops: Phrases
    concrete: Phrases
    intros: re.Pattern
    same_name: list[tuple[re.Pattern, str]]
    max_words: int
    families: list[tuple[str, re.Pattern]]


@cache
def rules() -> _Rules:
    d = lexicon.load("models")
    intros = "|".join(sorted((re.escape(w) for w in d["list_intros"]), key=len, reverse=True))
    return _Rules(
        [re.compile(p) for p in d["not_models"]], frozenset(d["generic_acronyms"]),
        re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in d["generic_capitalised"])), Phrases(d["name_stops"]),
        Phrases(d["concrete_heads"]), re.compile(rf"(?<!\w)(?i:{intros})(?:\s*:\s*|\s+)|\s*:\s*"),
        [(re.compile(k), v) for k, v in d["same_name"].items()],
        int(d["max_words"]), [(f["name"], re.compile(f["pattern"])) for f in d["family"]],
    )


def family_of(name: str) -> str:
    low = name.lower()
    return next((fam for fam, rx in rules().families if rx.search(low)), "other")


def _key(name: str) -> str:
    key = re.sub(r"\s+", " ", name.lower().strip(_STRIP))
    for rx, repl in rules().same_name:
        key = rx.sub(repl, key)
    return key


# --- names ------------------------------------------------------------------------

def _quoted(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """A quoted name starting at pos (after spaces): its inner span."""
    toks = tokenize(text, pos, min(end, pos + 3))
    if toks and toks[0].text in QUOTES_OPEN and text[pos:toks[0].start].strip() == "":
        close = closing_quote(text, toks[0])
        if 0 < close <= end:
            return toks[0].end, close
    return None


def _quoted_chain(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """'“A”, “B” và “C”', '“A” ở xã X cùng “B”': quoted names one after another."""
    out = []
    while q := _quoted(text, pos, end):
        out.append(q)
        after = q[1] + 1
        gap = re.match(r"(?:\s+(?:ở|tại)\s[^“”\"\n.;:]{0,60}?)?\s*(?:[,;]\s*(?:và\s+)?|và\s+|cùng\s+|[-–]\s*)?(?=[“\"‘])",
                       text[after:min(end, after + 80)])
        if not gap:
            break
        pos = after + gap.end()
    return out


def _words(text: str, pos: int, end: int) -> list[Token]:
    """Words of an unquoted name from pos: up to a stop word, punctuation (bar the comma
    of a fixed pair such as "phòng, chống") or a line end."""
    r = rules()
    toks = tokenize(text, pos, min(end, pos + 200))
    words: list[Token] = []
    for i, t in enumerate(toks):
        if "\n" in text[words[-1].end if words else pos:t.start]:
            break
        if t.text == "," and words and (joins_at_comma(text, t.start) or _short_tail(text, t.end, end)):
            continue
        if t.text == "-" and words and text[t.start - 1:t.end + 1] == " - ":
            continue
        if not (t.is_word or t.is_number) or (words and r.stops.match_at(toks, i)):
            break
        words.append(t)
        if len(words) >= r.max_words:
            break
    return words


def _short_tail(text: str, pos: int, end: int) -> bool:
    """', trật tự.': a comma before at most three words that end the sentence belongs to
    the name ("Giáo xứ X bình an, trật tự.")."""
    m = re.match(r"\s*((?:[^\W\d_]+\s?){1,3})[.\n]", text[pos:min(end, pos + 40)])
    return bool(m)


def _unquoted(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """An unquoted name right after "mô hình": one with a proper name in it ("mô hình Tổ
    nhân dân tự quản", "mô hình tự quản Nhóm LGTQ") or a concrete head ("mô hình camera
    an ninh")."""
    r = rules()
    pos = _SPACES.match(text, pos, end).end()
    named = _NAMED.match(text, pos, end)  # "mô hình mang tên ..."
    if named:
        pos = named.end()
    words = _words(text, pos, end)
    if not words or r.stops.match_at(words, 0):
        return None
    plain = r.generic_capitalised.sub(" ", text[words[0].start:words[-1].end])
    proper = any(w[0].isupper() and w not in r.generic for w in re.findall(r"[^\W\d_]+", plain))
    if not (proper or r.concrete.match_at(words, 0)):
        return None
    return words[0].start, words[-1].end


def _cut_off(text: str, e: int, end: int) -> bool:
    """A name that runs into the end of the text: the excerpt was cut inside it."""
    return _CLOSING.match(text, e, end).end() >= end


# --- lists ------------------------------------------------------------------------

def _split_items(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Items of a list from start: (start, end, separator after it). Separators outside
    quotes only; a fixed pair's comma does not separate; the list ends at a sentence end,
    an ellipsis or a line end, and a comma list also at ";"."""
    items, s, i, sep_kind = [], start, start, None
    quote = None
    end = min(end, start + _LIST_REACH)
    while i < end:
        c = text[i]
        if quote:
            if c in QUOTES_OPEN[quote] or c == "\n":
                quote = None
        elif c in QUOTES_OPEN and (c in "“‘«" or i == start or not text[i - 1].isalnum()):
            quote = c
        elif c == "\n" or c == "…" or text.startswith("...", i) or (c == "." and (i + 1 >= end or text[i + 1] in " \n")):
            break
        elif c in ",;" and not (c == "," and joins_at_comma(text, i)):
            if sep_kind is None:
                sep_kind = c
            if c != sep_kind and c == ";":
                break  # a comma list ends at a semicolon; a semicolon list keeps its commas
            if c == sep_kind:
                items.append((s, i, c))
                s = i + 1
        i += 1
    items.append((s, i, "end" if i >= end else text[i]))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b, sep) for a, b, sep in items if text[a:b].strip()]


# A list of models is a sentence or two long; a longer run is not one list.
_LIST_REACH = 1500
_ITEM_LEAD = re.compile(r"(?:(?P<count>\d+)\s+)?(?i:mô hình)\s*")


def _list_names(text: str, start: int, end: int) -> tuple[list[tuple[int, int, int | None]], int]:
    """Names of a list of models: quoted names, or whole items (a ";" list) or items cut
    at a stop word and at "và" (a "," list)."""
    items = _split_items(text, start, end)
    if not items:
        return [], start
    semicolons = any(sep == ";" for _, _, sep in items)
    out: list[tuple[int, int, int | None]] = []
    first_quoted = None
    for n, (s, e, _) in enumerate(items):
        lead = _ITEM_LEAD.match(text, s)
        counted = bool(lead and lead["count"])
        pos = s + (lead.end() - s if lead else 0)
        pos += len(text[pos:e]) - len(text[pos:e].lstrip())
        chain = _quoted_chain(text, pos, e + 1)
        if first_quoted is None:
            first_quoted = bool(chain)
        if chain:
            count = int(lead["count"]) if counted else (_count_after(text, chain[0][1] + 1, e) if len(chain) == 1 else None)
            out += [(a, b, count if i == 0 else None) for i, (a, b) in enumerate(chain)]
            continue
        if first_quoted and not semicolons:
            continue  # a place or a note between quoted names ("“A” tại xã X, “B”")
        if text[pos:pos + 1] in QUOTES_OPEN:
            break
        if semicolons and not counted and (n > 0 or lead or _unquoted(text, pos, e)):
            # a ";" list keeps whole items once its first item reads as a name
            item_end = e
        else:
            span = _unquoted(text, pos, e)
            if not span:
                break
            item_end = span[1]
        parts = [(pos, item_end)] if semicolons else _split_and(text, pos, item_end)
        for a, b in parts:
            if _cut_off(text, b, end) or len(text[a:b].split()) > rules().max_words + 4:
                continue
            out.append((a, b, None))
    return out, items[-1][1]


def _split_and(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for m in re.finditer(r" và ", text[s:e]):
        out.append((pos, s + m.start()))
        pos = s + m.end()
    out.append((pos, e))
    return out


def _lists(text: str, end: int) -> list[tuple[int, int, int | None, tuple[int, int]]]:
    """(name start, name end, count, list span) for every list of models in the text."""
    out = []
    covered = 0  # a "mô hình" inside a list already read opens no list of its own
    for m in _MODEL_WORD.finditer(text, 0, end):
        if m.start() < covered:
            continue
        reach = min(end, m.end() + 120)
        clause_end = min((i for i in (text.find(c, m.end(), reach) for c in ".\n") if i >= 0), default=reach)
        for intro in rules().intros.finditer(text, m.end(), clause_end):
            # a bare colon opens a list only right after "mô hình" ("3 mô hình mới:")
            if intro.group().strip() == ":" and len(text[m.end():intro.start()].split()) > 2:
                continue
            names, list_end = _list_names(text, intro.end(), end)
            if names:
                out += [(a, b, c, (intro.start(), names[-1][1])) for a, b, c in names]
                covered = list_end
            break
    return out


# --- counts -----------------------------------------------------------------------

def _count_before(text: str, at: int) -> int | None:
    """'13 mô hình', '265 điểm mô hình': the number right before the word (or before a
    word for the model's sites)."""
    window = text[max(0, at - 30):at]
    window = re.sub(r"(?:\s(?:điểm|đơn vị|“điểm\s?”|\"điểm\s?\"))\s*$", " ", window)
    qs = [q for q in find_quantities(window) if not q.percent]
    return int(qs[-1].value) if qs and not window[qs[-1].end:].strip() else None


@cache
def _places_after() -> re.Pattern:
    verbs = "|".join(map(re.escape, lexicon.load("models")["spread_verbs"]))
    return re.compile(rf"[”\"’']?\s*(?:(?:đã\s+|được\s+)*(?:{verbs})(?:\s+ra)?\s+)?(?:tại|của|ở|trong|có|cho)\s+")


def _count_after(text: str, pos: int, end: int) -> int | None:
    """'tại 3 công ty may', 'có 19 điểm': how many places have it."""
    m = _places_after().match(text, pos, min(end, pos + 80))
    if not m:
        return None
    total, cur = 0, m.end()
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


def mentions_model_word(text: str, at: int) -> bool:
    """A "mô hình" in the few words before `at` ("mô hình điểm “X”", "3 mô hình: X")."""
    return bool(_MODEL_WORD.search(text, max(0, at - 24), at))


# --- near misses ------------------------------------------------------------------

_QUOTED_RUN = re.compile(r"[“\"]([^“”\"\n]{3,120})[”\"]")


def near_misses(text: str, end: int, found: list[Model]) -> list[tuple[Model, str]]:
    """What the rules nearly took, each with the condition that dropped it, for the
    learned filter (nlp/span_filter.py) to judge: the plain words after a "mô hình" the
    rules read as a generic group, a found name run on past its comma to the end of the
    clause, and a quoted run that no "mô hình" introduces."""
    taken = bytearray(len(text) + 1)
    for f in found:
        taken[f.start:f.end] = b"\1" * (f.end - f.start)
    out: list[tuple[Model, str]] = []

    def add(s: int, e: int, reason: str, free: bool = True) -> None:
        name = re.sub(r"\s+", " ", text[s:e].strip(_STRIP))
        if name and (not free or not any(taken[s:e])) and len(name.split()) <= rules().max_words + 4:
            out.append((Model(name, s, s + len(name), None, family_of(name)), reason))
            taken[s:e] = b"\1" * (e - s)

    for m in _MODEL_WORD.finditer(text, 0, end):
        pos = _SPACES.match(text, m.end(), end).end()
        if any(taken[pos:pos + 2]) or text[pos:pos + 1] in QUOTES_OPEN:
            continue
        words = _words(text, pos, end)
        if words:
            add(words[0].start, words[-1].end, "generic")
    for f in found:
        comma = re.match(r",\s*", text[f.end:min(end, f.end + 3)])
        if comma:
            words = _words(text, f.end + comma.end(), end)
            if words:
                add(f.start, words[-1].end, "past_comma", free=False)
    for m in _QUOTED_RUN.finditer(text, 0, end):
        if m.group(1)[:1].isupper():
            add(m.start(1), m.end(1), "quoted")
    return out


# --- all together -----------------------------------------------------------------

def find_models(text: str, end: int | None = None) -> list[Model]:
    end = len(text) if end is None else end
    cands: list[tuple[int, int, int | None]] = []
    listed = _lists(text, end)
    in_lists = sorted({span for *_, span in listed})
    cands += [(a, b, c) for a, b, c, _ in listed]

    for m in _MODEL_WORD.finditer(text, 0, end):
        while in_lists and in_lists[0][1] <= m.start():
            in_lists.pop(0)
        if in_lists and in_lists[0][0] <= m.start():
            continue
        # "mô hình điểm “X”": a pilot model; the adjective is not the name
        adj = re.match(r"\s+(?:thí điểm|điểm|mới)(?=\s*[“\"‘])", text[m.end():end])
        chain = _quoted_chain(text, m.end() + (adj.end() if adj else 0), end)
        if chain:
            before = _count_before(text, m.start())
            cands += [(a, b, (before if i == 0 else None) or _count_after(text, b + 1, end))
                      for i, (a, b) in enumerate(chain)]
            continue
        span = _unquoted(text, m.end(), end)
        if span and not _cut_off(text, span[1], end):
            cands.append((*span, _count_before(text, m.start()) or _count_after(text, span[1], end)))
    # '“Khu nhà trọ văn minh” là mô hình ...': the name comes first
    for m in re.finditer(r"[“\"]([^“”\"\n]{3,120})[”\"]\s+là\s+(?:một\s+)?mô hình", text[:end]):
        cands.append((m.start(1), m.end(1), None))
    return _merge(text, cands)


def _merge(text: str, cands: list[tuple[int, int, int | None]]) -> list[Model]:
    """One model per name (first wording); counts of separate mentions add up."""
    found: dict[str, Model] = {}
    seen: set[int] = set()
    for s, e, count in sorted(cands):
        name = re.sub(r"\s+", " ", text[s:e].strip(_STRIP))
        lead = re.match(r"(?i:mô hình)\s+", name)  # '“Mô hình camera an ninh”'
        if lead:
            s, name = s + lead.end(), name[lead.end():]
        if not name or s in seen or any(rx.search(name.lower()) for rx in rules().not_models):
            continue
        seen.add(s)
        key = _key(name)
        if key in found:
            m = found[key]
            m.mentions += 1
            if count is not None:
                m.count = (m.count or 0) + count
        else:
            found[key] = Model(name, s, s + len(name), count, family_of(name))
    return sorted(found.values(), key=lambda x: x.start)
