"""Scaling past one core and one machine, on the packaged mirror.

    .venv/bin/python bench/scale.py [--articles 2000]

One mirror (--articles article pages, 50 a listing page) is served on loopback
and every crawl runs with every pipeline on (page extraction, relevance, NLP,
spool) and throttling off, into a fresh warehouse:

- crawl pipeline: the one-machine crawl with pages read in the engine's process
  (--extract-workers 1) and in a pool of 2: pages/s, ratio.
- crawl: the crawl shared through a redis-server of its own (Debian's, on a free
  port, stopped by its PID) by `antq crawl --redis --workers 1` and `--workers 2`:
  pages/s over the whole crawl (engines' start with their NLP models, fetching,
  the loader's store), ratio, articles stored more than once, and peak memory
  (each engine's maximum RSS, the largest of the workers, and the loader's).
- reextract: `antq reextract` with 1 process, then 2, over copies of the pooled
  crawl's warehouse whose facts are all stale (as after an NLP upgrade), so each
  run reads and rewrites every article: articles/s, ratio, and the peak memory of
  the writing process and of the largest worker.
Each measured run is a process of its own (`--child`), which prints JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import socket
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_s(who: int) -> float:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime


def child_reextract(registry: str, db: str, workers: str) -> None:
    from crawler import registry as reg
    from crawler.reextract import reextract

    t0, seen = time.perf_counter(), []
    stats = reextract(Path(db), reg.load(registry), workers=int(workers), on_page=lambda: seen.append(time.perf_counter()))
    print(json.dumps({"articles": stats.seen, "changed": stats.loaded, "seconds": time.perf_counter() - t0,
                      "steady": _steady([(t, 1) for t in seen]),
                      "self_mb": _peak_mb(resource.RUSAGE_SELF), "largest_child_mb": _peak_mb(resource.RUSAGE_CHILDREN),
                      "self_cpu": _cpu_s(resource.RUSAGE_SELF), "children_cpu": _cpu_s(resource.RUSAGE_CHILDREN)}))


def child_crawl(registry: str, db: str, workdir: str, workers: str) -> None:
    from crawler import registry as reg
    from crawler.run import crawl

    t0, progress = time.perf_counter(), []

    def counted(counters: dict) -> None:
        progress.append((time.perf_counter(), sum(c["pages"] for c in counters.values())))

    report = crawl(reg.load(registry), Path(db), workdir=Path(workdir), throttle=False, max_pages=10_000,
                   extract_workers=int(workers), on_progress=counted)
    steps = [(t, n - m) for (t, n), (_, m) in zip(progress, [(t0, 0)] + progress)]
    print(json.dumps({"pages": sum(r.pages for r in report.sources.values()), "seconds": time.perf_counter() - t0,
                      "steady": _steady(steps),
                      "self_mb": _peak_mb(resource.RUSAGE_SELF), "largest_child_mb": _peak_mb(resource.RUSAGE_CHILDREN),
                      "self_cpu": _cpu_s(resource.RUSAGE_SELF), "children_cpu": _cpu_s(resource.RUSAGE_CHILDREN)}))


def _steady(events: list[tuple[float, int]]) -> float:
    """Items per second from the 10th to the 90th percentile of items done: the rate
    while working, without starting the processes, loading models or writing at the end."""
    total = sum(n for _, n in events)
    done, marks = 0, []
    for t, n in events:
        done += n
        marks.append((done, t))
    (lo_n, lo_t), (hi_n, hi_t) = (next(m for m in marks if m[0] >= total * q) for q in (0.1, 0.9))
    return (hi_n - lo_n) / (hi_t - lo_t) if hi_t > lo_t else float("nan")


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _stale_copy(db: Path, to: Path) -> Path:
    """A copy of db whose every article must be extracted and written again."""
    from warehouse import store

    shutil.copy(db, to)
    with store.writer(to) as con:
        con.execute("UPDATE articles SET extraction_hash = 'stale'")
    return to


def _load() -> str:
    """The machine's load when a line is printed: other work shares these cores."""
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _said(line: str) -> str:
    print(line, flush=True)
    return line


def reextract_line(registry: Path, db: Path, tmp: Path) -> str:
    """Prints (and returns) `antq reextract` with 1 process and with 2 over the same stale warehouse."""
    one = _run("reextract", str(registry), str(_stale_copy(db, tmp / "re1.duckdb")), "1")
    two = _run("reextract", str(registry), str(_stale_copy(db, tmp / "re2.duckdb")), "2")
    a, b = one["articles"] / one["seconds"], two["articles"] / two["seconds"]
    return _said(f"reextract: 1 process {a:,.1f} articles/s, 2 processes {b:,.1f} articles/s, ratio {b / a:.2f} "
            f"({one['articles']:,} articles, {one['changed']:,} and {two['changed']:,} rewritten)\n"
            f"  while reading (10%-90% of pages): {one['steady']:,.1f} and {two['steady']:,.1f} pages/s, "
            f"ratio {two['steady'] / one['steady']:.2f}\n"
            f"  peak memory: 1 process {one['self_mb']:.0f} MB; 2 processes: the writer {two['self_mb']:.0f} MB, "
            f"each worker at most {two['largest_child_mb']:.0f} MB\n"
            f"  CPU: 1 process {one['self_cpu']:.1f} s; 2 processes: the writer {two['self_cpu']:.1f} s, "
            f"the workers {two['children_cpu']:.1f} s (starting them included); {_load()}")


def crawl_pool_line(registry: Path, tmp: Path) -> tuple[str, Path]:
    """Prints the one-machine crawl, full pipeline, pages read in the engine vs in a pool
    of 2; returns that line and the warehouse the pooled crawl filled."""
    one = _run("crawl", str(registry), str(tmp / "crawl1.duckdb"), str(tmp / "work1"), "1")
    two = _run("crawl", str(registry), str(tmp / "crawl2.duckdb"), str(tmp / "work2"), "2")
    a, b = one["pages"] / one["seconds"], two["pages"] / two["seconds"]
    return _said(f"crawl pipeline: pages read in the engine {a:,.1f} pages/s, in a pool of 2 {b:,.1f} pages/s, "
            f"ratio {b / a:.2f} ({one['pages']:,} and {two['pages']:,} article pages)\n"
            f"  while crawling (10%-90% of pages): {one['steady']:,.1f} and {two['steady']:,.1f} pages/s, "
            f"ratio {two['steady'] / one['steady']:.2f}\n"
            f"  peak memory of the largest process: engine reading {one['largest_child_mb']:.0f} MB; "
            f"with the pool {two['largest_child_mb']:.0f} MB\n"
                 f"  CPU of the engine and its workers: {one['children_cpu']:.1f} s and {two['children_cpu']:.1f} s; "
                 f"{_load()}"), tmp / "crawl2.duckdb"


def child_shared(registry: str, db: str, workdir: str, workers: str, redis_url: str) -> None:
    """Runs one shared crawl from this process (its loader) and prints its figures as JSON."""
    from crawler import registry as reg
    from crawler.run import crawl
    from warehouse import store

    t0 = time.perf_counter()
    fetched = []  # when the engines were done and the loader began to store
    report = crawl(reg.load(registry), Path(db), workdir=Path(workdir), throttle=False, max_pages=10_000,
                   redis_url=redis_url, workers=int(workers),
                   on_writing=lambda: fetched.append(time.perf_counter()))
    seconds = time.perf_counter() - t0
    engines = resource.getrusage(resource.RUSAGE_CHILDREN)
    con = store.connect_reader(Path(db))
    stored, distinct = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    con.close()
    print(json.dumps({"pages": sum(r.pages for r in report.sources.values()), "seconds": seconds,
                      "store_seconds": t0 + seconds - fetched[0],
                      "stored": stored, "duplicates": stored - distinct, "per_worker": report.worker_pages,
                      "engines_cpu": engines.ru_utime + engines.ru_stime,
                      "engine_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                      "loader_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


@contextmanager
def redis_server():
    """A redis-server of its own on a free loopback port, without persistence; stopped by its PID."""
    from antq import children
    from crawler import distributed

    if shutil.which("redis-server") is None:
        raise SystemExit("bench/scale.py needs redis-server (Debian: apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = children.start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                           "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while not distributed.answers(url):
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not answer")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait()


def crawl_line(registry: Path, tmp: Path) -> str:
    """Prints (and returns) `crawl: 1 worker A pages/s, 2 workers B pages/s, ratio R, duplicates D`
    for the crawl shared through Redis, with the peak memory."""
    with redis_server() as url:
        one = _run("shared", str(registry), str(tmp / "shared1.duckdb"), str(tmp / "shared-work1"), "1", url)
        two = _run("shared", str(registry), str(tmp / "shared2.duckdb"), str(tmp / "shared-work2"), "2", url)
    a, b = (r["pages"] / r["seconds"] for r in (one, two))
    return _said(f"crawl: 1 worker {a:,.1f} pages/s, 2 workers {b:,.1f} pages/s, ratio {b / a:.2f}, "
                 f"duplicates {one['duplicates'] + two['duplicates']}\n"
                 f"  the engines used {one['engines_cpu']:.0f} s of CPU alone, {two['engines_cpu']:.0f} s as two\n"
                 f"  1 worker: {one['pages']:,} pages in {one['seconds']:.1f} s (of which the loader's store "
                 f"{one['store_seconds']:.1f} s), {one['stored']:,} articles stored; "
                 f"peak memory: engine {one['engine_mb']:.0f} MB, loader {one['loader_mb']:.0f} MB\n"
                 f"  2 workers: {two['pages']:,} pages ({' + '.join(map(str, two['per_worker']))}) in "
                 f"{two['seconds']:.1f} s (store {two['store_seconds']:.1f} s), {two['stored']:,} articles stored; "
                 f"peak memory: each engine at most {two['engine_mb']:.0f} MB, loader {two['loader_mb']:.0f} MB; "
                 f"{_load()}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *args = sys.argv[2:]
        return {"reextract": child_reextract, "crawl": child_crawl, "shared": child_shared}[kind](*args)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000, help="articles the mirror publishes")
    ap.add_argument("--shared-only", action="store_true",
                    help="only the crawl shared through Redis (on a bigger mirror, start-up weighs less)")
    a = ap.parse_args()
    from crawler.mirror import MirrorServer, build_sites, registry_toml

    tmp = Path(tempfile.mkdtemp(prefix="antq-scale-"))
    sites = build_sites(a.articles)
    for s in sites:
        s.page_size = 50
    try:
        with MirrorServer(sites):
            registry = tmp / "mirror.toml"
            registry.write_text(registry_toml(sites), encoding="utf-8")
            db = None if a.shared_only else crawl_pool_line(registry, tmp)[1]
            crawl_line(registry, tmp)
            serving = time.process_time()  # this process served the mirror's pages to every crawl
        print(f"  serving the mirror took {serving:.0f} s of CPU over the crawls", flush=True)
        if db:
            reextract_line(registry, db, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
