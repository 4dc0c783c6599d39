"""Downloader middlewares: requests kept on their source's hosts, retries that
back off, and redirect loops as errors."""
from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic
from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message

OVERLOADED = (429, 503)  # the server says it is busy: slow down the whole host


def retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (a number or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff(attempt: int, base: float, cap: float, asked: float | None = None) -> float:
    """Wait before retry number `attempt` (1, 2, ...): base·2^(attempt−1), or the
    server's Retry-After when longer, never more than cap."""
    return min(cap, max(asked or 0.0, base * 2 ** (attempt - 1)))


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (same settings and stats), but each retry waits with
    exponential back-off, honouring Retry-After. And a host that answers 429
    or 503 gets that wait as its download delay, for at least that long, then
    halved back with each good answer. Like AutoThrottle, the delay changes
    when a response is downloaded, before the host's next request is sent."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("ANTQ_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("ANTQ_BACKOFF_MAX", 300.0)
        self.slowed: dict[str, tuple[float, float, float]] = {}  # host's slot -> (usual delay, slow until, slow delay)
        self.clock = monotonic

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        crawler.signals.connect(mw._downloaded, signal=signals.response_downloaded)
        return mw

    def _wait(self, request, response=None) -> float:
        asked = retry_after(response.headers.get(b"Retry-After")) if response is not None else None
        return backoff(request.meta.get("retry_times", 0) + 1, self.base, self.cap, asked)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = self._wait(request, response)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await _sleep(wait)
        return retry

    async def process_exception(self, request, exception, spider=None):
        wait = self._wait(request)
        retry = super().process_exception(request, exception)
        if retry is not None:
            await _sleep(wait)
        return retry

    def _downloaded(self, response, request, spider=None) -> None:
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key else None
        if slot is None:
            return
        if response.status in OVERLOADED:
            wait = self._wait(request, response)
            usual, until, delay = self.slowed.get(key, (slot.delay, 0.0, 0.0))
            self.slowed[key] = (usual, max(until, self.clock() + wait), max(delay, wait))
            slot.delay = max(slot.delay, wait)
            self.crawler.stats.inc_value("antq/backoff/slowed")
        elif key in self.slowed:
            usual, until, delay = self.slowed[key]
            if self.clock() < until:  # held, whatever AutoThrottle made of a good answer
                slot.delay = max(slot.delay, delay)
            elif slot.delay / 2 > max(usual, self.base / 2):
                slot.delay /= 2
            else:  # close enough to the usual delay: back to it
                slot.delay = usual
                del self.slowed[key]


class RedirectLoopMiddleware:
    """A redirect back to the same URL is an error of its source; Scrapy's
    duplicate filter would otherwise drop it silently."""

    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            if urljoin(request.url, location.decode("latin-1")) == request.url:
                raise IgnoreRequest(f"redirect loop at {request.url}")
        return response


class OffsiteRequest(IgnoreRequest):
    """A request to a host that is not its source's."""


class OwnHostsMiddleware:
    """Drops any request of a source to a host that is not its own (registry.Source.own_hosts):
    a redirect target, a feed item, a sitemap entry or a link. Each drop is counted
    in the source's stats (antq/<source>/offsite). Requests that belong to no source
    (robots.txt, asked for by Scrapy for a host already allowed) pass."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        sid = request.cb_kwargs.get("sid")
        source = getattr(self.crawler.spider, "sources", {}).get(sid)
        if source is None or source.owns(request.url):
            return None
        self.crawler.stats.inc_value(f"antq/{sid}/offsite")
        raise OffsiteRequest(f"{request.url} is not on {source.id}'s hosts")
