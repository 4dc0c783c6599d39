"""Page extraction and the NLP stage (crawler/record.py) in a pool of worker
processes, so that reading pages uses every core and the crawl's reactor is
not held by one. Workers only compute: a page goes in, its PageRecord comes
back; whoever owns the pool decides what to do with it (the crawl spools it,
`antq reextract` hands it to the single writer).

A page may take at most ANTQ_PAGE_CPU_LIMIT seconds of CPU (default 60; an
article takes a few hundredths): past that the kernel stops its worker
(RLIMIT_CPU), so a page built to make extraction run forever cannot hold a
core. A worker that dies (so stopped, or crashed by a page, or out of memory)
breaks a concurrent.futures pool and fails every page in flight with it. The
pool is then replaced, and those pages are read again one at a time in a pool
of their own: an innocent page reads there as usual, and the page that kills
its worker again is the one that did it, reported as WorkerDied.

The pool is owned by one thread (the crawl's reactor, the re-extraction's
main thread): every call happens on it, and `hand_back(fn)` is how the pool's
own threads ask the owner to run fn. Worker processes are started on the
owner's thread too, since the parent-death signal (antq/children.py) follows
the thread that started them."""
from __future__ import annotations

import math
import os
import queue
import resource
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_context
from typing import Callable, Iterable, Iterator

from antq.children import die_with_parent
from crawler import record
from crawler.registry import Source

PAGE_CPU_LIMIT = 60.0  # seconds of CPU a page may take in a worker, unless $ANTQ_PAGE_CPU_LIMIT says otherwise


class BadSetting(ValueError):
    """An environment setting antq cannot read; the message says which and why."""


class WorkerDied(Exception):
    """The page's worker process died while reading it, twice (the second time alone)."""


@dataclass(frozen=True)
class PageTask:
    """What a worker needs to read one page (it pickles across)."""
    body: bytes
    url: str
    source: Source | None
    fetched_at: datetime | None = None
    content_type: str | None = None

    def read(self) -> record.PageRecord:
        return record.read(self.body, self.url, self.source, fetched_at=self.fetched_at,
                           content_type=self.content_type)


WARM_UP = "Công an xã có 12 tổ an ninh."  # a sentence of ours that wakes every component


WORKER_MEMORY = 1 << 30  # bytes of RAM each default worker may count on (its models take about 350 MB)


def default_workers() -> int:
    """One worker per core this process may run on, at most one per WORKER_MEMORY of RAM."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return cores
    return max(1, min(cores, memory // WORKER_MEMORY))


def page_cpu_limit() -> float:
    raw = os.environ.get("ANTQ_PAGE_CPU_LIMIT")
    if raw is None:
        return PAGE_CPU_LIMIT
    try:
        limit = float(raw)
    except ValueError:
        limit = float("nan")
    if not limit >= 1:
        raise BadSetting(f"ANTQ_PAGE_CPU_LIMIT must be a number of seconds, at least 1, not {raw!r}")
    return limit


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


_cpu_limit = PAGE_CPU_LIMIT  # in a worker: the limit its owner gave


def _read(task: PageTask) -> record.PageRecord:
    """Reads one page in a worker under the CPU limit (the soft one, raised again after)."""
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    limit = math.ceil(_cpu_seconds() + _cpu_limit)
    resource.setrlimit(resource.RLIMIT_CPU, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    try:
        return task.read()
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def _start_worker(parent: int, cpu_limit: float) -> None:
    global _cpu_limit
    die_with_parent(parent)
    _cpu_limit = cpu_limit
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))  # no core files
    # Ctrl-C reaches the whole process group; the owner stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import nlp

    nlp.extract(WARM_UP)  # the pipeline and its models load once per worker, before its first page


Outcome = record.PageRecord | BaseException
Done = Callable[[Outcome], None]


class ExtractionPool:
    """Worker processes that read pages; see the module's docstring for who calls what, where."""

    def __init__(self, workers: int, hand_back: Callable[[Callable[[], None]], None]):
        self.workers = workers
        self.hand_back = hand_back
        self.owner = os.getpid()
        self.cpu_limit = page_cpu_limit()
        self.pool = self._new(workers)
        self.generation = 0  # bumped each time a dead worker's pool is replaced
        self.alone: ProcessPoolExecutor | None = None  # reads the suspects, one at a time
        self.suspects: deque[tuple[PageTask, Done]] = deque()
        self.suspect_running = False
        self.closed = False

    def _new(self, workers: int) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                   initargs=(self.owner, self.cpu_limit))
        for _ in range(workers):  # a pool starts a worker per task submitted: start them all now, models loading
            pool.submit(os.getpid)  # while the first pages are fetched
        return pool

    def submit(self, task: PageTask, done: Done) -> None:
        """Reads task in a worker; done(record or exception) is then called on the owner's thread."""
        generation = self.generation
        try:
            future = self.pool.submit(_read, task)
        except BrokenProcessPool:
            self._suspect(task, done, generation)
            return
        future.add_done_callback(lambda f: self.hand_back(lambda: self._settled(f, task, done, generation)))

    def _settled(self, future: Future, task: PageTask, done: Done, generation: int) -> None:
        if future.cancelled():  # the pool was stopped with the page still queued
            return
        error = future.exception()
        if isinstance(error, BrokenProcessPool):
            self._suspect(task, done, generation)
        else:
            done(error or future.result())

    def _suspect(self, task: PageTask, done: Done, generation: int) -> None:
        """A page in flight when a worker died: the pool is replaced (once per death)
        and the page queued to be read alone."""
        if self.closed:
            done(WorkerDied("the extraction pool was stopped"))
            return
        if generation == self.generation:
            self.generation += 1
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new(self.workers)
        self.suspects.append((task, done))
        self._next_suspect()

    def _next_suspect(self) -> None:
        if self.suspect_running or not self.suspects or self.closed:
            return
        task, done = self.suspects.popleft()
        self.suspect_running = True
        if self.alone is None:
            self.alone = self._new(1)
        future = self.alone.submit(_read, task)
        future.add_done_callback(lambda f: self.hand_back(lambda: self._settled_alone(f, done)))

    def _settled_alone(self, future: Future, done: Done) -> None:
        self.suspect_running = False
        if future.cancelled():
            return
        error = future.exception()
        if isinstance(error, BrokenProcessPool):
            self.alone.shutdown(wait=False, cancel_futures=True)
            self.alone = None
            done(WorkerDied("its extraction worker process died reading it"))
        else:
            done(error or future.result())
        self._next_suspect()

    def close(self) -> None:
        """Stops the workers; pages still queued are dropped."""
        self.closed = True
        for pool in (self.pool, self.alone):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        for task, done in self.suspects:
            done(WorkerDied("the extraction pool was stopped"))
        self.suspects.clear()


def read_all(tasks: Iterable[PageTask], workers: int, window: int | None = None
             ) -> Iterator[tuple[PageTask, record.PageRecord | WorkerDied]]:
    """Each task with its record, in the order of tasks, read by `workers` processes
    (at most `window` pages in flight); a page whose worker died comes with WorkerDied.
    With one worker or none, pages are read in this process, as they always were."""
    if workers <= 1:
        for task in tasks:
            yield task, task.read()
        return
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    pool = ExtractionPool(workers, inbox.put)
    window = window or 4 * workers
    in_flight: deque[tuple[PageTask, list]] = deque()  # each with its outcome once known
    try:
        tasks = iter(tasks)
        while True:
            while len(in_flight) < window and (task := next(tasks, None)) is not None:
                slot: list = []
                in_flight.append((task, slot))
                pool.submit(task, slot.append)
            if not in_flight:
                return
            while not in_flight[0][1]:
                inbox.get()()  # the pool's hand-back, run here on the owner's thread
            task, (outcome,) = in_flight.popleft()
            if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerDied):
                raise outcome
            yield task, outcome
    finally:
        pool.close()
