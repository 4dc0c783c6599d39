import pathlib

import pytest

import nlp
from warehouse import loader, store


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


@pytest.fixture
def query(seeds_db):
    con = store.connect_reader(seeds_db)
    yield lambda sql, *params: con.execute(sql, list(params)).fetchall()
    con.close()
