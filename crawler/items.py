"""The record a fetched page becomes on its way to the warehouse."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    url: str
    source_id: str
    status: int
    fetched_at: str  # ISO timestamp, UTC
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    # filled by the pipelines
    canonical_url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    text: str = ""
    relevance: float | None = None
    duplicate_of: int | None = None
    extraction: dict | None = None
    warnings: list = field(default_factory=list)
