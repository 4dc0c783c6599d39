"""Scaling past one core, on the packaged mirror.

    .venv/bin/python bench/scale.py [--articles 1000]

- reextract: `antq reextract` with 1 process, then 2, over copies of one
  warehouse crawled from the mirror whose facts are all stale (as after an NLP
  upgrade), so each run reads and rewrites every article: articles/s, ratio,
  and the peak memory of the writing process and of the largest worker.
- crawl pool: the one-machine crawl's full pipeline with pages read in the
  engine's process (--extract-workers 1) and in a pool of 2: pages/s, ratio.
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
import time
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


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *args = sys.argv[2:]
        return {"reextract": child_reextract, "crawl": child_crawl}[kind](*args)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles the mirror publishes")
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
            _, db = crawl_pool_line(registry, tmp)
        reextract_line(registry, db, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
