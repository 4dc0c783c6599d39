"""Finds administrative units named in running text ("xã Ninh Khang",
"huyện Vĩnh Lộc", "Tp. Sơn La", "tỉnh Kon Tum"), resolves each to one unit of
the official lists with its parents, and picks the article's primary locality.

Parents always come from the lists: a commune's district is the one the
gazetteer gives it. Other mentions in the article (its title, named parents
right after a name as in "xã Ngọc Vân, Tân Yên" or "Tp Sơn La (Sơn La)", the
`province` hint) only choose between units that share a name.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from nlp import gazetteer, lexicon
from nlp.gazetteer import LEGACY, MERGER_DATE, NEW, AdminUnit, fold
from nlp.records import Locality

_LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}
_NAME_WORD = r"(?:[^\W\d_][\w'’]*|\d{1,2}(?![\d.,/]))"


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


@cache
def _level_pattern() -> re.Pattern:
    words = lexicon.load("localities")["level_words"]
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<lvl>(?i:{alt}))\s*(?P<name>{_NAME_WORD}(?:[ \-]{_NAME_WORD}){{0,4}})")


def _capitalised_prefix(name: str) -> list[str]:
    not_names = set(lexicon.load("localities")["not_names"])
    words = []
    for w in re.split(r"[ \-]", name):
        if not (w[:1].isupper() or w.isdigit()) or (not words and w in not_names):
            break
        words.append(w)
        if w.isdigit():
            break
    return words


def _which_gazetteer(published: str | None) -> str:
    return NEW if published and published[:10] >= MERGER_DATE else LEGACY


def _resolve_name(words: list[str], levels, gaz: str, city: bool = False) -> tuple[str, list[AdminUnit]]:
    """Longest leading run of words that names a unit of one of the levels.
    After "thành phố", a province must be a centrally run city (Hà Nội, Đà Nẵng ...)."""
    g = gazetteer.load()
    for n in range(min(len(words), g.max_words), 0, -1):
        name = " ".join(words[:n])
        for level in levels:
            units = [u for u in g.lookup(name, level, gaz)
                     if not (city and level == "province" and u.kind != "Thành phố")]
            if units:
                return name, units
    return "", []


def find_mentions(text: str, end: int, published: str | None) -> list[Mention]:
    gaz = _which_gazetteer(published)
    words = lexicon.load("localities")["level_words"]
    out: list[Mention] = []
    pos = 0
    while m := _level_pattern().search(text, pos, end):
        # the pattern reads ahead over lower-case words too: go on right after the level word
        pos = m.start("name")
        levels = tuple(words[m["lvl"].lower()])
        city = "province" in levels and "district" in levels
        if gaz == NEW:
            levels = tuple(lv for lv in levels if lv != "district") or levels
        name, units = _resolve_name(_capitalised_prefix(m["name"]), levels, gaz, city)
        if not units and gaz == NEW:
            name, units = _resolve_name(_capitalised_prefix(m["name"]), tuple(words[m["lvl"].lower()]), LEGACY, city)
        if units:
            start = m.start("name")
            out.append(Mention(m.start(), start + len(name), name, levels, True, units))
    _find_named_parents(text, out)
    return out


def _find_named_parents(text: str, mentions: list[Mention]) -> None:
    """'xã Ngọc Vân, Tân Yên' and 'Tp Sơn La (Sơn La)': the second name is a parent
    of the first when the lists say so; it becomes a mention of its own."""
    g = gazetteer.load()
    added = []
    for m in mentions:
        after = re.match(rf"\s*(?:,|\()\s*(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})", text[m.end:m.end + 60])
        if not after:
            continue
        words = _capitalised_prefix(after["name"])
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            gaz = m.candidates[0].gazetteer
            parents = [p for lv in ("district", "province") if _LEVEL_RANK[lv] < _LEVEL_RANK[m.candidates[0].level]
                       for p in g.lookup(name, lv, gaz)]
            linked = [c for c in m.candidates if any(g.is_parent(p, c) for p in parents)]
            if linked:
                parents = [p for p in parents if any(g.is_parent(p, c) for c in linked)]
                start = m.end + after.start("name")
                pm = Mention(start, start + len(name), name, (parents[0].level,), False, parents)
                m.candidates, m.parent = linked, pm
                added.append(pm)
                break
    mentions.extend(added)
    mentions.sort(key=lambda x: x.start)


def resolve(mentions: list[Mention], title_mentions: list[Mention], province_hint: str | None) -> None:
    """Choose one unit for each mention, from evidence in the whole article."""
    g = gazetteer.load()
    votes: Counter = Counter()
    for m in mentions + title_mentions:
        provinces = {c.province_code for c in m.candidates}
        for p in provinces:
            votes[p] += 1 / len(provinces)
    hint = {u.province_code for gaz in (LEGACY, NEW) for u in g.lookup(province_hint, "province", gaz)} \
        if province_hint else set()
    districts = {c.code for m in mentions + title_mentions if m.typed for c in m.candidates
                 if c.level == "district" and len(m.candidates) == 1}

    def score(c: AdminUnit) -> tuple:
        return (c.province_code in hint, c.district_code in districts, votes[c.province_code], -len(c.name))

    for m in mentions + title_mentions:
        best = sorted(m.candidates, key=score, reverse=True)
        if len(best) > 1 and score(best[0])[:3] == score(best[1])[:3]:
            m.chosen = None  # nothing in the article tells them apart
        else:
            m.chosen = best[0]


def _bare_counts(text: str, units: list[AdminUnit], title: str | None) -> tuple[Counter, Counter]:
    """How often each unit's name appears untyped in the body and in the title,
    counting only names that no other found unit shares."""
    names = defaultdict(list)
    for u in units:
        names[u.name].append(u)
    body, head = Counter(), Counter()
    for name, us in names.items():
        if len(us) != 1:
            continue
        rx = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        body[us[0]] += len(rx.findall(text))
        if title:
            head[us[0]] += len(rx.findall(title))
    return body, head


def find_localities(text: str, end: int, *, title: str | None = None, published: str | None = None,
                    province: str | None = None) -> tuple[Locality | None, list[Locality]]:
    """The primary locality and every other unit named, once each."""
    mentions = find_mentions(text, end, published)
    title_mentions = find_mentions(title, len(title), published) if title else []
    resolve(mentions, title_mentions, province)
    by_unit: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.chosen:
            by_unit[(m.chosen.gazetteer, m.chosen.level, m.chosen.code)].append(m)
    units = [ms[0].chosen for ms in by_unit.values()]
    title_units = {(m.chosen.gazetteer, m.chosen.level, m.chosen.code) for m in title_mentions if m.chosen}
    bare_body, bare_title = _bare_counts(text[:end], units, title)

    def weight(u: AdminUnit) -> tuple:
        k = (u.gazetteer, u.level, u.code)
        s = bare_body[u] + 3 * (bare_title[u] + (k in title_units))
        return (s / 2 if u.level == "province" else s, _LEVEL_RANK[u.level])

    localities = [_locality(ms[0].chosen, ms) for ms in by_unit.values()]
    if not units:
        return None, []
    primary_unit = max(units, key=weight)
    primary = next(x for x in localities if x.code == primary_unit.code and x.level == primary_unit.level)
    return primary, [x for x in localities if x is not primary]


def _locality(u: AdminUnit, ms: list[Mention]) -> Locality:
    first = ms[0]
    # the name as the article spells it, when it is only a spelling variant of the list's
    name = first.name if fold(first.name) == fold(u.name) else u.name
    return Locality(
        level=u.level, name=name, start=first.start, end=first.end,
        district=u.district if u.level == "commune" else None,
        province=u.province if u.level != "province" else None,
        code=u.code, district_code=u.district_code, province_code=u.province_code,
        gazetteer=u.gazetteer, mentions=len(ms),
    )
