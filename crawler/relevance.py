"""Scores whether an article is about the movement (0..1): a logistic
regression over character n-grams, trained on labelled sentences
(crawler/data/relevance_examples.jsonl and the movement sentences of
nlp/data/indicator_examples.jsonl), with the movement's own name as a cue
that alone makes an article relevant."""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from nlp import lexicon

THRESHOLD = 0.5
_MOVEMENT = re.compile(r"toàn dân (?:tham gia )?bảo vệ (?:an ninh tổ quốc|antq)|bvantq|phong trào bảo vệ an ninh tổ quốc",
                       re.IGNORECASE)


@cache
def _model():
    text = resources.files("crawler").joinpath("data", "relevance_examples.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(ln) for ln in text.splitlines() if ln.strip() and not ln.startswith("//")]
    texts = [r["text"] for r in rows] + [ex["text"] for ex in lexicon.load_jsonl("indicator_examples")]
    labels = [r["relevant"] for r in rows] + [True] * len(lexicon.load_jsonl("indicator_examples"))
    model = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True),
                          LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced"))
    return model.fit(texts, labels)


def score(title: str | None, text: str) -> float:
    doc = f"{title or ''}\n{text[:4000]}"
    if _MOVEMENT.search(doc):
        return 1.0
    model = _model()
    return round(float(model.predict_proba([doc])[0][list(model.classes_).index(True)]), 3)
