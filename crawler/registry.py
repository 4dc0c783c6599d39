"""The registry of sources (crawler/sources.toml by default): each portal's
start URLs, feeds, sitemaps, URL rules and selectors, on top of its CMS
family's defaults. Validated when loaded: an unknown key, a bad regex or a
duplicate id is an error that names the line.

A source's first crawl is a backfill back to its `since` date (a TOML date),
else the registry's `[crawl] since`, else DEFAULT_SINCE (crawler/state.py).
Its requests stay on its own hosts: its home's host (with or without
`www.`) and the `hosts` it declares."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

KINDS = ("police", "government", "newspaper")
SOURCE_KEYS = {"id", "name", "kind", "outlet", "province", "province_2025", "family", "home", "start_urls", "feeds",
               "sitemaps", "feeds_claimed", "article", "listing", "next_page", "selectors", "enabled", "note",
               "since", "hosts", "evidence"}
CRAWL_KEYS = {"since"}
# Backfills go back to 2015 unless a source or the registry says otherwise: ten years of
# reports before and after the 2025 merger, at a cost a weekly run absorbs in a few weeks.
DEFAULT_SINCE = date(2015, 1, 1)
EVIDENCE = ("article", "listing", "home")  # what the directory saw of a host, best first
FAMILY_KEYS = {"article", "listing", "next_page", "pagination", "selectors", "note"}
SELECTOR_KEYS = {"title", "date", "body", "author"}


class RegistryError(Exception):
    """A registry file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str
    home: str
    province: str | None = None
    province_2025: str | None = None
    outlet: str | None = None
    family: str = "generic"
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds_claimed: bool = False
    article: re.Pattern | None = None
    listing: re.Pattern | None = None
    next_page: re.Pattern | None = None
    pagination: str = "links"  # links, or postback (ASP.NET __doPostBack paging)
    selectors: dict = field(default_factory=dict)
    enabled: bool = True
    since: date | None = DEFAULT_SINCE
    hosts: tuple[str, ...] = ()  # hosts it publishes on besides its home's
    evidence: str | None = None  # article, listing or home: what the directory saw of it

    @property
    def domain(self) -> str:
        return urlsplit(self.home).hostname or ""

    @property
    def own_hosts(self) -> frozenset[str]:
        """The hosts its requests may go to: its home's, with and without www., and those it declares."""
        out = set()
        for h in (self.domain, *self.hosts):
            h = h.lower().removeprefix("www.")
            out |= {h, "www." + h}
        return frozenset(out)

    def owns(self, url: str) -> bool:
        return (urlsplit(url).hostname or "") in self.own_hosts


def default_path() -> Path:
    return Path(str(resources.files("crawler").joinpath("sources.toml")))


def default_families() -> dict:
    with resources.files("crawler").joinpath("families.toml").open("rb") as f:
        return tomllib.load(f)["families"]


def _line_of(text: str, needle: str) -> int:
    i = text.find(needle)
    return text.count("\n", 0, i) + 1 if i >= 0 else 0


def load(path: str | Path | None = None) -> list[Source]:
    path = Path(path) if path else default_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RegistryError(f"{path}: cannot be read ({e.strerror})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise RegistryError(f"{path}: not valid TOML ({e})") from None
    unknown = set(data) - {"families", "source", "crawl"}
    if unknown:
        key = sorted(unknown)[0]
        raise RegistryError(f"{path}:{_line_of(raw, key)}: unknown top-level key {key!r}")
    # a registry may define its own families; the packaged ones are always there
    families = {**default_families(), **data.get("families", {})}
    for name, fam in data.get("families", {}).items():
        _check_keys(path, raw, f"[families.{name}]", fam, FAMILY_KEYS)
    _check_keys(path, raw, "[crawl]", data.get("crawl", {}), CRAWL_KEYS)
    default_since = _date(f"{path}:{_line_of(raw, '[crawl]')}", "[crawl]", data.get("crawl", {}).get("since", DEFAULT_SINCE))
    sources, seen = [], set()
    for entry in data.get("source", []):
        sid = entry.get("id")
        if not sid:
            raise RegistryError(f"{path}: a [[source]] has no id")
        needle = 'id = "' + sid + '"'
        where = f"{path}:{_line_of(raw, needle)}"
        if sid in seen:
            raise RegistryError(f"{where}: duplicate source id {sid!r}")
        seen.add(sid)
        _check_keys(path, raw, f"source {sid!r}", entry, SOURCE_KEYS, where)
        for key in ("name", "kind", "home"):
            if not entry.get(key):
                raise RegistryError(f"{where}: source {sid!r} has no {key}")
        if entry["kind"] not in KINDS:
            raise RegistryError(f"{where}: source {sid!r}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        family = entry.get("family", "generic")
        if family not in families:
            raise RegistryError(f"{where}: source {sid!r}: unknown family {family!r}")
        fam = families[family]
        selectors = {**fam.get("selectors", {}), **entry.get("selectors", {})}
        if set(selectors) - SELECTOR_KEYS:
            raise RegistryError(f"{where}: source {sid!r}: unknown selector {sorted(set(selectors) - SELECTOR_KEYS)[0]!r}")
        sources.append(Source(
            id=sid, name=entry["name"], kind=entry["kind"], home=entry["home"], province=entry.get("province"),
            province_2025=entry.get("province_2025"), outlet=entry.get("outlet"), family=family,
            start_urls=tuple(entry.get("start_urls") or [entry["home"]]), feeds=tuple(entry.get("feeds", [])),
            sitemaps=tuple(entry.get("sitemaps", [])), feeds_claimed=bool(entry.get("feeds_claimed", False)),
            article=_regex(where, sid, "article", entry.get("article", fam.get("article"))),
            listing=_regex(where, sid, "listing", entry.get("listing", fam.get("listing"))),
            next_page=_regex(where, sid, "next_page", entry.get("next_page", fam.get("next_page"))),
            pagination=fam.get("pagination", "links"), selectors=selectors, enabled=entry.get("enabled", True),
            since=_date(where, f"source {sid!r}", entry.get("since", default_since)),
            hosts=tuple(_hosts(where, sid, entry.get("hosts", []))), evidence=_evidence(where, sid, entry.get("evidence")),
        ))
    return sources


def _check_keys(path, raw, label, table, allowed, where=None) -> None:
    extra = set(table) - allowed
    if extra:
        key = sorted(extra)[0]
        raise RegistryError(f"{where or path}: {label}: unknown key {key!r} (line {_line_of(raw, key)})")


def _date(where: str, label: str, value) -> date:
    if isinstance(value, date):
        return value
    raise RegistryError(f"{where}: {label}: since must be a date such as 2015-01-01, not {value!r}")


def _hosts(where: str, sid: str, hosts) -> list[str]:
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h and "/" not in h for h in hosts):
        raise RegistryError(f"{where}: source {sid!r}: hosts must be a list of host names")
    return [h.lower() for h in hosts]


def _evidence(where: str, sid: str, value) -> str | None:
    if value is not None and value not in EVIDENCE:
        raise RegistryError(f"{where}: source {sid!r}: evidence {value!r} is not one of {', '.join(EVIDENCE)}")
    return value


def _regex(where: str, sid: str, key: str, pattern: str | None) -> re.Pattern | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as e:
        raise RegistryError(f"{where}: source {sid!r}: {key} is not a valid regex ({e})") from None


def select(sources: list[Source], ids: list[str] | None = None) -> list[Source]:
    """The enabled sources, or the named ones (enabled or not); unknown ids are an error."""
    if not ids:
        return [s for s in sources if s.enabled]
    by_id = {s.id: s for s in sources}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise RegistryError(f"unknown source id(s): {', '.join(missing)}")
    return [by_id[i] for i in ids]
