"""Loads extractions (the contract's JSON objects, with the article's text and
metadata where known) into the warehouse.

Idempotent: an article is keyed by a hash of its URL (or document id); one
whose extraction is unchanged is skipped, and one that changed (a newer NLP
version, a re-crawl) has all its derived rows replaced in the same
transaction as its new ones. Batches commit whole articles only.

Records go to DuckDB as one Arrow column typed like the contract (RECORD);
hashing, comparing and unnesting happen in SQL (load_batch.sql).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from warehouse.gazetteer import ensure_loaded

DERIVED = ("figures", "models", "units", "locality_mentions", "legal_refs")

_S, _F, _I = pa.string(), pa.float64(), pa.int64()
_SPAN = [("start", _I), ("end", _I)]
_LOCALITY = pa.struct([("level", _S), ("name", _S), ("district", _S), ("province", _S), ("code", _S),
                       ("district_code", _S), ("province_code", _S), ("gazetteer", _S), ("mentions", _I), *_SPAN])
# The contract (../shared/design/extraction.md) as an Arrow type, plus the article's own fields.
RECORD = pa.struct([
    ("doc_id", _S), ("url", _S), ("source_id", _S), ("title", _S), ("published", _S), ("author", _S),
    ("text", _S), ("relevance", _F), ("duplicate_of", _I), ("nlp_version", _S),
    ("primary_locality", _LOCALITY), ("localities", pa.list_(_LOCALITY)),
    ("figures", pa.list_(pa.struct([
        ("text", _S), ("value", _F), ("total", _F), ("value_max", _F), ("unit", _S), ("indicator", _S),
        ("approx", _S), ("period", _S), ("period_start", _S), ("period_end", _S), ("period_kind", _S), *_SPAN,
        ("sentence_start", _I), ("sentence_end", _I), ("confidence", _F), ("locality", _LOCALITY)]))),
    ("models", pa.list_(pa.struct([("name", _S), ("family", _S), ("count", _I), ("mentions", _I), *_SPAN]))),
    ("units", pa.list_(pa.struct([("name", _S), ("kind", _S), ("count", _I), *_SPAN]))),
    ("legal_refs", pa.list_(_S)),
    ("legal_ref_details", pa.list_(pa.struct([("text", _S), ("key", _S), ("doc_type", _S), *_SPAN]))),
])


@dataclass
class LoadStats:
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DERIVED, 0))
    run_id: int | None = None


def article_id(key: str) -> int:
    """A stable signed 64-bit id for an article's URL or document id."""
    return int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:8], "big", signed=True)


def _statements() -> list[str]:
    sql = resources.files("warehouse").joinpath("load_batch.sql").read_text(encoding="utf-8")
    sql = re.sub(r"--[^\n]*", "", sql)
    return [s.strip() for s in sql.split(";") if s.strip()]


def batches(records: Iterable, size: int) -> Iterator[list]:
    batch = []
    for r in records:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(con: duckdb.DuckDBPyConnection, records: Iterable[dict], *, batch_size: int = 5000,
         on_batch=None) -> LoadStats:
    """Load extraction records (contract dicts, optionally with the article's fields of RECORD)."""
    ensure_loaded(con)
    stats = LoadStats()
    stage, write = _statements()[:2], _statements()[2:]
    for batch in batches(records, batch_size):
        stats.seen += len(batch)
        ids = [article_id(r.get("url") or str(r["doc_id"])) for r in batch]
        con.register("incoming", pa.table({"id": ids, "ord": range(len(batch)), "rec": pa.array(batch, type=RECORD)}))
        for s in stage:
            con.execute(s)
        con.unregister("incoming")
        changed, replaced, *counts = con.execute(
            "SELECT count(*), count(old_h), sum(len(rec.figures)), sum(len(rec.models)), sum(len(rec.units)), "
            "sum(len(rec.localities) + (rec.primary_locality IS NOT NULL)::INT), "
            "sum(greatest(len(rec.legal_ref_details), len(rec.legal_refs))) FROM staged").fetchone()
        stats.unchanged += len(batch) - changed
        if changed:
            if stats.run_id is None:
                stats.run_id = _start_run(con, batch[0].get("nlp_version") or "unknown")
            con.execute("BEGIN")
            try:
                for s in write:
                    if replaced or not s.startswith("DELETE"):
                        con.execute(s, [stats.run_id] if "$1" in s else [])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            stats.loaded += changed
            for table, n in zip(DERIVED, counts):
                stats.rows[table] += int(n or 0)
        con.execute("DROP TABLE staged")
        if on_batch:
            on_batch(len(batch))
    if stats.run_id is not None:
        con.execute("UPDATE extraction_runs SET finished_at = now(), articles = ? WHERE id = ?",
                    [stats.loaded, stats.run_id])
    return stats


def _start_run(con: duckdb.DuckDBPyConnection, version: str) -> int:
    run_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM extraction_runs").fetchone()[0]
    con.execute("INSERT INTO extraction_runs (id, nlp_version, started_at) VALUES (?, ?, now())", [run_id, version])
    return run_id
