"""Places in the names of units: the place written after a level word ("Công an huyện
Vĩnh Lộc"), read against the gazetteer, and the place a level word written alone
implies in an article ("Công an huyện" in an article on a commune of Vĩnh Lộc)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import gazetteer, lexicon
from nlp.records import Locality

_CAP_WORD = r"(?:[A-ZĐÐÀ-Ỹ][\w']*|\d{1,2}(?!\d))"
PLACE = re.compile(rf" ?\.? ?({_CAP_WORD}(?:(?: - | |-){_CAP_WORD}){{0,5}})")


def levels() -> dict[str, str]:
    """Level words ("huyện", "TP.") and the level they name."""
    return lexicon.load("names")["levels"]


def level_of_word(word: str) -> str:
    """'huyện' -> 'district', 'TP.' -> 'city', 'phường' -> 'commune'."""
    return levels()[word.lower()]


@cache
def level_alt() -> str:
    return lexicon.alternation(levels())


@cache
def level_word() -> re.Pattern:
    return re.compile(rf"\s+(?P<cap>cấp\s+)?(?P<lvl>(?i:{level_alt()}))(?:(?<=\.)|(?![\w]))")


def _levels_of(level_class: str) -> tuple[str, ...]:
    return ("district", "province") if level_class == "city" else (level_class,)


def _known_place(words: str, level_class: str) -> str | None:
    """Longest leading run of capitalised words that the gazetteer knows at that level."""
    g = gazetteer.load()
    parts = re.split(r"( - | |-)", words.replace("Ð", "Đ"))
    for n in range(len(parts), 0, -2):
        name = "".join(parts[:n])
        for level in _levels_of(level_class):
            for gaz in (gazetteer.LEGACY, gazetteer.NEW):
                if g.lookup(name, level, gaz):
                    return words[:len(name)]
    return None


@dataclass(frozen=True)
class PlaceContext:
    """The places an article implies: its primary locality with its parents, and the
    localities it names."""
    chain: tuple[tuple[str, str, str], ...]  # (level, name, kind word) from the primary upwards
    named: tuple[Locality, ...]

    @staticmethod
    def of(primary: Locality | None, localities: list[Locality]) -> PlaceContext:
        chain: list[tuple[str, str, str]] = []
        if primary is not None:
            g = gazetteer.load()
            unit = g.get(primary.gazetteer, primary.level, primary.code) if primary.code else next(
                (u for u in g.lookup(primary.name, primary.level, primary.gazetteer)
                 if primary.level == "province" or u.province == primary.province), None)
            chain.append((primary.level, primary.name, unit.kind.lower() if unit else ""))
            if primary.district:
                d = g.get(unit.gazetteer, "district", unit.district_code) if unit and unit.district_code else None
                chain.append(("district", primary.district, d.kind.lower() if d else ""))
            if primary.province and primary.level != "province":
                p = g.get(unit.gazetteer, "province", unit.province_code) if unit else None
                chain.append(("province", primary.province, p.kind.lower() if p else ""))
        return PlaceContext(tuple(chain), tuple(sorted(localities, key=lambda x: x.start)))

    def implied(self, text: str, level_class: str, pos: int) -> str | None:
        """The place a level word written alone at pos stands for: one of that level named
        earlier in the same sentence ("Công an huyện X phối hợp với MTTQ huyện"), else the
        primary locality or its parent, else the last one of that level named before."""
        local = _named_in_sentence(text, level_class, pos)
        if local:
            return local
        if level_class == "city":
            hit = next((name for level, name, kind in self.chain if level != "commune" and kind == "thành phố"), None)
        else:
            hit = next((name for level, name, _ in self.chain if level == level_class), None)
        if hit:
            return hit
        levels = _levels_of(level_class)
        before = [x for x in self.named if x.level in levels and x.start < pos]
        return before[-1].name if before else None



def _named_in_sentence(text: str, level_class: str, pos: int) -> str | None:
    start = max(text.rfind(". ", max(0, pos - 300), pos), text.rfind("\n", max(0, pos - 300), pos), pos - 300, 0)
    found = None
    for lvl in level_word().finditer(text, start, pos):
        if lvl["cap"] or level_of_word(lvl["lvl"]) != level_class:
            continue
        end = place_after(text, lvl.end(), level_class)
        if end:
            found = PLACE.match(text, lvl.end())[1][:end - PLACE.match(text, lvl.end()).start(1)]
    return found


def place_after(text: str, pos: int, level_class: str, after_level: bool = True) -> int | None:
    """End of a known place name right after pos, or None."""
    m = PLACE.match(text, pos)
    if not m:
        return None
    short = re.match(r"[A-ZĐ]{2,}(?!\w)|\d{1,2}(?!\d)", m[1])
    if short and after_level:  # an abbreviated place ("TP.HCM") or a numbered one ("Q.1", "phường 3") stays as written
        return m.start(1) + short.end()
    name = _known_place(m[1], level_class)
    return m.start(1) + len(name) if name else None


def place_key(place: str) -> str:
    return gazetteer.fold(place)
