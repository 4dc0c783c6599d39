"""Candidates for the learned filters of models, units and localities, and what a
filter sees of each.

The rules propose: every record the rules found is a candidate, and so is every
near miss the rules' own module reports (a span a hand-written condition
dropped, with that condition as its source). nlp/span_filter.py keeps or drops
each one with a linear model over the features below: the candidate's source,
kind or level, its words, the syllables around it, quotes, capitals, digits, how
often it is written, and the lexicon cues it carries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from nlp import localities, models, segment, units
from nlp.language import text_of
from nlp.records import Locality, Model, Unit

ITEMS = ("models", "units", "localities")
RULES = "rules"
_QUOTES = "\"“”‘’'«»"
_UPPER_WORD = re.compile(r"[A-ZĐÀ-Ỹ]")


@dataclass(frozen=True)
class Candidate:
    record: Model | Unit | Locality
    source: str  # RULES, or the condition of the rules that dropped it

    @property
    def written(self) -> tuple[int, int]:
        return self.record.start, self.record.end


def of_doc(doc: Doc, item: str) -> list[Candidate]:
    """The candidates of `item` in a Doc the rules have run on (doc.spans[item])."""
    from nlp.components import records

    text = text_of(doc)
    end = doc._.body_end if doc._.body_end is not None else len(text)
    found = records(doc, item)
    if item == "models":
        misses = models.near_misses(text, end, found)
    elif item == "units":
        misses = units.near_misses(text, end, found)
    else:
        misses = localities.near_misses(text, end, found, doc._.primary_locality, title=doc._.title,
                                        published=doc._.published, province=doc._.province)
    return [Candidate(r, RULES) for r in found] + [Candidate(r, why) for r, why in misses]


def features(text: str, item: str, c: Candidate) -> dict[str, float]:
    r = c.record
    s, e = c.written
    f: dict[str, float] = {"bias": 1.0, f"src={c.source}": 1.0}
    written = text[s:e] if e > s else r.name
    words = segment.syllables(r.name)[:10]
    for w in words:
        f[f"w={w}"] = 0.5
    if words:
        f[f"w0={words[0]}"] = 1.0
        f[f"wl={words[-1]}"] = 1.0
        if len(words) > 1:
            f[f"w01={words[0]}_{words[1]}"] = 1.0
    f[f"len={min(len(words), 8)}"] = 1.0
    before = segment.syllables(text[max(0, s - 40):s])[-2:]
    after = segment.syllables(text[e:e + 40])[:2]
    for i, w in enumerate(reversed(before)):
        f[f"p{i + 1}={w}"] = 1.0
    for i, w in enumerate(after):
        f[f"n{i + 1}={w}"] = 1.0
    if text[max(0, s - 2):s].strip(" ")[-1:] in _QUOTES and s > 0:
        f["quoted"] = 1.0
    caps = sum(1 for w in written.split() if _UPPER_WORD.match(w))
    f[f"caps={min(caps, 3)}"] = 1.0
    if written[:1].isupper():
        f["cap0"] = 1.0
    if any(ch.isdigit() for ch in written):
        f["digit"] = 1.0
    mentions = getattr(r, "mentions", None) or len(re.findall(re.escape(written), text, re.IGNORECASE))
    f[f"mentions={min(mentions, 3)}"] = 1.0
    if getattr(r, "count", None) is not None:
        f["counted"] = 1.0
    if item == "units":
        f[f"kind={r.kind}"] = 1.0
        f[f"kind={r.kind}&src={c.source}"] = 1.0
        if units.has_team_cue(r.name):
            f["team_cue"] = 1.0
        if r.name != written:
            f["completed"] = 1.0
    elif item == "localities":
        f[f"level={r.level}"] = 1.0
        f[f"gazetteer={r.gazetteer}"] = 1.0
        if written.lower() != r.name.lower():
            f["typed"] = 1.0
    else:
        f[f"family={r.family}"] = 1.0
        if models.mentions_model_word(text, s):
            f["after_model_word"] = 1.0
    # near misses are weighed apart: what makes a rules' record right (a known head, a
    # place) says little about a span a rule dropped on purpose
    return f if c.source == RULES else {f"miss|{k}": v for k, v in f.items()}
