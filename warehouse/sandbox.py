"""An analyst's own query (`antq sql`, the dashboard's SQL box): one read-only
statement, with no file or network access, stopped after a time limit, and at
most a row limit of its result fetched.

The limits are DuckDB's own: the connection is read-only, external access is
switched off and the configuration locked (for the whole database instance,
which DuckDB shares between the connections of a process to one file, so a
process opens each file with one configuration); the statement's type is read
by DuckDB's parser; the time limit interrupts the query's cursor.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import duckdb

from warehouse import search

TIMEOUT = 10.0  # seconds
MAX_ROWS = 10_000
MEMORY_LIMIT = "1GB"
ALLOWED = {duckdb.StatementType.SELECT: "SELECT", duckdb.StatementType.EXPLAIN: "EXPLAIN"}


class QueryRefused(Exception):
    """The query was not run, or failed; the message is one line."""


class QueryTimedOut(QueryRefused):
    """The query ran past the time limit and was stopped."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than the limit: only the first ones are in rows


def confine(con: duckdb.DuckDBPyConnection) -> None:
    """Switch off file and network access for the database instance behind con and
    lock its configuration. Full-text search is loaded first (the dashboard's
    article search needs it). Idempotent: once locked, nothing changes it."""
    locked = con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]
    if locked:
        return
    search.load_fts(con)
    con.execute("SET enable_external_access = false")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET lock_configuration = true")


def _check(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryRefused(f"query failed: {str(e).splitlines()[0]}") from None
    if len(statements) != 1:
        raise QueryRefused(f"give one statement at a time; this has {len(statements)}")
    kind = statements[0].type
    if kind not in ALLOWED:
        raise QueryRefused(f"only {' and '.join(ALLOWED.values())} statements run here (read-only); "
                           f"this is {kind.name}")


def run(con: duckdb.DuckDBPyConnection, sql: str, *, timeout: float | None = None,
        max_rows: int | None = None) -> Result:
    """Run one read-only statement on a cursor of con (confined first); the limits
    default to TIMEOUT and MAX_ROWS."""
    timeout = TIMEOUT if timeout is None else timeout
    max_rows = MAX_ROWS if max_rows is None else max_rows
    confine(con)
    _check(con, sql)
    cur = con.cursor()
    timer = threading.Timer(timeout, cur.interrupt)
    timer.start()
    try:
        cur.execute(sql)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchmany(max_rows + 1) if columns else []
    except duckdb.InterruptException:
        raise QueryTimedOut(f"query stopped after {timeout:g} s, the time limit") from None
    except duckdb.Error as e:
        raise QueryRefused(f"query failed: {str(e).splitlines()[0]}") from None
    finally:
        timer.cancel()
        cur.close()
    return Result(columns, rows[:max_rows], truncated=len(rows) > max_rows)
