"""Reads one article page: title, published date, author, canonical URL and
main text, from raw bytes.

Structured data first (JSON-LD, OpenGraph, <meta>), then trafilatura for the
main text, then a site's own selectors where a source profile gives them.
Dates come from metadata, a Vietnamese date near the title, htmldate, or the
date in the URL (Tân Dân portals), in Asia/Ho_Chi_Minh time, and never after
the time the page was fetched. Pure functions: no network, no files.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin

import lxml.html
import trafilatura
from charset_normalizer import from_bytes as guess_charset
from htmldate import find_date

from nlp import boilerplate, dates

VN_TZ = timezone(timedelta(hours=7))
MAX_HTML = 5_000_000  # characters read from a page; the crawler refuses bigger downloads first
_URL_DATE = re.compile(r"/(?P<y>20\d\d|19\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})/")
_CHROME = re.compile(r"^\s*(A-\s*A\s*A\+.*|Tăng tương phản.*|In bài.*|Chia sẻ\s*:?.*|Lượt xem\s*:.*|Bình luận.*|"
                     r"Số lượt xem\s*:?.*|Cỡ chữ.*|Gửi email.*|Xem thêm\s*:.*)$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:Bài(?: và ảnh| & ảnh)?|Tác giả|Tin(?:, ảnh| và ảnh)?|Ảnh|Nhóm PV|Theo)\s*:\s*(?P<name>.{2,80}?)\s*$")
_SIGNATURE = re.compile(r"^\s*(?P<name>[A-ZĐÀ-Ỹ][^\s–\-]*(?:\s+[A-ZĐÀ-Ỹ][^\s–\-]*){0,4})\s*[–\-]\s*(?P<org>[^.]{3,60})$")


@dataclass
class Page:
    url: str
    canonical_url: str
    title: str | None = None
    published: str | None = None  # ISO date, or YYYY-MM when only the month is known
    published_source: str | None = None  # where the date came from: meta, text, htmldate, url
    author: str | None = None
    text: str = ""
    charset: str | None = None
    warnings: list[str] = field(default_factory=list)


def decode(body: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Text of an HTML body, the charset used, and warnings. UTF-8 is tried
    first (many portals declare another charset and send UTF-8), then the
    declared one, then a guess."""
    warnings = []
    meta = re.search(rb"""<meta[^>]+charset=["']?([\w\-]+)""", body[:4096], re.IGNORECASE)
    declared = (declared or (meta.group(1).decode("ascii", "ignore") if meta else "")).lower() or None
    try:
        text = body.decode("utf-8")
        if declared and declared.replace("-", "") not in ("utf8",):
            warnings.append(f"declared charset {declared} but the page is UTF-8")
        return text, "utf-8", warnings
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return body.decode(declared), declared, warnings
        except (UnicodeDecodeError, LookupError):
            warnings.append(f"declared charset {declared} does not decode the page")
    best = guess_charset(body).best()
    charset = best.encoding if best else "utf-8"
    warnings.append(f"charset guessed as {charset}")
    return body.decode(charset, errors="replace"), charset, warnings


def _json_ld(root) -> dict:
    for node in root.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(node)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and str(item.get("@type", "")).endswith(("Article", "NewsArticle", "BlogPosting")):
                return item
    return {}


def _meta(root, *names: str) -> str | None:
    for n in names:
        found = root.xpath(f'//meta[@property="{n}" or @name="{n}" or @itemprop="{n}"]/@content')
        if found and found[0].strip():
            return found[0].strip()
    return None


def _first(root, selector: str | None) -> str | None:
    if not selector:
        return None
    try:
        found = root.cssselect(selector)
    except Exception:  # a bad selector in a profile is reported by the registry; here it just finds nothing
        return None
    return " ".join(found[0].text_content().split()) if found else None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    # "<headline> - Báo X" / "<headline> | Cổng thông tin ...": drop the site's name
    parts = re.split(r"\s+[|–\-]\s+", title)
    return parts[0] if len(parts) > 1 and len(parts[0]) >= 20 else title


def _as_date(value: str | None, fetched: datetime) -> str | None:
    """An ISO date (YYYY-MM-DD) in Vietnam's time zone, or None if unreadable or after the fetch."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        d = (dt.astimezone(VN_TZ) if dt.tzinfo else dt).date()
    except ValueError:
        found = dates.parse_date(value)
        if not found:
            return None
        d = found[0]
    return d.isoformat() if d <= fetched.astimezone(VN_TZ).date() else None


def _published(root, html: str, url: str, text_head: str, fetched: datetime, ld: dict) -> tuple[str | None, str | None]:
    meta = ld.get("datePublished") or _meta(root, "article:published_time", "datePublished", "pubdate",
                                              "publishdate", "date", "dc.date", "DC.date.issued", "og:updated_time")
    if d := _as_date(meta, fetched):
        return d, "meta"
    for line in text_head.splitlines()[:12]:
        if len(line) < 80 and (d := _as_date(line, fetched)):
            return d, "text"
    try:
        found = find_date(html, url=url, original_date=True, max_date=fetched.astimezone(VN_TZ).strftime("%Y-%m-%d"))
    except Exception:  # htmldate raises on some broken trees; the other sources still apply
        found = None
    if d := _as_date(found, fetched):
        return d, "htmldate"
    m = _URL_DATE.search(url)
    if m and (d := _as_date(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}", fetched)):
        return d, "url"
    return None, None


def _author(root, ld: dict, text: str) -> str | None:
    a = ld.get("author")
    if isinstance(a, list) and a:
        a = a[0]
    if isinstance(a, dict):
        a = a.get("name")
    if isinstance(a, str) and a.strip():
        return a.strip()
    if m := _meta(root, "author", "article:author"):
        return m
    for line in reversed([ln for ln in text.splitlines() if ln.strip()][-4:]):
        if (m := _BYLINE.match(line)) or (m := _SIGNATURE.match(line)):
            return m.group("name").strip()
    return None


def _main_text(html: str, root, selectors: dict) -> str:
    if selectors.get("body"):
        try:
            nodes = root.cssselect(selectors["body"])
        except Exception:
            nodes = []
        if nodes:
            for bad in nodes[0].xpath(".//script|.//style"):
                bad.drop_tree()
            return "\n".join(" ".join(p.split()) for p in nodes[0].itertext() if p.strip())
    return trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=True) or ""


def strip_chrome(text: str) -> str:
    """Portal chrome that main-text extraction lets through: font-size and share
    buttons, view counters, and everything from the footer on."""
    lines = [ln for ln in text.splitlines() if not _CHROME.match(ln)]
    text = "\n".join(lines).strip()
    return text[:boilerplate.body_end(text)].rstrip()


def extract_page(body: bytes | str, url: str, *, fetched_at: datetime | None = None,
                 selectors: dict | None = None, charset: str | None = None) -> Page:
    fetched = fetched_at or datetime.now(timezone.utc)
    selectors = selectors or {}
    warnings: list[str] = []
    if isinstance(body, bytes):
        html, used, more = decode(body, charset)
        warnings += more
    else:
        html, used = body, None
    if len(html) > MAX_HTML:
        warnings.append(f"page of {len(html):,} characters; only the first {MAX_HTML:,} were read")
        html = html[:MAX_HTML]
    page = Page(url=url, canonical_url=url, charset=used, warnings=warnings)
    if not html.strip():
        page.warnings.append("empty page")
        return page
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as e:
        page.warnings.append(f"unparsable HTML ({e})")
        return page
    ld = _json_ld(root)
    canonical = root.xpath('//link[@rel="canonical"]/@href') or [_meta(root, "og:url")]
    if canonical[0]:
        page.canonical_url = urljoin(url, canonical[0].strip())
    page.title = _clean_title(_first(root, selectors.get("title")) or ld.get("headline")
                              or _meta(root, "og:title") or _first(root, "h1") or _first(root, "title"))
    page.text = strip_chrome(_main_text(html, root, selectors))
    visible_head = "\n".join(t.strip() for t in root.xpath("//body//text()[normalize-space()]")[:60])
    page.published, page.published_source = _published(root, html, url, _first(root, selectors.get("date")) or visible_head,
                                                       fetched, ld)
    page.author = _author(root, ld, page.text)
    if not page.text:
        page.warnings.append("no main text found")
    return page


def date_of(page: Page) -> date | None:
    return date.fromisoformat(page.published) if page.published and len(page.published) == 10 else None
