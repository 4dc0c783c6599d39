"""Rebuilds text and facts from the raw HTML kept in the warehouse, with the
current code, for when page extraction or the NLP stage improves. Pages are
read from the live file while the writer loads into its copy, so nothing waits.
With several workers the pages are read in a pool of processes
(crawler/extraction_pool.py) and come back in their order; this process alone
marks copies and writes the warehouse."""
from __future__ import annotations

import gzip
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from crawler import dedup
from crawler.extraction_pool import PageTask, WorkerDied, read_all
from crawler.registry import Source
from warehouse import loader, store

log = logging.getLogger("antq")


def _tasks(db: Path, sources: dict[str, Source]) -> Iterator[tuple[str | None, PageTask]]:
    """The stored pages in the order they were fetched, each with its source's id."""
    con = store.connect_reader(db)
    try:
        cur = con.execute("SELECT url, source_id, fetched_at, headers, html_gz FROM pages ORDER BY fetched_at, url")
        while batch := cur.fetchmany(500):
            for url, sid, fetched_at, headers, html_gz in batch:
                yield sid, PageTask(gzip.decompress(html_gz), url, sources.get(sid), fetched_at or datetime.now(),
                                    (json.loads(headers or "{}") or {}).get("content-type"))
    finally:
        con.close()


def records(db: Path, sources: dict[str, Source], on_page: Callable[[], None] | None = None, *, workers: int = 1,
            on_failed: Callable[[str, str], None] | None = None):
    """Pages in the order they were fetched, read again the way the crawl reads them
    (crawler/record.py); copies are found again as the crawl finds them (the first
    page fetched is the original). A page whose worker died is left as it was and
    reported to on_failed(url, why)."""
    index = dedup.Index()
    source_of = {}

    def tasks():
        for sid, task in _tasks(db, sources):
            source_of[task.url] = sid
            yield task

    for task, rec in read_all(tasks(), workers):
        sid = source_of.pop(task.url)
        if on_page:
            on_page()
        if isinstance(rec, WorkerDied):
            (on_failed or _log_failed)(task.url, str(rec))
            continue
        if not rec.text:
            continue
        aid = loader.article_id(rec.url)
        duplicate_of = index.first_copy_of(rec.text)
        if duplicate_of is None or duplicate_of == aid:
            duplicate_of = None
            index.add(aid, rec.text)
        yield rec.article(sid, duplicate_of)


def _log_failed(url: str, why: str) -> None:
    log.warning("%s: not re-extracted: %s", url, why)


def reextract(db: Path, sources: list[Source], on_page=None, *, workers: int = 1, on_failed=None) -> loader.LoadStats:
    by_id = {s.id: s for s in sources}
    with store.writer(db) as con:
        return loader.load(con, records(db, by_id, on_page, workers=workers, on_failed=on_failed))
