"""The weekly job: one run at a time (a lock file holding the runner's pid; a
lock left by a killed run is noticed and cleared), a log file per run under
data/logs/, an incremental crawl of the enabled sources with extraction and
loading, and a verdict that fails only when something is really wrong."""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

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


class RunLocked(Exception):
    """Another run holds the lock."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def run_lock(path: Path) -> Iterator[str | None]:
    """Hold the run lock; yields a note when a stale lock was cleared."""
    path.parent.mkdir(parents=True, exist_ok=True)
    note = None
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            holder = path.read_text().strip() or "0"
            if holder.isdigit() and _alive(int(holder)) and int(holder) != os.getpid():
                raise RunLocked(f"another antq run (pid {holder}) is in progress; {path} is its lock") from None
            note = f"cleared a stale lock left by pid {holder}, which is no longer running"
            path.unlink(missing_ok=True)
    else:
        raise RunLocked(f"could not take the lock {path}")
    with os.fdopen(fd, "w") as f:
        f.write(str(os.getpid()))
    try:
        yield note
    finally:
        path.unlink(missing_ok=True)


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
               log: Path | None = None) -> CrawlReport:
    """An incremental crawl of the sources with extraction and loading (crawler.run does all three).
    log: the run's log file, where the engine's process writes its warnings too."""
    logging.getLogger("antq").info("run of %d sources into %s", len(sources), db)
    report = crawl(sources, db, workdir=workdir, throttle=throttle, log_file=log, on_progress=_progress_logger())
    logging.getLogger("antq").info("crawl run %d: %s", report.run_id, report.status)
    for sid, r in report.sources.items():
        if r.errors:
            logging.getLogger("antq").warning("%s: %d error(s); last: %s", sid, r.errors, r.last_error)
    return report
