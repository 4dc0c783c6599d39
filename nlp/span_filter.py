"""Learned filters over the rules' models, units and localities: the rules propose
(nlp/span_candidates.py), a logistic regression keeps or drops each candidate.

A filter runs in extraction only where nlp/data/pipeline.cfg switches it on
(`learned = true` under the item's component), which bench/nlp_quality.py decides
by cross-validation against the rules alone (bench/RESULTS.md). Its weights are
nlp/models/<item>_filter.json, built by `make train` (nlp/span_filter_training.py).
Inside `using(item, model)` extraction uses `model` (None: the rules alone)
whatever the switch says; cross-validation trains one per fold.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

from spacy import util

from nlp.indicators import LinearModel
from nlp.span_candidates import ITEMS, RULES, Candidate, features

KEEP = "keep"
THRESHOLD = 0.5


def model_file(item: str) -> str:
    return f"{item}_filter.json"


@cache
def switched_on(item: str) -> bool:
    """The item's `learned` switch in nlp/data/pipeline.cfg."""
    cfg = util.load_config_from_str(resources.files("nlp").joinpath("data", "pipeline.cfg").read_text(encoding="utf-8"))
    return bool(cfg["components"][f"antq_{item}"].get("learned", False))


@cache
def shipped_model(item: str) -> LinearModel:
    text = resources.files("nlp").joinpath("models", model_file(item)).read_text(encoding="utf-8")
    return LinearModel.from_json(text)


_override: dict[str, list[LinearModel | None]] = {item: [] for item in ITEMS}


@contextmanager
def using(item: str, model: LinearModel | None) -> Iterator[None]:
    """Filter `item` with `model` inside the block; None keeps the rules alone."""
    _override[item].append(model)
    try:
        yield
    finally:
        _override[item].pop()


def active(item: str, learned: bool) -> LinearModel | None:
    """The filter extraction uses for `item`, or None for the rules alone."""
    if _override[item]:
        return _override[item][-1]
    return shipped_model(item) if learned else None


def keep_probability(model: LinearModel, text: str, item: str, c: Candidate) -> float:
    label, p = model.predict(features(text, item, c))
    return p if label == KEEP else 1.0 - p


def _name_key(item: str, c: Candidate) -> str:
    name = re.sub(r"\s+", " ", c.record.name.lower()).strip(" \"“”‘’'.,;:")
    return f"{c.record.level}:{name}" if item == "localities" else name


def _overlaps(item: str, c: Candidate, kept: list[Candidate]) -> bool:
    s, e = c.written
    return item != "localities" and any(s < ke and ks < e for ks, ke in (k.written for k in kept))


def choose(text: str, item: str, candidates: list[Candidate], model: LinearModel) -> list:
    """The records of the candidates the model keeps. Of a near miss and another kept
    candidate written over the same words (a name and its longer reading) or named
    alike, the likelier stays; the rules' own records never clash with each other
    (the rules merged them), and localities are units, not words, so only their
    names clash."""
    scored = sorted(((keep_probability(model, text, item, c), i, c) for i, c in enumerate(candidates)),
                    key=lambda x: (-x[0], x[1]))
    kept: list[tuple[int, Candidate]] = []
    for p, i, c in scored:
        if p < THRESHOLD:
            break
        rivals = [k for _, k in kept if c.source != RULES or k.source != RULES]
        if any(_name_key(item, k) == _name_key(item, c) for k in rivals) or _overlaps(item, c, rivals):
            continue
        kept.append((i, c))
    return [c.record for _, c in sorted(kept, key=lambda x: x[0])]
