"""Crawl throughput against the local mirror, beside `scrapy bench` as the ceiling.

    .venv/bin/python bench/crawl.py [--pages 20000] [--full-pages 5000]

1. fetch rate: the real spider over a mirror of --pages article pages on
   loopback, throttling off, item pipelines off (what the engine and our
   discovery cost), against `scrapy bench` on this machine (pages/s, ratio);
2. full rate: the same with every pipeline on (page extraction, relevance,
   duplicates, NLP, spool) on a smaller mirror, loaded into a warehouse;
3. incremental: 2% new articles, then a second crawl: pages fetched per new article.
Each crawl runs from its own process, which starts the engine's process
(crawler/engine.py) and writes the warehouse once that has exited. Peak
memory is each process's maximum RSS, and their sum while both are alive.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
from contextlib import contextmanager
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def child(mode: str, registry: str, db: str, workdir: str) -> None:
    """Runs one crawl from this process and prints its figures as JSON."""
    from crawler import registry as reg
    from crawler.run import crawl

    sources = reg.load(registry)
    waiting_mb = _rss_mb()  # what this process holds while the engine's process crawls
    t0 = time.perf_counter()
    report = crawl(sources, Path(db), workdir=Path(workdir), throttle=False, max_pages=10_000,
                   pipelines=mode != "fetch")  # fetch: the engine and discovery only
    seconds = time.perf_counter() - t0
    pages = sum(r.pages for r in report.sources.values())
    print(json.dumps({"pages": pages, "seconds": seconds, "waiting_mb": waiting_mb,
                      "engine_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                      "writer_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def memory(r: dict) -> str:
    return (f"peak memory: engine process {r['engine_mb']:.0f} MB, while its parent waits with "
            f"{r['waiting_mb']:.0f} MB (together {r['engine_mb'] + r['waiting_mb']:.0f} MB); then the parent "
            f"writes the warehouse, peaking at {r['writer_mb']:.0f} MB")


def run_child(mode: str, registry: Path, db: Path, workdir: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(registry), str(db), str(workdir)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def scrapy_bench(seconds: int = 15) -> float:
    """Pages/s of `scrapy bench` (its own local server, no pipelines)."""
    out = subprocess.run([sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
                          "-s", "LOG_LEVEL=INFO"], capture_output=True, text=True, cwd=tempfile.mkdtemp())
    rates = [float(x) for x in re.findall(r"Crawled \d+ pages \(at (\d+) pages/min\)", out.stderr)]
    rates = [r for r in rates if r > 0]
    return (sum(rates) / len(rates) / 60) if rates else float("nan")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(*sys.argv[2:6])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--full-pages", type=int, default=5_000)
    a = ap.parse_args()
    from crawler.mirror import MirrorServer, add_articles, build_sites, registry_toml

    tmp = Path(tempfile.mkdtemp())
    ceiling = scrapy_bench()
    print(f"scrapy bench (ceiling): {ceiling:,.1f} pages/s")

    @contextmanager
    def mirror(n: int, registry: Path):
        """Sites with n articles, listing 50 a page, served, with a registry for them."""
        sites = build_sites(n)
        for s in sites:
            s.page_size = 50
        with MirrorServer(sites) as server:
            registry.write_text(registry_toml(sites), encoding="utf-8")
            yield server

    with mirror(a.pages, tmp / "big.toml") as m:
        r = run_child("fetch", tmp / "big.toml", tmp / "fetch.duckdb", tmp / "fetch-work")
        requests = sum(m.hits.values())
    rate = requests / r["seconds"]
    print(f"fetch, pipelines off: {r['pages']:,} article pages, {requests:,} requests in {r['seconds']:.1f} s = "
          f"{rate:,.1f} requests/s ({rate / ceiling:.0%} of scrapy bench)\n  {memory(r)}")

    with mirror(a.full_pages, tmp / "small.toml") as m:
        r = run_child("full", tmp / "small.toml", tmp / "full.duckdb", tmp / "full-work")
        print(f"full pipeline: {r['pages']:,} pages in {r['seconds']:.1f} s = {r['pages'] / r['seconds']:,.1f} pages/s, "
              f"loaded into the warehouse\n  {memory(r)}")
        new = max(1, a.full_pages // 50)
        add_articles(m.sites, new)
        before = sum(m.hits.values())
        r2 = run_child("full", tmp / "small.toml", tmp / "full.duckdb", tmp / "full-work")
        fetched = sum(m.hits.values()) - before
        print(f"incremental: {new} new articles (2%), second crawl made {fetched} requests "
              f"({r2['pages']} article pages) = {fetched / new:.2f} requests per new article")


if __name__ == "__main__":
    main()
