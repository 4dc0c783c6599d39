"""Rebuilds text and facts from the raw HTML kept in the warehouse, with the
current code, for when page extraction or the NLP stage improves. Pages are
read from the live file while the writer loads into its copy, so nothing waits."""
from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

from crawler import dedup, record
from crawler.registry import Source
from warehouse import loader, store


def records(db: Path, sources: dict[str, Source], on_page=None):
    """Pages in the order they were fetched, read again the way the crawl reads them
    (crawler/record.py); copies are found again as the crawl finds them (the first
    page fetched is the original)."""
    index = dedup.Index()
    con = store.connect_reader(db)
    try:
        cur = con.execute("SELECT url, source_id, fetched_at, headers, html_gz FROM pages ORDER BY fetched_at, url")
        while batch := cur.fetchmany(500):
            for url, sid, fetched_at, headers, html_gz in batch:
                rec = record.read(gzip.decompress(html_gz), url, sources.get(sid),
                                  fetched_at=fetched_at or datetime.now(),
                                  content_type=(json.loads(headers or "{}") or {}).get("content-type"))
                if on_page:
                    on_page()
                if not rec.text:
                    continue
                aid = loader.article_id(rec.url)
                duplicate_of = index.first_copy_of(rec.text)
                if duplicate_of is None or duplicate_of == aid:
                    duplicate_of = None
                    index.add(aid, rec.text)
                yield rec.article(sid, duplicate_of)
    finally:
        con.close()


def reextract(db: Path, sources: list[Source], on_page=None) -> loader.LoadStats:
    by_id = {s.id: s for s in sources}
    with store.writer(db) as con:
        return loader.load(con, records(db, by_id, on_page))
