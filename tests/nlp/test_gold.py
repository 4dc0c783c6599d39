"""Quality on the gold seeds, through the CLI and ../shared/tools/score.py.

These are floors that the issue set, not targets: the rules and the classifier
were written without training or tuning on these five articles.
"""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Units follow the one-body convention of extraction.md (36 seed units): 0.870
# measured. Figures: 1.000 measured by bench/nlp_quality.py (bench/RESULTS.md).
FLOORS = {"figures": 0.97, "models": 0.85, "units": 0.80, "legal_refs": 0.90}
# Indicators: 0.930 measured with the weights trained on the dev corpus and our
# examples (bench/RESULTS.md).
INDICATOR_FLOOR = 0.90


def test_extraction_on_gold_seeds_holds_the_floors(shared, tmp_path):
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    pred = tmp_path / "pred.jsonl"
    with pred.open("w") as f:
        subprocess.run([sys.executable, "-m", "antq", "extract", "--json", *map(str, seeds)], stdout=f, check=True)
    score = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), str(shared / "corpus" / "gold"), str(pred), "--json"],
        capture_output=True, text=True, check=True)
    r = json.loads(score.stdout)
    assert r["documents_predicted"] == len(seeds) == 5
    for item, floor in FLOORS.items():
        assert r[item]["f1"] >= floor, (item, r[item])
    assert r["indicator_accuracy"] >= INDICATOR_FLOOR
    # 4 of 5: one seed's gold keeps the article's spelling of its district ("Đăk"), while
    # the contract and the dev gold write the gazetteer's ("Đắk"), which antq outputs
    assert r["primary_locality_accuracy"] >= 0.8
    assert r["figure_locality_n"] == 86 and r["figure_locality_accuracy"] >= 0.90


def test_output_follows_the_contract(shared):
    """Every key the gold files use is in our output, with the same types."""
    seed = sorted((shared / "corpus" / "seeds").glob("*.txt"))[0]
    gold = json.loads((shared / "corpus" / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    run = subprocess.run([sys.executable, "-m", "antq", "extract", "--json", str(seed)],
                         capture_output=True, text=True, check=True)
    ours = json.loads(run.stdout)
    # "figure_scopes" flags a gold file whose figures carry their locality; it is not an output key
    assert set(gold) - {"figure_scopes"} <= set(ours)
    assert set(gold["figures"][0]) | {"locality"} <= set(ours["figures"][0]) | {"value_max"}
    for f in ours["figures"]:
        assert {"start", "end"} <= set(f)
    assert all(isinstance(x, str) for x in ours["legal_refs"])
    assert set(gold["primary_locality"]) <= set(ours["primary_locality"])
    for unit in ours["units"]:
        assert unit["kind"] in ("police", "committee", "organisation", "team")


def test_periods_on_gold_seeds_hold_the_floor(shared):
    """score.py does not score periods; the bench's period accuracy (0.942 measured) does."""
    spec = importlib.util.spec_from_file_location("nlp_quality", ROOT / "bench" / "nlp_quality.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from nlp.trainable import load_gold_docs
    corpus = shared / "corpus"
    seeds = load_gold_docs(corpus / "gold", corpus / "seeds")
    accuracy, n = bench.period_accuracy(corpus / "gold", bench.extract_docs(seeds), corpus / "seeds")
    assert n == 86 and accuracy >= 0.90
