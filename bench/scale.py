"""Scale-out on this machine: the same crawl by 1 and by 2 workers sharing a Redis.

    .venv/bin/python bench/scale.py [--articles 2000]

crawl_line(): the packaged mirror (--articles article pages, 50 a listing
page) served on loopback, crawled with every pipeline on (page extraction,
relevance, NLP, spool) and throttling off into a fresh warehouse, once by
`antq crawl --workers 1` and once by `--workers 2`, both through a
redis-server of its own (Debian's, on a free port, stopped by its PID);
and, for reference, once in the one-machine mode (no Redis).
Pages/s is article pages over the whole crawl (engines' start with their
NLP models, fetching, the loader's store). Duplicates are articles stored
more than once. Peak memory is each engine process's maximum RSS (the largest
of the workers) and the loader's.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def child(workers: str, registry: str, db: str, workdir: str, redis_url: str) -> None:
    """Runs one shared crawl from this process (its loader) and prints its figures as JSON."""
    from crawler import registry as reg
    from crawler.run import crawl
    from warehouse import store

    t0 = time.perf_counter()
    fetched = []  # when the engines were done and the loader began to store
    report = crawl(reg.load(registry), Path(db), workdir=Path(workdir), throttle=False, max_pages=10_000,
                   redis_url=redis_url or None, workers=int(workers),
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
    import redis

    from antq import children

    if shutil.which("redis-server") is None:
        raise SystemExit("bench/scale.py needs redis-server (Debian: apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = children.start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                           "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"

    def answers() -> bool:
        try:
            return redis.Redis.from_url(url).ping()
        except redis.ConnectionError:
            return False

    try:
        deadline = time.monotonic() + 20
        while not answers():
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not answer")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait()


def run_child(workers: int, registry: Path, tmp: Path, redis_url: str) -> dict:
    """One crawl into a fresh warehouse ('' as redis_url: the one-machine mode, no Redis)."""
    name = f"{workers}{'r' if redis_url else ''}"
    out = subprocess.run([sys.executable, __file__, "--child", str(workers), str(registry),
                          str(tmp / f"w{name}.duckdb"), str(tmp / f"work{name}"), redis_url],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def crawl_line(articles: int = 2000) -> str:
    """`crawl: 1 worker A pages/s, 2 workers B pages/s, ratio R, duplicates D` and the peak memory."""
    from crawler.mirror import MirrorServer, build_sites, registry_toml

    tmp = Path(tempfile.mkdtemp())
    load = os.getloadavg()[0]  # other work on the machine takes cores the workers would use
    sites = build_sites(articles)
    for s in sites:
        s.page_size = 50
    with MirrorServer(sites), redis_server() as url:
        (tmp / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        alone = run_child(1, tmp / "mirror.toml", tmp, "")
        one = run_child(1, tmp / "mirror.toml", tmp, url)
        two = run_child(2, tmp / "mirror.toml", tmp, url)
        serving = time.process_time()  # this process served the mirror's pages to all three crawls
    shutil.rmtree(tmp, ignore_errors=True)
    a, b = (r["pages"] / r["seconds"] for r in (one, two))
    return (f"crawl: 1 worker {a:,.1f} pages/s, 2 workers {b:,.1f} pages/s, ratio {b / a:.2f}, "
            f"duplicates {one['duplicates'] + two['duplicates']}\n"
            f"  one machine, no Redis: {alone['pages'] / alone['seconds']:,.1f} pages/s "
            f"({alone['pages']:,} pages in {alone['seconds']:.1f} s)\n"
            f"  load average before: {load:.1f} on {os.cpu_count()} cores; the engines used "
            f"{one['engines_cpu']:.0f} s of CPU alone, {two['engines_cpu']:.0f} s as two; serving the mirror "
            f"took {serving:.0f} s of CPU over the three crawls\n"
            f"  1 worker: {one['pages']:,} pages in {one['seconds']:.1f} s (of which the loader's store "
            f"{one['store_seconds']:.1f} s), {one['stored']:,} articles stored; "
            f"peak memory: engine {one['engine_mb']:.0f} MB, loader {one['loader_mb']:.0f} MB\n"
            f"  2 workers: {two['pages']:,} pages ({' + '.join(map(str, two['per_worker']))}) in "
            f"{two['seconds']:.1f} s (store {two['store_seconds']:.1f} s), {two['stored']:,} articles stored; "
            f"peak memory: each engine at most "
            f"{two['engine_mb']:.0f} MB, loader {two['loader_mb']:.0f} MB")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(*sys.argv[2:7])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    a = ap.parse_args()
    print(crawl_line(a.articles))


if __name__ == "__main__":
    main()
