"""The one path from a fetched page to the record the warehouse stores: the
page's text and metadata (crawler/page.py), its relevance to the movement and,
when relevant, the NLP stage's extraction. The crawl's pipelines, `antq
reextract`, `antq page` and `antq extract` on HTML all read pages here.
Pure: bytes in, record out (marking copies needs the crawl's memory, so it
stays with the callers)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import nlp
from crawler import relevance
from crawler.page import extract_page
from crawler.registry import Source


@dataclass
class PageRecord:
    url: str  # canonical
    title: str | None
    published: str | None
    author: str | None
    text: str
    relevance: float
    extracted: nlp.Extraction | None  # the NLP stage's findings, when relevant
    how: str | None  # what found the text (Page.extraction)
    charset: str | None = None
    warnings: list[str] = field(default_factory=list)

    def contract(self) -> dict | None:
        """The findings as the extraction contract (../shared/design/extraction.md)."""
        return self.extracted.to_contract() if self.extracted else None

    def as_json(self) -> dict:
        fields = {k: v for k, v in vars(self).items() if k != "extracted"}
        return {**fields, "extraction": self.contract()}

    def article(self, source_id: str | None, duplicate_of: int | None = None) -> dict:
        """The record warehouse/loader.py loads for this page."""
        rec = dict(self.contract() or {"doc_id": self.url})
        rec.update(url=self.url, source_id=source_id, title=self.title, published=self.published, author=self.author,
                   text=self.text, relevance=self.relevance, duplicate_of=duplicate_of)
        return rec


def charset_of(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type:
        return content_type.split("charset=")[-1].strip()
    return None


def read(body: bytes | str, url: str, source: Source | None = None, *, fetched_at: datetime | None = None,
         content_type: str | None = None, province: str | None = None, always_extract: bool = False) -> PageRecord:
    """A page as the warehouse records it. The NLP stage runs on relevant pages
    (or on every page with text, when always_extract), knowing the source's
    province (or the one given)."""
    page = extract_page(body, url, fetched_at=fetched_at, selectors=source.selectors if source else {},
                        charset=charset_of(content_type))
    score = relevance.score(page.title, page.text) if page.text else 0.0
    extracted = None
    if page.text and (always_extract or score >= relevance.THRESHOLD):
        extracted = nlp.extract(page.text, title=page.title, published=page.published,
                                province=province or (source.province if source else None), doc_id=page.canonical_url)
        extracted.warnings = page.warnings + extracted.warnings
    return PageRecord(url=page.canonical_url, title=page.title, published=page.published, author=page.author,
                      text=page.text, relevance=score, extracted=extracted, how=page.extraction,
                      charset=page.charset, warnings=page.warnings)
