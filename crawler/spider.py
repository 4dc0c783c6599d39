"""One generic spider for every source: it reads the source's profile
(registry.Source) and discovers articles from listing pages (following only
the next page, and only while a page brings something new unless --full),
ASP.NET postback paging, RSS/Atom feeds and XML sitemaps (filtered by
lastmod). Pages go to the item pipelines as they are; parsing lives there."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from urllib.parse import urljoin, urlsplit

import scrapy
from form2request import form2request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.utils.sitemap import Sitemap

from crawler.items import PageItem
from crawler.registry import Source

_NEXT_WORDS = re.compile(r"^\s*(tiếp|trang sau|sau|»|›|>|next|trang tiếp)\b", re.IGNORECASE)
_POSTBACK = re.compile(r"__doPostBack\('([^']+)','([^']*)'\)")


def path_query(url: str) -> str:
    p = urlsplit(url)
    return p.path + (f"?{p.query}" if p.query else "")


class PortalSpider(scrapy.Spider):
    name = "antq"

    def __init__(self, sources: list[Source], known: frozenset[str] = frozenset(), since: date | None = None,
                 full: bool = False, max_pages: int = 200, **kwargs):
        super().__init__(**kwargs)
        self.sources = {s.id: s for s in sources}
        self.known = known
        self.since = since
        self.full = full
        self.max_pages = max_pages
        self.queued: set[str] = set()

    async def start(self):
        for s in self.sources.values():
            for url in s.start_urls:
                yield scrapy.Request(url, callback=self.parse_listing, errback=self.failed,
                                     cb_kwargs={"sid": s.id, "page": 1, "depth": 0})
            for url in s.feeds:
                yield scrapy.Request(url, callback=self.parse_feed, errback=self.failed, cb_kwargs={"sid": s.id})
            for url in s.sitemaps:
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed, cb_kwargs={"sid": s.id})

    # -- discovery ----------------------------------------------------------------
    def _count(self, sid: str, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"antq/{sid}/{what}", n)

    def _article_request(self, sid: str, url: str) -> scrapy.Request | None:
        url = url.split("#")[0]
        if url in self.known or url in self.queued:
            return None
        self.queued.add(url)
        return scrapy.Request(url, callback=self.parse_article, errback=self.failed, cb_kwargs={"sid": sid})

    def _same_site(self, s: Source, url: str) -> bool:
        return urlsplit(url).hostname == s.domain

    def _is_article(self, s: Source, url: str) -> bool:
        return bool(s.article and s.article.search(path_query(url)))

    def parse_listing(self, response, sid: str, page: int, depth: int):
        s = self.sources[sid]
        if not isinstance(response, TextResponse):
            return
        self._count(sid, "listing_pages")
        links = [urljoin(response.url, h) for h in response.css("a::attr(href)").getall()]
        links = [u for u in links if u.startswith("http") and self._same_site(s, u)]
        new = [r for r in (self._article_request(sid, u) for u in links if self._is_article(s, u)) if r]
        yield from new
        if depth == 0 and s.listing:
            for u in dict.fromkeys(links):
                if s.listing.search(path_query(u)) and not self._is_article(s, u) and u != response.url:
                    yield scrapy.Request(u, callback=self.parse_listing, errback=self.failed,
                                         cb_kwargs={"sid": sid, "page": 1, "depth": 1})
        # page on only while pages bring new articles (the listing is newest first), unless --full
        if (new or self.full) and page < self.max_pages:
            yield from self._next_page(response, s, page, depth)

    def _next_page(self, response, s: Source, page: int, depth: int):
        kw = {"sid": s.id, "page": page + 1, "depth": depth}
        if s.pagination == "postback":
            for target, arg in _POSTBACK.findall(response.text):
                if arg == str(page + 1):
                    form = form2request(response.css("form")[:1], {"__EVENTTARGET": target, "__EVENTARGUMENT": arg},
                                        click=False)  # the ASP.NET form with its view state, as the page posts it
                    yield form.to_scrapy(callback=self.parse_listing, errback=self.failed, cb_kwargs=kw)
                    return
            return
        for a in response.css("a"):
            href = a.attrib.get("href")
            text = " ".join(a.css("::text").getall())
            if href and (a.attrib.get("rel") == "next" or _NEXT_WORDS.match(text)):
                yield response.follow(href, callback=self.parse_listing, errback=self.failed, cb_kwargs=kw)
                return
        if s.next_page:
            for href in response.css("a::attr(href)").getall():
                url = urljoin(response.url, href)
                numbers = re.findall(r"\d+", path_query(url))
                if s.next_page.search(path_query(url)) and numbers and int(numbers[-1]) == page + 1:
                    yield scrapy.Request(url, callback=self.parse_listing, errback=self.failed, cb_kwargs=kw)
                    return

    def _recent(self, when: str | None) -> bool:
        if self.full or not self.since or not when:
            return True
        try:
            return datetime.fromisoformat(when[:10]).date() >= self.since
        except ValueError:
            return True

    def parse_feed(self, response, sid: str):
        self._count(sid, "feeds")
        for item in response.xpath("//item | //*[local-name()='entry']"):
            link = item.xpath("link/text() | *[local-name()='link']/@href").get()
            when = item.xpath("pubDate/text() | *[local-name()='updated']/text()").get()
            if when and not re.match(r"\d{4}-", when):
                try:
                    when = datetime.strptime(when.strip()[:16], "%a, %d %b %Y").date().isoformat()
                except ValueError:
                    when = None
            if link and self._recent(when):
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
            elif self._recent(entry.get("lastmod")) and self._is_article(self.sources[sid], loc):
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
        if failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            self._count(sid, "robots_denied")  # the site's wish, not an error
            return
        self._count(sid, "errors")
        self.crawler.stats.set_value(f"antq/{sid}/last_error", f"{failure.request.url}: {failure.getErrorMessage()[:200]}")
