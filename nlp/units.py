"""Finds organisational units: police units, steering committees and boards,
mass organisations, and kinds of grass-roots team with their counts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import lexicon
from nlp.figures import RawFigure
from nlp.records import Model, Unit

_LEVEL = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|TP\.?|Tp\.?)"
_LEVEL_END = re.compile(rf"\s{_LEVEL}$|^Công an {_LEVEL}$", re.IGNORECASE)
_ACRONYM_DEF = re.compile(r" \((?P<short>[A-ZĐ]{2,8})\)")


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern
    named: bool


@cache
def _patterns() -> list[_Pattern]:
    return [_Pattern(u["kind"], re.compile(u["pattern"]), bool(u.get("named"))) for u in lexicon.load("units")["unit"]]


def _place_name(text: str, pos: int) -> int:
    """End of a capitalised place name starting at pos (after one space), or pos."""
    m = re.match(r"(?: (?:[^\W\d_][\w']*|\d{1,2}(?!\d)))+", text[pos:pos + 60])
    end = pos
    if m:
        for w in re.finditer(r" ([^\W\d_][\w']*|\d{1,2})", m.group()):
            if not (w.group(1)[0].isupper() or w.group(1).isdigit()) or w.group(1).isupper() and len(w.group(1)) > 1:
                break
            end = pos + w.end()
    return end


def acronyms(text: str) -> dict[str, str]:
    """'tổ an ninh xã hội (ANXH)' -> {'ANXH': 'an ninh xã hội'} when the initials agree."""
    out = {}
    for m in _ACRONYM_DEF.finditer(text):
        short = m["short"]
        words = text[max(0, m.start() - 80):m.start()].split()[-len(short):]
        if len(words) == len(short) and all(w[:1].upper() == c for w, c in zip(words, short)):
            out[short] = " ".join(words)
    return out


def _key(name: str, expand: dict[str, str]) -> str:
    for short, long in expand.items():
        name = re.sub(rf"\b{short}\b", long, name)
    return re.sub(r"\s+", " ", name.lower().replace("(", "").replace(")", "")).strip()


def find_units(text: str, end: int, figures: list[RawFigure], models: list[Model]) -> list[Unit]:
    expand = acronyms(text[:end])
    inside_models = [(m.start, m.end) for m in models]
    found: list[Unit] = []
    taken: list[tuple[int, int]] = []
    for p in _patterns():
        for m in p.regex.finditer(text, 0, end):
            s, e = m.span()
            if p.named and _LEVEL_END.search(m.group()):
                e = _place_name(text, e)
            if any(a < e and s < b for a, b in taken + inside_models):
                continue
            name = text[s:e]
            # "tổ an ninh xã hội (ANXH)": the acronym is part of the name's definition
            after = re.match(r" \(([A-ZĐ]{2,8})\)", text[e:e + 12])
            taken.append((s, e + (after.end() if after else 0)))
            found.append(Unit(name, p.kind, s, e))
    heads = tuple(lexicon.load("units")["teams_from_figures"]["heads"])
    for f in figures:
        unit = f.unit
        if unit.lower().startswith(heads) and len(unit.split()) > 1 and "," not in unit:
            ustart = f.end - len(unit)
            if not any(a < f.end and ustart < b for a, b in inside_models):
                found.append(Unit(unit, "team", ustart, f.end, int(f.quantity.value)))
    return _merge(sorted(found, key=lambda u: u.start), expand)


def _merge(units: list[Unit], expand: dict[str, str]) -> list[Unit]:
    """One unit per name; an unnamed 'Công an huyện' joins the named one of its level,
    and a team kind takes the first count the text gives it."""
    out: dict[str, Unit] = {}
    for u in units:
        key = _key(u.name, expand)
        if key in out:
            if out[key].count is None and u.count is not None:
                out[key].count = u.count
            continue
        if _LEVEL_END.search(u.name) and any(k.startswith(key + " ") for k in out):
            continue
        unnamed = next((k for k in out if key.startswith(k + " ") and _LEVEL_END.search(out[k].name)), None)
        if unnamed:  # the named form came after an unnamed one: keep the named one
            out.pop(unnamed)
        out[key] = u
    return sorted(out.values(), key=lambda u: u.start)
