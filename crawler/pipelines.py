"""Item pipelines, one concern each, in the order crawler/engine.py sets:
extract the page, score relevance, mark near-duplicates, run the NLP stage on
relevant articles, and spool the result for the warehouse. Problems are
counted in the crawler's stats, never raised."""
from __future__ import annotations

import base64
import gzip
import json
import os
from datetime import datetime
from pathlib import Path

import nlp
from crawler import dedup, relevance
from crawler.items import PageItem
from crawler.page import extract_page
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


class ExtractPipeline(_Stage):
    def process_item(self, item: PageItem):
        source = self.spider.sources[item.source_id]
        page = extract_page(item.body, item.url, fetched_at=datetime.fromisoformat(item.fetched_at),
                            selectors=source.selectors, charset=_charset(item.headers.get("content-type")))
        item.canonical_url = page.canonical_url
        item.title, item.published, item.author, item.text = page.title, page.published, page.author, page.text
        item.warnings += page.warnings
        if not page.text:
            self.stat(item, "empty")
        return item


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type:
        return content_type.split("charset=")[-1].strip()
    return None


class RelevancePipeline(_Stage):
    def process_item(self, item: PageItem):
        item.relevance = relevance.score(item.title, item.text) if item.text else 0.0
        if item.relevance >= relevance.THRESHOLD:
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
        copy_of = self.index.first_copy_of(item.text)
        aid = article_id(item.canonical_url or item.url)
        if copy_of is not None and copy_of != aid:
            item.duplicate_of = copy_of
            self.stat(item, "duplicates")
        else:
            self.index.add(aid, item.text)
        return item


class NlpPipeline(_Stage):
    def process_item(self, item: PageItem):
        if item.text and (item.relevance or 0) >= relevance.THRESHOLD:
            source = self.spider.sources[item.source_id]
            ex = nlp.extract(item.text, title=item.title, published=item.published, province=source.province,
                             doc_id=item.canonical_url or item.url)
            item.extraction = ex.to_contract()
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
