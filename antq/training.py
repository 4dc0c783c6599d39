"""`antq train`: the indicator classifier learns from researchers' corrections.

Each figure a researcher confirmed (accept) or relabelled (set indicator) is an
example, seen in its article as extraction sees it. The new model is a layer over
the shipped one (nlp.indicators.LayeredModel), written under data/models/, where
extraction picks it up; `antq reextract` then applies it to stored articles.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb

from nlp import indicators

# The corrections in force that say what a figure's indicator is.
_LABELLED = """
SELECT c.article_id, a.text, c.text AS figure_text, f.value, f.total,
       CASE WHEN c.action = 'set' THEN c.new_value ->> '$' ELSE f.indicator END AS indicator
FROM correction_status c
JOIN articles a ON a.id = c.article_id
JOIN figures f ON f.article_id = c.article_id AND f.start_offset = c.start_offset AND f.end_offset = c.end_offset
WHERE c.status = 'applied' AND c.item = 'figure'
  AND (c.action = 'accept' OR (c.action = 'set' AND c.field = 'indicator'))
ORDER BY c.article_id, c.start_offset
"""


def correction_examples(con: duckdb.DuckDBPyConnection) -> list[tuple[indicators.Context, str]]:
    from nlp.indicator_training import gold_examples

    by_article: dict[int, tuple[str, list[dict]]] = {}
    for aid, text, figure_text, value, total, label in con.execute(_LABELLED).fetchall():
        by_article.setdefault(aid, (text, []))[1].append(
            {"text": figure_text, "value": value, "total": total, "indicator": label})
    examples = []
    for text, figures in by_article.values():
        examples += gold_examples(text, figures)
    return examples


@dataclass
class Report:
    examples: int
    folds: int
    before: float  # accuracy of the model in use on the corrected figures (it never saw them)
    after: float  # k-fold cross-validated accuracy of a layer trained with the corrections
    path: Path


def _accuracy(model, examples) -> float:
    return sum(model.predict(indicators.features(c))[0] == y for c, y in examples) / len(examples)


def cross_validate(examples, k: int, seed: int = 0) -> float:
    from nlp.indicator_training import train_layer

    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    right = 0
    for fold in range(k):
        held = set(order[fold::k])
        model = train_layer(indicators.shipped_model(), [e for i, e in enumerate(examples) if i not in held])
        right += sum(model.predict(indicators.features(examples[i][0]))[0] == examples[i][1] for i in held)
    return right / len(examples)


def train(con: duckdb.DuckDBPyConnection, folds: int = 5) -> Report:
    """Cross-validate, then train on every correction and write the model; raises
    ValueError when there is nothing to learn from."""
    from nlp.indicator_training import train_layer

    examples = correction_examples(con)
    if len(examples) < 2:
        raise ValueError(f"{len(examples)} corrected or confirmed figure(s); review more figures first (antq review)")
    k = max(2, min(folds, len(examples)))
    before = _accuracy(indicators.current_model(), examples)
    after = cross_validate(examples, k)
    model = train_layer(indicators.shipped_model(), examples)
    path = indicators.models_dir() / indicators.MODEL_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    json.loads(tmp.read_text(encoding="utf-8"))  # written whole before it replaces the old one
    tmp.replace(path)
    return Report(len(examples), k, before, after, path)
