"""Runs a crawl: what the warehouse already knows decides what is fetched;
Scrapy fetches politely; the spool goes into the warehouse at the end (and
a killed crawl's spool at the start of the next one)."""
from __future__ import annotations

import base64
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import pyarrow as pa

from crawler import dedup
from crawler.registry import Source
from warehouse import loader, store

USER_AGENT = "antq/0.1 (research crawler of public news on the 'Toàn dân bảo vệ an ninh Tổ quốc' movement; +{contact})"
SPOOL_CHUNK = 500  # spooled items loaded at a time
DUPLICATE_WINDOW = 20_000  # latest originals a newly fetched article is compared with
PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 100,
    "crawler.pipelines.RelevancePipeline": 200,
    "crawler.pipelines.DuplicatePipeline": 300,
    "crawler.pipelines.NlpPipeline": 400,
    "crawler.pipelines.SpoolPipeline": 900,
}


@dataclass
class SourceReport:
    pages: int = 0
    new_articles: int = 0
    relevant: int = 0
    duplicates: int = 0
    errors: int = 0
    last_error: str | None = None
    answered: int = 0  # responses of any kind (listings, feeds, sitemaps, articles)


@dataclass
class CrawlReport:
    run_id: int
    started: datetime
    finished: datetime | None = None
    sources: dict[str, SourceReport] = field(default_factory=dict)
    recovered: int = 0  # items of an earlier, killed crawl loaded first

    @property
    def status(self) -> str:
        if not self.sources:
            return "ok"
        failed = [r for r in self.sources.values() if r.errors and not r.answered]
        return "failed" if len(failed) == len(self.sources) else "partial" if failed else "ok"


def settings(*, jobdir: Path | None, throttle: bool = True) -> dict:
    return {
        "BOT_NAME": "antq",
        "USER_AGENT": USER_AGENT.format(contact=os.environ.get("ANTQ_CONTACT", "set ANTQ_CONTACT to your contact URL")),
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "AUTOTHROTTLE_ENABLED": throttle,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_DELAY": 0.5 if throttle else 0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 3,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
        # waits before retry n: base·2^(n−1) s, or the server's Retry-After, at most the max
        "ANTQ_BACKOFF_BASE": float(os.environ.get("ANTQ_BACKOFF_BASE", 2)),
        "ANTQ_BACKOFF_MAX": float(os.environ.get("ANTQ_BACKOFF_MAX", 300)),
        "DOWNLOAD_TIMEOUT": float(os.environ.get("ANTQ_DOWNLOAD_TIMEOUT", 30)),
        "DOWNLOAD_MAXSIZE": 8 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,
        "REDIRECT_MAX_TIMES": 5,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "ITEM_PIPELINES": PIPELINES,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
            # before RedirectMiddleware (600) sees the response
            "crawler.middlewares.RedirectLoopMiddleware": 650,
        },
        "JOBDIR": str(jobdir) if jobdir else None,
    }


def _known(db: Path) -> tuple[frozenset[str], date | None, dedup.Index]:
    """URLs already fetched, the day the last crawl finished, and the recent
    originals that a new article may copy (their signatures, not their texts)."""
    index = dedup.Index()
    try:
        con = store.connect_reader(db)
    except store.WarehouseError:
        return frozenset(), None, index
    try:
        urls = frozenset(u for (u,) in con.execute("SELECT url FROM pages UNION SELECT url FROM articles "
                                                   "WHERE url IS NOT NULL").fetchall())
        last = con.execute("SELECT max(finished_at) FROM crawl_runs WHERE status IN ('ok', 'partial')").fetchone()[0]
        cur = con.execute("SELECT id, text FROM articles WHERE text IS NOT NULL AND duplicate_of IS NULL "
                          "ORDER BY loaded_at DESC LIMIT ?", [DUPLICATE_WINDOW])
        while batch := cur.fetchmany(1000):
            for aid, text in batch:
                index.add(aid, text)
    finally:
        con.close()
    return urls, last.date() if last else None, index


def _spooled(spool: Path) -> Iterator[dict]:
    """A spool's items, one at a time."""
    with spool.open(encoding="utf-8") as f:
        for line in f:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a killed crawl may be cut short


def _load_spool(con: duckdb.DuckDBPyConnection, spool: Path, report: CrawlReport | None = None) -> int:
    """A spool's pages and articles into the writer's connection, SPOOL_CHUNK
    items at a time, so that memory holds one chunk whatever the crawl's size."""
    loaded = 0

    def articles() -> Iterator[dict]:
        # each chunk's pages go in as the loader asks for its articles: one extraction run for the spool
        nonlocal loaded
        for chunk in loader.batches(_spooled(spool), SPOOL_CHUNK):
            loaded += len(chunk)
            _insert_pages(con, chunk)
            records = [_article_record(i) for i in chunk if i.get("text")]
            if report:
                urls = [r["url"] for r in records]
                known = {u for (u,) in con.execute("SELECT url FROM articles WHERE url IN (SELECT unnest(?))",
                                                   [urls]).fetchall()}
                for r in records:
                    if r["url"] not in known:
                        report.sources.setdefault(r["source_id"], SourceReport()).new_articles += 1
            yield from records

    loader.load(con, articles(), batch_size=SPOOL_CHUNK)
    return loaded


def _insert_pages(con: duckdb.DuckDBPyConnection, items: list[dict]) -> None:
    pages = pa.table({
        "url": [i["url"] for i in items], "source_id": [i["source_id"] for i in items],
        "fetched_at": [datetime.fromisoformat(i["fetched_at"]) for i in items],
        "status": [i["status"] for i in items], "headers": [json.dumps(i["headers"]) for i in items],
        "html_gz": [base64.b64decode(i["html_gz"]) for i in items],
    })
    con.register("spooled_pages", pages)
    con.execute("INSERT OR REPLACE INTO pages SELECT url, source_id, fetched_at, status, headers::JSON, html_gz "
                "FROM spooled_pages")
    con.unregister("spooled_pages")


def load_spool(spool: Path, db: Path, sources: list[Source]) -> int:
    """A spool left by a killed crawl into the warehouse; removed once loaded."""
    if next(_spooled(spool), None) is None:
        spool.unlink(missing_ok=True)
        return 0
    with store.writer(db) as con:
        _upsert_sources(con, sources)
        loaded = _load_spool(con, spool)
    spool.unlink()
    return loaded


def _article_record(item: dict) -> dict:
    rec = dict(item.get("extraction") or {"doc_id": item["canonical_url"] or item["url"]})
    rec.update(url=item.get("canonical_url") or item["url"], source_id=item["source_id"], title=item.get("title"),
               published=item.get("published"), author=item.get("author"), text=item["text"],
               relevance=item.get("relevance"), duplicate_of=item.get("duplicate_of"))
    return rec


def _upsert_sources(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> None:
    for s in sources:
        con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [s.id, s.name, s.kind, s.province, s.province_2025, s.home, s.family])


def crawl(sources: list[Source], db: Path, *, workdir: Path, full: bool = False, throttle: bool = True,
          max_pages: int = 200) -> CrawlReport:
    """One crawl of the given sources into the warehouse at db. workdir keeps the
    Scrapy job state (JOBDIR) and the spool, so a killed crawl resumes there."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spider import PortalSpider

    workdir.mkdir(parents=True, exist_ok=True)
    report = CrawlReport(run_id=0, started=datetime.now(timezone.utc))
    spool = workdir / "spool.jsonl"
    if spool.exists():
        report.recovered = load_spool(spool, db, sources)
    known, since, originals = _known(db)
    logging.getLogger("scrapy").setLevel(logging.WARNING)
    process = CrawlerProcess(settings(jobdir=workdir / "job", throttle=throttle))
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, sources=sources, known=known, since=None if full else since, full=full,
                  max_pages=max_pages, spool_path=str(spool), originals=originals)
    process.start()
    stats = crawler.stats.get_stats()
    for s in sources:
        r = report.sources.setdefault(s.id, SourceReport())
        r.pages = stats.get(f"antq/{s.id}/pages", 0)
        r.relevant = stats.get(f"antq/{s.id}/relevant", 0)
        r.duplicates = stats.get(f"antq/{s.id}/duplicates", 0)
        r.errors = stats.get(f"antq/{s.id}/errors", 0)
        r.last_error = stats.get(f"antq/{s.id}/last_error")
        r.answered = sum(stats.get(f"antq/{s.id}/{k}", 0) for k in ("pages", "listing_pages", "feeds", "sitemaps"))
    # one writer session: the spool's items and the run's record, swapped in together
    with store.writer(db) as con:
        _upsert_sources(con, sources)
        if spool.exists():
            _load_spool(con, spool, report)
        report.finished = datetime.now(timezone.utc)
        _record_run(con, report)
    spool.unlink(missing_ok=True)
    if report.status != "failed":
        shutil.rmtree(workdir / "job", ignore_errors=True)  # finished: the next crawl starts afresh
    return report


def _record_run(con: duckdb.DuckDBPyConnection, report: CrawlReport) -> None:
    report.run_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM crawl_runs").fetchone()[0]
    errors = "; ".join(f"{sid}: {r.last_error}" for sid, r in report.sources.items() if r.last_error) or None
    con.execute("INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?)",
                [report.run_id, report.started, report.finished, report.status, errors])
    for sid, r in report.sources.items():
        con.execute("INSERT INTO crawl_run_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [report.run_id, sid, r.pages, r.new_articles, r.relevant, r.duplicates, r.errors, r.last_error])
