"""Opening the warehouse file: readers, the one writer, migrations.

DuckDB lets one process write a file or any number read it, never both at once.
So a writer never writes the live file. It copies the file, writes into the
copy, and swaps the copy into place with an atomic rename. Readers open the
live path read-only and never meet a writer's lock; a reader already open
keeps the snapshot it opened. A writer killed half-way leaves only its copy
behind (removed by the next writer); the live file is untouched. Writers take
turns through a lock file that names the holder's pid.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse import corrections

DEFAULT_DB = Path("data") / "antq.duckdb"


class WarehouseError(Exception):
    """A problem with the database file, said in one line with what to do."""


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


def connect_reader(path: str | os.PathLike | None = None, *, retries: int = 20,
                   external_access: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live file. Retries briefly if the file is
    being swapped or held by a foreign writer."""
    p = db_path(path)
    if not p.exists():
        raise WarehouseError(f"no database at {p}; run `antq load` (or `antq demo`) first, or pass --db")
    config = {} if external_access else {"enable_external_access": False}
    for attempt in range(retries):
        try:
            con = duckdb.connect(str(p), read_only=True, config=config)
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


class _WriterLock:
    def __init__(self, path: Path):
        self.path = path.with_name(path.name + ".lock")
        self.file = None

    def acquire(self, wait: float) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "a+")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.file.seek(0)
                    holder = self.file.read().strip() or "?"
                    self.file.close()
                    raise WarehouseError(f"another antq process (pid {holder}) is writing {self.path.with_suffix('')}; "
                                         "wait for it to finish") from None
                time.sleep(0.1)
        self.file.seek(0)
        self.file.truncate()
        self.file.write(str(os.getpid()))
        self.file.flush()

    def release(self) -> None:
        if self.file:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()


@contextmanager
def writer(path: str | os.PathLike | None = None, *, wait: float = 600.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writer: a connection to a copy of the live file (migrated to the
    current schema), swapped into place when the block ends without error."""
    live = db_path(path)
    lock = _WriterLock(live)
    lock.acquire(wait)
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
    finally:
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)
        lock.release()


def _check_readable(live: Path) -> None:
    try:
        duckdb.connect(str(live), read_only=True).close()
    except duckdb.Error as e:
        raise _explain(live, e) from None
