"""Item pipelines, one concern each, in the order crawler/engine.py sets:
read the page into its record (crawler/record.py: text, metadata, relevance
and the NLP stage's extraction), mark near-duplicates, and spool the result
for the warehouse. Problems are counted in the crawler's stats, never raised."""
from __future__ import annotations

import base64
import gzip
import json
import os
from datetime import datetime
from pathlib import Path

from crawler import dedup, record, relevance
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
    def process_item(self, item: PageItem):
        rec = record.read(item.body, item.url, self.spider.sources[item.source_id],
                          fetched_at=datetime.fromisoformat(item.fetched_at), content_type=item.headers.get("content-type"))
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
