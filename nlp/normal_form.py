"""The text as the NLP stage's patterns read it, with offsets mapped back to the
text as given. Pages carry no-break spaces (&nbsp;), tabs, runs of spaces,
zero-width characters and letters typed as a base and combining marks (as
some Vietnamese input methods write them); every lexicon and pattern under
nlp/data is written with single plain spaces and composed letters (NFC).
Line ends stay: they separate the title and paragraphs."""
from __future__ import annotations

import dataclasses
import re
import unicodedata

# offset fields of the records in nlp/records.py
OFFSETS = frozenset({"start", "end", "sentence_start", "sentence_end", "body_end"})

_SPACE = " \t\xa0\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b-\u200d\u2060\ufeff\xad"  # zero-width spaces and joiners, BOM, soft hyphen
# a run of spaces and invisibles that is not one plain space (from its first
# character), a Windows or old Mac line end, combining marks (after their letter)
_IRREGULAR = re.compile(
    rf"(?P<gap>(?:[{_SPACE[1:]}{_INVISIBLE}]| (?=[{_SPACE}{_INVISIBLE}]))[{_SPACE}{_INVISIBLE}]*)"
    r"|(?P<line>\r\n?)"
    r"|(?P<marks>[\u0300-\u036f]+)")
_SPACE_LIKE = re.compile(rf"[{_SPACE}]")
# one character class, searched far faster than the alternation: most texts have none
_ODD = re.compile(rf"[{_SPACE[1:]}{_INVISIBLE}\r\u0300-\u036f]")


def normal_form(text: str) -> tuple[str, list[int] | None]:
    """(the text as patterns read it, for each of its offsets 0..len the offset in
    `text`); the map is None when the text is read as given."""
    if "  " not in text and not _ODD.search(text):
        return text, None
    parts: list[str] = []
    back: list[int] = []
    pos = 0
    for m in _IRREGULAR.finditer(text):
        start = m.start()
        if m["gap"] is not None:
            new = " " if _SPACE_LIKE.search(m.group()) else ""
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
