"""A host's politeness across the workers of a shared crawl (crawler/distributed.py).

Each worker's Scrapy keeps its own per-host slot (CONCURRENT_REQUESTS_PER_DOMAIN,
DOWNLOAD_DELAY, AutoThrottle); N workers alone would hit a host N times as
hard. So, last before the download, a worker takes a token for the request's
host in Redis, in one script run by Redis's clock (hosts' clocks may differ):

- `host:<host>` is a sorted set of the tokens of requests in flight to the
  host, scored by when each lease expires; at most CONCURRENT_REQUESTS_PER_DOMAIN
  are held at once, whatever the number of workers;
- `host-next:<host>` is when the host's next request may start: a token
  taken pushes it DOWNLOAD_DELAY ahead (or the worker's slot delay for the
  host, when AutoThrottle or a 429/503 back-off made it longer).

The token goes back when the response or error comes; a killed worker's token
expires after the download timeout. A request that must wait polls after the
time the script says.
"""
from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import redis
from scrapy.exceptions import NotConfigured

from crawler.distributed import Keys
from crawler.middlewares import _sleep

_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(20, math.min(200, tonumber(first[2]) - now))
end
local after = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < after then return after - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', math.max(1000, tonumber(ARGV[3]) * 2))
return 0
"""


class SharedHostSlots:
    """Downloader middleware: a host's concurrency and delay hold across every worker of the crawl."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.keys = Keys(settings["ANTQ_CRAWL"])
        self.server = redis.Redis.from_url(settings["REDIS_URL"])
        self.concurrency = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.lease_ms = int(settings.getfloat("DOWNLOAD_TIMEOUT") * 1000) + 5000

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("ANTQ_CRAWL"):
            raise NotConfigured
        return cls(crawler)

    def _delay(self, request) -> float:
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key else None
        return max(self.delay, slot.delay if slot else 0.0)

    async def process_request(self, request, spider=None):
        host = urlsplit(request.url).hostname or ""
        token = uuid.uuid4().hex
        while wait := self.server.eval(_TAKE, 2, self.keys.host(host), self.keys.host_next(host), token,
                                       self.concurrency, int(self._delay(request) * 1000), self.lease_ms):
            await _sleep(wait / 1000)
        request.meta["antq_host_token"] = (host, token)
        return None

    def _give_back(self, request) -> None:
        held = request.meta.pop("antq_host_token", None)
        if held:
            self.server.zrem(self.keys.host(held[0]), held[1])

    def process_response(self, request, response, spider=None):
        self._give_back(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._give_back(request)
        return None
