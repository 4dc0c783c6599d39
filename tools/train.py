"""Builds the shipped weights of every learned NLP component (`make train`).

    .venv/bin/python tools/train.py [--corpus ../shared/corpus/dev]

Each component of nlp.trainable.COMPONENTS that extraction uses (a learned filter
only where nlp/data/pipeline.cfg switches it on) is trained on the whole corpus
(gold files with their texts) plus its hand-written examples and written to
nlp/models/<file>. Training is deterministic: the same corpus gives the same
bytes.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev",
                    help="gold NAME.json files with their NAME.txt texts")
    a = ap.parse_args()
    from nlp import trainable

    docs = trainable.load_gold_docs(a.corpus)
    if not docs:
        print(f"train: no gold documents with texts in {a.corpus}", file=sys.stderr)
        return 1
    for component in trainable.COMPONENTS:
        if not component.switched_on():
            print(f"train: {component.name}: off in nlp/data/pipeline.cfg, not built")
            continue
        model = component.train(docs)
        path = ROOT / "nlp" / "models" / component.file
        path.write_text(component.dump(model) + "\n", encoding="utf-8")
        print(f"train: {component.name}: {len(docs)} documents -> {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
