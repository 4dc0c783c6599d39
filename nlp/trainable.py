"""The learned components of the NLP stage, and the one interface that trains them.

A component learns from gold documents (the contract's shape, with their texts)
plus its own hand-written examples under nlp/data. The quality bench
(bench/nlp_quality.py) cross-validates every component in COMPONENTS (a filter
that nlp/data/pipeline.cfg leaves off beside the rules alone), and `make train`
(tools/train.py) builds the shipped weights of each one switched on from the
whole development corpus:

    model = component.train(docs)        # docs: a sequence of GoldDoc
    with component.using(model):         # extraction inside the block uses `model`
        nlp.extract(text)
    component.dump(model)                # the text shipped as nlp/models/<component.file>

Outside a `using` block every component reads its shipped file on first use.
Training code is imported only when training, never by extraction.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp import indicators, span_filter
from nlp.span_candidates import ITEMS


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    text: str
    gold: dict  # one document in the contract's shape (../shared/design/extraction.md)


@dataclass(frozen=True)
class Component:
    name: str
    file: str  # under nlp/models/
    train: Callable[[Sequence[GoldDoc]], Any]
    using: Callable[[Any], AbstractContextManager]
    dump: Callable[[Any], str]
    # whether extraction uses it (nlp/data/pipeline.cfg): only then are its weights shipped
    switched_on: Callable[[], bool] = lambda: True


def _train_indicators(docs: Sequence[GoldDoc]) -> indicators.LinearModel:
    from nlp import indicator_training
    return indicator_training.train(docs)


def _filter(item: str) -> Component:
    """The learned filter over the rules' `item` (nlp/span_filter.py)."""
    def train(docs: Sequence[GoldDoc]) -> indicators.LinearModel:
        from nlp import span_filter_training
        return span_filter_training.train(item, docs)
    return Component(f"{item} filter", span_filter.model_file(item), train,
                     lambda model: span_filter.using(item, model), lambda model: model.to_json(),
                     lambda: span_filter.switched_on(item))


COMPONENTS: tuple[Component, ...] = (
    Component("indicators", indicators.MODEL_FILE, _train_indicators, indicators.using,
              lambda model: model.to_json()),
    *(_filter(item) for item in ITEMS),
)


def shipped() -> tuple[Component, ...]:
    """The components extraction uses: the ones `make train` builds and the bench's main
    cross-validation trains."""
    return tuple(c for c in COMPONENTS if c.switched_on())


def load_gold_docs(directory: Path, texts: Path | None = None) -> list[GoldDoc]:
    """Every NAME.json in `directory` with its NAME.txt (beside it, or in `texts`),
    by name; the document's id is NAME, as `antq extract` names a file."""
    docs = []
    for path in sorted(Path(directory).glob("*.json")):
        text_path = (Path(texts) / path.name if texts else path).with_suffix(".txt")
        if text_path.exists():
            docs.append(GoldDoc(path.stem, text_path.read_text(encoding="utf-8"),
                                json.loads(path.read_text(encoding="utf-8"))))
    return docs
