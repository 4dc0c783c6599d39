"""The crawl shared through a real Redis (crawler/distributed.py): `antq crawl
--redis URL --workers 2` runs two engines that pull from one queue, against
the packaged mirror or a loopback site that records what it is asked."""
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

from crawler import distributed
from tests import processes
from tests.crawler.test_crawl import rows


def crawl(tmp_path, registry, redis_url, *extra, env=None, wait=True):
    cmd = [sys.executable, "-m", "antq", "crawl", "--sources", str(registry), "--db", str(tmp_path / "w.duckdb"),
           "--workdir", str(tmp_path / "work"), "--redis", redis_url, *extra]
    environment = {**os.environ, "ANTQ_DOWNLOAD_TIMEOUT": "3", "ANTQ_BACKOFF_BASE": "0.2", **(env or {})}
    if not wait:  # output to a file: an unread pipe would fill and stall the crawl
        log = (tmp_path / "crawl.log").open("w")
        return subprocess.Popen(cmd, env=environment, stdout=log, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(cmd, env=environment, capture_output=True, text=True, timeout=300)


def crawl_keys(redis_url) -> list[bytes]:
    return redis.Redis.from_url(redis_url).keys("antq:*")


def test_two_workers_store_every_article_once(mirror, tmp_path, redis_url):
    result = crawl(tmp_path, tmp_path / "mirror.toml", redis_url, "--workers", "2", "--no-throttle")
    assert result.returncode == 0, result.stderr[-2000:]
    # both engines crawled: the line reads "2 worker(s) on this host fetched A + B article page(s)"
    line = next(x for x in result.stdout.splitlines() if "worker(s) on this host" in x)
    a, b = (int(n) for n in line.split("fetched ")[1].split(" article")[0].split(" + "))
    assert a > 0 and b > 0 and a + b >= 61
    # as one engine stores them (tests/crawler/test_crawl.py): the mirror's 61 pages, the syndicated copy marked
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(61, 61)]
    assert rows(tmp_path, "SELECT count(*) FROM pages") == [(61,)]
    assert rows(tmp_path, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL") == [(1,)]
    assert rows(tmp_path, "SELECT count(*) FROM crawl_state WHERE state = 'up_to_date'") == [(5,)]
    assert crawl_keys(redis_url) == []  # a stored crawl leaves nothing in Redis
    again = crawl(tmp_path, tmp_path / "mirror.toml", redis_url, "--workers", "2", "--no-throttle")
    assert again.returncode == 0, again.stderr[-2000:]
    assert rows(tmp_path, "SELECT count(*) FROM crawl_run_sources WHERE run_id = 2 AND new_articles > 0") == [(0,)]


def test_a_killed_worker_loses_nothing(mirror, tmp_path, redis_url):
    # throttled, so slow enough to be killed half-way; a worker silent 3 s is dead
    proc = crawl(tmp_path, tmp_path / "mirror.toml", redis_url, "--workers", "2", env={"ANTQ_WORKER_TTL": "3"},
                 wait=False)
    server = redis.Redis.from_url(redis_url)
    crawl_id = distributed.crawl_id(tmp_path / "w.duckdb")
    keys = distributed.Keys(crawl_id)

    def victim():
        """A worker that has spooled some items and holds leases (requests in flight)."""
        for name, info in server.hgetall(keys.workers).items():
            spool = json.loads(info)["spool"]
            done = open(spool).read().count("\n") if os.path.exists(spool) else 0
            if done >= 5 and server.hlen(keys.leases(name.decode())):
                return json.loads(info)["pid"]
        return None

    assert processes.wait_until(lambda: victim() is not None, 120), (tmp_path / "crawl.log").read_text()
    os.kill(victim(), signal.SIGKILL)
    assert proc.wait(timeout=240) == 0, (tmp_path / "crawl.log").read_text()[-2000:]
    output = (tmp_path / "crawl.log").read_text()
    assert "1 died, their requests went back to the queue" in output
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(61, 61)]
    assert rows(tmp_path, "SELECT count(*) FROM pages") == [(61,)]
    assert crawl_keys(redis_url) == []
    rerun = crawl(tmp_path, tmp_path / "mirror.toml", redis_url, "--workers", "2", "--no-throttle")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(61, 61)]


class RecordingSite:
    """One loopback host with a listing of `n` articles, each answered after `slow`
    seconds; it records when each request started and ended."""

    def __init__(self, n: int, slow: float, busy: dict[str, int] | None = None):
        self.n, self.slow = n, slow
        self.busy = dict(busy or {})  # path -> Retry-After seconds of its first answer, a 429
        self.requests: list[tuple[float, float]] = []
        self.refused: list[float] = []  # when each 429 was sent
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                start = time.monotonic()
                with site.lock:
                    wait = site.busy.pop(self.path, None)
                if wait is not None:
                    self.send_response(429)
                    self.send_header("Retry-After", str(wait))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    with site.lock:
                        site.requests.append((start, time.monotonic()))
                        site.refused.append(time.monotonic())
                    return
                if self.path == "/":
                    body = "".join(f'<a href="/tin/bai-{i}.html">Bài {i}</a>' for i in range(site.n))
                    time.sleep(site.slow)
                elif self.path.startswith("/tin/bai-"):
                    body = f"<article><h1>Bài số {self.path}</h1><p>{'Nội dung bài viết. ' * 40}</p></article>"
                    time.sleep(site.slow)
                else:
                    self.send_error(404)
                    body = None
                if body is not None:
                    data = f"<html><body>{body}</body></html>".encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                with site.lock:
                    site.requests.append((start, time.monotonic()))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def registry(self, path):
        path.write_text(f'[[source]]\nid = "one-host"\nname = "One host"\nkind = "police"\nhome = "{self.base}/"\n'
                        f'start_urls = ["{self.base}/"]\narticle = "^/tin/"\n', encoding="utf-8")
        return path

    def most_at_once(self) -> int:
        edges = sorted([(s, 1) for s, _ in self.requests] + [(e, -1) for _, e in self.requests])
        now = peak = 0
        for _, step in edges:
            now += step
            peak = max(peak, now)
        return peak

    def shortest_gap(self) -> float:
        starts = sorted(s for s, _ in self.requests)
        return min(b - a for a, b in itertools.pairwise(starts))


def test_a_hosts_concurrency_holds_across_workers(tmp_path, redis_url):
    # each engine alone may ask a host twice at once (CONCURRENT_REQUESTS_PER_DOMAIN); two may not ask four times
    with RecordingSite(24, slow=0.3) as site:
        result = crawl(tmp_path, site.registry(tmp_path / "one.toml"), redis_url, "--workers", "2", "--no-throttle")
        assert result.returncode == 0, result.stderr[-2000:]
        assert len(site.requests) >= 25  # robots.txt, the listing, 24 articles
        assert site.most_at_once() == 2
    assert rows(tmp_path, "SELECT count(*) FROM pages") == [(24,)]


def test_a_hosts_delay_holds_across_workers(tmp_path, redis_url):
    # throttled: DOWNLOAD_DELAY 0.5 s between two requests to a host, whichever workers send them
    with RecordingSite(30, slow=0) as site:
        result = crawl(tmp_path, site.registry(tmp_path / "one.toml"), redis_url, "--workers", "2")
        assert result.returncode == 0, result.stderr[-2000:]
        assert site.shortest_gap() >= 0.4  # 0.5 s by Redis's clock; the host sees each a little after
    assert rows(tmp_path, "SELECT count(*) FROM pages") == [(30,)]


def test_a_host_held_off_after_a_429_waits_for_every_worker(redis_url):
    # what a worker does when a host answers 429 (crawler/politeness.py): any worker's
    # next token for that host waits the back-off, by Redis's clock; other hosts do not
    from crawler.politeness import hold_off, take

    server, keys = redis.Redis.from_url(redis_url), distributed.Keys("hold-off-test")
    assert take(server, keys, "a.vn", "one", 2, 0, 5000) == 0
    assert hold_off(server, keys, "a.vn", 2000) > 1900
    assert hold_off(server, keys, "a.vn", 500) > 1900  # a shorter back-off does not shorten it
    assert 1800 < take(server, keys, "a.vn", "two", 2, 0, 5000) <= 2000
    assert take(server, keys, "b.vn", "three", 2, 0, 5000) == 0


def test_a_host_that_answers_429_is_left_alone_by_every_worker(tmp_path, redis_url):
    # unthrottled, two workers ask the host as fast as it answers, until it says 429 with
    # Retry-After 2: then only requests granted before the worker read that answer may
    # still start in the next 2 s (by Redis's clock), whichever worker holds the queue
    with RecordingSite(40, slow=0.05, busy={"/tin/bai-6.html": 2}) as site:
        result = crawl(tmp_path, site.registry(tmp_path / "one.toml"), redis_url, "--workers", "2", "--no-throttle")
        assert result.returncode == 0, result.stderr[-2000:]
        refused, = site.refused
        held = [s for s, _ in site.requests if refused < s < refused + 1.8]
        # the other slot's request, and at most one more taken while the 429 was on its way
        assert len(held) <= 2 and max(s for s, _ in site.requests) - refused >= 1.8
    assert rows(tmp_path, "SELECT count(*) FROM pages") == [(40,)]


def test_workers_need_redis_and_say_so_in_one_line(tmp_path):
    dead = f"redis://127.0.0.1:{processes.free_port()}/0"
    with RecordingSite(1, slow=0) as site:
        registry = site.registry(tmp_path / "one.toml")
    result = crawl(tmp_path, registry, dead, "--workers", "2")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"antq: Redis at {dead} does not answer")
    assert "Traceback" not in result.stderr
    worker = subprocess.run([sys.executable, "-m", "antq", "worker", "--redis", dead], capture_output=True, text=True,
                            timeout=60)
    assert worker.returncode == 1
    assert [line for line in worker.stderr.splitlines() if line.strip()] == [
        next(line for line in worker.stderr.splitlines() if line.startswith(f"antq: Redis at {dead} does not answer"))]
    alone = subprocess.run([sys.executable, "-m", "antq", "crawl", "--db", str(tmp_path / "w.duckdb"), "--workers",
                            "2"], capture_output=True, text=True, timeout=60,
                           env={k: v for k, v in os.environ.items() if k != "ANTQ_REDIS_URL"})
    assert alone.returncode == 1 and "--workers needs a Redis" in alone.stderr


def test_workers_counters_add_up_and_their_unfinished_listings_unite():
    one = {"s": {"pages": 3, "errors": 0, "resume": '[["http://a/list", 4]]', "last_error": None}}
    two = {"s": {"pages": 5, "errors": 1, "resume": '[["http://a/other", 2]]', "last_error": "http://a/x: timeout"}}
    merged = distributed.merge_counters([one, two])["s"]
    assert merged["pages"] == 8 and merged["errors"] == 1 and merged["last_error"] == "http://a/x: timeout"
    assert json.loads(merged["resume"]) == [["http://a/list", 4], ["http://a/other", 2]]


def test_a_worker_started_on_its_own_joins_the_loaders_crawl(mirror, tmp_path, redis_url):
    # `antq crawl --workers 0` only loads; `antq worker`, as on another host, seeds and crawls
    loader = crawl(tmp_path, tmp_path / "mirror.toml", redis_url, "--workers", "0", "--no-throttle", wait=False)
    worker = subprocess.run([sys.executable, "-m", "antq", "worker", "--redis", redis_url, "--wait", "60"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path,
                            env={**os.environ, "ANTQ_DB": str(tmp_path / "elsewhere.duckdb")})
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert "this worker fetched 61 article page(s)" in worker.stdout
    assert loader.wait(timeout=120) == 0, (tmp_path / "crawl.log").read_text()[-2000:]
    assert "no worker on this host: the workers elsewhere fetched 61 article page(s)" in (
        tmp_path / "crawl.log").read_text()
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(61, 61)]
    assert crawl_keys(redis_url) == []



def test_the_listing_budget_is_spent_by_all_workers_together(redis_url):
    from scrapy.settings import Settings

    from crawler.registry import Source

    source = Source(id="s", name="S", kind="police", home="http://127.0.0.1:9/")

    def worker(name):
        spider = distributed.SharedPortalSpider(sources=[source], max_pages=5)  # 3 chains of 5: 15 listing pages
        spider.settings = Settings({"ANTQ_CRAWL": "budget-test", "REDIS_URL": redis_url, "ANTQ_WORKER": name})
        return spider

    one, two = worker("a"), worker("b")
    spent = [spider._spend_listing("s") for _ in range(10) for spider in (one, two)]
    assert spent.count(True) == 15 and spent[-5:] == [False] * 5
