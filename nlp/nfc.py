"""Vietnamese typed in Unicode's decomposed form (a base letter and combining
marks, as some input methods and CMSs write it) read as composed text (NFC),
which every lexicon and pattern of the NLP stage is written in, with offsets
mapped back to the text as given."""
from __future__ import annotations

import dataclasses
import unicodedata

# offset fields of the records in nlp/records.py
OFFSETS = frozenset({"start", "end", "sentence_start", "sentence_end", "body_end"})


def composed(text: str) -> tuple[str, list[int] | None]:
    """(NFC text, for each of its offsets 0..len the offset in `text`); the map is
    None when text is already composed. A base character and the combining marks
    after it compose together, so the text is normalised one such cluster at a time."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    back: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        cluster = unicodedata.normalize("NFC", text[start:i])
        parts.append(cluster)
        back.extend(min(start + k, i - 1) if k else start for k in range(len(cluster)))
        start = i
    back.append(len(text))
    return "".join(parts), back


def map_offsets(record, back: list[int]) -> None:
    """Every offset in a record (a dataclass, and the records inside it) from the
    composed text to the text as given, in place."""
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
