"""The Scrapy engine of one crawl, in a child process of its own (as Scrapyd
runs spiders). The fetching, page extraction and NLP models live and die
with it, so the warehouse is written after their memory has gone back to
the system; Twisted's reactor starts afresh for every crawl; and the parent
shows the child's progress per source as it goes."""
from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from queue import Empty
from typing import Callable

from antq.children import die_with_parent
from crawler import dedup, state
from crawler.registry import Source
from warehouse import store

USER_AGENT = "antq/0.1 (research crawler of public news on the 'Toàn dân bảo vệ an ninh Tổ quốc' movement; +{contact})"
DUPLICATE_WINDOW = 20_000  # latest originals a newly fetched article is compared with
PIPELINES = {
    "crawler.pipelines.ReadPipeline": 100,
    "crawler.pipelines.DuplicatePipeline": 300,
    "crawler.pipelines.SpoolPipeline": 900,
}
COUNTERS = ("pages", "listing_pages", "feeds", "sitemaps", "relevant", "duplicates", "errors")
PROGRESS_EVERY = 1.0  # seconds between progress messages
_to_parent = None  # in the child: the queue to the parent (settings are deep-copied, a queue cannot be)
_index = 0  # in the child: which of the parent's engines it is


@dataclass
class Job:
    """What the child process needs to crawl (it pickles across)."""
    sources: list[Source]
    db: Path
    spool: Path
    jobdir: Path
    full: bool = False
    throttle: bool = True
    max_pages: int = 200
    pipelines: bool = True  # False: fetch only (bench/crawl.py measures the engine so)
    log_file: Path | None = None  # the engine's warnings go there (appended), not to stderr
    extract_workers: int = 1  # processes that read pages (crawler/extraction_pool.py); 1: the engine itself
    shared: Shared | None = None  # a worker of a crawl shared through Redis (crawler/distributed.py)


@dataclass
class Shared:
    """The Redis crawl a worker joins; its inputs come from the job published there."""
    redis_url: str
    crawl: str


def settings(*, jobdir: Path | None, throttle: bool = True, pipelines: bool = True, extract_workers: int = 1) -> dict:
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
        "ITEM_PIPELINES": PIPELINES if pipelines else {},
        "EXTRACT_WORKERS": extract_workers,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
            # before RedirectMiddleware (600) sees the response
            "crawler.middlewares.RedirectLoopMiddleware": 650,
            # first of all, redirects included: a source's requests stay on its own hosts
            "crawler.middlewares.OwnHostsMiddleware": 50,
        },
        "EXTENSIONS": {"crawler.engine.ProgressReport": 500},
        "JOBDIR": str(jobdir) if jobdir else None,
    }


def _merged(base: dict, extra: dict) -> dict:
    """base's settings with extra's; their components are joined (None turns one off)."""
    out = {**base, **extra}
    for key in ("DOWNLOADER_MIDDLEWARES", "EXTENSIONS", "ITEM_PIPELINES"):
        out[key] = {**base.get(key, {}), **extra.get(key, {})}
    return out


def run(job: Job, on_progress: Callable[[dict], None] | None = None) -> dict[str, dict] | None:
    """Crawls in a child process. Returns each source's counters (COUNTERS and
    last_error), or None if the child died before it could report."""
    return run_many([job], on_progress and (lambda latest: on_progress(latest[0])))[0]


def run_many(jobs: list[Job], on_progress: Callable[[list[dict]], None] | None = None) -> list[dict[str, dict] | None]:
    """Crawls each job in a child process of its own, all at once (the workers of a
    shared crawl). Returns each one's counters, or None for a child that died
    before it could report; on_progress gets the latest counters of every child."""
    ctx = multiprocessing.get_context("spawn")
    messages = ctx.Queue()
    children = [ctx.Process(target=_child, args=(job, messages, os.getpid(), i), name="antq-engine")
                for i, job in enumerate(jobs)]
    for child in children:
        child.start()
    latest: list[dict] = [{} for _ in jobs]
    done: list[dict[str, dict] | None] = [None] * len(jobs)
    reported: set[int] = set()
    try:
        while len(reported) < len(jobs):
            try:
                kind, i, counters = messages.get(timeout=0.5)
            except Empty:
                if any(c.is_alive() for i, c in enumerate(children) if i not in reported):
                    continue
                try:  # what they sent just before they exited
                    kind, i, counters = messages.get(timeout=1)
                except Empty:
                    break
            latest[i] = counters
            if kind == "done":
                done[i] = counters
                reported.add(i)
            elif on_progress:
                on_progress(latest)
        return done
    except BaseException:
        # antq is stopping (Ctrl-C, an error): stop the engines rather than wait for their crawl;
        # what they fetched is already in the fsynced spools, and the next crawl resumes
        for child in children:
            if child.is_alive():
                child.terminate()
        for child in children:
            child.join(timeout=15)
            if child.is_alive():
                child.kill()
        raise
    finally:
        for child in children:
            child.join()


def _child(job: Job, messages, parent: int, index: int = 0) -> None:
    die_with_parent(parent)  # a killed `antq crawl` leaves no engine running on with the job's state
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.spider import PortalSpider

    global _to_parent, _index
    _to_parent, _index = messages, index
    if job.shared:
        from crawler import distributed

        published = distributed.job_of(distributed.connect(job.shared.redis_url), job.shared.crawl)
        known, since, plans = (published[k] for k in ("known", "since", "plans"))
        originals = None
        shared = distributed.shared_settings(job.shared.redis_url, job.shared.crawl, distributed.worker_name(),
                                             job.spool)
        spider_class = distributed.SharedPortalSpider
    else:
        known, since, originals = known_to_warehouse(job.db)
        plans = state.plans_for(job.db, job.sources, full=job.full)
        shared, spider_class = {}, PortalSpider
    logging.getLogger("scrapy").setLevel(logging.WARNING)
    log = {"LOG_FILE": str(job.log_file), "LOG_FILE_APPEND": True} if job.log_file else {}
    process = CrawlerProcess(_merged(settings(jobdir=job.jobdir, throttle=job.throttle, pipelines=job.pipelines,
                                              extract_workers=job.extract_workers), {**shared, **log}))
    crawler = process.create_crawler(spider_class)
    one_line = NetworkErrorsOnOneLine(crawler.settings.getlist("RETRY_EXCEPTIONS"))

    def quieten() -> None:  # once the engine runs, Scrapy's log handler is the final one
        for handler in logging.getLogger().handlers:
            handler.addFilter(one_line)

    crawler.signals.connect(quieten, signal=signals.engine_started, weak=False)
    process.crawl(crawler, sources=job.sources, known=known, since=None if job.full else since, full=job.full,
                  max_pages=job.max_pages, spool_path=str(job.spool), originals=originals, plans=plans)
    process.start()
    messages.put(("done", index, counters(crawler.stats.get_stats(), job.sources)))
    messages.close()
    messages.join_thread()


class NetworkErrorsOnOneLine(logging.Filter):
    """A site that is down or slow is part of crawling: the message says so in
    one line, so its traceback is dropped. The kinds are Scrapy's
    RETRY_EXCEPTIONS, the failures it deems transient."""

    def __init__(self, kinds: list):
        from scrapy.utils.misc import load_object

        super().__init__()
        self.kinds = tuple(load_object(k) if isinstance(k, str) else k for k in kinds)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.kinds):
            record.exc_info = record.exc_text = None
        return True


def counters(stats: dict, sources: list[Source]) -> dict[str, dict]:
    return {s.id: {**{k: stats.get(f"antq/{s.id}/{k}", 0) for k in COUNTERS},
                   **{k.removeprefix(f"antq/{s.id}/"): v for k, v in stats.items() if k.startswith(f"antq/{s.id}/")},
                   "last_error": stats.get(f"antq/{s.id}/last_error")} for s in sources}


def known_to_warehouse(db: Path) -> tuple[frozenset[str], date | None, dedup.Index]:
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


class ProgressReport:
    """Extension: sends the sources' counters to the parent every PROGRESS_EVERY seconds."""

    def __init__(self, crawler, messages):
        from twisted.internet.task import LoopingCall

        self.crawler, self.messages = crawler, messages
        self.loop = LoopingCall(self.send)

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        if _to_parent is None:  # a crawl run in this process by other means
            raise NotConfigured
        ext = cls(crawler, _to_parent)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider=None) -> None:
        self.loop.start(PROGRESS_EVERY, now=False)

    def closed(self, spider=None, reason=None) -> None:
        if self.loop.running:
            self.loop.stop()

    def send(self) -> None:
        spider = self.crawler.spider
        self.messages.put(("progress", _index, counters(self.crawler.stats.get_stats(), list(spider.sources.values()))))
