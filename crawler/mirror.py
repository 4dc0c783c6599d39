"""A local mirror of Vietnamese portals, served on loopback (127.0.0.x) for
tests, benchmarks and the demo. Each site follows one CMS family of
../shared/sites/RESEARCH.md: its URL shapes, listing pagination (links, or
ASP.NET postback for Tân Dân), feeds, sitemaps, robots.txt and page chrome.
Content comes from mirror_content.py (generated, marked as such).

Faults can be switched on per path for tests: 'flaky' (503 twice, then 200),
'throttled' (429 asking for a 1 s wait, twice, then 200),
'slow' (answers after 30 s), 'loop' (redirects to itself), 'truncated',
'mislabelled' (declares windows-1252, sends UTF-8), 'huge' (20 MB).
"""
from __future__ import annotations

import html
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from crawler.mirror_content import Article, article, off_topic

FAMILIES = ("police_portal", "wordpress", "nukeviet", "newspaper", "tandan")


@dataclass
class Site:
    id: str
    family: str
    name: str
    kind: str
    province: str
    host: str  # 127.0.0.x
    port: int = 0
    articles: list[Article] = field(default_factory=list)
    page_size: int = 10
    copies_from: "Site | None" = None  # republishes that site's first article (a syndicated copy)
    foreign_links: list[str] = field(default_factory=list)  # URLs on other hosts in its feed, sitemap and listing
    trap: int = 0  # endless listings linked from its home page (a listing trap), how many

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- URL shapes of the family -------------------------------------------------
    def article_path(self, a: Article) -> str:
        return {
            "police_portal": f"/phong-trao-bvantq/{a.slug}-{a.number}.html",
            # WordPress permalinks carry the post id here: generated titles repeat within a month
            "wordpress": f"/{a.published:%Y/%m}/{a.slug}-{a.number}/",
            "nukeviet": f"/vi/news/an-ninh-trat-tu/{a.slug}-{a.number}.html",
            "newspaper": f"/{a.slug}-a{a.number}.html",
            "tandan": f"/portal/Pages/{a.published.year}-{a.published.month}-{a.published.day}/{a.slug}-x{a.number:05d}.aspx",
        }[self.family]

    def listing_path(self, page: int) -> str:
        first, other = {
            "police_portal": ("/phong-trao-bvantq/", "/phong-trao-bvantq/?page={}"),
            "wordpress": ("/category/an-ninh-trat-tu/", "/category/an-ninh-trat-tu/page/{}/"),
            "nukeviet": ("/vi/news/an-ninh-trat-tu/", "/vi/news/an-ninh-trat-tu/page-{}"),
            "newspaper": ("/phap-luat/", "/phap-luat/?page={}"),
            "tandan": ("/portal/KenhTin/An-ninh-trat-tu.aspx", "/portal/KenhTin/An-ninh-trat-tu.aspx"),
        }[self.family]
        return first if page == 1 else other.format(page)

    def feed_path(self) -> str | None:
        return {"wordpress": "/feed/", "nukeviet": "/vi/news/rss/", "newspaper": "/rss/home.rss"}.get(self.family)

    def newest_first(self) -> list[Article]:
        return sorted(self.articles, key=lambda a: (a.published, a.number), reverse=True)

    def pages(self) -> int:
        return max(1, -(-len(self.articles) // self.page_size))


def build_sites(n_articles: int = 60, *, seed: int = 0, hosts_from: int = 2) -> list[Site]:
    """One site per family, articles spread over them; every seventh article is off-topic;
    the newspaper republishes the police portal's first article."""
    specs = [
        ("congan-mau", "police_portal", "Công an tỉnh (bản sao thử nghiệm)", "police", "Thanh Hóa"),
        ("wp-mau", "wordpress", "Cổng thông tin huyện (bản sao WordPress)", "government", "Sơn La"),
        ("nukeviet-mau", "nukeviet", "Cổng thông tin tỉnh (bản sao NukeViet)", "government", "Kon Tum"),
        ("bao-mau", "newspaper", "Báo tỉnh (bản sao thử nghiệm)", "newspaper", "Yên Bái"),
        ("tandan-mau", "tandan", "Cổng thông tin điện tử (bản sao Tân Dân)", "government", "Bắc Giang"),
    ]
    sites = [Site(sid, fam, name, kind, prov, f"127.0.0.{hosts_from + i}")
             for i, (sid, fam, name, kind, prov) in enumerate(specs)]
    for i in range(n_articles):
        a = off_topic(i, seed) if i % 7 == 6 else article(i, seed)
        sites[i % len(sites)].articles.append(a)
    sites[3].copies_from = sites[0]
    return sites


def add_articles(sites: list[Site], n: int, *, seed: int = 0) -> None:
    """Publish n new articles (numbered after the existing ones), dated after them."""
    start = 1 + max(a.number for s in sites for a in s.articles)
    latest = max(a.published for s in sites for a in s.articles)
    for i in range(start, start + n):
        a = article(i, seed)
        a = Article(a.number, a.title, latest, a.author, a.paragraphs, a.district, a.province)
        sites[i % len(sites)].articles.append(a)


# -- rendering ---------------------------------------------------------------------

def _page(site: Site, title: str, body: str, head: str = "") -> str:
    chrome = ('<div class="tools">A- A A+ | Tăng tương phản</div>' if site.family == "police_portal" else "")
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - {html.escape(site.name)}</title>'
            f'{head}</head><body><header><nav><a href="/">Trang chủ</a> | <a href="{site.listing_path(1)}">An ninh trật tự</a>'
            f'</nav></header>{chrome}<main>{body}</main><footer><p>{html.escape(site.name)} — bản sao thử nghiệm của antq.</p>'
            f'<p>Địa chỉ: số 1 đường Thử Nghiệm. Điện thoại: 0200.000.000</p></footer></body></html>')


def render_article(site: Site, a: Article) -> str:
    url = site.base + site.article_path(a)
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs)
    if site.family == "newspaper":
        ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
              f'"headline":"{html.escape(a.title)}","datePublished":"{a.published.isoformat()}T08:30:00+07:00",'
              f'"author":{{"@type":"Person","name":"{a.author}"}}}}</script>')
        head = f'<link rel="canonical" href="{url}">{ld}'
        body = f'<article><h1>{html.escape(a.title)}</h1><div class="sapo">{html.escape(a.paragraphs[0])}</div>{paras}</article>'
    elif site.family == "wordpress":
        head = (f'<link rel="canonical" href="{url}"><meta property="og:title" content="{html.escape(a.title)}">'
                f'<meta property="article:published_time" content="{a.published.isoformat()}T07:00:00+07:00">')
        body = (f'<article><h1 class="entry-title">{html.escape(a.title)}</h1><div class="entry-content">{paras}'
                f'<p>Tác giả: {a.author}</p></div></article>')
    elif site.family == "nukeviet":
        head = f'<meta property="og:title" content="{html.escape(a.title)}">'
        body = (f'<div class="news-detail"><h1>{html.escape(a.title)}</h1><span class="time">'
                f'{a.published:%d/%m/%Y} 09:15</span><div id="news-bodyhtml">{paras}</div>'
                f'<p><strong>Bài và ảnh: {a.author}</strong></p></div>')
    elif site.family == "tandan":
        head = ""
        body = (f'<div class="tandan-title-view">{html.escape(a.title)}</div><div class="tandan-date-view">'
                f'{a.published:%d/%m/%Y}</div><div class="tandan-content-view">{paras}</div>')
    else:  # police portal: the date written in words, a view counter and related links after the text
        head = ""
        weekday = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"][a.published.weekday()]
        body = (f'<div class="date">{weekday}, ngày {a.published.day} tháng {a.published.month} năm {a.published.year}</div>'
                f'<h1 class="title">{html.escape(a.title)}</h1><div class="content">{paras}'
                f'<p>{a.author} – Công an huyện</p></div><div class="views">Số lượt xem: 42</div>'
                f'<div class="related"><h3>Tin liên quan</h3><a href="{site.listing_path(1)}">Các tin khác</a></div>')
    return _page(site, a.title, body, head)


def render_listing(site: Site, page: int) -> str:
    items = site.newest_first()[(page - 1) * site.page_size: page * site.page_size]
    links = "".join(f'<li><a href="{site.article_path(a)}">{html.escape(a.title)}</a> '
                    f'<span>({a.published:%d/%m/%Y})</span></li>' for a in items)
    if site.family == "tandan":
        pager = "".join(f"<a href=\"javascript:__doPostBack('ctl00$pager','{p}')\">{p}</a> "
                        for p in range(1, site.pages() + 1) if p != page)
        nxt = (f"<a href=\"javascript:__doPostBack('ctl00$pager','{page + 1}')\">Tiếp</a>" if page < site.pages() else "")
        body = (f'<form method="post" action="{site.listing_path(1)}" id="aspnetForm">'
                f'<input type="hidden" name="__VIEWSTATE" value="dGVzdA=="><input type="hidden" name="__EVENTTARGET" value="">'
                f'<input type="hidden" name="__EVENTARGUMENT" value=""><ul>{links}</ul><div class="pager">{pager}{nxt}</div></form>')
    else:
        nxt = f'<a rel="next" href="{site.listing_path(page + 1)}">Trang sau »</a>' if page < site.pages() else ""
        body = f'<ul class="list-news">{links}</ul><div class="paging">{nxt}</div>'
    if page == 1:
        body += "".join(f'<a href="{html.escape(u)}">Tin liên kết</a>' for u in site.foreign_links)
    return _page(site, f"An ninh trật tự - trang {page}", body)


def render_trap(site: Site, section: int, page: int) -> str:
    """A listing that never ends: every page has a next page and links to other sections."""
    links = "".join(f'<a href="/chuyen-muc-{i}/">Chuyên mục {i}</a> ' for i in range(site.trap))
    nxt = f'<a rel="next" href="/chuyen-muc-{section}/?page={page + 1}">Trang sau »</a>'
    return _page(site, f"Chuyên mục {section} - trang {page}", f"{links}<div class=\"paging\">{nxt}</div>")


def render_feed(site: Site) -> str:
    items = "".join(f"<item><title>{html.escape(a.title)}</title><link>{site.base}{site.article_path(a)}</link>"
                    f"<pubDate>{a.published:%a, %d %b %Y} 08:00:00 +0700</pubDate></item>"
                    for a in site.newest_first()[:20])
    items += "".join(f"<item><title>Tin</title><link>{html.escape(u)}</link></item>" for u in site.foreign_links)
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{html.escape(site.name)}</title>{items}</channel></rss>'


def render_sitemap(site: Site) -> str:
    urls = "".join(f"<url><loc>{site.base}{site.article_path(a)}</loc><lastmod>{a.published.isoformat()}</lastmod></url>"
                   for a in site.newest_first())
    urls += "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in site.foreign_links)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def render_robots(site: Site) -> str:
    return f"User-agent: *\nDisallow: /private/\nSitemap: {site.base}/sitemap.xml\n"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # a client hanging up is not a server fault


class MirrorServer:
    """Serves sites, each on its own loopback address; counts requests per path."""

    def __init__(self, sites: list[Site], port: int = 0):
        self.sites = sites
        self.faults: dict[str, str] = {}  # path -> fault
        self.redirects: dict[str, str] = {}  # path -> URL it redirects to (302)
        self.hits: Counter = Counter()  # (host, path) -> requests
        self.timeline: list[tuple[float, str, str]] = []  # (time.monotonic(), host, path) of each request
        self._servers: list[ThreadingHTTPServer] = []
        self._port = port
        self._lock = threading.Lock()
        self._indexes: dict[str, tuple] = {}

    def start(self) -> "MirrorServer":
        for site in self.sites:
            server = _Server((site.host, self._port), self._handler(site))
            site.port = server.server_address[1]
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for s in self._servers:
            s.shutdown()
            s.server_close()

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def article_urls(self, site: Site | None = None) -> set[str]:
        return {s.base + s.article_path(a) for s in ([site] if site else self.sites) for a in s.articles}

    def fetched(self, path_part: str) -> int:
        return sum(n for (_, p), n in self.hits.items() if path_part in p)

    def _index(self, site: Site) -> dict[str, Article]:
        """Article by path, rebuilt only when the site publishes more."""
        key = (site.id, len(site.articles))
        if self._indexes.get(site.id, (None,))[0] != key:
            by_path = {site.article_path(a): a for a in site.articles}
            if site.copies_from and site.copies_from.articles:
                original = site.copies_from.articles[0]
                by_path[f"/dang-lai-{original.slug}-a9{original.number:05d}.html"] = original
            self._indexes[site.id] = (key, by_path)
        return self._indexes[site.id][1]

    def _route(self, site: Site, path: str, query: str, form: dict) -> tuple[int, str, bytes, dict]:
        by_path = self._index(site)
        if path in by_path:
            return 200, "text/html; charset=utf-8", render_article(site, by_path[path]).encode(), {}
        full = path + (f"?{query}" if query else "")
        if site.family != "tandan":
            numbers = [int(n) for n in re.findall(r"\d+", full)] or [1]
            page = numbers[-1]
            if 1 <= page <= site.pages() and full == site.listing_path(page):
                return 200, "text/html; charset=utf-8", render_listing(site, page).encode(), {}
        if site.family == "tandan" and path == site.listing_path(1):
            page = int((form.get("__EVENTARGUMENT") or ["1"])[0] or 1)
            return 200, "text/html; charset=utf-8", render_listing(site, min(page, site.pages())).encode(), {}
        trap = re.fullmatch(r"/chuyen-muc-(\d+)/", path)
        if trap and int(trap[1]) < site.trap:
            page = int((parse_qs(query).get("page") or ["1"])[0])
            return 200, "text/html; charset=utf-8", render_trap(site, int(trap[1]), page).encode(), {}
        if path == "/":
            # a link into the section robots.txt disallows: a polite crawler never follows it
            links = (f'<a href="{site.listing_path(1)}">An ninh trật tự</a> '
                     f'<a href="/private/phong-trao-toan-dan-bao-ve-an-ninh-noi-bo-a99999.html">Nội bộ</a>')
            if site.copies_from and site.copies_from.articles:
                o = site.copies_from.articles[0]
                links += f' <a href="/dang-lai-{o.slug}-a9{o.number:05d}.html">Đăng lại</a>'
            links += "".join(f' <a href="/chuyen-muc-{i}/">Chuyên mục {i}</a>' for i in range(site.trap))
            return 200, "text/html; charset=utf-8", _page(site, site.name, links).encode(), {}
        if path == site.feed_path():
            return 200, "application/rss+xml", render_feed(site).encode(), {}
        if path == "/sitemap.xml":
            return 200, "application/xml", render_sitemap(site).encode(), {}
        if path == "/robots.txt":
            return 200, "text/plain", render_robots(site).encode(), {}
        return 404, "text/html; charset=utf-8", _page(site, "Không tìm thấy", "<p>Không tìm thấy trang.</p>").encode(), {}

    def _handler(self, site: Site):
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet: tests read `hits` instead
                pass

            def _serve(self, form: dict) -> None:
                parts = urlsplit(self.path)
                with mirror._lock:
                    mirror.hits[(site.host, self.path)] += 1
                    count = mirror.hits[(site.host, self.path)]
                    mirror.timeline.append((time.monotonic(), site.host, self.path))
                fault = mirror.faults.get(parts.path)
                if fault == "flaky" and count <= 2:
                    return self._send(503, "text/plain", b"busy", {"Retry-After": "0"})
                if fault == "throttled" and count <= 2:
                    return self._send(429, "text/plain", b"too many requests", {"Retry-After": "1"})
                if fault == "slow":
                    time.sleep(30)
                if fault == "loop":
                    return self._send(302, "text/plain", b"", {"Location": self.path})
                if parts.path in mirror.redirects:
                    return self._send(302, "text/plain", b"", {"Location": mirror.redirects[parts.path]})
                status, ctype, body, headers = mirror._route(site, parts.path, parts.query, form)
                if fault == "truncated":
                    body = body[: len(body) // 2]
                elif fault == "mislabelled":
                    ctype = "text/html; charset=windows-1252"
                    body = body.replace(b'<meta charset="utf-8">', b'<meta charset="windows-1252">')
                elif fault == "huge":
                    body = body.replace(b"</main>", b"<p>" + b"x" * 20_000_000 + b"</p></main>")
                self._send(status, ctype, body, headers)

            def _send(self, status: int, ctype: str, body: bytes, headers: dict) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:
                self._serve({})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._serve(parse_qs(self.rfile.read(length).decode("utf-8", "replace")))

        return Handler


def registry_toml(sites: list[Site], *, sitemaps: bool = True) -> str:
    """A sources file for these sites, as a user would write it for antq --sources
    (without their sitemaps: listings and feeds only, as most portals offer)."""
    out = ["# Sources for the local mirror (generated sites on 127.0.0.x)", ""]
    for s in sites:
        feeds = f'feeds = ["{s.base}{s.feed_path()}"]\n' if s.feed_path() else ""
        sitemap = f'sitemaps = ["{s.base}/sitemap.xml"]\n' if sitemaps else ""
        out.append(f'[[source]]\nid = "{s.id}"\nname = "{s.name}"\nkind = "{s.kind}"\nprovince = "{s.province}"\n'
                   f'family = "{s.family}"\nhome = "{s.base}/"\nstart_urls = ["{s.base}/", "{s.base}{s.listing_path(1)}"]\n'
                   f'{feeds}{sitemap}')
    return "\n".join(out)
