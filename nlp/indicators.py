"""Gives each figure one indicator of the contract's taxonomy.

A linear classifier reads the counted noun phrase (its head word, its words,
the cue classes of nlp/data/indicators.toml that fire on it), the clause before
the number (its nearest verb cue, its last syllables), the syllables after it, the
figure's shape (ratio, percentage, hedge, size) and, for an item of a list, the
noun phrase of the item before. Its weights are trained by `make train`
(nlp/indicator_training.py) on the development corpus and our hand-written
examples, and shipped in nlp/models/indicators.json; they are read on first
use. Three rules of the contract follow the classifier: a count of places takes
the outcome named earlier in its clause, a bracketed percentage takes the
indicator of the figure it is the share of, and an item of a list whose noun
has no cue takes the indicator of the item before it.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from nlp import lexicon, segment
from nlp.figures import RawFigure
from nlp.tokens import PhraseClasses

INDICATORS = (
    "propaganda_sessions", "propaganda_reach", "propaganda_materials", "pledges", "tips_received",
    "tips_valuable", "cases_resolved", "offenders_handled", "weapons_collected", "models_active",
    "teams_active", "team_members", "safe_units", "movement_rating", "cameras", "reintegration",
    "disputes_mediated", "awards", "hotline_signs", "population", "households", "area", "subunits",
    "organisations", "other",
)
PLACE_INDICATORS = ("subunits", "organisations")
MODEL_FILE = "indicators.json"
EVENT_COUNTER = "event_counter"
_CLAUSE_BREAK = re.compile(r"[;:.!?]|\s[-–]\s")
# "mỗi tổ có 3 thành viên", "bình quân mỗi người 80 hộ": a norm per unit, not a count;
# "mỗi tháng 2 buổi": a rate
_PER = re.compile(r"(?<!\w)(?:mỗi|mọi|từng)\s+(\w+)")
_TIME_WORDS = frozenset({"ngày", "tuần", "tháng", "quý", "năm", "đêm", "buổi", "kỳ", "đợt", "lần", "dịp"})
# What may stand between two items of one list ("3 súng, 2 hộp tiếp đạn và 5 quả nổ").
_LIST_GAP = re.compile(r"[\s,;]*(?:(?:và|cùng|cùng với|với)\s+)?", re.IGNORECASE)
# A percentage in brackets right after a figure is its share ("3/52 đơn vị (5,8%)").
_SHARE_GAP = re.compile(r"\s*\(\s*(?:(?:chiếm|đạt|tỷ lệ|tỉ lệ|bằng|khoảng)\s+)*", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What the classifier sees of one figure."""
    unit: str  # the counted noun phrase; for a percentage, the noun after "%" if any
    left: str  # the clause before the number
    right: str  # the rest of the sentence after the noun phrase
    ratio: bool
    percent: bool
    approx: bool = False
    value: float = 0.0
    list_unit: str | None = None  # the noun phrase of the list item just before, if any
    verb: str | None = None  # the cue word nearest before the number in its clause
    carried_verb: str | None = None  # in a clause without one, the verb of the figure before
    per: str | None = None  # "unit" after "mỗi tổ có 3 thành viên", "time" after "mỗi tháng 2 buổi"


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression as plain numbers: score(class) = intercept +
    Σ value·weight over the figure's features; probabilities by softmax."""
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    meta: dict

    def predict(self, features: dict[str, float]) -> tuple[str, float]:
        index, matrix, intercept = self._arrays
        rows = [(index[name], value) for name, value in features.items() if name in index]
        scores = intercept + (np.array([v for _, v in rows]) @ matrix[[i for i, _ in rows]] if rows else 0.0)
        exp = np.exp(scores - scores.max())
        best = int(exp.argmax())
        return self.classes[best], float(exp[best] / exp.sum())

    @cached_property
    def _arrays(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """The weights as one matrix (a row per feature), built on first use."""
        names = list(self.weights)
        matrix = np.array([self.weights[n] for n in names], dtype=float).reshape(len(names), len(self.classes))
        return {n: i for i, n in enumerate(names)}, matrix, np.array(self.intercept, dtype=float)

    def to_json(self) -> str:
        """One line per feature, so that a retrained model diffs readably."""
        dumps = lambda x: json.dumps(x, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
        lines = [f'{{"meta":{dumps(self.meta)},', f'"classes":{dumps(self.classes)},',
                 f'"intercept":{dumps(self.intercept)},', '"weights":{']
        items = sorted(self.weights.items())
        lines += [f"{dumps(k)}:{dumps(v)}{',' if i < len(items) - 1 else ''}" for i, (k, v) in enumerate(items)]
        return "\n".join(lines + ["}}"])

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        d = json.loads(text)
        return cls(tuple(d["classes"]), tuple(d["intercept"]),
                   {k: tuple(v) for k, v in d["weights"].items()}, d.get("meta", {}))


@dataclass(frozen=True)
class LayeredModel:
    """A researcher's model (`antq train`): a layer learned from their corrections
    on top of the shipped model. The layer sees the figure's features plus the
    shipped model's answer, so it keeps what the shipped model learned from the
    development corpus (which the product does not carry) and overrules it where
    corrections show it wrong."""
    base: LinearModel
    layer: LinearModel

    @property
    def meta(self) -> dict:
        return self.layer.meta

    def predict(self, features: dict[str, float]) -> tuple[str, float]:
        return self.layer.predict(layered(features, self.base))

    def to_json(self) -> str:
        return self.layer.to_json()


def layered(features: dict[str, float], base: LinearModel) -> dict[str, float]:
    return {**features, f"shipped={base.predict(features)[0]}": 1.0}


def _phrases(words: list[str]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{lexicon.alternation(words)})(?!\w)")


@dataclass(frozen=True)
class _Cues:
    unit_head: PhraseClasses
    unit: PhraseClasses
    context: PhraseClasses
    place_outcomes: dict[str, re.Pattern]
    any_context: re.Pattern  # every context cue, to find the one nearest the number


@cache
def _cues() -> _Cues:
    d = lexicon.load("indicators")
    every = [w for words in d["context"].values() for w in words]
    return _Cues(PhraseClasses(d["unit_head"]), PhraseClasses(d["unit"]), PhraseClasses(d["context"]),
                 {k: _phrases(v) for k, v in d["place_outcomes"].items()}, _phrases(every))


def unit_cues(unit: str) -> list[str]:
    """Cue classes of a counted noun phrase, the leftmost longest match first
    ("điểm sáng pháp luật" is a cultural title before it is a count of points);
    a counter of events comes after what it counts ("lượt tuần tra")."""
    c = _cues()
    u = unit.lower().strip()
    found: dict[str, tuple[int, int, int]] = {}
    heads = c.unit_head.find(u)
    for k in c.unit_head.names:
        if k in heads and heads[k][0] == 0:
            found[k] = (k == EVENT_COUNTER, 0, -heads[k][1])
    cues = c.unit.find(u)
    for k in c.unit.names:
        if k in cues:
            start, end = cues[k]
            found[k] = min(found.get(k, (True, len(u), 0)), (False, start, start - end))
    return sorted(found, key=found.__getitem__)


def _clause_before(text: str, start: int, sent_start: int) -> str:
    left = text[sent_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    return left[breaks[-1].end():] if breaks else left


def contexts(text: str, figures: list[RawFigure], spans: list[tuple[int, int]]) -> list[Context]:
    """The classifier's view of each figure; `spans` are their sentences."""
    c = _cues()
    out: list[Context] = []
    for i, (fig, (s, e)) in enumerate(zip(figures, spans)):
        q = fig.quantity
        list_unit = None
        same_sentence = i > 0 and spans[i - 1] == (s, e) and figures[i - 1].end <= q.start
        if same_sentence and _LIST_GAP.fullmatch(text[figures[i - 1].end:q.start]):
            list_unit = figures[i - 1].unit
        left = _clause_before(text, q.start, s)
        verbs = list(c.any_context.finditer(left.lower()))
        verb = verbs[-1].group() if verbs else None
        # a clause without a verb ("; trong đó, 3 vụ ...") may go on with the verb of the figure before
        carried = None if verb or not same_sentence else (out[-1].verb or out[-1].carried_verb)
        per = _PER.findall(left.lower())
        # "96% khu dân cư": a percentage reads the noun written after it
        unit = text[q.end:fig.end].strip() if q.percent else fig.unit
        out.append(Context(
            unit=unit, left=left, right=text[fig.end:max(e, fig.end)],
            ratio=q.total is not None, percent=q.percent, approx=q.approx is not None, value=q.value,
            list_unit=list_unit, verb=verb, carried_verb=carried,
            per=("time" if per[-1] in _TIME_WORDS else "unit") if per else None))
    return out


def features(ctx: Context) -> dict[str, float]:
    c = _cues()
    f: dict[str, float] = {}
    unit_words = segment.syllables(ctx.unit)[:6] if ctx.unit not in ("", "%") else ["%"]
    for w in unit_words:
        f[f"u={w}"] = 1.0
    for a, b in zip(unit_words, unit_words[1:]):
        f[f"u={a}_{b}"] = 1.0
    if unit_words:
        f[f"head={unit_words[0]}"] = 1.0
        if len(unit_words) > 1:
            f[f"head={unit_words[0]}_{unit_words[1]}"] = 1.0
    if ctx.unit:
        f[f"h1={ctx.unit.split()[0].lower()}"] = 1.0
    cues = unit_cues(ctx.unit)
    for i, cue in enumerate(cues):
        f[f"cu={cue}"] = 1.0
        if i == 0:
            f[f"cu1={cue}"] = 1.0
    if not cues:
        f["cu=none"] = 1.0
    # the clause around the number is read as syllables: segmenting it into words
    # cost half the classifier's time and scored no better under cross-validation
    left_words = segment.syllables(ctx.left[-120:])[-8:]
    for w in left_words:
        f[f"l={w}"] = 0.5
    if left_words:
        f[f"l1={left_words[-1]}"] = 1.0
        if len(left_words) > 1:
            f[f"l1={left_words[-2]}_{left_words[-1]}"] = 1.0
    right_words = segment.syllables(ctx.right[:120])[:8]
    for w in right_words:
        f[f"r={w}"] = 0.3
    if right_words:
        f[f"r1={right_words[0]}"] = 0.5
        if len(right_words) > 1:
            f[f"r1={right_words[0]}_{right_words[1]}"] = 0.5
    left, right = ctx.left.lower(), ctx.right.lower()
    in_left, in_right = c.context.find(left), c.context.find(right[:120])
    for k in c.context.names:
        if k in in_left:
            f[f"cl={k}"] = 1.0
        if k in in_right:
            f[f"cr={k}"] = 0.7
    # the verb nearest the number decides most often; one right after the noun
    # phrase may decide too ("45 đơn vị đạt loại khá")
    for prefix, verb in (("v", ctx.verb), ("pv", ctx.carried_verb)):
        if verb:
            f[f"{prefix}1={verb}"] = 1.0
            for k in c.context.of_phrase.get(verb, ()):
                f[f"{prefix}c={k}"] = 1.0
    if ctx.per:
        f[f"per={ctx.per}"] = 1.0
    after = c.any_context.search(_CLAUSE_BREAK.split(right, 1)[0][:100])
    if after:
        f[f"vr1={after.group()}"] = 0.7
        for k in c.context.of_phrase.get(after.group(), ()):
            f[f"vrc={k}"] = 0.7
    if ctx.list_unit is not None:
        f["in_list"] = 1.0
        for cue in unit_cues(ctx.list_unit)[:2]:
            f[f"lu={cue}"] = 1.0
    if ctx.ratio:
        f["ratio"] = 1.0
    if ctx.percent:
        f["percent"] = 1.0
    if ctx.approx:
        f["approx"] = 1.0
    f[f"mag={min(int(math.log10(max(ctx.value, 1))), 5)}"] = 0.5
    return f


@cache
def shipped_model() -> LinearModel:
    """The weights built by `make train`, read once."""
    text = resources.files("nlp").joinpath("models", MODEL_FILE).read_text(encoding="utf-8")
    return LinearModel.from_json(text)


_override: list[LinearModel] = []


@contextmanager
def using(model: LinearModel) -> Iterator[None]:
    """Classify with `model` instead of the shipped one inside the block
    (cross-validation trains one per fold)."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()


def models_dir() -> Path:
    """Where `antq train` writes a researcher's model: $ANTQ_MODELS, else data/models."""
    return Path(os.environ.get("ANTQ_MODELS") or Path("data") / "models")


@cache
def _local_model(path: Path, stamp: tuple[int, int]) -> LayeredModel:
    layer = LinearModel.from_json(path.read_text(encoding="utf-8"))
    return LayeredModel(shipped_model(), layer)


def local_model() -> LayeredModel | None:
    """The model `antq train` wrote under models_dir(), if any; antq uses it over the shipped one."""
    path = models_dir() / MODEL_FILE
    try:
        st = path.stat()
    except OSError:
        return None
    return _local_model(path, (st.st_ino, st.st_mtime_ns))


def current_model() -> LinearModel | LayeredModel:
    return _override[-1] if _override else local_model() or shipped_model()


def model_tag() -> str:
    """'' for the shipped model; '+local-<hash>' for a researcher's, so that every row
    extracted with it records which model made it."""
    model = local_model()
    if model is None:
        return ""
    return "+local-" + hashlib.sha1(model.to_json().encode()).hexdigest()[:8]


def classify(ctxs: list[Context]) -> list[tuple[str, float]]:
    """Indicator and probability for each context."""
    model = current_model()
    return [model.predict(features(c)) for c in ctxs]


def assign(text: str, figures: list[RawFigure], spans: list[tuple[int, int]]) -> list[tuple[str, float]]:
    """Indicator and confidence for each figure; `spans` are their sentences."""
    c = _cues()
    ctxs = contexts(text, figures, spans)
    out: list[tuple[str, float]] = []
    carried: str | None = None  # outcome carried along a list of places
    prev_end = 0
    for i, (fig, (s, e), ctx, (indicator, confidence)) in enumerate(zip(figures, spans, ctxs, classify(ctxs))):
        window = text[max(s, prev_end):fig.quantity.start]
        breaks = list(_CLAUSE_BREAK.finditer(window))
        if breaks and not window[breaks[-1].end():].strip(" ,") == "":
            window = window[breaks[-1].end():]
        own_cues = unit_cues(fig.unit)
        if indicator in PLACE_INDICATORS or set(own_cues) & set(PLACE_INDICATORS):
            outcome = next((k for k, rx in c.place_outcomes.items() if rx.search(window.lower())), None)
            if outcome is None and carried and prev_end > s and re.fullmatch(r"\s*(,|và)?\s*", window):
                outcome = carried
            if outcome:
                indicator, carried = outcome, outcome
            else:
                carried = None
        else:
            carried = None
        if i and out:
            prev = figures[i - 1]
            # a bracketed percentage is the share of the figure before it
            if fig.quantity.percent and prev.end <= fig.quantity.start \
                    and _SHARE_GAP.fullmatch(text[prev.end:fig.quantity.start]):
                indicator = out[-1][0]
            # an item of a list whose noun names nothing we know takes the list's indicator
            elif ctx.list_unit is not None and not own_cues and not fig.quantity.percent:
                indicator = out[-1][0]
        out.append((indicator, confidence))
        prev_end = fig.end
    return out
