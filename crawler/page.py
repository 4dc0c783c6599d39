"""Reads one article page: title, published date, author, canonical URL and
main text, from raw bytes.

The title is the headline the page shows: a family's title selector is taken
whole; otherwise the first of JSON-LD's headline, og:title, the <h1>s and the
<title>'s parts that the page prints as a block of its own, with a suffix cut
only when it is the site's name or a slug of the headline.
The date is the dateline printed near the headline (crawler/dateline.py),
else structured data (JSON-LD, <meta>) converted to Asia/Ho_Chi_Minh, else a
date at the top of the text, htmldate's guess, or the date in the URL (Tân Dân
portals); never after the time the page was fetched. With a time it is kept
as an ISO date-time with +07:00; structured data refines the dateline's
minute to the second when they agree.
The main text comes from a family's body selector, else trafilatura (captions
kept), else trafilatura's recall options, else the page's largest text block;
`extraction` says which. A lead paragraph (sapo) that the page shows as its
description is kept at the top. Pure functions: no network, no files.
"""
from __future__ import annotations

import copy
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from html import unescape
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from charset_normalizer import from_bytes as guess_charset
from htmldate import find_date

from crawler import dateline
from nlp import boilerplate, dates

VN_TZ = timezone(timedelta(hours=7))
MAX_HTML = 5_000_000  # characters read from a page; the crawler refuses bigger downloads first
_URL_DATE = re.compile(r"/(?P<y>20\d\d|19\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})/")
_CHROME = re.compile(r"^\s*(A-\s*A\s*A\+.*|Tăng tương phản.*|In bài.*|Chia sẻ\s*:?.*|Lượt xem\s*:.*|Bình luận.*|"
                     r"Số lượt xem\s*:?.*|Cỡ chữ.*|Gửi email.*|Xem thêm\s*:.*|Xem tiếp\s*:.*|"
                     # links to other articles: ">> headline", and lists of them dated "Ngày 26/11/2012" or "(25/12)"
                     r">>.*|[-•]\s.*(?:Ngày\s+\d{1,2}/\d{1,2}/\d{4}|\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))|"
                     r"Theo dòng sự kiện\s*:?.*|Tin liên quan\s*:?|Tin khác\s*:?|Các tin khác\s*:?|"
                     r"\[?\s*(?:Quay lại|Trở về|Về đầu trang|Đợi chút nhé!?)\s*\]?|.*\bthích nội dung này\.?)$", re.IGNORECASE)
_TABLE_CELL = re.compile(r"^\s*\|?\s*(.*?)\s*\|?\s*$")
_BYLINE = re.compile(r"^\s*(?:Bài(?: và ảnh| & ảnh)?|Tác giả|Tin(?:, ảnh| và ảnh)?|Ảnh|Nhóm PV|Theo)\s*:\s*(?P<name>.{2,80}?)\s*$")
_SIGNATURE = re.compile(r"^\s*(?P<name>[A-ZĐÀ-Ỹ][^\s–\-]*(?:\s+[A-ZĐÀ-Ỹ][^\s–\-]*){0,4})\s*[–\-]\s*(?P<org>[^.]{3,60})$")


@dataclass
class Page:
    url: str
    canonical_url: str
    title: str | None = None
    # ISO date-time with +07:00 when the page gives a time, else an ISO date (YYYY-MM when only the month)
    published: str | None = None
    published_source: str | None = None  # where the date came from: dateline, meta, text, htmldate, url
    author: str | None = None
    text: str = ""
    charset: str | None = None
    extraction: str | None = None  # what found the text: selector, trafilatura, trafilatura-recall, largest-block
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


_SEPARATORS = re.compile(r"\s+[|–\-:»]\s+|\s*\|\s*|(?<=\w)-(?=[a-z0-9 ]+$)")


_MARKS = re.compile(r"[\u0300-\u036f]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def fold(s: str) -> str:
    """Without accents, case or spaces, to compare texts as written ('Đắk Tô' -> 'dakto')."""
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return _NOT_ALNUM.sub("", _MARKS.sub("", s).lower())


@lru_cache(maxsize=4096)
def brand(url: str) -> str:
    """The site's name as its host spells it: 'vnexpress' for ione.vnexpress.net."""
    labels = [x for x in (urlsplit(url).hostname or url).lower().split(".") if x not in ("www", "com", "vn", "net", "gov",
                                                                                         "org", "edu", "m", "amp")]
    return re.sub(r"[^a-z0-9]", "", labels[-1]) if labels else ""


def _is_site_part(part: str, url: str, site_name: str | None) -> bool:
    """A title part that names the site (its host's name or og:site_name), not the article."""
    b = brand(urlsplit(url).hostname or "")
    f = fold(part)
    return bool(f and ((len(b) >= 3 and b in f) or (site_name and _folded(site_name) in f)))


@lru_cache(maxsize=4096)
def _folded(name: str) -> str:
    return fold(name)


def _is_slug_of(part: str, head: str) -> bool:
    """'lo luyen thi cong chuc o han' after 'Đột nhập lò luyện thi công chức Hàn Quốc': a slug of the headline."""
    words = part.split()
    return bool(words) and part == part.lower() and part.isascii() and all(fold(w) in fold(head) for w in words)


def clean_title(title: str | None, url: str, site_name: str | None = None) -> str | None:
    """A headline without the site's name or a slug tacked before or after it; nothing else is cut."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    while len(parts) > 1 and (_is_site_part(parts[-1], url, site_name) or _is_slug_of(parts[-1], " ".join(parts[:-1]))):
        parts.pop()
    while len(parts) > 1 and _is_site_part(parts[0], url, site_name):
        parts.pop(0)
    if len(parts) == len(_SEPARATORS.split(title)):
        return title
    # rebuild from the original text, so separators inside the kept part stay as written
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip(" -|–:»") or title


def _shown(root) -> set[str]:
    """The short blocks of text the page shows where a headline may stand, folded."""
    return {fold(t) for e in root.xpath("//body//*[self::h1 or self::h2 or self::h3 or self::h4 or self::p or "
                                        "self::span or self::div or self::td or self::a][not(*[self::div or self::p "
                                        "or self::table or self::ul])]")
            if len(t := " ".join(e.text_content().split())) < 300}


def _title(root, url: str, selectors: dict, ld: dict) -> str | None:
    if chosen := _first(root, selectors.get("title")):
        return chosen  # a family's own title element: never cut
    site_name = _meta(root, "og:site_name")
    tag = " ".join((root.findtext(".//title") or "").split())
    candidates = [ld.get("headline") if isinstance(ld.get("headline"), str) else None,
                  _meta(root, "og:title"), _meta(root, "twitter:title")]
    candidates += [" ".join(h.text_content().split()) for h in root.xpath("//h1")]
    pieces = [p for p in _SEPARATORS.split(tag) if p.strip()]
    candidates += [" - ".join(pieces[:k]) for k in range(len(pieces), 0, -1)] + [tag]
    cleaned = []
    for c in candidates:
        c = clean_title(c, url, site_name)
        if c and not _is_site_part(c, url, site_name) and c not in cleaned:
            cleaned.append(c)
    if len(cleaned) < 2:
        return cleaned[0] if cleaned else None
    blocks = _shown(root)
    shown = [c for c in cleaned if fold(c) in blocks]
    return (shown or cleaned)[0]


def _as_date(value: str | None, fetched: datetime) -> str | None:
    """An ISO date, or date-time in Vietnam's time zone when value gives a time;
    None if unreadable or after the fetch."""
    if not value:
        return None
    value = value.strip()
    limit = fetched.astimezone(VN_TZ)
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = dates.parse_date(value)
        if not found:
            return None
        return found[0].isoformat() if found[0] <= limit.date() else None
    if len(value) <= 10:  # a date alone
        return dt.date().isoformat() if dt.date() <= limit.date() else None
    dt = dt.astimezone(VN_TZ) if dt.tzinfo else dt.replace(tzinfo=VN_TZ)
    return dt.isoformat() if dt <= limit else None


def _flat_body(html: str) -> tuple[str, int | None]:
    """The page's body as one line of text (scripts included: some pages write their
    dateline from one), and where the first <h1> is in it."""
    body = html[html.lower().find("<body"):] if "<body" in html.lower() else html
    body = re.sub(r"(?is)<style\b.*?</style>", " ", body)
    body = re.sub(r"(?i)<h1\b", "\x00<h1", body, count=1)
    text = " ".join(unescape(re.sub(r"<[^>]*>", " ", body)).split())
    at = text.find("\x00")
    return text.replace("\x00", " "), (at if at >= 0 else None)


def _anchor(flat: str, h1_at: int | None, title: str | None) -> int | None:
    """Where the headline is printed in the flat body: after the first <h1> if it holds it."""
    if not title:
        return h1_at
    found = [m.start() for m in re.finditer(re.escape(title), flat)]
    if h1_at is not None:
        after = [i for i in found if 0 <= i - h1_at <= 200]
        if after:
            return after[0]
    return found[0] if found else h1_at


def _published(root, html: str, url: str, text_head: str, fetched: datetime, ld: dict,
               title: str | None) -> tuple[str | None, str | None]:
    meta = ld.get("datePublished") or _meta(root, "article:published_time", "datePublished", "pubdate",
                                              "publishdate", "date", "dc.date", "DC.date.issued", "og:updated_time")
    meta = _as_date(meta if isinstance(meta, str) else None, fetched)
    flat, h1_at = _flat_body(html)
    line = dateline.find(flat, _anchor(flat, h1_at, title), fetched)
    if line:
        printed = line.iso()
        # structured data that agrees with the printed minute only adds its seconds
        if meta and len(meta) > 10 and line.at and meta[:16] == printed[:16]:
            return meta, "dateline"
        return printed, "dateline"
    if meta:
        return meta, "meta"
    for text_line in text_head.splitlines()[:12]:
        if len(text_line) < 80 and (d := _as_date(text_line, fetched)):
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


def _person(name, url: str, site_name: str | None) -> str | None:
    """A byline's name; None for the publisher or a company named as author ('VnExpress', 'VCCorp.vn')."""
    if isinstance(name, list) and name:
        name = name[0]
    if isinstance(name, dict):
        name = name.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    name = re.sub(r"^\s*Theo\s+", "", " ".join(name.split()))
    name = re.split(r"\s*[(/]", name)[0].strip()
    if not name or _is_site_part(name, url, site_name) or re.search(r"\.(vn|com|net)\b|corp|channel", name, re.I):
        return None
    return name


_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w.]*\.?|[a-z]+[A-Z]\w*)(?:\s+(?:[A-ZĐÀ-Ỹ][\w.]*|-|–|và))*\s*$")


def _byline(line: str) -> str | None:
    """The name a closing line of an article gives as its author, if it is one."""
    if re.match(r"^\s*Theo\s+[^/(]+$", line):
        return None  # "Theo Infonet": the outlet it was taken from, not a writer
    if m := _BYLINE.match(line):
        return m.group("name")
    if (m := _SIGNATURE.match(line)) and not _NAME.match(m.group("org")):
        return m.group("name")  # "Đức Đạt – Công an huyện": the writer and their unit
    if len(line.split()) <= 8 and _NAME.match(line):
        return line  # "Lê Phương", "H.V.", "Quang Phong - Tùng Nguyên"
    return None


def _author(root, ld: dict, text: str, url: str) -> str | None:
    site_name = _meta(root, "og:site_name")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][-4:]
    found = [who for ln in reversed(lines) if (name := _byline(ln)) and (who := _person(name, url, site_name))]
    # the byline the article ends with, as printed; a photo credit only when there is nothing else
    credits = [ln for ln in lines if re.match(r"^\s*Ảnh\s*:", ln)]
    writers = [w for w in found if not any(w in c for c in credits)]
    if writers or found:
        return (writers or found)[0]
    return _person(ld.get("author"), url, site_name) or _person(_meta(root, "author", "article:author"), url, site_name)


def _blocks(root) -> list:
    """Elements holding running text: paragraphs, and the parents of loose text."""
    return root.xpath("//p | //figcaption | //div[not(.//p) and not(.//div) and string-length(normalize-space()) > 0]"
                      " | //td[not(.//p) and not(.//div) and not(.//td)]")


def _largest_block(root) -> str:
    """The text of the element whose own paragraphs hold the most text."""
    totals: dict = {}
    for p in root.xpath("//p"):
        parent = p.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + len(p.text_content().strip())
    if totals:
        best = max(totals, key=totals.get)
        paras = [" ".join(p.text_content().split()) for p in best.xpath("./p")]
        return "\n".join(p for p in paras if p)
    texts = sorted(_blocks(root), key=lambda e: len(e.text_content()), reverse=True)
    return " ".join(texts[0].text_content().split()) if texts else ""


def _trafilatura(root, **options) -> str:
    out = trafilatura.extract(copy.deepcopy(root), **{"include_comments": False, "include_tables": True,
                                                       **options}) or ""
    return _with_captions(root, out)


def _only_table_rows(text: str) -> bool:
    """Text with fewer than three lines outside table rows: a page laid out in tables, read as data."""
    return sum(1 for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("|")) < 3


def _with_captions(root, text: str) -> str:
    """The text with the captions of the article's own pictures (a figure right after
    one of its paragraphs), each after that paragraph, as the page shows them."""
    lines = text.splitlines()
    keys = [fold(ln[:80]) for ln in lines]
    for cap in root.xpath("//figcaption"):
        caption = " ".join(cap.text_content().split())
        before = cap.xpath("preceding::p[normalize-space()][1]")
        if not caption or fold(caption[:80]) in keys or not before:
            continue
        key = fold(" ".join(before[0].text_content().split())[:80])
        if key in keys:
            at = keys.index(key) + 1
            lines.insert(at, caption)
            keys.insert(at, fold(caption[:80]))
    return "\n".join(lines)


def _main_text(root, selectors: dict) -> tuple[str, str]:
    """The article's text and what found it."""
    if selectors.get("body"):
        try:
            nodes = root.cssselect(selectors["body"])
        except Exception:
            nodes = []
        if nodes:
            node = copy.deepcopy(nodes[0])
            for bad in node.xpath(".//script|.//style"):
                bad.drop_tree()
            return "\n".join(" ".join(p.split()) for p in node.itertext() if p.strip()), "selector"
    # antq's usual options first; then without deduplication and tables, which make it give up on some pages
    attempts = (("trafilatura", {"favor_recall": True, "deduplicate": True}),
                ("trafilatura-recall", {"favor_recall": True, "include_tables": False}))
    table_dump = None  # a page laid out in tables, read as table rows: kept if nothing better comes
    for how, options in attempts:
        try:
            text = _trafilatura(root, **options)
        except (RecursionError, ValueError):  # a tree too odd for it: the next reader tries
            text = ""
        if text.strip() and not _only_table_rows(text):
            return text, how
        if text.strip():
            table_dump = table_dump or (text, how)
    return table_dump or (_largest_block(root), "largest-block")


def _lead(root, text: str, url: str) -> str | None:
    """The lead (sapo) the page shows and gives as its description, when the text lacks it."""
    desc = _meta(root, "og:description", "description")
    if not desc:
        return None
    desc = re.sub(r"^[a-z0-9 ]+ - ", "", desc)  # a slug some sites put before it
    key = fold(desc[:60])  # its start: a description may end with the site's name
    if len(key) < 20 or key in fold(text[:2000]):
        return None
    shown = [e for e in root.xpath("//body//*[self::p or self::div or self::h2 or self::span or self::td]")
             if key[:40] in fold(e.text_content()[:240])]
    if not shown:
        return None
    lead = " ".join(min(shown, key=lambda e: len(e.text_content())).text_content().split())
    lead = lead.split(" >>")[0]  # a link to another article printed after it
    return lead if len(lead) < 3 * len(desc) + 200 else None


def _whole_first_block(root, text: str) -> str:
    """The text with the start of its first block when the extractor dropped it (a
    lead written as lines of one <div>, of which only the later lines came out)."""
    lines = text.splitlines()
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if len(first) < 30:
        return text
    key = " ".join(first.split())[:40]
    holders = [e for e in root.xpath("//body//*[self::div or self::p or self::td or self::h2]")
               if key in " ".join(e.text_content().split())]
    if not holders:
        return text
    whole = " ".join(min(holders, key=lambda e: len(e.text_content())).text_content().split())
    before = whole[:whole.find(key)].strip()
    if 20 <= len(before) <= 400 and not dateline.candidates(before):
        return before + "\n" + text
    return text


def _depth(root) -> int:
    depth = {root: 0}
    for el in root.iter():
        parent = el.getparent()
        if parent is not None:
            depth[el] = depth.get(parent, 0) + 1
    return max(depth.values())


def strip_chrome(text: str, title: str | None = None) -> str:
    """Portal chrome that main-text extraction lets through: font-size and share
    buttons, view counters, links to other articles, the headline and dateline
    repeated around the text, table borders, and everything from the footer on."""
    lines = [_TABLE_CELL.match(ln)[1] for ln in text.splitlines()]
    lines = [ln for ln in lines if ln.strip() and not _CHROME.match(ln)]
    head = fold(title or "") or None

    def heading(ln: str) -> bool:
        """The headline, the dateline or a section's name above the text."""
        if head and (fold(ln).startswith(head) or (head in fold(ln) and len(ln) < len(title) + 60)):
            return True
        return len(ln) < 60 and (len(ln.split()) <= 3 or bool(dateline.candidates(ln))) and not ln.rstrip().endswith(".")

    while len(lines) > 1 and heading(lines[0]):
        if title and title in lines[0] and len(lines[0]) > len(title) + 60:  # headline and lead on one line
            lines[0] = lines[0][lines[0].find(title) + len(title):].strip()
            break
        lines.pop(0)
    while lines and head and fold(lines[-1]) == head:
        lines.pop()
    # a run of short lines after the last paragraph is a list of links ("Xem tất cả >>"), not the article;
    # its first line may be the byline
    tail = len(lines)
    while tail > 0 and len(lines[tail - 1].split()) <= 14 and not re.search(r"[.!?…”\"]\s*$", lines[tail - 1]):
        tail -= 1
    if len(lines) - tail >= 3:
        keep = 1 if tail < len(lines) and len(lines[tail].split()) <= 6 and _NAME.match(lines[tail]) else 0
        lines = lines[:tail + keep]
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
    if not unicodedata.is_normalized("NFC", html):  # letters typed as a base and combining marks
        html = unicodedata.normalize("NFC", html)
    page = Page(url=url, canonical_url=url, charset=used, warnings=warnings)
    if not html.strip():
        page.warnings.append("empty page")
        return page
    try:
        # huge_tree: a page nested deeper than libxml2's 256 levels is read whole, not cut to nothing
        root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError) as e:
        page.warnings.append(f"unparsable HTML ({e})")
        return page
    if (depth := _depth(root)) > 256:
        page.warnings.append(f"HTML nested {depth} levels deep; read with a parser without depth limit")
    ld = _json_ld(root)
    canonical = root.xpath('//link[@rel="canonical"]/@href') or [_meta(root, "og:url")]
    if canonical[0]:
        page.canonical_url = urljoin(url, canonical[0].strip())
    page.title = _title(root, url, selectors, ld)
    text, page.extraction = _main_text(root, selectors)
    text = strip_chrome(_whole_first_block(root, text), page.title)
    if lead := _lead(root, text, url):
        text = lead + "\n" + text
    page.text = text
    visible_head = "\n".join(t.strip() for t in root.xpath("//body//text()[normalize-space()]")[:60])
    page.published, page.published_source = _published(root, html, url, _first(root, selectors.get("date")) or visible_head,
                                                       fetched, ld, page.title)
    page.author = _author(root, ld, page.text, url)
    if not page.text:
        page.warnings.append("no main text found")
    return page
