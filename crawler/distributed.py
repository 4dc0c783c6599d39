"""A crawl shared by engines on any hosts through Redis (scrapy-redis).

The frontier (scrapy-redis's priority queue) and the seen-set (its duplicate
filter) live in Redis under keys of one crawl, `antq:<crawl>:...`, where
<crawl> is named by the warehouse it goes into (crawl_id: the loader's host
and the database's path), so two warehouses never share a frontier and a
crawl whose loader was killed resumes from Redis next time. What follows is
how the workers cooperate:

- the job (sources, plans, the URLs the warehouse holds) is published once
  by the loader (`antq crawl`), and every worker reads it from Redis, so a
  worker on another host needs no warehouse; near-duplicates are marked by
  the loader, which sees every worker's items (a worker sees only its own);
- the start requests are seeded once, by the first worker to claim the
  `seeded` key (SET NX), which marks it done when all are queued; the
  others pull what it queued;
- a request popped from the queue is leased in the same Redis script: it is
  copied into the worker's `leases:<worker>` hash, and deleted from there only
  when its response (or failure) has been fully handled, its item spooled and
  its new requests queued. Each worker refreshes `alive:<worker>` (a key with
  a TTL) every BEAT seconds; the leases of a worker whose key has expired (it
  was killed) go back to the queue, moved by whichever worker sees it first,
  so a killed worker's in-flight requests are fetched by another;
- a worker closes when the queue is empty, seeding is done and no worker
  holds a lease (nothing in flight anywhere can queue more): idle-close;
- finish() deletes every key of the crawl once the loader has stored it.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import socket
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.spider import PortalSpider

# scrapy-redis 0.9.1 counts its stats the pre-2.13 way; only that warning of only that package is silenced
warnings.filterwarnings("ignore", message=r"Passing a 'spider' argument to StatsCollector",
                        module=r"scrapy_redis\.")

BEAT = 2.0  # seconds between a worker's heartbeats
ALIVE_TTL = float(os.environ.get("ANTQ_WORKER_TTL", "30"))  # a worker silent this long is dead
IDLE_POLL = 0.5  # seconds an idle worker waits before it looks at the queue again
CRAWLS = "antq:crawls"  # the open crawls' ids
SEEDED = b"done"  # the `seeded` key once every start request is queued (before: the seeding worker's name)


class RedisUnreachable(Exception):
    """Redis does not answer at the configured URL."""


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one crawl."""
    crawl: str

    def __getattr__(self, name: str) -> str:  # requests, seen, job, seeded, workers, counters
        if name.startswith("_"):
            raise AttributeError(name)
        return f"antq:{self.crawl}:{name}"

    def leases(self, worker: str) -> str:
        return f"antq:{self.crawl}:leases:{worker}"

    def alive(self, worker: str) -> str:
        return f"antq:{self.crawl}:alive:{worker}"

    def host(self, host: str) -> str:
        return f"antq:{self.crawl}:host:{host}"

    def host_next(self, host: str) -> str:
        return f"antq:{self.crawl}:host-next:{host}"

    def listings(self, source: str) -> str:
        return f"antq:{self.crawl}:listings:{source}"


def crawl_id(db: Path) -> str:
    """The crawl into this warehouse: the same on every run, so a crawl left in Redis resumes."""
    return hashlib.sha1(f"{socket.gethostname()}:{db.resolve()}".encode()).hexdigest()[:12]


def connect(url: str) -> redis.Redis:
    """A client for the Redis at url (RedisUnreachable, in one line, if it does not answer)."""
    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=5)
        server.ping()
    except (redis.RedisError, ValueError) as e:
        raise RedisUnreachable(f"Redis at {url} does not answer ({e})") from None
    return server


def answers(url: str) -> bool:
    """Whether the Redis at url answers now (for whoever started one and waits for it)."""
    try:
        connect(url)
    except RedisUnreachable:
        return False
    return True


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


# -- the job, published by the loader ------------------------------------------------

def publish(server: redis.Redis, crawl: str, job: dict) -> None:
    """The crawl's inputs for every worker (pickled: Redis is trusted, as scrapy-redis's own queue is)."""
    server.set(Keys(crawl).job, pickle.dumps(job))
    server.sadd(CRAWLS, crawl)


def job_of(server: redis.Redis, crawl: str) -> dict | None:
    raw = server.get(Keys(crawl).job)
    return pickle.loads(raw) if raw else None


def open_crawls(server: redis.Redis) -> list[str]:
    return sorted(c.decode() for c in server.smembers(CRAWLS))


def finish(server: redis.Redis, crawl: str) -> int:
    """Deletes every key of a stored crawl; returns how many."""
    keys = list(server.scan_iter(match=f"antq:{crawl}:*", count=1000))
    for i in range(0, len(keys), 1000):
        server.unlink(*keys[i:i + 1000])
    server.srem(CRAWLS, crawl)
    return len(keys)


@dataclass
class Progress:
    """Where a shared crawl stands, as Redis says."""
    queued: int
    leased: int
    seeded: bool
    live_workers: list[str]

    @property
    def done(self) -> bool:
        return self.seeded and not self.queued and not self.leased


def progress(server: redis.Redis, crawl: str) -> Progress:
    """The crawl's state; the leases of workers found dead go back to the queue first."""
    k = Keys(crawl)
    reclaim_dead(server, crawl)
    workers = [w.decode() for w in server.hkeys(k.workers)]
    return Progress(queued=server.zcard(k.requests), leased=sum(server.hlen(k.leases(w)) for w in workers),
                    seeded=server.get(k.seeded) == SEEDED, live_workers=workers)


def counters(server: redis.Redis, crawl: str) -> list[dict[str, dict]]:
    """Each worker's last published counters (per source, as crawler/engine.py counts)."""
    return [json.loads(v) for v in server.hvals(Keys(crawl).counters)]


def merge_counters(per_worker: list[dict[str, dict]]) -> dict[str, dict]:
    """One crawl's counters from its workers': numbers add up, the listings a backfill
    left unfinished are united, and one last error is kept."""
    out: dict[str, dict] = {}
    for counts in per_worker:
        for sid, c in counts.items():
            m = out.setdefault(sid, {})
            for key, value in c.items():
                if key == "resume":
                    m[key] = json.dumps(sorted({tuple(r) for r in json.loads(m.get(key) or "[]")}
                                               | {tuple(r) for r in json.loads(value or "[]")}))
                elif key == "last_error":
                    m[key] = m.get(key) or value
                elif isinstance(value, (int, float)):
                    m[key] = m.get(key, 0) + value
    return out


# -- leases ------------------------------------------------------------------------

_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], ARGV[1], r[1])
return r[1]
"""
# a worker's leases back to the queue, unless it is alive (ARGV[2] = '1': its own, at its close)
_RECLAIM = """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local leased = redis.call('HVALS', KEYS[2])
for _, v in ipairs(leased) do redis.call('ZADD', KEYS[3], 0, v) end
redis.call('DEL', KEYS[2], KEYS[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return #leased
"""


def reclaim(server: redis.Redis, crawl: str, worker: str, *, own: bool = False) -> int:
    """Puts a worker's leased requests back in the queue if it is dead (or own: it is closing);
    returns how many (-1: it is alive). Atomic, so two workers never both move them."""
    k = Keys(crawl)
    return server.eval(_RECLAIM, 4, k.alive(worker), k.leases(worker), k.requests, k.workers, worker,
                       "1" if own else "0")


def reclaim_dead(server: redis.Redis, crawl: str) -> int:
    moved = [reclaim(server, crawl, w.decode()) for w in server.hkeys(Keys(crawl).workers)]
    return sum(n for n in moved if n > 0)


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop also leases the request to this worker."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        self.leases = Keys(settings["ANTQ_CRAWL"]).leases(settings["ANTQ_WORKER"])
        self.taken = 0

    def pop(self, timeout=0):
        self.taken += 1
        lease = str(self.taken)
        data = self.server.eval(_POP, 2, self.key, self.leases, lease)
        if not data:
            return None
        request = self._decode_request(data)
        request.meta["antq_lease"] = lease
        return request


class LeasingScheduler(Scheduler):
    """scrapy-redis's scheduler over LeasedQueue. A leased request that comes back
    to be scheduled (a retry, a redirect) is in the queue again, so its lease ends."""

    def enqueue_request(self, request):
        lease = request.meta.pop("antq_lease", None)
        queued = super().enqueue_request(request)
        if lease:
            self.server.hdel(self.queue.leases, lease)
        return queued


class SharedCrawl:
    """Extension of a worker: its heartbeat (alive key, counters, dead workers'
    leases back to the queue), the end of each lease, and idle-close."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.keys = Keys(settings["ANTQ_CRAWL"])
        self.worker = settings["ANTQ_WORKER"]
        self.server = redis.Redis.from_url(settings["REDIS_URL"])
        self.info = json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "spool": settings["ANTQ_SPOOL"]})

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("ANTQ_CRAWL"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider=None) -> None:
        from twisted.internet.task import LoopingCall

        self.beat()
        self.loop = LoopingCall(self.beat)
        self.loop.start(BEAT, now=False)
        scraper = self.crawler.engine.scraper
        handle = scraper.enqueue_scrape

        def enqueue_scrape(result, request):
            # fires once the callback's output is handled: items through the pipelines (spooled), requests queued
            d = handle(result, request)
            d.addBoth(self._done, request)
            return d

        scraper.enqueue_scrape = enqueue_scrape

    def _done(self, result, request):
        lease = request.meta.get("antq_lease")
        if lease:
            self.server.hdel(self.keys.leases(self.worker), lease)
        return result

    def beat(self) -> None:
        from crawler.engine import counters

        spider = self.crawler.spider
        pipe = self.server.pipeline()
        pipe.set(self.keys.alive(self.worker), 1, px=int(ALIVE_TTL * 1000))
        pipe.hset(self.keys.workers, self.worker, self.info)
        pipe.hset(self.keys.counters, self.worker,
                  json.dumps(counters(self.crawler.stats.get_stats(), list(spider.sources.values()))))
        pipe.execute()
        reclaim_dead(self.server, self.keys.crawl)

    def idle(self, spider=None) -> None:
        if progress(self.server, self.keys.crawl).done:
            return  # the engine closes
        from twisted.internet import reactor

        # the engine looks again on its own heartbeat only every 5 s
        reactor.callLater(IDLE_POLL, self.crawler.engine._slot.nextcall.schedule)
        raise DontCloseSpider

    def closed(self, spider=None, reason=None) -> None:
        if self.loop.running:
            self.loop.stop()
        self.beat()  # the final counters
        reclaim(self.server, self.keys.crawl, self.worker, own=True)  # unfinished if it closed early


class SharedPortalSpider(PortalSpider):
    """PortalSpider whose start requests are seeded once per crawl, by the first
    worker, and whose sources' listing budgets are spent by all workers together."""

    async def start(self):
        keys, server = self._shared()
        if not server.set(keys.seeded, self.settings["ANTQ_WORKER"], nx=True):
            return
        async for request in super().start():
            yield request
        server.set(keys.seeded, SEEDED)  # the others may close once the queue runs dry

    def _spend_listing(self, sid: str) -> bool:
        keys, server = self._shared()
        return server.incr(keys.listings(sid)) <= self.max_listing_pages

    def _shared(self) -> tuple[Keys, redis.Redis]:
        if not hasattr(self, "_redis"):
            self._redis = (Keys(self.settings["ANTQ_CRAWL"]), redis.Redis.from_url(self.settings["REDIS_URL"]))
        return self._redis


def unseed_if_unfinished(server: redis.Redis, crawl: str) -> None:
    """A crawl resumed after its seeding worker died mid-seed is seeded again
    (the seen-set keeps what was queued from being queued twice)."""
    k = Keys(crawl)
    if server.get(k.seeded) not in (None, SEEDED):
        server.delete(k.seeded)


def shared_settings(url: str, crawl: str, worker: str, spool: Path) -> dict:
    """Scrapy settings of a worker of the crawl, over crawler/engine.py's."""
    keys = Keys(crawl)
    return {
        "REDIS_URL": url,
        "ANTQ_CRAWL": crawl,
        "ANTQ_WORKER": worker,
        "ANTQ_SPOOL": str(spool),
        "SCHEDULER": "crawler.distributed.LeasingScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.seen,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the loader clears the crawl's keys once it has stored it
        "JOBDIR": None,  # Redis holds the crawl's state
        # the host's token is taken as the download starts and held only while it runs
        "DOWNLOAD_HANDLERS": {"http": "crawler.politeness.SharedHostHandler",
                              "https": "crawler.politeness.SharedHostHandler"},
        "EXTENSIONS": {"crawler.distributed.SharedCrawl": 510},
        # copies across workers are marked by the loader, which sees every worker's items
        "ITEM_PIPELINES": {"crawler.pipelines.DuplicatePipeline": None},
    }


def wait_for_workers(server: redis.Redis, crawl: str, *, until_done: bool = False, poll: float = 1.0,
                     on_poll=None) -> Progress:
    """Waits until no worker of the crawl is alive (their leases re-queued if they
    died); until_done: and until the crawl is done, whenever workers join."""
    while True:
        p = progress(server, crawl)
        if on_poll:
            on_poll(p)
        if not p.live_workers and (p.done or not until_done):
            return p
        time.sleep(poll)
