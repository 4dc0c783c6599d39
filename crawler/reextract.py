"""Rebuilds text and facts from the raw HTML kept in the warehouse, with the
current code, for when page extraction or the NLP stage improves. Pages are
read from the live file while the writer loads into its copy, so nothing waits."""
from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import nlp
from crawler import dedup, relevance
from crawler.page import extract_page
from crawler.registry import Source
from warehouse import loader, store


def records(db: Path, sources: dict[str, Source], on_page=None):
    """Pages in the order they were fetched, read again; copies are found again the
    way the crawl finds them (the first page fetched is the original)."""
    index = dedup.Index()
    con = store.connect_reader(db)
    try:
        cur = con.execute("SELECT url, source_id, fetched_at, headers, html_gz FROM pages ORDER BY fetched_at, url")
        while batch := cur.fetchmany(500):
            for url, sid, fetched_at, headers, html_gz in batch:
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
                aid = loader.article_id(page.canonical_url)
                duplicate_of = index.first_copy_of(page.text)
                if duplicate_of is None or duplicate_of == aid:
                    duplicate_of = None
                    index.add(aid, page.text)
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
