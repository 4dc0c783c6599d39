"""Runs a crawl: the engine (crawler/engine.py, its own process) fetches what
the warehouse does not know yet, politely, and spools it; the spool goes into
the warehouse at the end (and a killed crawl's spool at the start of the next
crawl into the same warehouse). One crawl writes a warehouse at a time."""
from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import socket
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import pyarrow as pa

from crawler import dedup, engine, state
from crawler.extraction_pool import default_workers
from crawler.registry import Source
from warehouse import loader, record, store
from warehouse.loader import article_id

SPOOL_CHUNK = 500  # spooled items loaded at a time
RUN_OWNER = "database"  # the file in a crawl's run directory that names its warehouse


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
    engine_error: str | None = None  # the engine's process died before it reported
    workers: int = 1  # engines that crawled (a shared crawl: this host's)
    workers_lost: int = 0  # of those, died before they reported (a shared crawl re-queues their requests)
    worker_pages: list[int] = field(default_factory=list)  # article pages each of this host's workers fetched
    requeued: int = 0  # requests of dead workers put back in a shared crawl's queue by its loader

    @property
    def status(self) -> str:
        if self.engine_error:
            return "failed"
        if not self.sources:
            return "ok"
        failed = [r for r in self.sources.values() if r.errors and not r.answered]
        return "failed" if len(failed) == len(self.sources) else "partial" if failed else "ok"


def _spooled_once(spools: list[Path]) -> Iterator[dict]:
    """The items of a shared crawl's spools, each URL once: a request a killed worker
    had fetched and spooled, but not finished, was fetched again by another."""
    seen: set[str] = set()
    for spool in spools:
        for item in _spooled(spool):
            if item["url"] not in seen:
                seen.add(item["url"])
                yield item


def _spooled(spool: Path) -> Iterator[dict]:
    """A spool's items, one at a time."""
    with spool.open(encoding="utf-8") as f:
        for line in f:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a killed crawl may be cut short


def _marked(items: Iterator[dict], originals: dedup.Index, report: CrawlReport) -> Iterator[dict]:
    """A shared crawl's items with their copies marked, as DuplicatePipeline marks
    one engine's: an article copies the first one seen (the warehouse's first)."""
    for item in items:
        if item.get("text"):
            item["duplicate_of"] = originals.copy_or_add(article_id(item.get("canonical_url") or item["url"]),
                                                         item["text"])
            if item["duplicate_of"] is not None:
                report.sources.setdefault(item["source_id"], SourceReport()).duplicates += 1
        yield item


def _load_spool(con: duckdb.DuckDBPyConnection, spool: Path | list[Path], report: CrawlReport | None = None,
                originals: dedup.Index | None = None) -> int:
    """A spool's pages and articles (or several spools', each URL once, their copies
    marked against originals) into the writer's connection, SPOOL_CHUNK items at a
    time, so that memory holds one chunk whatever the crawl's size."""
    loaded = 0
    items = _spooled_once(spool) if isinstance(spool, list) else _spooled(spool)
    if originals is not None:
        items = _marked(items, originals, report)

    def articles() -> Iterator[dict]:
        # each chunk's pages go in as the loader asks for its articles: one extraction run for the spool
        nonlocal loaded
        for chunk in loader.batches(items, SPOOL_CHUNK):
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

    loader.load(con, articles(), batch_size=SPOOL_CHUNK, on_refused=_log_refused)
    return loaded


def _log_refused(rec: dict, problem: str) -> None:
    """A spooled item whose record does not fit (a bug upstream): logged, and the crawl's other items load."""
    logging.getLogger("antq").warning("%s: not loaded: %s", rec.get("url"), problem)


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
    """A spooled item as the loader's record: its extraction, the item's fields of
    record.Article (the canonical URL as url), and the page's warnings with the extraction's."""
    rec = dict(item.get("extraction") or {"doc_id": item["canonical_url"] or item["url"]})
    rec.update({f.name: item.get(f.name) for f in fields(record.Article)})
    rec["url"] = item.get("canonical_url") or item["url"]
    rec["warnings"] = [*item.get("warnings", []), *rec.get("warnings", [])]
    return rec


def _upsert_sources(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> None:
    for s in sources:
        con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [s.id, s.name, s.kind, s.province, s.province_2025, s.home, s.family])


def _new_run_dir(workdir: Path, db: Path) -> Path:
    run_dir = workdir / f"run-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    run_dir.mkdir(parents=True)
    (run_dir / RUN_OWNER).write_text(str(db.resolve()), encoding="utf-8")
    return run_dir


def _left_over(workdir: Path, db: Path) -> list[Path]:
    """The run directories of earlier crawls into db, oldest first. The caller holds
    db's writer lock, so none of them is live: they are what killed crawls left."""
    mine = str(db.resolve())
    return sorted(d for d in workdir.glob("run-*")
                  if (d / RUN_OWNER).is_file() and (d / RUN_OWNER).read_text(encoding="utf-8") == mine)


def crawl(sources: list[Source], db: Path, *, workdir: Path, full: bool = False, throttle: bool = True,
          max_pages: int = 200, pipelines: bool = True, log_file: Path | None = None,
          extract_workers: int | None = None, on_progress: Callable[[dict[str, dict]], None] | None = None,
          on_writing: Callable[[], None] | None = None, redis_url: str | None = None,
          workers: int = 1) -> CrawlReport:
    """One crawl of the given sources into the warehouse at db, holding db's writer
    lock from start to end (store.WarehouseBusy if another command holds it).
    Each crawl keeps its Scrapy job state (JOBDIR) and its spool in a directory
    of its own under workdir (run-<time>-<pid>, naming its database), so crawls
    into other databases may share workdir; a killed crawl's directory is loaded
    and resumed by the next crawl into the same database.
    The engine runs in a child process (crawler/engine.py); on_progress gets
    its counters per source as it goes, and on_writing is called once it has
    exited and the warehouse is being written; log_file, if given, gets its warnings.
    The pages are read in extract_workers processes beside the engine (default:
    one per core; 0 or 1 reads them in the engine's process).
    With redis_url, the crawl is shared through that Redis (crawler/distributed.py):
    `workers` engines here, and any `antq worker` elsewhere, pull from its queue;
    this process is the loader (distributed.RedisUnreachable if Redis does not answer).
    Each of those engines reads its own pages unless extract_workers is given: the
    workers already use the cores."""
    with store.exclusive(db, "crawl"):
        if redis_url:
            return _crawl_shared(sources, db, workdir, redis_url, workers, full=full, throttle=throttle,
                                 max_pages=max_pages, pipelines=pipelines, log_file=log_file,
                                 extract_workers=extract_workers or 1, on_progress=on_progress,
                                 on_writing=on_writing)
        return _crawl(sources, db, workdir, full=full, throttle=throttle, max_pages=max_pages, pipelines=pipelines,
                      log_file=log_file, on_progress=on_progress,
                      extract_workers=default_workers() if extract_workers is None else extract_workers,
                      on_writing=on_writing)


def _crawl(sources: list[Source], db: Path, workdir: Path, *, full: bool, throttle: bool, max_pages: int,
           pipelines: bool, log_file: Path | None, extract_workers: int, on_progress, on_writing) -> CrawlReport:
    workdir.mkdir(parents=True, exist_ok=True)
    report = CrawlReport(run_id=0, started=datetime.now(timezone.utc))
    killed = _left_over(workdir, db)
    for run_dir in killed:
        if (run_dir / "spool.jsonl").exists():
            report.recovered += load_spool(run_dir / "spool.jsonl", db, sources)
    for run_dir in killed[:-1]:
        shutil.rmtree(run_dir, ignore_errors=True)
    run_dir = killed[-1] if killed else _new_run_dir(workdir, db)  # the last killed crawl's queue resumes
    spool = run_dir / "spool.jsonl"
    job = engine.Job(sources, db, spool, run_dir / "job", full=full, throttle=throttle, max_pages=max_pages,
                     pipelines=pipelines, log_file=log_file, extract_workers=extract_workers)
    counters = engine.run(job, on_progress)
    if counters is None:
        report.engine_error = "the crawl engine's process stopped before it reported; what it fetched is loaded"
    for s in sources:
        c = (counters or {}).get(s.id, {})
        r = report.sources.setdefault(s.id, SourceReport())
        r.pages, r.relevant, r.duplicates, r.errors = (c.get(k, 0) for k in ("pages", "relevant", "duplicates", "errors"))
        r.last_error = c.get("last_error")
        r.answered = sum(c.get(k, 0) for k in ("pages", "listing_pages", "feeds", "sitemaps"))
    if on_writing:
        on_writing()
    # one writer session: the spool's items and the run's record, swapped in together
    with store.writer(db, command="crawl") as con:
        _upsert_sources(con, sources)
        if spool.exists():
            _load_spool(con, spool, report)
        report.finished = datetime.now(timezone.utc)
        _record_run(con, report)
        if counters is not None:  # a crawl killed before it reported leaves its sources' state as it was
            state.record(con, sources, counters, report.finished, full=full)
    spool.unlink(missing_ok=True)
    # an engine that finished has an empty queue, even when every site failed: the next
    # crawl starts afresh (its job's seen-set would filter the start pages); one that
    # died leaves its queue to resume
    if counters is not None:
        shutil.rmtree(run_dir, ignore_errors=True)
    return report


def _crawl_shared(sources: list[Source], db: Path, workdir: Path, redis_url: str, workers: int, *, full: bool,
                  throttle: bool, max_pages: int, pipelines: bool, log_file: Path | None, extract_workers: int,
                  on_progress, on_writing) -> CrawlReport:
    """The loader of a crawl shared through Redis: it publishes the job, runs this
    host's workers, waits for every worker, then stores all their spools at once."""
    from crawler import distributed

    server = distributed.connect(redis_url)
    workdir.mkdir(parents=True, exist_ok=True)
    report = CrawlReport(run_id=0, started=datetime.now(timezone.utc), workers=workers)
    killed = _left_over(workdir, db)
    for run_dir in killed[:-1]:  # older than the crawl that resumes: no worker writes there any more
        for spool in sorted(run_dir.glob("spool*.jsonl")):
            report.recovered += load_spool(spool, db, sources)
        shutil.rmtree(run_dir, ignore_errors=True)
    # the last killed crawl's directory goes on: remote workers may still spool into it
    run_dir = killed[-1] if killed else _new_run_dir(workdir, db)
    crawl = distributed.crawl_id(db)
    distributed.unseed_if_unfinished(server, crawl)
    known, since, originals = engine.known_to_warehouse(db)
    distributed.publish(server, crawl, {
        "sources": sources, "known": known, "since": None if full else since,
        "plans": state.plans_for(db, sources, full=full), "full": full, "throttle": throttle,
        "max_pages": max_pages, "pipelines": pipelines, "spool_dir": str(run_dir), "db": str(db.resolve())})
    shared = engine.Shared(redis_url, crawl)
    jobs = [engine.Job(sources, db, run_dir / f"spool-{socket.gethostname()}-{i}.jsonl", run_dir / "job",
                       full=full, throttle=throttle, max_pages=max_pages, pipelines=pipelines, log_file=log_file,
                       extract_workers=extract_workers, shared=shared) for i in range(workers)]
    merge = distributed.merge_counters
    finished = engine.run_many(jobs, on_progress and (lambda latest: on_progress(merge(latest))))
    report.workers_lost = sum(c is None for c in finished)
    report.worker_pages = [sum(s.get("pages", 0) for s in c.values()) for c in finished if c is not None]
    report.requeued = distributed.reclaim_dead(server, crawl)
    # workers on other hosts (with none here: until they have done the crawl)
    left = distributed.wait_for_workers(server, crawl, until_done=not workers, on_poll=on_progress and (
        lambda _: on_progress(merge(distributed.counters(server, crawl)))))
    counters = merge(distributed.counters(server, crawl))  # a dead worker's: as of its last heartbeat
    if not left.done:
        report.engine_error = (f"the shared crawl {crawl} is unfinished ({left.queued} request(s) queued, "
                               f"{left.leased} in flight in Redis); run it again to go on")
    for s in sources:
        c = counters.get(s.id, {})
        r = report.sources.setdefault(s.id, SourceReport())
        r.pages, r.relevant, r.errors = (c.get(k, 0) for k in ("pages", "relevant", "errors"))
        r.last_error = c.get("last_error")
        r.answered = sum(c.get(k, 0) for k in ("pages", "listing_pages", "feeds", "sitemaps"))
    if on_writing:
        on_writing()
    spools = sorted(run_dir.glob("spool*.jsonl"))
    with store.writer(db, command="crawl") as con:
        _upsert_sources(con, sources)
        _load_spool(con, spools, report, originals)
        report.finished = datetime.now(timezone.utc)
        _record_run(con, report)
        if left.done:  # an unfinished crawl leaves its sources' state as it was
            state.record(con, sources, counters, report.finished, full=full)
    if left.done:
        distributed.finish(server, crawl)
        shutil.rmtree(run_dir, ignore_errors=True)
    else:
        for spool in spools:  # stored; the resumed crawl spools afresh
            spool.unlink(missing_ok=True)
    return report


def _record_run(con: duckdb.DuckDBPyConnection, report: CrawlReport) -> None:
    report.run_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM crawl_runs").fetchone()[0]
    errors = "; ".join([report.engine_error] * bool(report.engine_error) + [
        f"{sid}: {r.last_error}" for sid, r in report.sources.items() if r.last_error]) or None
    con.execute("INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?)",
                [report.run_id, report.started, report.finished, report.status, errors])
    for sid, r in report.sources.items():
        con.execute("INSERT INTO crawl_run_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [report.run_id, sid, r.pages, r.new_articles, r.relevant, r.duplicates, r.errors, r.last_error])
