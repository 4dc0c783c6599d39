"""Rebuilds text and facts from the raw HTML kept in the warehouse, with the
current code, for when page extraction or the NLP stage improves. Pages are
read from the live file while the writer loads into its copy, so nothing waits."""
from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import nlp
from crawler import relevance
from crawler.page import extract_page
from crawler.registry import Source
from warehouse import loader, store


def records(db: Path, sources: dict[str, Source], on_page=None):
    con = store.connect_reader(db)
    try:
        cur = con.execute(
            "SELECT p.url, p.source_id, p.fetched_at, p.headers, p.html_gz, a.duplicate_of "
            "FROM pages p LEFT JOIN articles a ON a.url = p.url OR a.doc_id = p.url ORDER BY p.fetched_at")
        while batch := cur.fetchmany(500):
            for url, sid, fetched_at, headers, html_gz, duplicate_of in batch:
                source = sources.get(sid)
                ctype = (json.loads(headers or "{}") or {}).get("content-type", "")
                page = extract_page(gzip.decompress(html_gz), url, fetched_at=fetched_at or datetime.now(),
                                    selectors=source.selectors if source else {},
                                    charset=ctype.split("charset=")[-1] if "charset=" in ctype else None)
                if on_page:
                    on_page()
                if not page.text:
                    continue
                score = relevance.score(page.title, page.text)
                rec = {"doc_id": page.canonical_url}
                if score >= relevance.THRESHOLD:
                    rec = nlp.extract(page.text, title=page.title, published=page.published,
                                      province=source.province if source else None,
                                      doc_id=page.canonical_url).to_contract()
                rec.update(url=page.canonical_url, source_id=sid, title=page.title, published=page.published,
                           author=page.author, text=page.text, relevance=score, duplicate_of=duplicate_of)
                yield rec
    finally:
        con.close()


def reextract(db: Path, sources: list[Source], on_page=None) -> loader.LoadStats:
    by_id = {s.id: s for s in sources}
    with store.writer(db) as con:
        return loader.load(con, records(db, by_id, on_page))
