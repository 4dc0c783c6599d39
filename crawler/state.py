"""Where each source's crawling stands, and what the next crawl does with it.

A source the warehouse has never crawled is backfilled: its listings are
walked to their end, or back to its `since` date. A backfill that a kill, the
page limits or a failing listing stops is resumed by the next crawl from the
listing pages it had reached. Once complete, the source is crawled
incrementally: a listing is paged only while a page links to articles the
warehouse has not stored. A source that does not answer for DEAD_AFTER runs
in a row is dead: later crawls only probe its home page, and the first answer
brings it back. The state lives in the warehouse's `crawl_state` table
(warehouse/sql/006_crawl_state.sql) and readers see it in `source_status`.

plan() and advance() are pure; load() and record() are the warehouse edges.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

import duckdb

from crawler.registry import Source
from warehouse import store

DEAD_AFTER = 4  # runs in a row without an answer: a month of weekly runs
BACKFILL = "backfill"
INCREMENTAL = "incremental"
PROBE = "probe"


@dataclass(frozen=True)
class Plan:
    """What a crawl does with one source."""
    mode: str  # backfill, incremental or probe (a dead source: its home page only)
    since: date | None = None  # a backfill goes back to this publication date (None: to the end)
    resume: tuple[tuple[str, int], ...] = ()  # (listing URL, its page number) where a backfill goes on


@dataclass(frozen=True)
class SourceState:
    source_id: str
    state: str  # backfilling, up_to_date, failing or dead
    since: datetime | None = None  # entered this state
    backfill_to: date | None = None
    resume: tuple[tuple[str, int], ...] = ()
    last_success: datetime | None = None
    failures: int = 0
    backfilled: datetime | None = None
    offsite: int = 0
    note: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What one crawl saw of a source (from the engine's counters)."""
    answered: int  # responses of any kind
    errors: int
    open_chains: tuple[tuple[str, int], ...] = ()  # listings a backfill left unfinished
    offsite: int = 0

    @classmethod
    def of(cls, counters: dict) -> "Outcome":
        resume = tuple((u, int(p)) for u, p in json.loads(counters.get("resume") or "[]"))
        return cls(answered=sum(counters.get(k, 0) for k in ("pages", "listing_pages", "feeds", "sitemaps")),
                   errors=counters.get("errors", 0), open_chains=resume, offsite=counters.get("offsite", 0))


def plan(source: Source, st: SourceState | None, *, full: bool = False) -> Plan:
    """The crawl a source gets, given its state (None: never crawled)."""
    if full:
        return Plan(BACKFILL, None)
    if st is None:
        return Plan(BACKFILL, source.since)
    if st.state == "dead":
        return Plan(PROBE)
    if st.backfilled is None:
        return Plan(BACKFILL, st.backfill_to or source.since, st.resume)
    return Plan(INCREMENTAL)


def advance(source: Source, st: SourceState | None, p: Plan, out: Outcome, now: datetime) -> SourceState:
    """The state after a crawl that ran plan p and saw out."""
    prev = st or SourceState(source.id, "backfilling", since=now, backfill_to=source.since)

    def moved(state: str, **kw) -> SourceState:
        since = prev.since if state == prev.state and st is not None else now
        return replace(prev, state=state, since=since, offsite=out.offsite, **kw)

    if not out.answered:
        failures = prev.failures + 1
        failing_since = prev.since if prev.state in ("failing", "dead") else now
        if failures >= DEAD_AFTER:
            note = (f"no answer in {failures} runs in a row; only its home page is probed until it answers")
            return replace(moved("dead", failures=failures, note=note), since=failing_since)
        note = f"no answer in {failures} run(s) in a row"
        return replace(moved("failing", failures=failures, note=note), since=failing_since)
    if p.mode == PROBE:  # answered again: crawled in full from the next run
        state = "up_to_date" if prev.backfilled else "backfilling"
        return moved(state, failures=0, last_success=now, note="answered again after being dead")
    if p.mode == BACKFILL:
        if out.open_chains:
            return moved("backfilling", failures=0, last_success=now, resume=out.open_chains,
                         note=f"backfill goes on from {len(out.open_chains)} listing page(s)")
        return moved("up_to_date", failures=0, last_success=now, resume=(), backfilled=prev.backfilled or now,
                     note="backfill complete" + (f" back to {p.since}" if p.since else ""))
    state = "up_to_date" if prev.backfilled else "backfilling"
    return moved(state, failures=0, last_success=now, note=prev.note if state == prev.state else None)


# -- the warehouse's side ----------------------------------------------------------

_COLUMNS = ("source_id", "state", "since", "backfill_to", "resume", "last_success", "failures", "backfilled",
            "offsite", "note")


def load(con: duckdb.DuckDBPyConnection) -> dict[str, SourceState]:
    """Every source's state in the warehouse (none before migration 006)."""
    try:
        rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM crawl_state").fetchall()
    except duckdb.CatalogException:
        return {}
    out = {}
    for row in rows:
        values = dict(zip(_COLUMNS, row))
        values["resume"] = tuple((u, int(n)) for u, n in json.loads(values["resume"] or "[]"))
        out[values["source_id"]] = SourceState(**values)
    return out


def plans(con: duckdb.DuckDBPyConnection | None, sources: list[Source], *, full: bool = False) -> dict[str, Plan]:
    states = load(con) if con is not None else {}
    return {s.id: plan(s, states.get(s.id), full=full) for s in sources}


def plans_for(db, sources: list[Source], *, full: bool = False) -> dict[str, Plan]:
    """The plans for a crawl of the warehouse at db (every source new if it has none yet)."""
    try:
        con = store.connect_reader(db)
    except store.WarehouseError:
        return plans(None, sources, full=full)
    try:
        return plans(con, sources, full=full)
    finally:
        con.close()


def record(con: duckdb.DuckDBPyConnection, sources: list[Source], counters: dict[str, dict], now: datetime, *,
           full: bool = False) -> dict[str, SourceState]:
    """Each crawled source's new state, written in the writer's connection. The
    plan is made again from the state the crawl started from (still unchanged)."""
    states = load(con)
    new = {}
    for s in sources:
        if s.id not in counters:
            continue
        p = plan(s, states.get(s.id), full=full)
        new[s.id] = st = advance(s, states.get(s.id), p, Outcome.of(counters[s.id]), now)
        values = [getattr(st, c) for c in _COLUMNS]
        values[_COLUMNS.index("resume")] = json.dumps([list(r) for r in st.resume])
        con.execute(f"INSERT OR REPLACE INTO crawl_state ({', '.join(_COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(_COLUMNS))})", values)
    return new
