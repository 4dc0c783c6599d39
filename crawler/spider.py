"""One generic spider for every source: it reads the source's profile
(registry.Source) and discovers articles from listing pages (following the
next page), ASP.NET postback paging, RSS/Atom feeds and XML sitemaps
(filtered by lastmod). Pages go to the item pipelines as they are; parsing
lives there.

How far a listing is paged depends on the source's plan (crawler/state.py):
a backfill pages to the end, or until a page's dates are older than its
`since`, and reports the listings it could not finish (their next page) so
the next crawl resumes there; an incremental crawl pages on while a page
links to an article the warehouse has not stored (queued by a feed in this
run does not count). Every chain of listing pages stops at max_pages, and a
source's listing pages at max_listing_pages per crawl, so a listing trap
cannot make a crawl endless."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from statistics import median_low
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from form2request import form2request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.utils.sitemap import Sitemap
from w3lib.url import canonicalize_url

from crawler import state
from crawler.items import PageItem
from crawler.middlewares import OffsiteRequest
from crawler.registry import Source

_NEXT_WORDS = re.compile(r"^\s*(tiếp|trang sau|sau|»|›|>|next|trang tiếp)\b", re.IGNORECASE)
_POSTBACK = re.compile(r"__doPostBack\('([^']+)','([^']*)'\)")
_LISTED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
LISTING_CHAINS = 3  # a source's listing pages per crawl: at most this many full chains (max_pages each)


def identity(url: str) -> str:
    """A URL as antq identifies it: canonical form, without its fragment."""
    return canonicalize_url(url)


def feed_date(value: str | None) -> str | None:
    """An RSS (RFC 822) or Atom (ISO 8601) date as an ISO date, or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def listed_dates(text: str) -> list[date]:
    """The dd/mm/yyyy dates a listing page prints (its articles' dates, mostly)."""
    out = []
    for d, m, y in _LISTED_DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out


def path_query(url: str) -> str:
    p = urlsplit(url)
    return p.path + (f"?{p.query}" if p.query else "")


class PortalSpider(scrapy.Spider):
    name = "antq"

    def __init__(self, sources: list[Source], known: frozenset[str] = frozenset(), since: date | None = None,
                 full: bool = False, max_pages: int = 200, plans: dict[str, state.Plan] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sources = {s.id: s for s in sources}
        self.known = frozenset(identity(u) for u in known)
        self.since = since
        self.full = full
        self.max_pages = max_pages
        # a backfill goes on next crawl; a listing trap (endless listings linked from listings) stops here
        self.max_listing_pages = LISTING_CHAINS * max_pages
        default = state.Plan(state.BACKFILL if full else state.INCREMENTAL)
        self.plans = {sid: (plans or {}).get(sid, default) for sid in self.sources}
        self.queued: set[str] = set()
        self.listing_pages: dict[str, int] = {}  # listing pages requested per source
        self.listed: set[str] = set()  # listing pages asked for by GET
        self.unfinished: dict[str, dict[str, int]] = {sid: {} for sid in self.sources}  # backfill: url -> page

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._callback_failed, signal=signals.spider_error)
        return spider

    def _callback_failed(self, failure, response, spider=None) -> None:
        """A listing page this code could not read is an unfinished part of a backfill, not its end."""
        kw = response.request.cb_kwargs
        if kw.get("sid") in self.sources:
            self._count(kw["sid"], "errors")
            if response.request.callback == self.parse_listing:
                self._unfinished(kw["sid"], response.url, kw["page"] if response.request.method == "GET" else 1)

    async def start(self):
        for s in self.sources.values():
            p = self.plans[s.id]
            if p.mode == state.PROBE:  # a dead source: is it back?
                yield scrapy.Request(s.home, callback=self.parse_probe, errback=self.failed, cb_kwargs={"sid": s.id},
                                     dont_filter=True)
                continue
            # a backfill that resumes: its resumed listings walk back (a postback listing from its
            # first page), the other first pages only catch up
            resumed = [(u, n, True) for u, n in p.resume]
            walks = [(u, 1, p.mode == state.BACKFILL and not p.resume) for u in s.start_urls
                     if u not in dict(p.resume)]
            for url, page, backfill in resumed + walks:
                if self._listing_allowed(s.id, url, page):
                    yield scrapy.Request(url, callback=self.parse_listing, errback=self.failed,
                                         cb_kwargs={"sid": s.id, "page": page, "depth": 0, "walked": 1,
                                                    "backfill": backfill})
            for url in s.feeds:
                yield scrapy.Request(url, callback=self.parse_feed, errback=self.failed, cb_kwargs={"sid": s.id})
            for url in s.sitemaps:
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed, cb_kwargs={"sid": s.id})

    # -- discovery ----------------------------------------------------------------
    def _count(self, sid: str, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"antq/{sid}/{what}", n)

    def _article_request(self, sid: str, url: str) -> scrapy.Request | None:
        url = identity(url)
        if url in self.known or url in self.queued:
            return None
        self.queued.add(url)
        return scrapy.Request(url, callback=self.parse_article, errback=self.failed, cb_kwargs={"sid": sid})

    def _listing_allowed(self, sid: str, url: str, page: int, *, post: bool = False) -> bool:
        """Counts a listing request against the source's budget; False (and the
        page noted for the next crawl) once the budget is spent. A GET of a
        listing page already asked for in this crawl is not asked for again."""
        if not post:
            if url in self.listed:
                return False
            self.listed.add(url)
        if not self._spend_listing(sid):
            self._count(sid, "listing_budget_spent")
            self._unfinished(sid, url, page)
            return False
        return True

    def _spend_listing(self, sid: str) -> bool:
        """One listing request of the source's budget for this crawl; False once it is spent."""
        if self.listing_pages.get(sid, 0) >= self.max_listing_pages:
            return False
        self.listing_pages[sid] = self.listing_pages.get(sid, 0) + 1
        return True

    def _unfinished(self, sid: str, url: str, page: int) -> None:
        if self.plans[sid].mode == state.BACKFILL:
            self.unfinished[sid][url] = page

    def _same_site(self, s: Source, url: str) -> bool:
        return s.owns(url)

    def _is_article(self, s: Source, url: str) -> bool:
        return bool(s.article and s.article.search(path_query(url)))

    def parse_probe(self, response, sid: str):
        self._count(sid, "listing_pages")  # an answer: the source is back

    def parse_listing(self, response, sid: str, page: int, depth: int, walked: int = 1, backfill: bool = False):
        s = self.sources[sid]
        if not isinstance(response, TextResponse):
            return
        self._count(sid, "listing_pages")
        links = [urljoin(response.url, h) for h in response.css("a::attr(href)").getall()]
        links = [u for u in links if u.startswith("http") and self._same_site(s, u)]
        articles = [identity(u) for u in links if self._is_article(s, u)]
        yield from (r for r in (self._article_request(sid, u) for u in articles) if r)
        if depth == 0 and s.listing:
            for u in dict.fromkeys(links):
                if (s.listing.search(path_query(u)) and not self._is_article(s, u) and u != response.url
                        and self._listing_allowed(sid, u, 1)):
                    yield scrapy.Request(u, callback=self.parse_listing, errback=self.failed,
                                         cb_kwargs={"sid": sid, "page": 1, "depth": 1, "walked": 1,
                                                    "backfill": backfill})
        if self._pages_on(response, sid, articles, backfill):
            yield from self._next_page(response, s, page, depth, walked, backfill)

    def _pages_on(self, response, sid: str, articles: list[str], backfill: bool) -> bool:
        """Whether the listing goes on after this page (it is newest first)."""
        p = self.plans[sid]
        if backfill:
            shown = listed_dates(" ".join(response.css("body ::text").getall()))
            # a page whose articles are older than the backfill's limit ends it
            return not (p.since and shown and median_low(shown) < p.since)
        return any(u not in self.known for u in articles)  # stored, not merely queued

    def _next_page(self, response, s: Source, page: int, depth: int, walked: int, backfill: bool):
        request = self._next_request(response, s, page, depth, walked, backfill)
        if request is None:
            return  # the end of the listing
        # a postback page cannot be asked for directly: its listing is walked again
        resume = (response.url, 1) if request.method == "POST" else (request.url, page + 1)
        if walked >= self.max_pages:
            self._unfinished(s.id, *resume)
        elif self._listing_allowed(s.id, *resume, post=request.method == "POST"):
            yield request

    def _next_request(self, response, s: Source, page: int, depth: int, walked: int,
                      backfill: bool) -> scrapy.Request | None:
        kw = {"sid": s.id, "page": page + 1, "depth": depth, "walked": walked + 1, "backfill": backfill}
        if s.pagination == "postback":
            for target, arg in _POSTBACK.findall(response.text):
                if arg == str(page + 1):
                    form = form2request(response.css("form")[:1], {"__EVENTTARGET": target, "__EVENTARGUMENT": arg},
                                        click=False)  # the ASP.NET form with its view state, as the page posts it
                    return form.to_scrapy(callback=self.parse_listing, errback=self.failed, cb_kwargs=kw)
            return None
        for a in response.css("a"):
            href = a.attrib.get("href")
            text = " ".join(a.css("::text").getall())
            if href and not href.startswith("javascript:") and (a.attrib.get("rel") == "next" or _NEXT_WORDS.match(text)):
                return response.follow(href, callback=self.parse_listing, errback=self.failed, cb_kwargs=kw)
        if s.next_page:
            for href in response.css("a::attr(href)").getall():
                url = urljoin(response.url, href)
                numbers = re.findall(r"\d+", path_query(url))
                if s.next_page.search(path_query(url)) and numbers and int(numbers[-1]) == page + 1:
                    return scrapy.Request(url, callback=self.parse_listing, errback=self.failed, cb_kwargs=kw)
        return None

    def _recent(self, sid: str, when: str | None) -> bool:
        """Whether a feed item or sitemap entry of this date is worth fetching: after
        the last crawl (incremental), or after the backfill's limit."""
        p = self.plans[sid]
        limit = p.since if p.mode == state.BACKFILL else None if self.full else self.since
        when = feed_date(when)
        return not (limit and when and date.fromisoformat(when) < limit)

    def parse_feed(self, response, sid: str):
        self._count(sid, "feeds")
        for item in response.xpath("//item | //*[local-name()='entry']"):
            link = item.xpath("link/text() | *[local-name()='link']/@href").get()
            when = item.xpath("pubDate/text() | *[local-name()='published']/text() | *[local-name()='updated']/text()").get()
            if link and self._recent(sid, when):
                req = self._article_request(sid, urljoin(response.url, link.strip()))
                if req:
                    yield req

    def parse_sitemap(self, response, sid: str):
        self._count(sid, "sitemaps")
        try:
            sm = Sitemap(response.body)
        except Exception:  # not a sitemap: counted, not fatal
            self._count(sid, "errors")
            return
        for entry in sm:
            loc = entry.get("loc")
            if not loc:
                continue
            if sm.type == "sitemapindex":
                yield scrapy.Request(loc, callback=self.parse_sitemap, errback=self.failed, cb_kwargs={"sid": sid})
            elif self._recent(sid, entry.get("lastmod")) and self._is_article(self.sources[sid], loc):
                req = self._article_request(sid, loc)
                if req:
                    yield req

    def parse_article(self, response, sid: str):
        self._count(sid, "pages")
        headers = {k.decode().lower(): v[0].decode("latin-1") for k, v in response.headers.items()
                   if k.decode().lower() in ("content-type", "last-modified", "etag")}
        yield PageItem(url=response.url, source_id=sid, status=response.status,
                       fetched_at=datetime.now(timezone.utc).isoformat(), headers=headers, body=response.body)

    def failed(self, failure):
        sid = failure.request.cb_kwargs.get("sid", "?")
        if failure.check(OffsiteRequest):
            return  # counted by the middleware; never to be fetched
        if failure.request.callback == self.parse_listing and sid in self.sources:
            # a backfill's listing page that failed is tried again next crawl (a postback: its listing's first page)
            self._unfinished(sid, failure.request.url,
                             failure.request.cb_kwargs["page"] if failure.request.method == "GET" else 1)
        if failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            self._count(sid, "robots_denied")  # the site's wish, not an error
            return
        self._count(sid, "errors")
        self.crawler.stats.set_value(f"antq/{sid}/last_error", f"{failure.request.url}: {failure.getErrorMessage()[:200]}")

    def closed(self, reason):
        """Each backfilling source's unfinished listings, for crawler/state.py."""
        for sid, pages in self.unfinished.items():
            if pages:
                self.crawler.stats.set_value(f"antq/{sid}/resume", json.dumps(sorted(pages.items())))
