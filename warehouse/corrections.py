"""Researchers' corrections: records, their JSONL exchange format, and how they
reach the warehouse.

A correction is data layered over the extraction (table `corrections`, views
`correction_status` and `figures_effective` in sql/008_corrections.sql); a
re-extraction never touches it. Each is anchored to the article, the item's text
and offsets, and a hash of its sentence, so that after a re-extraction it is
applied again where its anchor holds and listed for review where it does not.

Corrections enter through the one writer. A program that must not wait for a
running weekly job (the review app) queues them as files beside the database
(`<db>.corrections/`); every writer session takes the queued files in before it
swaps its copy in, and deletes them only after the swap.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import math
import os
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import duckdb

ITEMS = ("figure", "model", "unit")
ACTIONS = ("accept", "set", "reject", "add", "undo")
FIELDS = {"figure": ("value", "total", "indicator", "period", "locality"),
          "model": ("name", "count"), "unit": ("name", "kind", "count")}
NUMERIC = ("value", "total", "count")
LEVELS = ("province", "district", "commune")


class CorrectionError(ValueError):
    """A correction that cannot be taken, said in one line."""


@dataclass
class Correction:
    """One line of the exchange format (JSONL). `article_id`, `start`, `end`, `text`
    and `action` are required, and for `set` also `field` and `value`."""
    article_id: int
    start: int
    end: int
    text: str
    action: str
    field: str | None = None
    value: Any = None
    item: str = "figure"
    old_value: Any = None
    reason: str | None = None
    undoes: str | None = None
    note: str | None = None
    reviewer: str | None = None
    created_at: str | None = None
    sentence_hash: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if self.id is None:
            self.id = self.identity()

    def identity(self) -> str:
        """A hash of what the correction says (not of when it was imported), so the
        same line imported twice is one correction."""
        said = {k: v for k, v in asdict(self).items() if k != "id"}
        return hashlib.sha1(json.dumps(said, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None}, ensure_ascii=False)


def reviewer() -> str:
    return os.environ.get("ANTQ_REVIEWER") or getpass.getuser()


def now() -> str:
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")


def sentence_hash(text: str, start: int, end: int) -> str:
    """md5 of a sentence, as DuckDB's md5() computes it over the article text."""
    return hashlib.md5(text[start:end].encode("utf-8")).hexdigest()


def parse(d: Any) -> Correction:
    """A Correction from one decoded JSONL line, checked; CorrectionError says what is wrong."""
    if not isinstance(d, dict):
        raise CorrectionError("not a JSON object")
    known = {f.name for f in fields(Correction)}
    if unknown := sorted(set(d) - known):
        raise CorrectionError(f"unknown key {unknown[0]!r}")
    for key in ("article_id", "start", "end", "text", "action"):
        if d.get(key) is None:
            raise CorrectionError(f"missing {key!r}")
    for key in ("article_id", "start", "end"):
        if not isinstance(d[key], int) or isinstance(d[key], bool):
            raise CorrectionError(f"{key!r} must be an integer")
    c = Correction(**d)
    if c.item not in ITEMS:
        raise CorrectionError(f"item must be one of {', '.join(ITEMS)}")
    if c.action not in ACTIONS:
        raise CorrectionError(f"action must be one of {', '.join(ACTIONS)}")
    if not (0 <= c.start < c.end) or not isinstance(c.text, str) or len(c.text) != c.end - c.start:
        raise CorrectionError("start/end must be offsets of `text` in the article")
    if c.action == "set":
        _check_set(c)
    if c.action == "add":
        _check_added(c)
    if c.action == "undo" and not c.undoes:
        raise CorrectionError("an undo names the correction it takes back in 'undoes'")
    return c


def _check_set(c: Correction) -> None:
    if c.field not in FIELDS[c.item]:
        raise CorrectionError(f"field of a {c.item} must be one of {', '.join(FIELDS[c.item])}")
    if c.field in NUMERIC and c.value is not None and not _finite(c.value):
        raise CorrectionError(f"{c.field} must be a finite number or null")
    if c.field == "indicator":
        from nlp.indicators import INDICATORS

        if c.value not in INDICATORS:
            raise CorrectionError(f"unknown indicator {c.value!r}")
    if c.field == "locality" and c.value is not None:
        if not isinstance(c.value, dict) or c.value.get("level") not in LEVELS or not c.value.get("name"):
            raise CorrectionError("locality must be {\"level\": province|district|commune, \"name\": ...} or null")


def _check_added(c: Correction) -> None:
    if c.item != "figure" or not isinstance(c.value, dict):
        raise CorrectionError("an added figure gives its fields as an object in 'value'")
    if not _finite(c.value.get("value")):
        raise CorrectionError("an added figure needs a finite 'value'")


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def read_jsonl(path: Path) -> tuple[list[Correction], list[str]]:
    """The corrections of a file, and one message per line that was refused."""
    good, bad = [], []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                good.append(parse(json.loads(line)))
            except (json.JSONDecodeError, CorrectionError, TypeError) as e:
                bad.append(f"{path}:{n}: {e}")
    return good, bad


@dataclass
class ImportReport:
    applied: int = 0
    already_present: int = 0
    anchor_not_found: int = 0
    sentence_changed: int = 0


def insert(con: duckdb.DuckDBPyConnection, corrections: Iterable[Correction]) -> ImportReport:
    """Write corrections through the writer's connection; each is reported as applied,
    already present, anchor not found or sentence changed. Those whose anchor does not
    hold are kept: a later crawl or re-extraction may bring their item back."""
    report = ImportReport()
    for c in corrections:
        if con.execute("SELECT 1 FROM corrections WHERE id = ?", [c.id]).fetchone():
            report.already_present += 1
            continue
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [c.id, c.created_at or now(), c.reviewer or "unknown", c.item, c.article_id, c.start, c.end, c.text,
             c.sentence_hash, c.action, c.field, _json(c.old_value), _json(c.value), c.reason, c.undoes, c.note])
        status = con.execute("SELECT status FROM correction_status WHERE id = ?", [c.id]).fetchone()
        if c.action == "undo" or (status and status[0] == "applied"):
            report.applied += 1
        elif status and status[0] == "sentence_changed":
            report.sentence_changed += 1
        else:
            report.anchor_not_found += 1
    return report


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def export(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Every correction, oldest first, one JSON object per line; returns how many."""
    rows = con.execute(
        "SELECT id, created_at, reviewer, item, article_id, start_offset, end_offset, text, sentence_hash, action, "
        "field, old_value, new_value, reason, undoes, note FROM corrections ORDER BY created_at, id").fetchall()
    with path.open("w", encoding="utf-8") as f:
        for (cid, created, who, item, aid, start, end, text, shash, action, fld, old, new, reason, undoes,
             note) in rows:
            c = Correction(article_id=aid, start=start, end=end, text=text, action=action, field=fld,
                           value=_load(new), item=item, old_value=_load(old), reason=reason, undoes=undoes,
                           note=note, reviewer=who, created_at=created.isoformat(timespec="seconds"),
                           sentence_hash=shash, id=cid)
            f.write(c.to_json() + "\n")
    return len(rows)


def _load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def pending_dir(db: Path) -> Path:
    return db.with_name(db.name + ".corrections")


def queue(db: Path, corrections: Iterable[Correction]) -> list[Path]:
    """Queue corrections for the next writer session: one file each, written whole
    (temporary name, fsync, rename), so a crash never leaves half a correction."""
    folder = pending_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for c in corrections:
        target = folder / f"{c.created_at or now()}-{c.id}.json".replace(":", "")
        tmp = target.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            f.write(c.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        written.append(target)
    return written


def queued(db: Path) -> list[Correction]:
    """The corrections waiting for a writer, oldest first."""
    folder = pending_dir(db)
    return [parse(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.json"))] \
        if folder.is_dir() else []


def take_queued(con: duckdb.DuckDBPyConnection, db: Path) -> list[Path]:
    """Insert the queued corrections through the writer's connection; the files to
    delete once the writer's copy is swapped in (until then they stay queued)."""
    folder = pending_dir(db)
    taken = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            c = parse(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError, CorrectionError, TypeError):
            p.rename(p.with_suffix(".unreadable"))  # kept for a person to look at; never blocks a writer
            continue
        insert(con, [c])
        taken.append(p)
    return taken
