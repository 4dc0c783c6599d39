"""Loads extractions (the contract's JSON objects, with the article's text and
metadata where known) into the warehouse.

Idempotent: an article is keyed by a hash of its URL (or document id); one
whose extraction is unchanged is skipped, and one that changed (a newer NLP
version, a re-crawl) has all its derived rows replaced in the same
transaction as its new ones. Batches commit whole articles only.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from warehouse.gazetteer import ensure_loaded

DERIVED = ("figures", "models", "units", "locality_mentions", "legal_refs")
# Keys of a record that describe the article rather than the extraction.
ARTICLE_KEYS = ("text", "url", "source_id", "author", "relevance", "duplicate_of")


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


def extraction_hash(record: dict) -> str:
    return hashlib.sha1(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _published_date(published: str | None) -> date | None:
    if not published or not published[:4].isdigit():
        return None
    parts = [int(p) for p in published[:10].split("-") if p.isdigit()]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch = []
    for r in records:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _columns(rows: list[dict], names: list[str]) -> pa.Table:
    return pa.table({n: [r.get(n) for r in rows] for n in names})


def _iso_date(s):
    return date.fromisoformat(s) if isinstance(s, str) and len(s) == 10 else None


def _rows(aid: int, run_id: int, rec: dict) -> dict[str, list[dict]]:
    figures = [dict(
        article_id=aid, run_id=run_id, seq=i, text=f.get("text"), value=f.get("value"), total=f.get("total"),
        value_max=f.get("value_max"), unit=f.get("unit"), indicator=f.get("indicator"), approx=f.get("approx"),
        period=f.get("period"), period_start=_iso_date(f.get("period_start")), period_end=_iso_date(f.get("period_end")),
        period_kind=f.get("period_kind"), start_offset=f.get("start"), end_offset=f.get("end"),
        sentence_start=f.get("sentence_start"), sentence_end=f.get("sentence_end"), confidence=f.get("confidence"),
    ) for i, f in enumerate(rec.get("figures") or [])]
    models = [dict(article_id=aid, run_id=run_id, seq=i, name=m.get("name"), family=m.get("family"),
                   count=m.get("count"), mentions=m.get("mentions"), start_offset=m.get("start"),
                   end_offset=m.get("end")) for i, m in enumerate(rec.get("models") or [])]
    units = [dict(article_id=aid, run_id=run_id, seq=i, name=u.get("name"), kind=u.get("kind"), count=u.get("count"),
                  start_offset=u.get("start"), end_offset=u.get("end")) for i, u in enumerate(rec.get("units") or [])]
    places = ([(True, rec["primary_locality"])] if rec.get("primary_locality") else []) + \
        [(False, x) for x in rec.get("localities") or []]
    localities = [dict(article_id=aid, run_id=run_id, seq=i, is_primary=primary, level=x.get("level"),
                       name=x.get("name"), gazetteer=x.get("gazetteer"), code=x.get("code"),
                       district_code=x.get("district_code"), province_code=x.get("province_code"),
                       mentions=x.get("mentions"), start_offset=x.get("start"), end_offset=x.get("end"))
                  for i, (primary, x) in enumerate(places)]
    details = rec.get("legal_ref_details") or [{"text": t} for t in rec.get("legal_refs") or []]
    legal = [dict(article_id=aid, run_id=run_id, seq=i, text=r.get("text"), key=r.get("key") or r.get("text"),
                  doc_type=r.get("doc_type"), start_offset=r.get("start"), end_offset=r.get("end"))
             for i, r in enumerate(details)]
    return {"figures": figures, "models": models, "units": units, "locality_mentions": localities, "legal_refs": legal}


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{table}' "
                                      "ORDER BY column_index").fetchall()]


def load(con: duckdb.DuckDBPyConnection, records: Iterable[dict], *, batch_size: int = 2000,
         on_batch=None) -> LoadStats:
    """Load extraction records (contract dicts, optionally with ARTICLE_KEYS)."""
    ensure_loaded(con)
    stats = LoadStats()
    columns = {t: _table_columns(con, t) for t in (*DERIVED, "articles")}
    for batch in _batches(records, batch_size):
        stats.seen += len(batch)
        keyed = {}
        for rec in batch:
            aid = article_id(rec.get("url") or str(rec["doc_id"]))
            keyed[aid] = (rec, extraction_hash(rec))  # the last record for an article wins
        con.register("incoming", pa.table({"id": list(keyed), "h": [h for _, h in keyed.values()]}))
        known = dict(con.execute("SELECT a.id, a.extraction_hash FROM articles a JOIN incoming i ON a.id = i.id").fetchall())
        con.unregister("incoming")
        changed = {aid: v for aid, v in keyed.items() if known.get(aid) != v[1]}
        stats.unchanged += len(batch) - len(changed)
        if changed:
            if stats.run_id is None:
                stats.run_id = _start_run(con, batch[0].get("nlp_version") or "unknown")
            _write(con, changed, stats, columns)
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


def _write(con, changed: dict[int, tuple[dict, str]], stats: LoadStats, columns: dict[str, list[str]]) -> None:
    derived: dict[str, list[dict]] = {t: [] for t in DERIVED}
    articles = []
    for aid, (rec, h) in changed.items():
        text = rec.get("text")
        articles.append(dict(
            id=aid, doc_id=str(rec["doc_id"]), url=rec.get("url"), source_id=rec.get("source_id"),
            title=rec.get("title"), published=rec.get("published"), published_date=_published_date(rec.get("published")),
            author=rec.get("author"), text=text,
            content_hash=hashlib.sha1(text.encode()).hexdigest() if text else None,
            relevance=rec.get("relevance"), duplicate_of=rec.get("duplicate_of"), loaded_at=None,
            nlp_version=rec.get("nlp_version"), extraction_hash=h))
        for table, rows in _rows(aid, stats.run_id, rec).items():
            derived[table].extend(rows)
    con.register("batch_ids", pa.table({"id": list(changed)}))
    con.execute("BEGIN")
    try:
        for table in (*DERIVED, "articles"):
            key = "id" if table == "articles" else "article_id"
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM batch_ids)")
        for table, rows in (("articles", articles), *derived.items()):
            if not rows:
                continue
            cols = [c for c in columns[table] if c in rows[0]]
            con.register("batch_rows", _columns(rows, cols))
            select = ", ".join("now()" if c == "loaded_at" else c for c in cols)
            con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM batch_rows")
            con.unregister("batch_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("batch_ids")
    stats.loaded += len(changed)
    for table in DERIVED:
        stats.rows[table] += len(derived[table])
