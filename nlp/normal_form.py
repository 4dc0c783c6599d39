"""The text as the NLP stage's patterns read it, with offsets mapped back to the
text as given. Pages carry no-break spaces (&nbsp;), tabs, runs of spaces,
zero-width characters, letters typed as a base and combining marks (as some
Vietnamese input methods write them) and line breaks inside sentences (a <br>
in a CMS editor); every lexicon and pattern under nlp/data is written with
single plain spaces and composed letters (NFC). Other line ends stay: they
separate the title and paragraphs."""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import cache

from nlp import lexicon

# offset fields of the records in nlp/records.py
OFFSETS = frozenset({"start", "end", "sentence_start", "sentence_end", "body_end"})

_SPACE = " \t\xa0\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b-\u200d\u2060\ufeff\xad"  # zero-width spaces and joiners, BOM, soft hyphen
# one line break before a lower-case letter breaks a sentence, not a paragraph
# (Vietnamese sentences begin with a capital)
_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_WRAP = re.compile(rf"(?<![\n\r])(?:\r\n?|\n) *(?=[{_LOWER}])")
# a run of spaces and invisibles that is not one plain space (from its first
# character), a Windows or old Mac line end, a line break inside a sentence,
# combining marks (after their letter)
_IRREGULAR = re.compile(
    rf"(?P<gap>(?:[{_SPACE[1:]}{_INVISIBLE}]| (?=[{_SPACE}{_INVISIBLE}]))[{_SPACE}{_INVISIBLE}]*)"
    rf"|(?P<wrap>{_WRAP.pattern})"
    r"|(?P<line>\r\n?)"
    r"|(?P<marks>[\u0300-\u036f]+)")
_SPACE_LIKE = re.compile(rf"[{_SPACE}]")
# one character class, searched far faster than the alternation: most texts have none
_ODD = re.compile(rf"[{_SPACE[1:]}{_INVISIBLE}\r\u0300-\u036f]")


@cache
def _goes_on() -> re.Pattern:
    """A line break (with the spaces around it) after a word that ends no sentence
    (names.toml, line_goes_on)."""
    words = lexicon.alternation(lexicon.load("names")["line_goes_on"])
    return re.compile(rf"(?<!\w)(?i:{words})(?P<cont> *(?<![\n\r])(?:\r\n?|\n) *)(?=\S)")


def normal_form(text: str) -> tuple[str, list[int] | None]:
    """(the text as patterns read it, for each of its offsets 0..len the offset in
    `text`); the map is None when the text is read as given."""
    goes_on = _goes_on().search(text)
    if "  " not in text and not _ODD.search(text) and not _WRAP.search(text) and not goes_on:
        return text, None
    parts: list[str] = []
    back: list[int] = []
    pos = 0
    for m in _spots(text, goes_on is not None):
        start = m.start("cont") if m.re is _goes_on() else m.start()
        if start < pos:  # inside a line break already read
            continue
        if m.re is _goes_on():
            new = " "
        elif m["gap"] is not None:
            new = " " if _SPACE_LIKE.search(m.group()) else ""
        elif m["wrap"] is not None:
            new = " "
        elif m["line"] is not None:
            new = "\n"
        else:
            start = start - 1 if start > pos else start  # the letter the marks belong to
            new = unicodedata.normalize("NFC", text[start:m.end()])
        parts.append(text[pos:start])
        back.extend(range(pos, start))
        parts.append(new)
        back.extend([start] * len(new))
        pos = m.end()
    if not parts:
        return text, None
    parts.append(text[pos:])
    back.extend(range(pos, len(text) + 1))
    return "".join(parts), back


def _spots(text: str, goes_on: bool):
    """The matches of _IRREGULAR and of the line breaks after a word that goes on, in order."""
    spots = _IRREGULAR.finditer(text)
    if not goes_on:
        return spots
    return sorted([*spots, *(m for m in _goes_on().finditer(text))], key=lambda m: m.start())


def map_offsets(record, back: list[int]) -> None:
    """Every offset in a record (a dataclass, and the records inside it) from the
    normal form to the text as given, in place."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in OFFSETS and isinstance(value, int):
            setattr(record, f.name, back[value])
        elif dataclasses.is_dataclass(value):
            map_offsets(value, back)
        elif isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item):
                    map_offsets(item, back)
