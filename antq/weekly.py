"""The weekly job: a log file per run under data/logs/, an incremental crawl of
the enabled sources with extraction and loading, and a verdict that fails only
when something is really wrong. One command writes a database at a time: the
crawl holds the warehouse's writer lock (warehouse/store.py), which the caller
may take first to hold it for the whole job."""
from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from crawler.registry import Source
from crawler.run import CrawlReport, crawl


def _progress_logger(every: float = 60.0):
    """Logs the crawl's totals at most once a minute, for whoever follows the log."""
    last = time.monotonic()

    def log(counters: dict[str, dict]) -> None:
        nonlocal last
        if time.monotonic() - last >= every:
            last = time.monotonic()
            totals = {k: sum(c[k] for c in counters.values()) for k in ("pages", "relevant", "errors")}
            logging.getLogger("antq").info("so far: %(pages)d pages, %(relevant)d relevant, %(errors)d errors", totals)
    return log


def log_file(logs: Path, kind: str = "run") -> Path:
    """A new log file under logs/ that this process's and the engine's records go to."""
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / f"{kind}-{datetime.now():%Y%m%d-%H%M%S}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger("antq").setLevel(logging.INFO)  # the run's own account; libraries stay at warnings
    return path


def weekly_run(sources: list[Source], db: Path, *, workdir: Path, throttle: bool = True,
               log: Path | None = None, extract_workers: int | None = None) -> CrawlReport:
    """An incremental crawl of the sources with extraction and loading (crawler.run does all three).
    log: the run's log file, where the engine's process writes its warnings too;
    extract_workers: processes reading pages (default: one per core)."""
    logging.getLogger("antq").info("run of %d sources into %s", len(sources), db)
    report = crawl(sources, db, workdir=workdir, throttle=throttle, log_file=log, extract_workers=extract_workers,
                   on_progress=_progress_logger())
    logging.getLogger("antq").info("crawl run %d: %s", report.run_id, report.status)
    for sid, r in report.sources.items():
        if r.errors:
            logging.getLogger("antq").warning("%s: %d error(s); last: %s", sid, r.errors, r.last_error)
    return report
