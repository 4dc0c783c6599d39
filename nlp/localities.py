"""Finds administrative units named in running text ("xã Minh Sơn", "huyện Cao
Lộc", "Tp. Cẩm Phả", "tỉnh Lạng Sơn", "các xã A, B và C", "BĐBP Lạng Sơn", "P.3",
"Quận 5"), resolves each to one unit of the list in force when the article was
written, and picks the article's primary locality.

Parents always come from the lists: a commune's district is the one the
gazetteer gives it. Other mentions in the article (its title, named parents
right after a name as in "xã A, Cao Lộc" or "TP Cẩm Phả (Quảng Ninh)", the
`province` hint) only choose between units that share a name.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

from nlp import gazetteer, lexicon
from nlp.gazetteer import LEGACY, MERGER_DATE, NEW, AdminUnit, fold, spelling
from nlp.records import Locality

_LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}
_NAME_WORD = r"(?:[^\W\d_][\w'’]*|\d{1,2}(?!\d|[.,/]\d))"
# words of one name are joined by a space or a hyphen ("Bà Rịa - Vũng Tàu", "Xuân Trường - Đà Lạt")
_JOIN = r"(?:\s?[-–]\s?| )"
_KIND_OF_WORD = {"huyện": "Huyện", "quận": "Quận", "thị xã": "Thị xã", "thành phố": "Thành phố", "tp": "Thành phố",
                 "tp.": "Thành phố", "tx.": "Thị xã", "xã": "Xã", "phường": "Phường", "thị trấn": "Thị trấn",
                 "tt.": "Thị trấn", "p.": "Phường", "q.": "Quận", "h.": "Huyện"}
# Separators inside a list of names after one level word: "A, B và C", "A; B", "A cùng B".
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:và|cùng)?|;|\bvà\b|\bcùng\b|\bhoặc\b)\s*")
# A parent named right after a unit: "xã A, huyện B", "A (B)", "A thuộc B", "A của quận 5".
_PARENT_SEP = re.compile(r"\s*(?:,|\(|-|–)?\s*(?:(?:thuộc|của|trực thuộc)\s+)?")


@dataclass
class Mention:
    start: int
    end: int
    name: str
    levels: tuple[str, ...]
    typed: bool = True
    candidates: list[AdminUnit] = field(default_factory=list)
    parent: "Mention | None" = None  # a named parent right after ("xã X, Y", "X (Y)")
    chosen: AdminUnit | None = None
    kind: str | None = None  # the level word's kind ("Thành phố" after "TP")
    address: bool = False  # a parent inside an address ("xã A, huyện B"): no vote for the primary
    post: bool = False  # inside someone's post ("Phó Giám đốc Công an tỉnh A"): half a vote
    residence: bool = False  # in someone's home address ("trú tại xã A"): half a vote


@cache
def _data() -> dict:
    return lexicon.load("localities")


@cache
def _level_pattern() -> re.Pattern:
    words = _data()["level_words"]
    alt = lexicon.alternation(words)
    abbr = lexicon.alternation(_data()["level_abbreviations"])
    first = "".join(sorted({w[0].lower() + w[0].upper() for w in [*words, *_data()["level_abbreviations"]]}))
    # the lookahead on first letters makes the search skip most positions at once
    return re.compile(rf"(?=[{first}])(?<![\w.])(?P<lvl>(?i:{alt})|{abbr})\s*"
                      rf"(?P<name>{_NAME_WORD}(?:{_JOIN}{_NAME_WORD}){{0,5}})")


@cache
def _level_word() -> re.Pattern:
    """A level word repeated inside a list ("xã A, xã B")."""
    words = lexicon.alternation(_data()["level_words"])
    return re.compile(rf"(?i:{words})\s+")


@cache
def _surnames() -> frozenset[str]:
    return frozenset(_data()["surnames"])


def _levels_of(word: str) -> tuple[str, ...]:
    d = _data()
    return tuple(d["level_words"].get(word.lower()) or d["level_abbreviations"][word])


def _capitalised_prefix(name: str) -> list[str]:
    not_names = set(_data()["not_names"])
    words = []
    for w in re.split(r"\s*[-–]\s*|\s+", name):
        if not (w[:1].isupper() or w.isdigit()) or (not words and w in not_names):
            break
        words.append(w)
        if w.isdigit():
            break
    return words


def _which_gazetteer(text: str, published: str | None) -> str:
    """The list in force when the article was written. An undated article is read
    against the 2025 list when it speaks of the merger ("chính quyền 2 cấp", "sau
    hợp nhất"), else against the list that spells more of its named units exactly."""
    if published:
        return NEW if published[:7] >= MERGER_DATE[:7] else LEGACY  # the merger took effect on a month's first day
    if _post_merger().search(text):
        return NEW
    # otherwise the list under which more of its named units are spelt exactly as written
    exact = Counter()
    for m in _level_pattern().finditer(text):
        words = _capitalised_prefix(m["name"])
        for gaz in (LEGACY, NEW):
            name, units = _resolve_name(words, _levels_of(m["lvl"]), gaz, None)
            exact[gaz] += any(spelling(u.name) == spelling(name) for u in units)
    return NEW if exact[NEW] > exact[LEGACY] else LEGACY


@cache
def _post_merger() -> re.Pattern:
    cues = _data()["post_merger_cues"]
    # letters a cue can start with ("0?1/..." starts with 0 or 1), to skip most positions
    first = "".join(sorted({x for c in cues for x in (c[0] + c[2] if c[1:2] == "?" else c[0])
                            for x in (x.lower(), x.upper())}))
    return re.compile(rf"(?=[{first}])(?:{'|'.join(cues)})", re.IGNORECASE)


def _resolve_name(words: list[str], levels, gaz: str, on: str | None, city: bool = False,
                  kind: str | None = None, former: bool = False) -> tuple[str, list[AdminUnit]]:
    name, units = _resolve_cached(tuple(words), tuple(levels), gaz, on and on[:10], city, kind, former)
    return name, list(units)


@lru_cache(maxsize=20000)
def _resolve_cached(words: tuple[str, ...], levels: tuple[str, ...], gaz: str, on: str | None, city: bool,
                    kind: str | None, former: bool) -> tuple[str, tuple[AdminUnit, ...]]:
    """Longest leading run of words that names a unit of one of the levels.
    After "thành phố", a province must be a centrally run city (Hà Nội, Đà Nẵng ...);
    a level word's kind decides between a city and a district of the same name."""
    g = gazetteer.load()
    for n in range(min(len(words), g.max_words), 0, -1):
        name = " ".join(words[:n])
        for level in levels:
            units = [u for u in g.lookup(name, level, gaz, on)
                     if not (city and level == "province" and u.kind != "Thành phố")]
            if gaz == LEGACY and former:
                units += g.former(name, level)
            if kind and level != "province" and any(u.kind == kind for u in units):
                units = [u for u in units if u.kind == kind]
            if units:
                return name, tuple(units)
    return "", ()


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _line_of(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)]


def find_mentions(text: str, end: int, published: str | None, gaz: str | None = None) -> list[Mention]:
    gaz = gaz or _which_gazetteer(text[:end], published)
    out: list[Mention] = []
    widgets = [(w.start(), w.end()) for w in _widget_line_pattern().finditer(text, 0, end)]
    pos = 0
    while m := _level_pattern().search(text, pos, end):
        # the pattern reads ahead over lower-case words too: go on right after the level word
        pos = m.start("name")
        word = m["lvl"]
        if any(a <= m.start() < b for a, b in widgets):
            continue
        mention = _typed(text, m.start(), m.start("name"), m["name"], word, gaz, published)
        if mention:
            out.append(mention)
            out += _list_after(text, end, mention, gaz, published)
            pos = max(pos, out[-1].end)
    _find_named_parents(text, out)
    return out


def _typed(text: str, start: int, name_start: int, raw: str, word: str, gaz: str, published: str | None) -> Mention | None:
    levels = _levels_of(word)
    city = "province" in levels and "district" in levels
    kind = _KIND_OF_WORD.get(word.lower())
    words = _capitalised_prefix(raw)
    use = (tuple(lv for lv in levels if lv != "district") or levels) if gaz == NEW else levels
    name, units = _resolve_name(words, use, gaz, published, city, kind, former=True)
    if not units and gaz == NEW and _former(text, name_start + len(" ".join(words))):
        # a unit named as a former one ("xã A cũ") in an article written after the merger
        name, units = _resolve_name(words, levels, LEGACY, None, city, kind)
    if not units:
        return None
    rest = words[len(name.split()):]
    # a longer capitalised run is another name (a person, "xã Vũ Quý Nhật"), unless a
    # person's name starts there ("UBND tỉnh Hà Giang Trần Đức Quý") or the whole line is
    # written in title case or capitals
    end = name_start + _span_len(text, name_start, name)
    if rest and not rest[0].isdigit() and rest[0] not in _surnames() and not rest[0].startswith(("H'", "H’")) \
            and not re.match(r"\s+[-–]", text[end:]) \
            and not _title_case(_line_of(text, name_start)):
        return None
    return Mention(start, end, name, tuple(lv for lv in levels if lv in {u.level for u in units}), True, units,
                   kind=kind)


def _span_len(text: str, start: int, name: str) -> int:
    """Length in the text of `name` as written from `start` (hyphens or spaces between words)."""
    n = len(name.split())
    for k, w in enumerate(re.finditer(rf"{_NAME_WORD}", text[start:start + 120])):
        if k == n - 1:
            return w.end()
    return len(name)


def _former(text: str, pos: int) -> bool:
    after = text[pos:pos + 20].lstrip(" ,")
    return any(after.startswith(w) for w in _data()["former_words"])


def _list_after(text: str, end: int, first: Mention, gaz: str, published: str | None) -> list[Mention]:
    """Names listed after one level word: "các xã A, B và C", "04 huyện A, B, C và D",
    "các phường 1, 2, 4". Each must be a unit of the same level in the same province;
    a name that is a parent of the previous one ends the list (the parent logic reads it)."""
    out: list[Mention] = []
    prev = first
    provinces = {c.province_code for c in first.candidates}
    while True:
        sep = _LIST_SEP.match(text, prev.end, end)
        if not sep or sep.end() == prev.end:
            break
        at = sep.end()
        lvl = _level_word().match(text, at, at + 12)
        if lvl and set(_levels_of(lvl.group().strip())) != set(first.levels):
            break
        if lvl:
            at += lvl.end()
        item = re.match(rf"{_NAME_WORD}(?:{_JOIN}{_NAME_WORD}){{0,5}}", text[at:end])
        if not item:
            break
        names = _capitalised_prefix(item.group())
        name, units = _resolve_name(names, first.levels, gaz, published, kind=first.kind)
        units = [u for u in units if u.province_code in provinces]
        if not units:
            break
        # a name that can be read as the previous one's parent is its address ("thị xã A, B");
        # not a number: a numbered parent is written with its level word ("phường 3, quận 5")
        g = gazetteer.load()
        above = [p for lv in ("province", "district") if _LEVEL_RANK[lv] < _LEVEL_RANK[first.levels[0]]
                 for p in g.lookup(name, lv, gaz, published)] if not name.isdigit() else []
        if any(g.is_parent(p, c) for p in [*units, *above] for c in prev.candidates):
            break
        m = Mention(at, at + _span_len(text, at, name), name, first.levels, True, units, kind=first.kind)
        out.append(m)
        prev = m
    return out


def _find_named_parents(text: str, mentions: list[Mention]) -> None:
    """'xã Ngọc Vân, Tân Yên' and 'Tp Sơn La (Sơn La)': the second name is a parent
    of the first when the lists say so; it becomes a mention of its own."""
    g = gazetteer.load()
    added = []
    for m in mentions:
        after = re.match(rf"\s*(?:,|\()\s*(?:thuộc\s+)?(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})",
                         text[m.end:m.end + 60])
        if not after:
            continue
        words = _capitalised_prefix(after["name"])
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            if name.isdigit():
                break  # a numbered parent is written with its level word ("phường 3, quận 5")
            gaz = m.candidates[0].gazetteer
            parents = [p for lv in ("district", "province") if _LEVEL_RANK[lv] < _LEVEL_RANK[m.candidates[0].level]
                       for p in g.lookup(name, lv, gaz)]
            linked = [c for c in m.candidates if any(g.is_parent(p, c) for p in parents)]
            if linked:
                parents = [p for p in parents if any(g.is_parent(p, c) for c in linked)]
                start = m.end + after.start("name")
                pm = Mention(start, start + len(name), name, (parents[0].level,), False, parents, address=True)
                m.candidates, m.parent = linked, pm
                added.append(pm)
                break
    mentions.extend(added)
    mentions.sort(key=lambda x: x.start)


def _prose_lines(text: str, end: int, min_words: int):
    """Lines of running text: menus, widgets, tags and related-article links are short."""
    widget = _widget_pattern()
    for line in re.finditer(r"[^\n]+", text[:end]):
        if len(line.group().split()) >= min_words and not widget.search(line.group()):
            yield line


@cache
def _widget_pattern() -> re.Pattern:
    return re.compile("|".join(_data()["widget_lines"]))


@cache
def _widget_line_pattern() -> re.Pattern:
    """A whole line that holds a widget."""
    return re.compile(rf"^[^\n]*(?:{'|'.join(_data()['widget_lines'])})[^\n]*$", re.MULTILINE)


def find_bare(text: str, end: int, gaz: str, mentions: list[Mention], min_words: int = 8,
              published: str | None = None) -> list[Mention]:
    """Names written without a level word: provinces anywhere in running text ("BĐBP
    Nghệ An", "Bình Thuận là tỉnh ..."), and units of the article's provinces listed
    after "gồm" or alone in brackets ("16 địa phương (gồm A, B, C)", "loại khá (D)")."""
    g = gazetteer.load()
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in taken)

    for line in _prose_lines(text, end, min_words):
        for m in _bare_province_pattern().finditer(line.group()):
            a, b = line.start() + m.start(), line.start() + m.end()
            units = g.lookup(m.group(), "province", gaz)
            if units and free(a, b) and not _not_a_place_before(line.group()[:m.start()]):
                out.append(Mention(a, b, m.group(), ("province",), False, units))
                taken.append((a, b))
    # a dateline in capitals that opens the lead ("LẠNG SƠN - Sáng 5/8, ...")
    for m in _dateline_pattern().finditer(text, 0, end):
        units = g.lookup(m["name"], "province", gaz)
        if units and free(m.start("name"), m.end("name")):
            out.append(Mention(m.start("name"), m.end("name"), m["name"], ("province",), False, units))
    provinces = {c.province_code for m in mentions + out for c in m.candidates if len(
        {x.province_code for x in m.candidates}) == 1}
    levels = ("district", "commune") if gaz == LEGACY else ("commune",)
    for m in _bare_list_pattern().finditer(text, 0, end):
        items, pos = [], m.start("items")
        for item in (x.strip() for x in re.split(r",|;|\bvà\b", m["items"])):
            if item:
                i = text.index(item, pos)
                pos = i + len(item)
                name, units = _resolve_name(item.split(), levels, gaz, published)
                items.append((i, item, units if len(name.split()) == len(item.split()) else []))
        where = provinces or _agreed_province(items)
        found = [Mention(i, i + len(item), item, (us[0].level,), False, us)
                 for i, item, us in ((i, item, [u for u in us if u.province_code in where]) for i, item, us in items)
                 if us and free(i, i + len(item))]
        # a bracket or list of names is read only when most of its items are units
        if found and len(found) * 2 > len(items) and (provinces or len(found) >= 2):
            out += found
            provinces |= {u.province_code for f in found for u in f.candidates}
    return out


def _agreed_province(items: list[tuple[int, str, list[AdminUnit]]]) -> set[str]:
    """Without a province named, the items of a list must agree on one: the province
    that holds the most of them ("gồm A, B, C" of one province)."""
    votes = Counter(p for _, _, units in items for p in {u.province_code for u in units})
    return {votes.most_common(1)[0][0]} if votes else set()


def _not_a_place_before(before: str) -> bool:
    """A province name after "đường", "cầu", "báo" ... names a road, a bridge, a paper;
    after a capitalised word inside a sentence it ends a longer name ("Vườn quốc gia
    Mũi A"), while an abbreviation before it is an agency of the province ("BĐBP A")."""
    last = re.search(r"(?:^|([.!?:;“\"(]\s*)|\s)(\w+)\s*$", before)
    if not last:
        return False
    word = last[2]
    if word.lower() in _data()["not_place_heads"]:
        return True
    return word[:1].isupper() and not word.isupper() and last[1] is None and last.start() > 0


@cache
def _bare_province_pattern() -> re.Pattern:
    g = gazetteer.load()
    # "Hồ Chí Minh" alone is the president ("tư tưởng Hồ Chí Minh"); the city is written with its level word
    names = ({u.name for u in g.units if u.level == "province"} | set(gazetteer.PROVINCE_ALIASES)) - {"Hồ Chí Minh"}
    alt = lexicon.alternation(names)
    # not inside a longer capitalised name, not after a level word (those are typed mentions)
    return re.compile(rf"(?=[A-ZĐ])(?<![\w.])(?:{alt})(?![\w])(?!\s+[A-ZĐ][\w]*[a-zà-ỹđ])")


@cache
def _dateline_pattern() -> re.Pattern:
    upper = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
    return re.compile(rf"^[ \t]*(?P<name>[{upper}][{upper}]+(?:[ \-]+[{upper}][{upper}]+){{0,3}})[ \t]*[-–][ \t]", re.MULTILINE)


@cache
def _bare_list_pattern() -> re.Pattern:
    openers = lexicon.alternation(_data()["list_openers"])
    item = r"[A-ZĐ][\w'’]*(?:[ \-][A-ZĐ][\w'’]*){0,4}"
    first = "".join(sorted({w[0].lower() + w[0].upper() for w in _data()["list_openers"]}))
    return re.compile(rf"(?=[({first}])(?:\((?:{openers})?\s*:?\s*|(?:{openers})\s*:\s*)"
                      rf"(?P<items>{item}(?:\s*(?:,|;|\bvà\b)\s*{item})*)\s*(?=[).;…]|$)", re.MULTILINE)


def resolve(mentions: list[Mention], title_mentions: list[Mention], province_hint: str | None) -> None:
    """Choose one unit for each mention, from evidence in the whole article."""
    votes: Counter = Counter()
    for m in mentions + title_mentions:
        provinces = {c.province_code for c in m.candidates}
        for p in provinces:
            votes[p] += 1 / len(provinces)
    hint = _hint_codes(province_hint)
    districts = {c.code for m in mentions + title_mentions if m.typed for c in m.candidates
                 if c.level == "district" and len(m.candidates) == 1}

    def score(c: AdminUnit, m: Mention) -> tuple:
        # other mentions in the same province (this one's own vote taken out)
        others = votes[c.province_code] - 1 / len({x.province_code for x in m.candidates})
        return ((c.gazetteer, c.province_code) in hint, c.district_code in districts, others > 0.01, c.official,
                spelling(c.name) == spelling(m.name), others, -len(c.name))

    strong = _article_provinces(mentions + title_mentions)
    for m in mentions + title_mentions:
        best = sorted(m.candidates, key=lambda c: score(c, m), reverse=True)
        if len(best) > 1 and score(best[0], m)[:6] == score(best[1], m)[:6]:
            m.chosen = None  # nothing in the article tells them apart
        elif best[0].remembered and not score(best[0], m)[2]:
            m.chosen = None  # a merged commune's old name, in a province nothing else points at
        elif strong and m.candidates[0].level != "province" and best[0].province_code not in strong \
                and (best[0].gazetteer, best[0].province_code) not in hint \
                and m.parent is None:
            m.chosen = None  # a lower unit's name matched only in a province the article is not about
        else:
            m.chosen = best[0]


def _hint_codes(province: str | None) -> set[tuple[str, str]]:
    """Codes of the source's province in both lists; a pre-2025 province also stands
    for the 2025 province it joined (a Hà Giang portal writes about Tuyên Quang now)."""
    if not province:
        return set()
    g = gazetteer.load()
    units = [u for gaz in (LEGACY, NEW) for u in g.lookup(province, "province", gaz)]
    return {(u.gazetteer, u.code) for u in units} | {(s.gazetteer, s.code) for u in units if (s := g.successor(u))}


def _article_provinces(mentions: list[Mention]) -> set[str]:
    """Provinces the article is clearly about: named as provinces, or holding at least
    two of its mentions that have no other reading."""
    named = {c.province_code for m in mentions for c in m.candidates if c.level == "province" and len(m.candidates) == 1}
    held = Counter(m.candidates[0].province_code for m in mentions if len({c.province_code for c in m.candidates}) == 1)
    return named | {p for p, n in held.items() if n >= 2}


@cache
def _residence_pattern() -> re.Pattern:
    """A home address opened before a unit, in the same clause."""
    words = "|".join(sorted(_data()["residence_words"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?i:{words})[^;.()\n]{{0,80}}$")


@cache
def _post_pattern() -> re.Pattern:
    """A person's post right before a unit: a title, then only the words of an
    organisation's name ("Phó Giám đốc Công an tỉnh", "Trưởng Ban Dân vận Tỉnh ủy")."""
    d = _data()
    posts = "|".join(sorted(d["post_words"], key=len, reverse=True))
    org = "|".join(d["organisation_words"])
    return re.compile(rf"(?:{posts})(?:\s+(?:[A-ZĐ][\w]*|{org}))*\s+(?:{org})?\s*$")


def _mark_addresses(text: str, mentions: list[Mention]) -> None:
    """A unit written right after a lower one that it contains is part of an address
    ("xã A, huyện B, tỉnh C", "A (B)"): it gives no vote for the primary locality."""
    g = gazetteer.load()
    for a, b in zip(mentions, mentions[1:]):
        if not (a.chosen and b.chosen):
            continue
        gap = text[a.end:b.start]
        if len(gap) <= 14 and _PARENT_SEP.fullmatch(gap) and (g.is_parent(b.chosen, a.chosen) or (
                b.chosen.level == "province" and a.chosen.province_code == b.chosen.code)):
            b.address = True


@cache
def not_level_words() -> str:
    """Words that turn a level word into another word ("xã hội", "tỉnh táo"), as a regex."""
    return "|".join(rf"{w}(?!\w)" for w in _data()["level_word_compounds"])


_CUE_LEVELS = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district",
               "quận": "district", "thị xã": "district", "thành phố": "city", "tỉnh": "province"}


@cache
def _cue_word() -> re.Pattern:
    """A level word with no name after it ("toàn xã", "Huyện đã ..."), not part of a
    list of levels ("xã, phường") nor of another word ("xã hội")."""
    lv = "|".join(sorted(_CUE_LEVELS, key=len, reverse=True))
    return re.compile(rf"(?=[xXpPtThHqQ])(?<![\w])(?P<lvl>(?i:{lv}))(?![\w])"
                      rf"(?!\s*(?:[A-ZĐ\d]|,\s*(?:xã|phường|thị|huyện|quận|tỉnh)))(?!\s+(?i:{not_level_words()}))")


@cache
def _cue_leads() -> re.Pattern:
    """Any of the words that make a bare level word point back, ending a text as whole words."""
    leads = {w.lower() for w in _data()["level_cues"]["before"]}
    return re.compile(rf"(?<![^\W_])(?:{lexicon.alternation(leads)})\Z")


def _points_back(lead: str, capitalised: bool) -> bool:
    """Whether the words before a bare level word make it point at the article's unit:
    "toàn", "trên địa bàn", "Công an", "Ban Chỉ đạo 138" ..., or the start of a
    sentence when the level word is capitalised ("Xã đã ...")."""
    lead = re.sub(r"\s+\d+$", "", lead.rstrip())  # "Ban Chỉ đạo 138 huyện"
    if not lead or lead[-1] in ".!?:\n":
        return capitalised
    return bool(_cue_leads().search(lead.lower()))


def _level_cues(text: str, end: int) -> Counter:
    out: Counter = Counter()
    for m in _cue_word().finditer(text, 0, end):
        if _points_back(text[max(0, m.start() - 30):m.start()], m["lvl"][0].isupper()):
            # inside a guest's post ("Phó Giám đốc Công an tỉnh") it is half a cue
            post = _post_pattern().search(text[max(0, m.start() - 80):m.start()])
            out[_CUE_LEVELS[m["lvl"].lower()]] += 0.5 if post else 1
    return out


def find_localities(text: str, end: int, *, title: str | None = None, published: str | None = None,
                    province: str | None = None, relaxed: bool = False) -> tuple[Locality | None, list[Locality]]:
    """The primary locality and every other unit named, once each. `relaxed` reads what
    the rules leave out (bare names on short lines, the banner above the title), for
    near_misses."""
    gaz = _which_gazetteer(text[:end], published)
    mentions = find_mentions(text, end, published, gaz)
    mentions += find_bare(text, end, gaz, mentions, min_words=1 if relaxed else 8, published=published)
    # lines above the title are the page's banner, menus and widgets, not the article
    top = text.find(title[:60], 0, 2000) if title and not relaxed else -1
    top = text.rfind("\n", 0, top) + 1 if top > 0 else 0
    mentions = sorted((m for m in mentions if m.start >= top), key=lambda x: x.start)
    if title and len(title.split()) > 30:
        title = None  # a first line this long is the lead, not a title
    title_mentions = []
    if title:
        title_mentions = find_mentions(title, len(title), published, gaz)
        title_mentions += find_bare(title, len(title), gaz, title_mentions, min_words=1)
        kicker = _kicker(title, gaz, published, title_mentions)
        title_mentions += kicker
        # the title line in the text names the same places
        at = text.find(title, top, top + 2000)
        mentions += [Mention(at + k.start, at + k.end, k.name, k.levels, False, k.candidates)
                     for k in kicker if at >= 0 and text[at + k.start:at + k.end] == k.name]
        mentions.sort(key=lambda x: x.start)
    resolve(mentions, title_mentions, province)
    _mark_addresses(text, mentions)
    for m in mentions:
        m.post = bool(_post_pattern().search(text[max(0, m.start - 80):m.start]))
        m.residence = bool(_residence_pattern().search(text[max(0, m.start - 100):m.start]))
    by_unit: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.chosen:
            by_unit[(m.chosen.gazetteer, m.chosen.level, m.chosen.code)].append(m)
    localities = {k: _locality(ms[0].chosen, ms) for k, ms in by_unit.items()}
    primary_unit = choose_primary(text, end, by_unit, title_mentions, province, gaz, title)
    if primary_unit is None:
        return None, list(localities.values())
    key = (primary_unit.gazetteer, primary_unit.level, primary_unit.code)
    primary = localities.pop(key, None) or _locality(primary_unit, [])
    return primary, list(localities.values())


_CAPITALISED_RUN = re.compile(r"(?<![\w.])[A-ZĐÀ-Ỹ][\w'’]*(?: [A-ZĐÀ-Ỹ][\w'’]*){1,3}(?![\w])")


def near_misses(text: str, end: int, found: list[Locality], primary: Locality | None, *,
                title: str | None = None, published: str | None = None,
                province: str | None = None) -> list[tuple[Locality, str]]:
    """Units a relaxed reading names that the rules left out, for the learned filter
    (nlp/span_filter.py) to judge."""
    named = [*found, *([primary] if primary else [])]
    known = {(x.gazetteer, x.level, x.code or x.name) for x in named}
    _, relaxed = find_localities(text, end, title=title, published=published, province=province, relaxed=True)
    out = [(x, "relaxed") for x in relaxed if (x.gazetteer, x.level, x.code or x.name) not in known]
    known |= {(x.gazetteer, x.level, x.code or x.name) for x, _ in out}
    # a capitalised run anywhere that names a district or commune of the article's provinces
    gaz, provinces = _which_gazetteer(text[:end], published), {x.province_code for x in named}
    for m in _CAPITALISED_RUN.finditer(text, 0, end):
        words, i, pos = m.group().split(), 0, m.start()
        while i < len(words) - 1:  # a name of two words or more, from any word of the run
            name, units = _resolve_name(words[i:], ("district", "commune"), gaz, published)
            units = [u for u in units if u.province_code in provinces]
            at = text.index(words[i], pos)
            if len(units) != 1 or len(name.split()) < 2:
                i, pos = i + 1, at + len(words[i])
                continue
            x = _locality(units[0], [Mention(at, at + len(name), name, (units[0].level,), False, units)])
            if (x.gazetteer, x.level, x.code or x.name) not in known:
                known.add((x.gazetteer, x.level, x.code or x.name))
                out.append((x, "bare_in_province"))
            i, pos = i + len(name.split()), at + len(name)
    return out


def _kicker(title: str, gaz: str, published: str | None, found: list[Mention]) -> list[Mention]:
    """A title that opens with its place: "A: ...", "A - B: ..." (a district or commune,
    then its province), written without level words."""
    m = _kicker_pattern().match(title)
    if not m:
        return []
    g = gazetteer.load()
    out = []
    province = g.lookup(m["b"], "province", gaz) if m["b"] else []
    levels = ("province", "district", "commune") if gaz == LEGACY else ("province", "commune")
    name, units = _resolve_name(m["a"].split(), levels, gaz, published)
    if province:
        units = [u for u in units if u.province_code in {p.code for p in province}]
    taken = [(x.start, x.end) for x in found]
    if units and len(name.split()) == len(m["a"].split()) and not any(a < m.end("a") and m.start("a") < b
                                                                      for a, b in taken):
        out.append(Mention(m.start("a"), m.end("a"), m["a"], (units[0].level,), False, list(units)))
    if province and not any(a < m.end("b") and m.start("b") < b for a, b in taken):
        out.append(Mention(m.start("b"), m.end("b"), m["b"], ("province",), False, province))
    return out


@cache
def _kicker_pattern() -> re.Pattern:
    name = r"[A-ZĐ][\w'’]*(?: [A-ZĐ][\w'’]*){0,3}"
    return re.compile(rf"^\s*(?P<a>{name})(?:\s*[-–]\s*(?P<b>{name}))?\s*:")


def choose_primary(text: str, end: int, by_unit: dict[tuple, list[Mention]], title_mentions: list[Mention],
                   province: str | None, gaz: str, title: str | None = None) -> AdminUnit | None:
    """The smallest unit the article is mostly about. Votes: its mentions (a parent
    inside an address has none), three for a mention in the title, and one for each
    level word that points back at a unit ("toàn xã", "Huyện đã ..."), given to the
    most named unit of that level or, when none is named, to the common parent of
    the units that are. The source's province breaks ties."""
    g = gazetteer.load()
    units = {k: ms[0].chosen for k, ms in by_unit.items()}
    if not units:
        return None
    score: Counter = Counter()
    for k, ms in by_unit.items():
        score[k] += sum(0.0 if m.address else 0.5 if m.post or m.residence else 1.0 for m in ms)
    titled_votes: Counter = Counter()
    in_title = [m.chosen for m in title_mentions if m.chosen]
    for u in {(x.gazetteer, x.level, x.code): x for x in in_title}.values():
        # a title that names a place and its parent ("A - B: xã C ...") is about the smaller one
        if any(g.is_parent(u, x) for x in in_title):
            continue
        k = (u.gazetteer, u.level, u.code)
        units.setdefault(k, u)
        score[k] += 3
        titled_votes[k] += 3
    titled = {(m.chosen.gazetteer, m.chosen.level, m.chosen.code) for m in title_mentions if m.chosen}
    for k, u in list(units.items()):
        # a unit found in the body and written bare in the title ("A tích cực ...")
        if title and k not in titled and re.search(rf"(?<!\w){re.escape(u.name)}(?!\w)", title) \
                and not any(g.is_parent(u, x) for x in in_title):
            score[k] += 3
            titled_votes[k] += 3
    parents = _common_parents(list(units.values()))
    for k, u in parents.items():
        units.setdefault(k, u)
    # the lowest common parent takes half the votes of the units it holds if it holds several
    lowest = max(parents, key=lambda k: _LEVEL_RANK[k[1]], default=None)
    if lowest:
        held = [c for c in list(score) if c != lowest and g.is_parent(units[lowest], units[c])]
        if sum(1 for c in held if not all(m.address for m in by_unit.get(c, []))) >= 2:
            score[lowest] += 0.5 * sum(score[c] for c in held)
    cues = _level_cues(text, end)
    for level, n in cues.items():
        levels = ("province", "district") if level == "city" else (level,)
        named = [k for k in units if k[1] in levels and k in score]
        target = max(named, key=lambda k: (score[k], -_LEVEL_RANK[k[1]])) if named else \
            next((k for k in parents if k[1] in levels), None)
        if target:
            score[target] += n
    # a title that names only a wide unit ("... lan tỏa ở tỉnh A") over a body that is
    # about one of its units gives its votes to that unit
    for k in [k for k in titled_votes if titled_votes[k]]:
        body = score[k] - titled_votes[k]
        inner = [c for c in units if c != k and g.is_parent(units[k], units[c])]
        best_inner = max(inner, key=lambda c: score[c] - titled_votes[c], default=None)
        if best_inner and score[best_inner] - titled_votes[best_inner] >= max(2.0, 2 * body):
            score[best_inner] += titled_votes[k]
            score[k] -= titled_votes[k]
    hint = _hint_codes(province)
    best = max(units, key=lambda k: (score[k], (k[0], units[k].province_code) in hint, _LEVEL_RANK[k[1]]))
    return units[best]


def _common_parents(units: list[AdminUnit]) -> dict[tuple, AdminUnit]:
    """The district that holds all named communes and the province that holds all
    named units, when there is one."""
    g = gazetteer.load()
    out = {}
    provinces = {u.province_code for u in units}
    gazs = {u.gazetteer for u in units}
    if len(provinces) == 1 and len(gazs) == 1:
        gz = gazs.pop()
        p = g.get(gz, "province", provinces.pop())
        if p:
            out[(gz, "province", p.code)] = p
        districts = {u.district_code for u in units if u.level != "province"}
        if len(districts) == 1 and any(u.level == "commune" for u in units):
            d = g.get(gz, "district", districts.pop() or "")
            if d:
                out[(gz, "district", d.code)] = d
    return out


def _locality(u: AdminUnit, ms: list[Mention]) -> Locality:
    first = ms[0] if ms else None
    name = gazetteer.FORMER_NAMES.get(fold(first.name), u.name) if first and u.level == "province" else u.name
    return Locality(
        level=u.level, name=name, start=first.start if first else 0, end=first.end if first else 0,
        district=u.district if u.level == "commune" else None,
        province=u.province if u.level != "province" else None,
        code=u.code if u.official else None, district_code=u.district_code if u.official else None,
        province_code=u.province_code, gazetteer=u.gazetteer, mentions=len(ms),
    )
