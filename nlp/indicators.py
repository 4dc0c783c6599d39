"""Gives each figure one indicator of the contract's taxonomy.

A logistic-regression classifier (scikit-learn) reads the words of the counted
noun phrase and of the clause around it (segmented by underthesea, numbers
protected), plus which cue words of nlp/data/indicators.toml fire. It is
trained on the labelled sentences in nlp/data/indicator_examples.jsonl the
first time it is needed (a fraction of a second). One rule follows the
contract: a count of places takes the outcome named earlier in its clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from nlp import lexicon, segment
from nlp.figures import RawFigure, find_figures

INDICATORS = (
    "propaganda_sessions", "propaganda_reach", "propaganda_materials", "pledges", "tips_received",
    "tips_valuable", "cases_resolved", "offenders_handled", "weapons_collected", "models_active",
    "teams_active", "team_members", "safe_units", "movement_rating", "cameras", "reintegration",
    "disputes_mediated", "awards", "hotline_signs", "population", "households", "area", "subunits",
    "organisations", "other",
)
PLACE_INDICATORS = ("subunits", "organisations")
_CLAUSE_BREAK = re.compile(r"[;:.!?]|\s[-–]\s")


@dataclass(frozen=True)
class Context:
    """What the classifier sees of one figure."""
    unit: str
    left: str  # the clause before the number
    right: str  # the rest of the sentence after the noun phrase
    ratio: bool
    percent: bool


@cache
def _cues() -> tuple[dict[str, re.Pattern], dict[str, re.Pattern], dict[str, re.Pattern]]:
    d = lexicon.load("indicators")
    compile_all = lambda table: {k: re.compile(v) for k, v in table.items()}  # noqa: E731
    return compile_all(d["unit"]), compile_all(d["context"]), compile_all(d["place_outcomes"])


def unit_cues(unit: str) -> list[str]:
    unit_re, _, _ = _cues()
    u = unit.lower()
    return [k for k, rx in unit_re.items() if rx.search(u)]


def context_of(text: str, fig: RawFigure, sent_start: int, sent_end: int) -> Context:
    left = text[sent_start:fig.quantity.start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    right = text[fig.end:max(sent_end, fig.end)]
    return Context(fig.unit, left, right, fig.quantity.total is not None, fig.quantity.percent)


def features(ctx: Context) -> dict[str, float]:
    _, context_re, _ = _cues()
    f: dict[str, float] = {}
    unit_words = segment.words(ctx.unit) if ctx.unit != "%" else ["%"]
    for i, w in enumerate(unit_words[:6]):
        f[f"u={w}"] = 1.0
        if i == 0:
            f[f"head={w}"] = 1.0
    for i, cue in enumerate(unit_cues(ctx.unit)):
        f[f"cu={cue}"] = 1.0
        if i == 0:
            f[f"cu1={cue}"] = 1.0
    # only the words nearest the figure are read, so only they are segmented
    for w in segment.words(" ".join(ctx.left.split()[-12:]))[-8:]:
        f[f"l={w}"] = 0.5
    for w in segment.words(" ".join(ctx.right.split()[:12]))[:8]:
        f[f"r={w}"] = 0.3
    left, right = ctx.left.lower(), ctx.right.lower()
    for k, rx in context_re.items():
        if rx.search(left):
            f[f"cl={k}"] = 1.0
        if rx.search(right):
            f[f"cr={k}"] = 1.0
    if ctx.ratio:
        f["ratio"] = 1.0
    if ctx.percent:
        f["percent"] = 1.0
    return f


@cache
def _model() -> tuple[DictVectorizer, LogisticRegression]:
    X, y = [], []
    for ex in lexicon.load_jsonl("indicator_examples"):
        text = ex["text"]
        for fig in find_figures(text):
            label = next((v for k, v in ex["labels"].items()
                          if fig.text.startswith(k) or k.startswith(fig.text)), None)
            if label is not None:
                X.append(features(context_of(text, fig, 0, len(text))))
                y.append(label)
    vec = DictVectorizer()
    clf = LogisticRegression(C=4.0, max_iter=3000)
    clf.fit(vec.fit_transform(X), y)
    return vec, clf


def classify(contexts: list[Context]) -> list[tuple[str, float]]:
    """Indicator and probability for each context, in one call to the model."""
    if not contexts:
        return []
    vec, clf = _model()
    proba = clf.predict_proba(vec.transform([features(c) for c in contexts]))
    return [(str(clf.classes_[row.argmax()]), float(row.max())) for row in proba]


def assign(text: str, figures: list[RawFigure], spans: list[tuple[int, int]]) -> list[tuple[str, float]]:
    """Indicator and confidence for each figure; `spans` are their sentences."""
    _, _, place_re = _cues()
    out: list[tuple[str, float]] = []
    carried: str | None = None  # outcome carried along a list of places
    prev_end = 0
    predicted = classify([context_of(text, fig, s, e) for fig, (s, e) in zip(figures, spans)])
    for fig, (s, e), (indicator, confidence) in zip(figures, spans, predicted):
        window = text[max(s, prev_end):fig.quantity.start]
        breaks = list(_CLAUSE_BREAK.finditer(window))
        if breaks and not window[breaks[-1].end():].strip(" ,") == "":
            window = window[breaks[-1].end():]
        if indicator in PLACE_INDICATORS or set(unit_cues(fig.unit)) & set(PLACE_INDICATORS):
            outcome = next((k for k, rx in place_re.items() if rx.search(window.lower())), None)
            if outcome is None and carried and prev_end > s and re.fullmatch(r"\s*(,|và)?\s*", window):
                outcome = carried
            if outcome:
                indicator, confidence, carried = outcome, confidence, outcome
            else:
                carried = None
        else:
            carried = None
        out.append((indicator, confidence))
        prev_end = fig.end
    return out
