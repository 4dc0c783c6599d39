"""Finds organisational units: police units and departments, steering committees,
mass organisations, and kinds of grass-roots team with their counts.

A unit is one body. A level word written without a place ("Công an huyện") is
completed with the place the article implies (its primary locality or a parent of
it, else the nearest locality of that level named before); a class of bodies
("Công an các xã", "công an xã, phường") is not a unit."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import gazetteer, lexicon
from nlp.figures import RawFigure
from nlp.names import comma_pairs, joins_at_comma, quoted
from nlp.records import Locality, Model, Unit
from nlp.unit_places import PlaceContext, level_alt, level_of_word, level_word, levels, place_after, place_key

_ACRONYM_DEF = re.compile(r" \((?P<short>[A-ZĐ]{2,8})\)")
_QUOTES = "\"“”‘’'"
_WORD = re.compile(r"[^\W_][\w']*")
_LETTER_WORD = re.compile(r"[^\W\d_]\w*")
_GAP = re.compile(r" *([" + _QUOTES + r"]?) *")


@dataclass(frozen=True)
class _Head:
    kind: str
    pattern: str
    place: str
    bare: str


@dataclass
class _Found:
    unit: Unit
    place: str | None = None  # the completed place, for telling one committee from another
    central: bool = False
    block_end: int | None = None  # where the words it owns end, when its name runs on (an owner)
    bare: bool = False  # a head written with no level word and no place ("MTTQ")


@cache
def _data() -> dict:
    return lexicon.load("units")


@cache
def _heads() -> list[_Head]:
    return [_Head(u["kind"], u["pattern"], u["place"], u.get("bare", "keep")) for u in _data()["unit"]]


@cache
def _any_head() -> re.Pattern:
    """All heads in one pattern, in the data file's order; the group name says which."""
    alt = "|".join(f"(?P<h{i}>{h.pattern})" for i, h in enumerate(_heads()))
    return re.compile(rf"(?<![\w.-])(?:{alt})(?![\w-])")


def acronyms(text: str) -> dict[str, str]:
    """'tổ an ninh xã hội (ANXH)' -> {'ANXH': 'an ninh xã hội'} when the initials agree."""
    out = {}
    for m in _ACRONYM_DEF.finditer(text):
        short = m["short"]
        words = text[max(0, m.start() - 80):m.start()].split()[-len(short):]
        if len(words) == len(short) and all(w[:1].upper() == c for w, c in zip(words, short)):
            out[short] = " ".join(words)
    return out


def _after_other_word(text: str, s: int) -> bool:
    """'Báo Công an ...', 'một Công an phường kiểu mẫu': not one body of the movement."""
    return bool(_word_before(tuple(_data()["not_before"])).search(text[max(0, s - 12):s].lower()))


@cache
def _word_before(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{lexicon.alternation(words)})\s+$")


# --- heads with a level and a place -------------------------------------------------

@cache
def _class_word() -> re.Pattern:
    return re.compile(rf"\s+(?:{'|'.join(_data()['class_words'])})\s", re.IGNORECASE)


def _class_follows(text: str, pos: int) -> bool:
    """'Công an các xã', 'MTTQ các cấp', 'công an xã, phường': a class of bodies."""
    if _class_word().match(text[pos:pos + 12]):
        return True
    lvl = level_word().match(text, pos)
    return bool(lvl and not lvl["cap"]
                and re.match(rf"\s*(?:,|và)\s*(?i:{level_alt()})(?!\w)(?!\s+(?i:đoàn|ủy|uỷ))", text[lvl.end():lvl.end() + 20]))


def _read_level(text: str, head: _Head, s: int, e: int, ctx: PlaceContext) -> _Found | None:
    """The head at s..e with its level word and place, completed when the place is implied."""
    kind, lvl = head.kind, level_word().match(text, e)
    written = text[s:e]
    central = bool(re.search(r"Trung ương|T\.Ư|TƯ|TW", written))
    if _class_follows(text, e):
        return None
    if lvl and lvl["cap"]:  # "Công an cấp xã": the tier, as written
        return _Found(Unit(f"{written} cấp {lvl['lvl']}", kind, s, lvl.end()), central=central)
    if lvl:
        level_class = level_of_word(lvl["lvl"])
        qual = _starts_with(text[lvl.end():lvl.end() + 30].lstrip().lower(), _data()["kind_qualifiers"])
        if qual:  # "Công an xã bán chuyên trách": a kind of police, as written
            q_end = text.lower().index(qual, lvl.end()) + len(qual)
            return _Found(Unit(text[s:q_end], kind, s, q_end), central=True)
        end = place_after(text, lvl.end(), level_class)
        if end:
            name = text[s:end]
            return _Found(Unit(name, kind, s, end), place_key(text[lvl.end():end]), central)
        place = ctx.implied(text, level_class, s)
        name = f"{written} {lvl['lvl']}" + (f" {place}" if place else "")
        return _Found(Unit(name, kind, s, lvl.end()), place_key(place) if place else None, central)
    if re.match(r"\s*Trung ương", text[e:e + 12]) and head.kind == "committee":
        return None  # read as a long title
    direct = place_after(text, e, "province", after_level=False)
    if direct and text[e:e + 1] == " ":
        return _Found(Unit(text[s:direct], kind, s, direct), place_key(text[e:direct]), central)
    if head.bare == "skip":
        return None
    return _Found(Unit(written, kind, s, e), central=central, bare=True)


# --- steering committees with a long title ------------------------------------------

_TITLE_START = re.compile(r" (?i:phòng|thực hiện|xây dựng|công tác|chỉ đạo)")
_TITLE_STOP = re.compile(r"[.;:\n]| của | do | đã | đang | được | và các | cùng | tổ chức | trao | tặng ")


@cache
def _title_level() -> re.Pattern:
    return re.compile(rf"(?<=[\s)”\"])(?:(?i:trung ương)|(?P<lvl>(?i:{level_alt()})))(?!\w)")


def _long_committee(text: str, s: int, e: int, end: int, ctx: PlaceContext) -> _Found | None:
    """'Ban Chỉ đạo phòng, chống tội phạm ... (ANTQ) huyện X', '... Trung ương ...'."""
    central = re.match(r" (?:Trung ương|TƯ|T\.Ư)", text[e:e + 12])
    if central:
        title_end = e + central.end()
        if _TITLE_START.match(text, title_end):  # "Ban Chỉ đạo Trung ương thực hiện phong trào ..."
            stop = _TITLE_STOP.search(text, title_end, min(end, title_end + 160))
            comma = text.find(",", title_end, stop.start() if stop else min(end, title_end + 160))
            title_end = comma if comma >= 0 else (stop.start() if stop else title_end)
        name = text[s:title_end].rstrip()
        return _Found(Unit(name, "committee", s, s + len(name)), central=True)
    if not _TITLE_START.match(text, e):
        return None
    limit = min(end, e + 260)
    stop = _TITLE_STOP.search(text, e, limit)
    limit = stop.start() if stop else limit
    for lvl in _title_level().finditer(text, e, limit):
        if lvl.group().lower().startswith("trung"):
            name = text[s:lvl.end()]
            return _Found(Unit(name, "committee", s, lvl.end()), central=True)
        level_word = lvl["lvl"]
        if level_word.lower() == "xã" and text[lvl.end():lvl.end() + 4] == " hội":
            continue  # "tệ nạn xã hội" is not the level word
        head = _Head("committee", "", "level", "skip")
        found = _read_level(text, head, s, lvl.start() - (1 if text[lvl.start() - 1] == " " else 0), ctx)
        if found:
            return found
    return None


# --- police departments -------------------------------------------------------------

_RUN_OF_CAPS = re.compile(r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ']*)(?: [A-ZĐÀ-Ỹ][a-zđà-ỹ']*)+")
_RANKS = re.compile(r"(?:Đại|Thượng|Trung|Thiếu) (?:tá|tướng|úy|uý)\b")


@cache
def _department_patterns() -> tuple[list[re.Pattern], re.Pattern, re.Pattern, list[re.Pattern]]:
    """Owners, heads, a post before the head, and cues of a police department."""
    d = _data()["departments"]
    return ([re.compile(o) for o in d["owners"]], re.compile(rf"(?<!\w)(?:{'|'.join(d['heads'])}) (?!trưởng)"),
            re.compile(rf"(?i:{'|'.join(d['posts'])})\s+(?:[^,;.\n]{{0,40}}\svà\s+)?$"),
            [re.compile(c) for c in d["cues"]])


def _departments(text: str, end: int, ctx: PlaceContext) -> list[_Found]:
    """'Phó Trưởng phòng Cảnh sát ... <person>', 'Cục ... (Bộ Công an)': police departments
    named as someone's post or with their owner."""
    d = _data()["departments"]
    owners, head, post_before, cues = _department_patterns()
    out = []
    for m in head.finditer(text[:end]):
        s = m.start()
        # a post just before, or before a coordinated body ("lãnh đạo Văn phòng ... và Cục ...")
        post = bool(post_before.search(text[max(0, s - 60):s] + " "))
        pos, stop, owned, comma, implied = m.end(), None, False, None, None
        for _ in range(30):
            owner = next((o.match(text, pos) for o in owners if o.match(text, pos)), None)
            if owner and pos > m.end():
                stop, owned = owner.end(), True
                if owner.group().rstrip().endswith(tuple(levels())):  # "..., Công an tỉnh Hà Nam"
                    level_class = level_of_word(owner["lvl"])
                    stop = place_after(text, owner.end(), level_class) or stop
                    implied = None if stop > owner.end() else ctx.implied(text, level_class, owner.start())
                comma = pos if owner.group().startswith(("Công an", ", Công an")) else None
                break
            run = _RUN_OF_CAPS.match(text, pos)
            if (run and not run.group().startswith(tuple(d["name_parts"]))) or _RANKS.match(text, pos):
                break
            if text[pos:pos + 1] == "," and joins_at_comma(text, pos):
                pos += 2 if text[pos + 1:pos + 2] == " " else 1
                continue
            w = _WORD.match(text, pos, end)
            if not w:
                break
            pos = w.end()
            if text[pos:pos + 1] == " ":
                pos += 1
            elif text[pos:pos + 1] != ",":
                break
        stop = stop or pos
        name = text[s:stop].strip(" ,(")
        if not (post or owned) or len(name.split()) < 2 or not name.split()[1][:1].isalpha():
            continue
        if not any(c.search(text[s:stop]) for c in cues):
            continue
        written = s + len(name)
        if implied:  # "Đội Cảnh sát giao thông Công an huyện" in an article on one district
            name = f"{name} {implied}"
        out.append(_Found(Unit(name, "police", s, written), central=True, block_end=comma))
    return out


# --- teams --------------------------------------------------------------------------

@cache
def _team_data() -> dict:
    t = dict(_data()["teams"])
    heads = "|".join(sorted(t["heads"], key=len, reverse=True))
    t["regex"] = re.compile(rf"(?<![\w])(?i:{heads})(?!\w)")
    t["stops"] = sorted(t["stops"], key=len, reverse=True)
    places = "|".join(sorted(t["place_words"], key=len, reverse=True))
    t["place_word"] = re.compile(rf"(?i:{places})(?:\s+(?:(?i:số)\s+)?(?:\d|[A-ZĐ])|\s*(?:,|\s(?i:và|hoặc))\s*(?i:{places})(?!\w))")
    return t


def _starts_with(low: str, words: list[str]) -> str | None:
    """The longest of `words` that `low` starts with as whole words, or None."""
    m = _alternation(tuple(words)).match(low)
    return m.group() if m else None


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?:{lexicon.alternation(words)})(?!\w)")


def _has_cue(tail: str, cues: list[str]) -> bool:
    return bool(_whole_words(tuple(cues)).search(tail.lower()))


@cache
def _whole_words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{lexicon.alternation(words)})(?!\w)")


def has_team_cue(name: str) -> bool:
    """A team cue ("an ninh", "tự quản", "dân phòng" ...) among the words of `name`."""
    return _has_cue(name, _team_data()["cues"])


def _team_at(text: str, s: int, e: int, end: int, strict: bool = True) -> tuple[int, str] | None:
    """A team kind whose head is at s..e: (end offset, name without quotes). Not
    `strict`: any tail, with or without a security cue or a word pointing back."""
    t = _team_data()
    head = text[s:e].lower()
    rest = text[e:min(end, e + 200)].lstrip(" " + _QUOTES)
    if _starts_with(rest.lower(), [w.lower() for w in t["not_after"]]):
        return None
    if re.search(r"(?i:[uủ]ỷ|ủy|UB)\s*$", text[max(0, s - 4):s]):
        return None  # "Ủy ban ...": a committee, not a team
    pos, words, last = e, 0, e
    while pos < end and words < int(t["max_words"]):
        gap = _GAP.match(text, pos)
        if gap.group(1) and words:  # a quote after the tail has begun closes the name
            break
        p = gap.end()
        low = text[p:p + 40].lower()
        keep = _starts_with(low, t["keep_after_stop"]) if words else None
        if keep:
            last = p + len(keep)
            break
        if _starts_with(low, t["stops"]):
            break
        if words and t["place_word"].match(text[p:p + 30]):
            break
        if text[p:p + 1] == "," and (joins_at_comma(text, p) or (words == 0 and t["regex"].match(text, p + 2))):
            pos = p + 1
            continue
        w = _LETTER_WORD.match(text, p, end)
        if not w:
            break
        words += 1
        pos = last = w.end()
    tail = text[e:last]
    cues = t["strict_cues"] if head in t["strict_heads"] else t["cues"]
    if not words or (strict and not _has_cue(tail, cues)):
        return None
    if strict and _starts_with(text[last:last + 12].lower().lstrip(" " + _QUOTES), t["anaphora"]):
        return None
    name = re.sub(r"\s+", " ", "".join(ch for ch in text[s:last] if ch not in _QUOTES))
    return last, name


def _teams(text: str, end: int, in_quotes: bytearray) -> list[_Found]:
    out = []
    for m in _team_data()["regex"].finditer(text, 0, end):
        if in_quotes[m.start()]:
            continue
        hit = _team_at(text, m.start(), m.end(), end)
        if hit:
            out.append(_Found(Unit(hit[1], "team", m.start(), hit[0])))
    return out


def _teams_from_figures(text: str, figures: list[RawFigure]) -> list[_Found]:
    """'874 tổ ANXH', '01 Tổ quản lý, vận hành': a counted team kind."""
    heads = tuple(_data()["teams_from_figures"]["heads"])
    not_after = [w.lower() for w in _team_data()["not_after"]]
    out = []
    for f in figures:
        unit = f.unit.strip(_QUOTES + " ")
        low = unit.lower()
        head = next((h for h in heads if re.match(rf"{re.escape(h)}[\s,]+\w", low)), None)
        if head is None or _starts_with(low[len(head):].lstrip(" ,"), not_after):
            continue
        e = f.end
        while text[e:e + 1] == "," and joins_at_comma(text, e):
            pair = next(b for a, b in comma_pairs() if text[e + 1:e + 1 + len(b) + 2].lower().lstrip().startswith(b))
            e = text.lower().index(pair, e + 1, e + len(pair) + 4) + len(pair)
        name = "".join(ch for ch in text[f.end - len(f.unit):e] if ch not in _QUOTES).strip()
        stop = re.search(r"\s(?:%s)(?!\w)" % "|".join(map(re.escape, _team_data()["stops"])), name[len(head):])
        if stop:  # "20 tổ ANXH mới": the kind ends before the stop word
            name = name[:len(head) + stop.start()]
            e = f.end - len(f.unit) + len(name)
        out.append(_Found(Unit(name, "team", f.end - len(f.unit), e, int(f.quantity.value))))
    return out


# --- near misses -------------------------------------------------------------------

def near_misses(text: str, end: int, found: list[Unit]) -> list[tuple[Unit, str]]:
    """What the rules nearly took, each with the condition that dropped it, for the
    learned filter (nlp/span_filter.py) to judge: a head before a class word ("Công an
    các cấp"), a head after a word that makes it something else, and a team head whose
    tail names no security cue or is pointed back to."""
    taken = bytearray(len(text) + 1)
    for u in found:
        taken[u.start:u.end] = b"\1" * (u.end - u.start)
    in_quotes = quoted(text)
    out: list[tuple[Unit, str]] = []

    def add(unit: Unit, reason: str) -> None:
        if not any(taken[unit.start:unit.end]) and unit.name.strip():
            out.append((unit, reason))
            taken[unit.start:unit.end] = b"\1" * (unit.end - unit.start)

    ctx = PlaceContext.of(None, [])
    for m in _any_head().finditer(text, 0, end):
        head = _heads()[int(m.lastgroup[1:])]
        if in_quotes[m.start()] or head.place != "level":
            continue
        cls = _class_word().match(text, m.end(), min(end, m.end() + 12))
        if cls:  # the head, the class word and the word after it
            w = _LETTER_WORD.match(text, cls.end(), end)
            if w:
                add(Unit(text[m.start():w.end()], head.kind, m.start(), w.end()), "class")
        elif _after_other_word(text, m.start()):
            f = _read_level(text, head, m.start(), m.end(), ctx)
            if f:
                add(f.unit, "after_other_word")
    for m in _team_data()["regex"].finditer(text, 0, end):
        if in_quotes[m.start()]:
            continue
        hit = _team_at(text, m.start(), m.end(), end, strict=False)
        if hit:
            add(Unit(hit[1], "team", m.start(), hit[0]), "team_without_cue")
    return out


# --- all together -------------------------------------------------------------------

def find_units(text: str, end: int, figures: list[RawFigure], models: list[Model], *,
               primary: Locality | None = None, localities: list[Locality] | None = None) -> list[Unit]:
    """Units of the article up to `end`. `primary` and `localities` (the article's
    primary locality and the others it names) complete names written with a level word
    alone; without them such names stay as written."""
    ctx = PlaceContext.of(primary, localities or [])
    # characters already read as part of a model (1), a unit (1) or a team kind (2)
    taken = bytearray(len(text) + 1)
    for m in models:
        taken[m.start:m.end] = b"\1" * (m.end - m.start)
    found: list[_Found] = []
    in_quotes = quoted(text)

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(f: _Found | None, span: tuple[int, int] | None = None) -> None:
        if f and free(f.unit.start, f.unit.end):
            found.append(f)
            a, b = span or (f.unit.start, f.unit.end)
            taken[a:b] = (b"\2" if f.unit.kind == "team" else b"\1") * (b - a)

    for f in _departments(text, end, ctx):
        take(f, (f.unit.start, f.block_end or f.unit.end))
    for m in re.finditer(r"(?<!\w)(?i:ban chỉ đạo)(?!\w)", text[:end]):
        take(_long_committee(text, m.start(), m.end(), end, ctx))
    pos = 0
    while m := _any_head().search(text, pos, end):
        pos = m.start() + 1
        head = _heads()[int(m.lastgroup[1:])]
        if not free(*m.span()) or in_quotes[m.start()] or _after_other_word(text, m.start()):
            continue
        f = (_read_level(text, head, m.start(), m.end(), ctx) if head.place == "level"
             else _Found(Unit(m.group(), head.kind, *m.span()), central=True))
        if f:
            alias = re.match(r" \([^()]{2,40}\)", text[f.unit.end:f.unit.end + 44])
            take(f, (f.unit.start, f.unit.end + (alias.end() if alias else 0)))
            pos = m.end()
    for word, level_class in _data()["level_heads"].items():
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", text[:end]):
            direct = place_after(text, m.end(), level_class)
            place = text[m.end():direct].strip() if direct else ctx.implied(text, level_class, m.start())
            name = f"{m.group()} {place}" if place else m.group()
            take(_Found(Unit(name, "organisation", m.start(), direct or m.end()), place_key(place) if place else None))
    for f in _teams(text, end, in_quotes):
        take(f)
    for f in _teams_from_figures(text, figures):
        if 1 not in taken[f.unit.start:f.unit.end]:  # free, or the same team read from the text
            found.append(f)
    return _merge(found, acronyms(text[:end]))


@cache
def _same_body() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(k), v) for k, v in _data()["same_body"].items()]


def _key(name: str, expand: dict[str, str]) -> str:
    for short, long in expand.items():
        name = re.sub(rf"\b{short}\b", long, name)
    key = gazetteer.spelling(name.replace("(", " ").replace(")", " "))
    for rx, repl in _same_body():
        key = rx.sub(repl, key)
    return re.sub(r"\s+", " ", key).strip()


def _merge(found: list[_Found], expand: dict[str, str]) -> list[Unit]:
    """One unit per body: the same name written twice, a steering committee under its long
    title and its number, a level word alone and the named body of its head, a team kind
    and its shorter repeat ("tổ tự quản" after "tổ tự quản tổ dân phố") are one unit,
    named as first written (the named body, the longer team)."""
    out: list[tuple[str, _Found]] = []
    for f in sorted(found, key=lambda x: x.unit.start):
        key = _key(f.unit.name, expand)
        i = next((i for i, (k, o) in enumerate(out) if k == key or _same_committee(f, o)), None)
        if i is None and f.unit.kind != "team":
            if f.bare or _ends_with_level(f.unit.name):  # "Ủy ban MTTQ xã" after "Ủy ban MTTQ xã Phù Ninh"
                i = next((i for i, (k, _) in enumerate(out) if k.startswith(key + " ")), None)
            else:  # the named body after its unnamed mention takes its place
                i = next((i for i, (k, o) in enumerate(out) if (o.bare or _ends_with_level(o.unit.name))
                          and key.startswith(k + " ")), None)
                if i is not None:
                    f.unit.count = f.unit.count if f.unit.count is not None else out[i][1].unit.count
                    out[i] = (key, f)
                    continue
        if i is None and f.unit.kind == "team":
            i = next((i for i, (k, o) in enumerate(out) if o.unit.kind == "team" and _prefix(key, k)), None)
            if i is not None and len(key) > len(out[i][0]):  # the longer wording of the kind
                same = out[i][1]
                same.unit.name, same.unit.end = f.unit.name, f.unit.end
                out[i] = (key, same)
        if i is None:
            out.append((key, f))
        elif out[i][1].unit.count is None and f.unit.count is not None:
            out[i][1].unit.count = f.unit.count
    return [f.unit for _, f in out]


def _same_committee(a: _Found, b: _Found) -> bool:
    """Two steering committees of the same place are one ("Ban Chỉ đạo 138 huyện X" and its
    long title)."""
    return (a.unit.kind == b.unit.kind == "committee" and a.place is not None and a.place == b.place
            and not a.central and not b.central)


def _ends_with_level(name: str) -> bool:
    return bool(re.search(rf"\s(?i:{level_alt()})$", name))


def _prefix(a: str, b: str) -> bool:
    return a != b and (b.startswith(a + " ") or a.startswith(b + " "))
