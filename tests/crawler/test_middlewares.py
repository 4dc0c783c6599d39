"""Retry waits and slowing a busy host down (the engine test in test_crawl.py
shows the waits applied to real requests)."""
from datetime import datetime, timezone
from types import SimpleNamespace

from scrapy import signals
from scrapy.core.downloader import Slot
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from crawler.middlewares import BackoffRetryMiddleware, backoff, retry_after
from crawler.engine import settings

NOW = datetime(2026, 11, 22, 10, 0, 0, tzinfo=timezone.utc)


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after(b"120") == 120.0
    assert retry_after("Sun, 22 Nov 2026 10:01:30 GMT", now=NOW) == 90.0
    assert retry_after("Sun, 22 Nov 2026 09:00:00 GMT", now=NOW) == 0.0  # already past
    assert retry_after(b"soon") is None and retry_after(None) is None


def test_backoff_doubles_honours_the_server_and_is_capped():
    assert [backoff(n, 2, 300) for n in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert backoff(1, 2, 300, asked=30) == 30  # the server asked for longer
    assert backoff(2, 2, 300, asked=1) == 4  # ... or for less than our own back-off
    assert backoff(12, 2, 300) == 300 and backoff(1, 2, 300, asked=3600) == 300


def test_a_host_that_says_it_is_busy_is_slowed_then_recovers():
    crawler = get_crawler(settings_dict=settings(jobdir=None, throttle=False))
    crawler.spider = crawler._create_spider("antq")
    # the middleware reads the downloader's slots; the engine itself cannot start without
    # a reactor in this process, so a plain holder stands in for it (real Scrapy Slot)
    slot = Slot(concurrency=2, delay=0.0, jitter=0.5)
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots={"127.0.0.3": slot}))
    mw = BackoffRetryMiddleware.from_crawler(crawler)
    now = [100.0]
    mw.clock = lambda: now[0]

    def answer(status, path, headers=None, retry_times=0):
        request = Request(f"http://127.0.0.3/{path}", meta={"download_slot": "127.0.0.3", "retry_times": retry_times})
        crawler.signals.send_catch_log(signals.response_downloaded, request=request, spider=crawler.spider,
                                       response=Response(request.url, status=status, headers=headers or {}))

    answer(200, "a")
    assert slot.delay == 0.0
    answer(429, "b", {"Retry-After": "10"})
    assert slot.delay == 10.0  # every page of the host now waits as long as the server asked
    now[0] += 5
    slot.delay = 6.0  # as AutoThrottle would lower it after a good answer
    answer(200, "c")
    assert slot.delay == 10.0  # held until the time asked for has passed
    answer(503, "d", retry_times=2)
    assert slot.delay == 10.0  # its own back-off (8 s) is shorter than the delay in force
    now[0] += 10
    answer(200, "e")
    answer(200, "f")
    assert slot.delay == 2.5  # then halved with each good answer ...
    for path in "ghijklmn":
        answer(200, path)
    assert slot.delay == 0.0 and not mw.slowed  # ... back to the usual delay
    assert crawler.stats.get_value("antq/backoff/slowed") == 2
