"""Extraction quality on the development corpus with the noise of real pages added.

    .venv/bin/python bench/nlp_noise.py

Each kind of noise is added to every dev text at random (seed 0): no-break spaces,
tabs, runs of spaces, zero-width spaces, letters in decomposed Unicode, old-style
tone marks ("hoà", "thuỷ"), line breaks inside sentences (a <br> in a CMS editor)
and Windows line ends. The shipped extraction (trained on this corpus, so the clean
row is a fit) is scored with ../shared/tools/score.py against the gold, for each
kind beside the clean texts: a drop is what that noise costs. Figures are matched
by value and counted words in every row, not by offsets: where a gold figure sits
in a noisy text is not known (tests/nlp/test_noise.py checks the offsets).
"""
from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nlp_quality import ITEMS, SHARED, extract_docs, score_predictions  # noqa: E402

LOWER_AFTER_SPACE = re.compile(r"(?<=\w) (?=[a-zđàáạâấầêếềôốồơớờưứừ])")
OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ",
             "ũy": "uỹ", "ụy": "uỵ"}


def _spaces(text: str, rng: random.Random, share: float, new: str) -> str:
    return "".join(new if c == " " and rng.random() < share else c for c in text)


def _old_tones(text: str) -> str:
    for new, old in OLD_TONES.items():
        text = re.sub(rf"{new}(?!\w)", old, text)
        text = re.sub(rf"{new.capitalize()}(?!\w)", old.capitalize(), text)
    return text


NOISE = {
    "clean": lambda t, rng: t,
    "no-break spaces (30%)": lambda t, rng: _spaces(t, rng, 0.3, "\xa0"),
    "tabs (10%)": lambda t, rng: _spaces(t, rng, 0.1, "\t"),
    "double spaces (20%)": lambda t, rng: _spaces(t, rng, 0.2, "  "),
    "zero-width spaces (10%)": lambda t, rng: _spaces(t, rng, 0.1, " \u200b"),
    "decomposed Unicode": lambda t, rng: unicodedata.normalize("NFD", t),
    "old-style tone marks": lambda t, rng: _old_tones(t),
    "line breaks in sentences (10%)": lambda t, rng: LOWER_AFTER_SPACE.sub(
        lambda m: "\n" if rng.random() < 0.1 else " ", t),
    "Windows line ends": lambda t, rng: t.replace("\n", "\r\n"),
}


def main() -> int:
    dev_dir = SHARED / "corpus" / "dev"
    if not dev_dir.is_dir():
        print(f"nlp_noise: {dev_dir} is not beside this checkout", file=sys.stderr)
        return 1
    from nlp.trainable import GoldDoc, load_gold_docs

    dev = load_gold_docs(dev_dir)
    print(f"dev: {len(dev)} documents, shipped extraction; F1 per item, accuracy of indicators and primary locality")
    print(f"{'noise':<32}" + "".join(f"{k[:10]:>11}" for k in ITEMS) + f"{'indicator':>11}{'primary':>9}")
    for kind, add in NOISE.items():
        rng = random.Random(0)
        preds = extract_docs([GoldDoc(d.doc_id, add(d.text, rng), d.gold) for d in dev])
        for p in preds:
            for f in p["figures"]:
                del f["start"], f["end"]
        r = score_predictions(dev_dir, preds, dev_dir / "no texts")
        print(f"{kind:<32}" + "".join(f"{r[k]['f1']:>11.3f}" for k in ITEMS)
              + f"{r['indicator_accuracy']:>11.3f}{r['primary_locality_accuracy']:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
