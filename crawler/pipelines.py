"""Item pipelines, one concern each, in the order crawler/engine.py sets:
read the page into its record (crawler/record.py: text, metadata, relevance
and the NLP stage's extraction), mark near-duplicates, and spool the result
for the warehouse. Problems are counted in the crawler's stats, never raised."""
from __future__ import annotations

import base64
import gzip
import json
import logging
import os
from collections import deque
from datetime import datetime
from pathlib import Path

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler import dedup, extraction_pool, record, relevance
from crawler.items import PageItem
from warehouse.loader import article_id


class _Stage:
    """A pipeline stage: it keeps the crawler (Scrapy ≥ 2.13 passes no spider to methods)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider

    def stat(self, item: PageItem, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"antq/{item.source_id}/{what}", n)


class ReadPipeline(_Stage):
    """Reads each page into its record: in this process, or with EXTRACT_WORKERS > 1
    in a pool of worker processes (crawler/extraction_pool.py), so the reactor goes
    on fetching meanwhile. Pages leave the pool in the order they came in, so the
    stages after it (marking copies: the first page seen is the original) see
    them as they would without the pool."""

    def open_spider(self):
        workers = self.crawler.settings.getint("EXTRACT_WORKERS", 1)
        self.pool = None
        if workers > 1:
            from twisted.internet import reactor

            self.pool = extraction_pool.ExtractionPool(workers, reactor.callFromThread)
        self.in_order: deque[tuple[Deferred, list]] = deque()  # each with its outcome once known

    def close_spider(self):
        if self.pool:
            self.pool.close()

    async def process_item(self, item: PageItem):
        task = extraction_pool.PageTask(item.body, item.url, self.spider.sources[item.source_id],
                                        datetime.fromisoformat(item.fetched_at), item.headers.get("content-type"))
        if self.pool is None:
            return self._filled(item, task.read())
        slot: list = []
        self.in_order.append((Deferred(), slot))
        waiting = self.in_order[-1][0]
        self.pool.submit(task, lambda outcome: self._arrived(slot, item, outcome))
        return await maybe_deferred_to_future(waiting)

    def _arrived(self, slot: list, item: PageItem, outcome) -> None:
        slot.append((item, outcome))
        while self.in_order and self.in_order[0][1]:
            waiting, ((done, result),) = self.in_order.popleft()
            if isinstance(result, extraction_pool.WorkerDied):
                waiting.callback(self._not_read(done, str(result)))
            elif isinstance(result, BaseException):
                waiting.errback(Failure(result))
            else:
                waiting.callback(self._filled(done, result))

    def _not_read(self, item: PageItem, why: str) -> PageItem:
        """A page that killed its worker: one line says so, and the page is kept
        (raw HTML, no text) for `antq reextract` to try again."""
        logging.getLogger("antq").warning("%s: not read: %s", item.url, why)
        item.warnings.append(f"not read: {why}")
        self.stat(item, "unread")
        return item

    def _filled(self, item: PageItem, rec: record.PageRecord) -> PageItem:
        item.canonical_url, item.title, item.published, item.author = rec.url, rec.title, rec.published, rec.author
        item.text, item.relevance, item.extraction = rec.text, rec.relevance, rec.contract()
        item.warnings += rec.warnings
        if not rec.text:
            self.stat(item, "empty")
        if rec.relevance >= relevance.THRESHOLD:
            self.stat(item, "relevant")
        return item


class DuplicatePipeline(_Stage):
    """Marks an article that copies one seen before (in the warehouse or earlier in this crawl)."""

    def open_spider(self):
        # the warehouse's recent originals (crawler/engine.py), or none
        self.index = getattr(self.spider, "originals", None) or dedup.Index()

    def process_item(self, item: PageItem):
        if not item.text:
            return item
        item.duplicate_of = self.index.copy_or_add(article_id(item.canonical_url or item.url), item.text)
        if item.duplicate_of is not None:
            self.stat(item, "duplicates")
        return item


class SpoolPipeline(_Stage):
    """Appends each finished item to a spool file (flushed to disk at once), so a
    crawl killed before its items reach the warehouse loses none: the next
    crawl loads leftover spools first (crawler/run.py)."""

    def open_spider(self):
        self.path = Path(self.spider.spool_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.path.open("a", encoding="utf-8")

    def process_item(self, item: PageItem):
        record = {k: v for k, v in vars(item).items() if k != "body"}
        record["html_gz"] = base64.b64encode(gzip.compress(item.body)).decode("ascii")
        self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())
        return item

    def close_spider(self):
        self.file.close()
