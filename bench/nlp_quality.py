"""Extraction quality: P/R/F1 per item on the gold seeds, and k-fold cross-validation on dev.

    .venv/bin/python bench/nlp_quality.py [--folds 5] [--seed 0] [--untrained] [--skip-seeds]
                                          [--compare-seeds 0 1 2] [--skip-compare]

Seeds: the shipped extraction (with the shipped weights) against ../shared/corpus/gold.

Cross-validation: the development corpus (../shared/corpus/dev) is split by document
into k folds (shuffled with a fixed seed). For each fold, every learned component of
nlp.trainable.COMPONENTS is trained on the other folds' documents plus its
hand-written examples, and the held-out documents are extracted with those models.
The pooled predictions of all folds are scored once with ../shared/tools/score.py.
`--untrained` gives each component no documents (hand-written examples only), which
is what the rules and examples reach without the corpus.

Learned filters against the rules: for models, units and localities a learned filter
(nlp/span_filter.py) may keep or drop the rules' records and their near misses. For
each, the bench prints the cross-validated P/R/F1 of the rules alone and of the rules
with the filter trained on the other folds, on the same folds, for each seed of
`--compare-seeds` (every other filter off, the indicators trained as above). A filter
is switched on in nlp/data/pipeline.cfg only where it beats the rules by 0.005 F1 or
more on every seed.

Periods are not scored by score.py; the bench adds the share of matched figures whose
`period` equals the gold one (same normalisation as score.py's names).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "tools"))

import score  # noqa: E402  (../shared/tools/score.py: the bench's scorer, never the product's)

ITEMS = ("figures", "models", "units", "localities", "legal_refs")


def extract_docs(docs) -> list[dict]:
    """Contract objects for GoldDocs, extracted as `antq extract` does (text only)."""
    import nlp
    return [nlp.extract(d.text, doc_id=d.doc_id).to_contract() for d in docs]


def folds(n: int, k: int, seed: int) -> list[list[int]]:
    """Document indices of each held-out fold."""
    from sklearn.model_selection import KFold
    return [list(test) for _, test in KFold(n_splits=k, shuffle=True, random_state=seed).split(range(n))]


def cross_validate(docs, k: int = 5, seed: int = 0, components=None, untrained: bool = False,
                   progress=None) -> list[dict]:
    """Pooled predictions for every document, each made by models that never saw it."""
    from nlp.trainable import shipped
    components = shipped() if components is None else components
    preds: dict[str, dict] = {}
    for n, held in enumerate(folds(len(docs), k, seed), 1):
        held_ids = set(held)
        train_docs = [] if untrained else [d for i, d in enumerate(docs) if i not in held_ids]
        with ExitStack() as stack:
            for c in components:
                stack.enter_context(c.using(c.train(train_docs)))
            for d, p in zip([docs[i] for i in held], extract_docs([docs[i] for i in held])):
                preds[d.doc_id] = p
        if progress:
            progress(n, k)
    return [preds[d.doc_id] for d in docs]


FILTERED = ("models", "units", "localities")
MARGIN = 0.005  # F1 a filter must gain on every seed to be switched on


def compare_filters(docs, dev_dir: Path, k: int, seeds: list[int], progress=None) -> list[tuple]:
    """(item, seed, rules' score, learned score) for each filtered item and seed; the
    scores are score.py's {precision, recall, f1, ...} for the item."""
    from nlp import span_filter
    from nlp.trainable import COMPONENTS

    filters = {c.name.split()[0]: c for c in COMPONENTS if c.name.endswith(" filter")}
    base = [c for c in COMPONENTS if c.name in ("indicators",)]
    rows = []
    for seed in seeds:
        with ExitStack() as off:
            for item in FILTERED:
                off.enter_context(span_filter.using(item, None))
            rules = score_predictions(dev_dir, cross_validate(docs, k, seed, components=base, progress=progress), dev_dir)
            for item in FILTERED:
                learned = score_predictions(dev_dir, cross_validate(
                    docs, k, seed, components=[*base, filters[item]], progress=progress), dev_dir)
                rows.append((item, seed, rules[item], learned[item]))
    return rows


def compare_filters_on_seeds(dev, seeds, gold_dir: Path, text_dir: Path) -> list[tuple]:
    """(item, "gold", rules' score, learned score): each filter trained on the whole dev
    corpus and scored on the gold seeds, which no rule or filter was fitted on since the
    dev corpus came."""
    from nlp import span_filter
    from nlp.trainable import COMPONENTS

    filters = {c.name.split()[0]: c for c in COMPONENTS if c.name.endswith(" filter")}
    rows = []
    with ExitStack() as off:
        for item in FILTERED:
            off.enter_context(span_filter.using(item, None))
        rules = score_predictions(gold_dir, extract_docs(seeds), text_dir)
        for item in FILTERED:
            with filters[item].using(filters[item].train(dev)):
                learned = score_predictions(gold_dir, extract_docs(seeds), text_dir)
            rows.append((item, "gold", rules[item], learned[item]))
    return rows


def comparison_report(rows: list[tuple], k: int) -> str:
    """Rows of compare_filters (a fold seed each) and compare_filters_on_seeds ("gold")."""
    lines = [f"learned filters against the rules alone: dev {k}-fold cross-validation (same folds per seed);"
             " 'gold': trained on all dev, scored on the gold seeds",
             f"{'item':<12}{'seed':>5}{'rules P':>9}{'R':>7}{'F1':>7}{'learned P':>11}{'R':>7}{'F1':>7}{'ΔF1':>8}"]
    for item, seed, r, lr in rows:
        lines.append(f"{item:<12}{seed:>5}{r['precision']:>9.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
                     f"{lr['precision']:>11.3f}{lr['recall']:>7.3f}{lr['f1']:>7.3f}{lr['f1'] - r['f1']:>+8.3f}")
    for item in dict.fromkeys(row[0] for row in rows):
        gains = [lr["f1"] - r["f1"] for it, seed, r, lr in rows if it == item and seed != "gold"]
        verdict = "beats the rules: switch it on" if min(gains) >= MARGIN else "does not beat the rules: leave it off"
        lines.append(f"{item} filter: F1 gain {min(gains):+.3f} .. {max(gains):+.3f} over fold seeds; {verdict}")
    return "\n".join(lines)


def period_accuracy(gold_dir: Path, preds: list[dict], text_dir: Path) -> tuple[float, int]:
    """Share of matched figures whose period is the gold one."""
    ok = n = 0
    by_id = {str(p.get("doc_id")): p for p in preds}
    for path in sorted(gold_dir.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        text_path = text_dir / f"{path.stem}.txt"
        gf = g.get("figures", [])
        pf = by_id.get(path.stem, {}).get("figures", []) or []
        score.place_gold(gf, text_path.read_text(encoding="utf-8") if text_path.exists() else None)
        for gi, pi in score.match(gf, pf, score.figure_match):
            n += 1
            ok += score.norm(gf[gi].get("period")) == score.norm(pf[pi].get("period"))
    return (ok / n if n else 0.0), n


def score_predictions(gold_dir: Path, preds: list[dict], text_dir: Path) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    try:
        r = score.score(gold_dir, Path(f.name), text_dir)
    finally:
        Path(f.name).unlink()
    r["period_accuracy"], r["period_n"] = period_accuracy(gold_dir, preds, text_dir)
    return r


def report(title: str, r: dict) -> str:
    lines = [title, f"{'item':<12}{'precision':>10}{'recall':>8}{'f1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for k in ITEMS:
        v = r[k]
        lines.append(f"{k:<12}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}"
                     f"{v['tp']:>6}{v['pred']:>6}{v['gold']:>6}")
    lines.append(f"indicator accuracy on matched figures: {r['indicator_accuracy']:.3f}")
    lines.append(f"period accuracy on matched figures:    {r['period_accuracy']:.3f}")
    lines.append(f"primary locality accuracy:             {r['primary_locality_accuracy']:.3f}")
    if r["figure_locality_n"]:
        lines.append(f"figure locality accuracy:              {r['figure_locality_accuracy']:.3f}"
                     f" ({r['figure_locality_n']} figures)")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--untrained", action="store_true", help="components learn from their hand-written examples only")
    ap.add_argument("--skip-seeds", action="store_true")
    ap.add_argument("--compare-seeds", type=int, nargs="+", default=[0],
                    help="fold seeds of the comparison of learned filters with the rules")
    ap.add_argument("--skip-compare", action="store_true", help="leave out that comparison")
    a = ap.parse_args()
    if not (SHARED / "corpus" / "dev").is_dir():
        print(f"nlp_quality: {SHARED / 'corpus'} is not beside this checkout", file=sys.stderr)
        return 1
    from nlp.trainable import load_gold_docs, shipped

    if not a.skip_seeds:
        seeds = load_gold_docs(SHARED / "corpus" / "gold", SHARED / "corpus" / "seeds")
        r = score_predictions(SHARED / "corpus" / "gold", extract_docs(seeds), SHARED / "corpus" / "seeds")
        print(report(f"seeds: {len(seeds)} documents, shipped models", r))
        print()
    dev_dir = SHARED / "corpus" / "dev"
    dev = load_gold_docs(dev_dir)
    names = ", ".join(c.name for c in shipped())
    how = "hand-written examples only" if a.untrained else "trained on the other folds + hand-written examples"
    progress = lambda n, k: print(f"  fold {n}/{k} done", file=sys.stderr)  # noqa: E731
    preds = cross_validate(dev, a.folds, a.seed, components=shipped(), untrained=a.untrained, progress=progress)
    r = score_predictions(dev_dir, preds, dev_dir)
    print(report(f"dev: {len(dev)} documents, {a.folds}-fold cross-validation (seed {a.seed}); "
                 f"learned components switched on ({names}) {how}", r))
    if not a.skip_compare and not a.untrained:
        rows = compare_filters(dev, dev_dir, a.folds, a.compare_seeds, progress)
        if not a.skip_seeds:
            rows += compare_filters_on_seeds(dev, seeds, SHARED / "corpus" / "gold", SHARED / "corpus" / "seeds")
        print()
        print(comparison_report(rows, a.folds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
