"""Loads extractions (the contract's JSON objects, with the article's text and
metadata where known) into the warehouse.

Idempotent: an article is keyed by a hash of its URL (or document id); one
whose extraction is unchanged is skipped, and one that changed (a newer NLP
version, a re-crawl) has all its derived rows replaced in the same
transaction as its new ones. Batches commit whole articles only.

Records go to DuckDB as one Arrow column typed like the contract (RECORD,
derived from the dataclasses that declare the record), once each has been
checked against it; hashing, comparing and unnesting happen in SQL
(load_batch.sql).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from warehouse import record
from warehouse.gazetteer import ensure_loaded

DERIVED = ("figures", "models", "units", "locality_mentions", "legal_refs")

# The record (nlp.records' Extraction as the contract gives it, plus the article's
# own fields) as an Arrow type, derived from its dataclasses (warehouse/record.py).
RECORD = record.record_type()


class BadRecord(ValueError):
    """A record that does not fit RECORD; the message names the field."""


@dataclass
class LoadStats:
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DERIVED, 0))
    refused: int = 0  # records that did not fit RECORD (on_refused was told)
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


def _as_arrow(batch: list[dict], stats: LoadStats, on_refused) -> tuple[list[dict], pa.StructArray]:
    """The batch's records that fit RECORD, and them as Arrow. Each other one goes to
    on_refused(record, problem), or raises BadRecord when there is no on_refused.
    Fast path: keys checked per record, types by Arrow's conversion, values per
    column (warehouse/record.py); a batch that fails is checked record by record."""
    if all(record.keys_fit(r) for r in batch):
        try:
            arrow = pa.array(batch, type=RECORD)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            arrow = None
        if arrow is not None and record.values_fit(arrow):
            return batch, arrow
    good = []
    for rec in batch:
        problem = record.problem(rec)
        if problem is None:
            try:
                pa.array([rec], type=RECORD)
            except (pa.ArrowException, TypeError, ValueError, OverflowError) as e:
                problem = f"does not convert to the record's type ({str(e).splitlines()[0]})"
        if problem is None:
            good.append(rec)
            continue
        stats.refused += 1
        if on_refused is None:
            raise BadRecord(problem)
        on_refused(rec, problem)
    return good, pa.array(good, type=RECORD)


def load(con: duckdb.DuckDBPyConnection, records: Iterable[dict], *, batch_size: int = 5000,
         on_batch=None, on_refused=None) -> LoadStats:
    """Load extraction records (contract dicts, optionally with the article's fields of RECORD),
    each checked against RECORD before it is converted (see _as_arrow). Copies the
    records mark (duplicate_of) are settled once all are in: settle_originals.sql."""
    ensure_loaded(con)
    stats = LoadStats()
    con.execute("CREATE OR REPLACE TEMP TABLE originals_before AS SELECT id FROM articles WHERE duplicate_of IS NULL")
    stage, write = _statements()[:2], _statements()[2:]
    for offered in batches(records, batch_size):
        stats.seen += len(offered)
        batch, arrow = _as_arrow(offered, stats, on_refused)
        if not batch:
            continue
        ids = [article_id(r.get("url") or str(r["doc_id"])) for r in batch]
        con.register("incoming", pa.table({"id": ids, "ord": range(len(batch)), "rec": arrow}))
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
            on_batch(len(offered))
    if stats.run_id is not None:
        con.execute(resources.files("warehouse").joinpath("settle_originals.sql").read_text(encoding="utf-8"))
        con.execute("UPDATE extraction_runs SET finished_at = now(), articles = ? WHERE id = ?",
                    [stats.loaded, stats.run_id])
    con.execute("DROP TABLE originals_before")
    return stats


def _start_run(con: duckdb.DuckDBPyConnection, version: str) -> int:
    run_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM extraction_runs").fetchone()[0]
    con.execute("INSERT INTO extraction_runs (id, nlp_version, started_at) VALUES (?, ?, now())", [run_id, version])
    return run_id
