"""The unit each figure counts for (its scope), when it is not the article's
primary locality.

News on one place often reports figures of other places in the same breath:
"Toàn tỉnh có 44 mô hình" in an article on a commune counts for the province;
"Tại huyện A, 46 camera ..." in an article on a province counts for huyện A.
The subject at the head of the figure's clause decides: a unit named there
("Xã A có 12 tổ", "Ở xã A (huyện B), ..."), or a level word that points at the
unit of that level ("Toàn tỉnh", "Trên địa bàn huyện", "Tỉnh đã ..."). A figure
whose clause names no place counts for the primary locality.
"""
from __future__ import annotations

import re
from functools import cache

from nlp import gazetteer, lexicon
from nlp.gazetteer import fold
from nlp.localities import not_level_words
from nlp.records import Figure, Locality

_LEVEL_OF_WORD = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district",
                  "quận": "district", "thị xã": "district", "thành phố": "city", "tỉnh": "province"}
_RANK = {"province": 0, "district": 1, "commune": 2}


@cache
def _data() -> dict:
    return lexicon.load("localities")["scopes"]


@cache
def _head_pattern() -> re.Pattern:
    """A clause head: optional connective or preposition, then the subject."""
    lead = "|".join(sorted(_data()["clause_leads"], key=len, reverse=True))
    return re.compile(rf"^\W*(?:(?:{lead})\s+)*", re.IGNORECASE)


@cache
def _level_cue() -> re.Pattern:
    """'Toàn tỉnh', 'trên địa bàn huyện', or a bare level word as subject ('Xã đã ...')."""
    words = "|".join(sorted(_LEVEL_OF_WORD, key=len, reverse=True))
    plural = "|".join(_data()["plural_words"])
    return re.compile(rf"(?P<plural>(?i:{plural})\s+)?(?i:(?:toàn|cả|trên địa bàn|địa bàn|khắp)\s+)?"
                      rf"(?P<lvl>(?i:{words}))(?![\w])(?!\s*[A-ZĐ\d])(?!\s+(?i:{not_level_words()}))")


@cache
def _fronted_pattern() -> re.Pattern:
    heads = "|".join(_data()["fronted_heads"])
    return re.compile(rf"^\W*(?:{heads})\b[^,;]*,\s*")


@cache
def _speech_pattern() -> re.Pattern:
    verbs = "|".join(_data()["speech_verbs"])
    return re.compile(rf"\b(?:{verbs})\s*[,:]\s*")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut at semicolons: each clause can have its own subject."""
    out, pos = [], start
    for m in re.finditer(r";", text[start:end]):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    return out


def _word_spans(s: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[\w'’]+", s)]


def _named_at_head(head: str, units: list[Locality]) -> tuple[int, Locality] | None:
    """The first unit named in the clause head (its name, folded, as consecutive words),
    with the offset where its name starts. A level word before the name decides between
    units of one name ("thành phố A" and "tỉnh A"); a number is a name only after one."""
    spans = _word_spans(head)
    words = [fold(head[a:b]) for a, b in spans]
    found: list[tuple[int, Locality]] = []
    for u in units:
        key = [fold(w) for w in u.name.split()]
        n = len(key)
        for i in range(len(words) - n + 1):
            written = head[spans[i][0]]
            if words[i:i + n] != key or not (written.isupper() or written.isdigit()):
                continue
            level = _level_before(head[:spans[i][0]])
            if (level and level not in (u.level, "city")) or (written.isdigit() and not level):
                continue
            found.append((spans[i][0], u))
            break
    if not found:
        return None
    at = min(a for a, _ in found)
    # units of one name at one place: the article's own (listed first), else the widest
    return at, min((u for a, u in found if a == at), key=lambda u: (u is not units[0], _RANK[u.level]))


@cache
def _level_word_before() -> re.Pattern:
    words = "|".join(sorted(_LEVEL_OF_WORD, key=len, reverse=True))
    abbr = "|".join(re.escape(w) for w in lexicon.load("localities")["level_abbreviations"])
    return re.compile(rf"(?:(?P<lvl>(?i:{words}))\s+|(?P<abbr>{abbr})\s*)$")


def _level_before(before: str) -> str | None:
    """The level that a level word right before a name gives it ("city" for "thành phố")."""
    m = _level_word_before().search(before)
    if not m:
        return None
    if m["lvl"]:
        return _LEVEL_OF_WORD[m["lvl"].lower()]
    return lexicon.load("localities")["level_abbreviations"][m["abbr"]][0]


@cache
def _plural_before() -> re.Pattern:
    """A plural level word right before a name: "các xã A", "04 huyện A"."""
    plural = "|".join(_data()["plural_words"])
    words = "|".join(sorted(_LEVEL_OF_WORD, key=len, reverse=True))
    return re.compile(rf"(?i:(?:{plural})\s+(?:{words}))\s*$")


def _owner_after(text: str, fig_end: int | None, units: list[Locality]) -> Locality | None:
    """A unit named right after the figure as its owner: "2 cá nhân của phường 3",
    "15 đối tượng ở xã A"."""
    if fig_end is None:
        return None
    m = _owner_pattern().match(text, fig_end, fig_end + 60)
    found = _named_at_head(text[m.start("lvl"):m.start("lvl") + 40], units) if m else None
    return found[1] if found and found[0] == m.end() - m.start("lvl") else None


@cache
def _owner_pattern() -> re.Pattern:
    words = "|".join(sorted(_LEVEL_OF_WORD, key=len, reverse=True))
    abbr = "|".join(re.escape(w) for w in lexicon.load("localities")["level_abbreviations"])
    return re.compile(rf"\s*(?:của|thuộc|ở|tại)\s+(?P<lvl>(?i:{words})\s+|(?:{abbr})\s*)")


def _parent(primary: Locality, level: str) -> Locality | None:
    """The primary locality's own parent of that level, as a Locality."""
    g = gazetteer.load()
    code = primary.province_code if level == "province" else primary.district_code
    u = g.get(primary.gazetteer, level, code) if code else None
    if not u:
        return None
    return Locality(level=u.level, name=u.name, start=primary.start, end=primary.start,
                    province=u.province if u.level != "province" else None, code=u.code,
                    district_code=u.district_code, province_code=u.province_code, gazetteer=u.gazetteer,
                    mentions=0)


def scope_of(text: str, start: int, fig_start: int, primary: Locality | None,
             units: list[Locality], fig_end: int | None = None) -> Locality | None:
    """The unit the clause that holds a figure speaks of, or None for the primary."""
    clause = text[start:fig_start]
    # what a speaker reports: the subject comes after "A cho biết, ..."
    said = list(_speech_pattern().finditer(clause))
    if said:
        clause = clause[said[-1].end():]
    # a fronted phrase of where a place lies ("Thuộc vùng phía Bắc tỉnh A, B là ...") is not the subject
    fronted = _fronted_pattern().match(clause)
    if fronted:
        clause = clause[fronted.end():]
    head_end = _head_pattern().match(clause).end()
    head = clause[head_end:]
    spans = _word_spans(head)
    # the subject is in the first words of the clause, before its verb
    window = head[:spans[min(len(spans), _data()["head_words"]) - 1][1]] if spans else ""
    cue = _level_cue().match(window)
    found = _named_at_head(window, units)
    if found and (not cue or cue.end() > found[0]):
        at, named = found
        if _plural_before().search(window[:at]):
            return None  # "các xã A, B và C đã ...": the unit that holds them, the article's
        return None if primary and named.key() == primary.key() else named
    owner = _owner_after(text, fig_end, units)
    if owner:
        return None if primary and owner.key() == primary.key() else owner
    if cue and primary:
        if cue["plural"]:
            return None  # "các xã biên giới đã ...": the communes of the unit the article is about
        level = _LEVEL_OF_WORD[cue["lvl"].lower()]
        if level == "city":
            level = "province" if primary.level == "province" or not primary.district_code else "district"
        if level == primary.level:
            return None
        if _RANK[level] > _RANK[primary.level]:
            # "huyện" in an article on a province: the district named last before it
            named = [u for u in units if u.level == level and u.start < start]
            return max(named, key=lambda u: u.start) if named else None
        return _parent(primary, level)
    return None


def assign(text: str, figures: list[Figure], primary: Locality | None, localities: list[Locality]) -> None:
    """Set each figure's `locality` to its own unit, or None when it counts for the primary."""
    units = ([primary] if primary else []) + localities
    for f in figures:
        s, e = f.sentence_start, f.sentence_end
        if s is None or e is None:
            continue
        clause_start = next((a for a, b in _clauses(text, s, e) if a <= f.start <= b), s)
        f.locality = scope_of(text, clause_start, f.start, primary, units, f.end)
