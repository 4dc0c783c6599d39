from pathlib import Path

import pytest

import nlp
from warehouse import loader, store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared as CI places it beside the checkout (read-only, never needed by the product)."""
    if not (SHARED / "corpus" / "gold").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_db(shared, tmp_path_factory):
    """A warehouse built from the gold seeds through the real extraction and loader."""
    path = tmp_path_factory.mktemp("wh") / "seeds.duckdb"
    records = []
    for f in sorted((shared / "corpus" / "seeds").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        rec = nlp.extract(text, doc_id=f.stem).to_contract()
        rec["text"] = text
        records.append(rec)
    with store.writer(path) as con:
        loader.load(con, records)
    return path
