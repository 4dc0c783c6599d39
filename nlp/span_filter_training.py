"""Trains the learned filters of nlp/span_filter.py with scikit-learn.

Each training document is read by the rules alone; every candidate (the rules'
records and their near misses, nlp/span_candidates.py) is labelled "keep" when
it matches a gold item the way ../shared/tools/score.py matches them (names
equal or similar at 0.85 after its normalisation; localities by level and name)
and "drop" otherwise. The fit is deterministic (lbfgs, candidates in document
order), so `make train` rebuilds the same weights.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from nlp import span_filter
from nlp.indicators import LinearModel
from nlp.language import pipeline
from nlp.pipeline import clean
from nlp.span_candidates import ITEMS, Candidate, features, of_doc

C = 1.0  # scikit-learn's default; not tuned, so that no choice is fitted to the dev folds
SIMILAR = 0.85


def norm(s: str | None) -> str:
    """Lower case, NFC, no quotes, single spaces, no punctuation at the ends (as score.py)."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", s).lower()
    s = re.sub(r"[\"“”‘’'«»]", "", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .,;:-–")


def similar(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR


def same(item: str, g: dict, c: Candidate) -> bool:
    """Whether the candidate is the gold item `g`."""
    if item == "localities":
        return g.get("level") == c.record.level and norm(g.get("name")) == norm(c.record.name)
    return similar(g.get("name"), c.record.name)


def labels(item: str, cands: list[Candidate], gold: dict) -> list[bool]:
    """Keep (True) for each candidate that is a gold item no candidate before it is:
    one to one, in order, the rules' records first, as score.py matches an output. A
    second wording of a gold item already found would be a false positive."""
    golds = gold.get(item, []) or []
    used: set[int] = set()
    out = []
    for c in cands:
        i = next((i for i, g in enumerate(golds) if i not in used and same(item, g, c)), None)
        if i is not None:
            used.add(i)
        out.append(i is not None)
    return out


def candidates_of(text: str, item: str) -> list[Candidate]:
    """The candidates of `item` in `text`, read by the rules alone (no filter of `item`)."""
    nlp = pipeline()
    with span_filter.using(item, None):
        return of_doc(nlp(nlp.make_doc(clean(text))), item)


def examples(item: str, docs: Sequence) -> tuple[list[dict[str, float]], list[bool]]:
    X, y = [], []
    for doc in docs:
        cands = candidates_of(doc.text, item)
        X += [features(doc.text, item, c) for c in cands]
        y += labels(item, cands, doc.gold)
    return X, y


def train(item: str, docs: Sequence) -> LinearModel:
    """A keep/drop model for `item` trained on the gold of `docs` (nlp.trainable.GoldDoc)."""
    assert item in ITEMS, item
    X, y = examples(item, docs)
    meta = {"item": item, "documents": len(docs), "candidates": len(y), "kept_in_gold": sum(y), "C": C,
            "scikit_learn": sklearn.__version__}
    if len(set(y)) < 2:  # nothing to tell apart: keep (or drop) everything
        return LinearModel(("drop", "keep"), (0.0, 5.0 if all(y) else -5.0), {}, meta)
    vec = DictVectorizer()
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(vec.fit_transform(X), y)
    weights = {str(name): (0.0, round(float(w), 5)) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])
               if round(float(w), 5)}
    return LinearModel(("drop", "keep"), (0.0, round(float(clf.intercept_[0]), 5)), weights, meta)
