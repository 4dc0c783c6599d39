"""A host's politeness across the workers of a shared crawl (crawler/distributed.py).

Each worker's Scrapy keeps its own per-host slot (CONCURRENT_REQUESTS_PER_DOMAIN,
DOWNLOAD_DELAY, AutoThrottle); N workers alone would hit a host N times as
hard. So, as its download starts (crawler's HTTP handler), a worker takes a
token for the request's host in Redis, in one script run by Redis's clock
(hosts' clocks may differ):

- `host:<host>` is a sorted set of the tokens of requests in flight to the
  host, scored by when each lease expires; at most CONCURRENT_REQUESTS_PER_DOMAIN
  are held at once, whatever the number of workers;
- `host-next:<host>` is when the host's next request may start: a token
  taken pushes it DOWNLOAD_DELAY ahead (or the worker's slot delay for the
  host, when AutoThrottle or a 429/503 back-off made it longer).

A host that answers 429 or 503 is slowed for every worker: the worker that got
the answer pushes `host-next:<host>` to the back-off the retry middleware waits
(its Retry-After, or ANTQ_BACKOFF_BASE doubled per retry), so no worker asks the
host again before then.

The token goes back when the response or error comes; a killed worker's token
expires after the download timeout. A request that must wait polls after the
time the script says, or as soon as this worker gives one of the host's
tokens back; a token given back by another worker is seen within FULL_POLL
(10 ms: at 50 ms the worker that gave a token back mostly took it again, and two
workers on a few hosts ran 1.4 times as fast as one, against 1.7 and 2.0 at 10 ms).
Each call is one round trip to Redis from the engine's thread (well under a
millisecond on a LAN).
"""
from __future__ import annotations

import uuid
from collections import deque
from urllib.parse import urlsplit

import redis
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.distributed import Keys
from crawler.middlewares import OVERLOADED, backoff, retry_after

FULL_POLL = 0.01  # seconds between looks at a host whose tokens other workers hold

_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local after = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < after then return after - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', math.max(1000, tonumber(ARGV[3]) * 2))
return 0
"""

# the host's next start pushed to at least ARGV[1] ms from now
_SLOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local after = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], after, 'PX', after - now + 1000)
return after - now
"""


def take(server: redis.Redis, keys: Keys, host: str, token: str, concurrency: int, delay_ms: int,
         lease_ms: int) -> int:
    """Takes a token of the host: 0 when taken, else the ms to wait (-1: all held)."""
    return server.eval(_TAKE, 2, keys.host(host), keys.host_next(host), token, concurrency, delay_ms, lease_ms)


def hold_off(server: redis.Redis, keys: Keys, host: str, wait_ms: int) -> int:
    """No worker starts a request to the host for wait_ms from now (or longer, if held so
    already); the ms it is held."""
    return server.eval(_SLOW, 1, keys.host_next(host), wait_ms)


class SharedHostHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP download handler that first takes the host's token of the
    shared crawl. A handler, not a middleware: the download starts here, after
    the worker's own slot has made the request wait its local delay, so the
    token's time is the request's time."""

    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.crawler = crawler
        self.keys = Keys(settings["ANTQ_CRAWL"])
        self.server = redis.Redis.from_url(settings["REDIS_URL"])
        self.concurrency = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.lease_ms = int(settings.getfloat("DOWNLOAD_TIMEOUT") * 1000) + 5000
        self.backoff_base = settings.getfloat("ANTQ_BACKOFF_BASE", 2.0)
        self.backoff_cap = settings.getfloat("ANTQ_BACKOFF_MAX", 300.0)
        self.waiting: dict[str, list] = {}  # host -> the request of this worker pausing before it asks again
        self.lines: dict[str, deque] = {}  # host -> this worker's requests in line for its token, first asks

    def _delay(self, request) -> float:
        """DOWNLOAD_DELAY, or the worker's slot delay for the host when AutoThrottle or a back-off made it longer."""
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key else None
        return max(self.delay, slot.delay if slot else 0.0)

    async def download_request(self, request):
        host = urlsplit(request.url).hostname or ""
        token = uuid.uuid4().hex
        await self._take(host, token, request)
        try:
            response = await super().download_request(request)
            if response.status in OVERLOADED:
                wait = backoff(request.meta.get("retry_times", 0) + 1, self.backoff_base, self.backoff_cap,
                               retry_after(response.headers.get(b"Retry-After")))
                hold_off(self.server, self.keys, host, int(wait * 1000))
            return response
        finally:
            self.server.zrem(self.keys.host(host), token)
            for waiter in self.waiting.pop(host, []):  # this worker's next request to the host need not poll
                if not waiter.called:
                    waiter.callback(None)

    async def _take(self, host: str, token: str, request) -> None:
        """The host's token, in turn: only the first of this worker's requests to the host asks Redis."""
        from twisted.internet.defer import Deferred

        line = self.lines.setdefault(host, deque())
        turn = Deferred()
        line.append(turn)
        try:
            if line[0] is not turn:
                await maybe_deferred_to_future(turn)
            while wait := take(self.server, self.keys, host, token, self.concurrency,
                               int(self._delay(request) * 1000), self.lease_ms):
                await self._pause(host, FULL_POLL if wait < 0 else wait / 1000)
        finally:
            line.remove(turn)
            if line and not line[0].called:
                line[0].callback(None)  # the next one asks

    async def _pause(self, host: str, seconds: float) -> None:
        """Until `seconds` have passed or this worker gives a token of the host back."""
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred

        woken = Deferred()
        timer = reactor.callLater(seconds, lambda: woken.called or woken.callback(None))
        self.waiting.setdefault(host, []).append(woken)
        await maybe_deferred_to_future(woken)
        if timer.active():
            timer.cancel()
