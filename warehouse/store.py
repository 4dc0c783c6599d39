"""Opening the warehouse file: readers, the one writer, migrations.

DuckDB lets one process write a file or any number read it, never both at once.
So a writer never writes the live file. It copies the file, writes into the
copy, and swaps the copy into place with an atomic rename. Readers open the
live path read-only and never meet a writer's lock; a reader already open
keeps the snapshot it opened. A writer killed half-way leaves only its copy
behind (removed by the next writer); the live file is untouched. Writers take
turns through one lock per database (`<file>.lock`, flock'd; it names the
holding command and pid): every writing command holds it from start to end.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse import corrections

DEFAULT_DB = Path("data") / "antq.duckdb"


class WarehouseError(Exception):
    """A problem with the database file, said in one line with what to do."""


class WarehouseBusy(WarehouseError):
    """Another command holds the database's writer lock."""


def db_path(path: str | os.PathLike | None = None) -> Path:
    """--db PATH, else $ANTQ_DB, else data/antq.duckdb."""
    return Path(path or os.environ.get("ANTQ_DB") or DEFAULT_DB)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for each warehouse/sql/NNN_name.sql, in order."""
    out = []
    for f in resources.files("warehouse").joinpath("sql").iterdir():
        m = re.fullmatch(r"(\d{3})_(\w+)\.sql", f.name)
        if m:
            out.append((int(m[1]), m[2], f.read_text(encoding="utf-8")))
    return sorted(out)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
    except duckdb.CatalogException:
        return 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this file lacks, each in its own transaction; their names."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    have = schema_version(con)
    applied = []
    for version, name, sql in migrations():
        if version <= have:
            continue
        con.execute("BEGIN")
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
        con.execute("COMMIT")
        applied.append(f"{version:03d}_{name}")
    return applied


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the stored results that views read (warehouse/refresh.sql), in one transaction."""
    sql = resources.files("warehouse").joinpath("refresh.sql").read_text(encoding="utf-8")
    con.execute("BEGIN")
    con.execute(sql)
    con.execute("COMMIT")
    from warehouse.search import build_index
    build_index(con)


def _explain(path: Path, e: Exception) -> WarehouseError:
    msg = str(e).splitlines()[0]
    if "lock" in msg.lower():
        pid = re.search(r"PID (\d+)", str(e))
        holder = f" (pid {pid[1]})" if pid else ""
        return WarehouseError(f"{path} is held for writing by another program{holder}; "
                              "close it (a DuckDB shell opened without -readonly?) or try again")
    if "not a valid DuckDB database" in msg or "not a DuckDB" in msg or "Corrupt" in msg \
            or "file size" in msg.lower() or "checksum" in msg.lower():
        return WarehouseError(f"{path} is not a readable DuckDB database ({msg}); "
                              "restore it from a backup, or move it aside and load again")
    return WarehouseError(f"{path}: {msg}")


def connect_reader(path: str | os.PathLike | None = None, *, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live file. Retries briefly if the file is
    being swapped or held by a foreign writer. Every reader opens with the same
    configuration (DuckDB refuses a second one for a file a process has open);
    warehouse.sandbox confines a connection afterwards."""
    p = db_path(path)
    if not p.exists():
        raise WarehouseError(f"no database at {p}; run `antq load` (or `antq demo`) first, or pass --db")
    for attempt in range(retries):
        try:
            con = duckdb.connect(str(p), read_only=True)
        except duckdb.IOException as e:
            if "lock" in str(e).lower() and attempt < retries - 1:
                time.sleep(0.05 * (attempt + 1))
                continue
            raise _explain(p, e) from None
        except duckdb.Error as e:
            raise _explain(p, e) from None
        if schema_version(con) == 0:
            con.close()
            raise WarehouseError(f"{p} holds no antq tables; run `antq load` to create them")
        return con
    raise WarehouseError(f"{p} could not be opened")  # unreachable: the last attempt raises


def _lock_path(live: Path) -> Path:
    return live.with_name(live.name + ".lock")


# The writer locks this process holds: lock path -> {"writing": a writer session is open}
_held: dict[str, dict] = {}


def _holder(lock: Path) -> str:
    """Who holds the lock, as its file names it ("pid<TAB>command<TAB>since")."""
    try:
        named = lock.read_text().split("\t")
    except OSError:
        named = []
    if len(named) != 3:  # not written yet (or by an older antq)
        return "another antq command"
    pid, command, since = named
    return f"`antq {command}` (pid {pid}, since {since.strip()})"


def _acquire(live: Path, command: str, wait: float):
    """flock the database's lock file; the kernel releases it when the holder dies, so a
    killed command never leaves a stale lock. The file names the holder for the refusal."""
    lock = _lock_path(live)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        f = open(lock, "a+")
    except OSError as e:
        raise WarehouseError(f"cannot write beside {live}: {e.strerror} ({lock})") from None
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                f.close()
                raise WarehouseBusy(f"{live} is being written by {_holder(lock)}; "
                                    "try again when it has finished") from None
            time.sleep(0.1)
    try:
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\t{command}\t{datetime.now():%Y-%m-%d %H:%M:%S}")
        f.flush()
    except OSError:
        pass  # a full disk: the lock holds all the same, only unnamed
    return f


@contextmanager
def exclusive(path: str | os.PathLike | None = None, command: str = "load", *, wait: float = 0.0) -> Iterator[None]:
    """Hold the database's writer lock for a whole command (crawl, run, load,
    reextract, demo), so that one command writes a database at a time; a second
    one is refused at once (wait=0) with who holds it. Re-entrant within this
    process, so the command's writer sessions run under it."""
    live = db_path(path)
    key = os.path.abspath(_lock_path(live))
    if key in _held:
        yield
        return
    f = _acquire(live, command, wait)
    _held[key] = {"writing": False}
    try:
        yield
    finally:
        del _held[key]
        fcntl.flock(f, fcntl.LOCK_UN)
        f.close()


@contextmanager
def writer(path: str | os.PathLike | None = None, *, wait: float = 600.0,
           command: str = "load") -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writer: a connection to a copy of the live file (migrated to the
    current schema), swapped into place when the block ends without error.
    Takes the writer lock (waiting up to `wait` s) unless this process holds it."""
    live = db_path(path)
    with exclusive(live, command, wait=wait):
        session = _held[os.path.abspath(_lock_path(live))]
        if session["writing"]:
            raise WarehouseBusy(f"{live} is being written by this process (pid {os.getpid()}) already")
        session["writing"] = True
        try:
            yield from _write_copy(live)
        finally:
            session["writing"] = False


def _write_copy(live: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    work = live.with_name(f".{live.name}.writing-{os.getpid()}")
    try:
        for stale in live.parent.glob(f".{live.name}.writing-*"):
            stale.unlink(missing_ok=True)  # left by a writer that was killed
        if live.exists():
            _check_readable(live)
            shutil.copyfile(live, work)
        con = duckdb.connect(str(work))
        # the copy is private and checkpointed once before the swap: automatic
        # checkpoints in the middle of a load would only rewrite it again and again
        con.execute("SET checkpoint_threshold = '8GB'")
        try:
            migrate(con)
            yield con
            # corrections queued by programs that do not wait for the writer (the review app)
            taken = corrections.take_queued(con, live)
            refresh(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(work, "rb") as f:
            os.fsync(f.fileno())
        os.replace(work, live)
        for f in taken:
            f.unlink(missing_ok=True)
    except OSError as e:  # a full disk or a folder we may not write: the live file is as it was
        raise WarehouseError(f"cannot write {live}: {e.strerror or e}; the database was left unchanged") from None
    except duckdb.Error as e:  # DuckDB reports a full disk under several kinds of error
        raise WarehouseError(f"writing {live} failed: {str(e).splitlines()[0]}; "
                             "the database was left unchanged") from None
    finally:
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)


def _check_readable(live: Path) -> None:
    try:
        duckdb.connect(str(live), read_only=True).close()
    except duckdb.Error as e:
        raise _explain(live, e) from None
