"""The `antq` command. Each sub-command is a thin edge over a stage's Python API."""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from antq import __version__
from antq.inputs import Document, UnreadableInput, from_bytes, read_path

app = typer.Typer(
    help="antq: mine Vietnamese news about the 'Toàn dân bảo vệ an ninh Tổ quốc' movement.",
    no_args_is_help=True, add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _documents(paths: list[str]):
    """Yield Documents for PATH... or '-' (stdin); unreadable paths are reported and skipped."""
    for p in paths:
        if p == "-":
            yield from_bytes("stdin", sys.stdin.buffer.read())
            continue
        try:
            yield read_path(Path(p))
        except UnreadableInput as e:
            err.print(f"antq: {e}")
            yield None


def _print_table(doc: Document, ex) -> None:
    loc = ex.primary_locality
    where = f"{loc.name} ({loc.level}, {loc.province or loc.name})" if loc else "—"
    out.print(f"[bold]{escape(doc.doc_id)}[/]  {escape(ex.title or '')}")
    out.print(f"  published: {ex.published or '—'}   primary locality: {escape(where)}")
    t = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("figure", "value", "indicator", "period"):
        t.add_column(col)
    for f in ex.figures:
        value = f"{f.value:g}" + (f"/{f.total:g}" if f.total is not None else "")
        t.add_row(escape(f.text), value, f.indicator, escape(f.period or ""))
    out.print(t)
    for label, items in (
        ("models", [f"{m.name} ({m.count})" if m.count else m.name for m in ex.models]),
        ("units", [f"{u.name} [{u.kind}]" + (f" ×{u.count}" if u.count else "") for u in ex.units]),
        ("localities", [f"{x.name} ({x.level})" for x in ex.localities]),
        ("legal refs", [r.text for r in ex.legal_refs]),
    ):
        out.print(f"  {label}: " + escape("; ".join(items) if items else "—"))
    out.print()


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Text or HTML files, or '-' for one document on stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="One contract object per line (extraction.md).")] = False,
    province: Annotated[Optional[str], typer.Option(help="Province the articles come from, to tell localities apart.")] = None,
) -> None:
    """Extract figures, indicators, models, units, localities and legal references."""
    import nlp

    failed = 0
    for doc in _documents(paths):
        if doc is None:
            failed += 1
            continue
        for w in doc.warnings:
            err.print(f"antq: {doc.doc_id}: {w}")
        ex = nlp.extract(doc.text, province=province, doc_id=doc.doc_id)
        ex.warnings = doc.warnings + ex.warnings
        if as_json:
            sys.stdout.write(json.dumps(ex.to_contract(), ensure_ascii=False) + "\n")
        else:
            _print_table(doc, ex)
    if failed:
        err.print(f"antq: {failed} of {len(paths)} input(s) could not be read")
        raise typer.Exit(1)


DEMO_DB = Path("data") / "demo.duckdb"


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Where the demo warehouse goes.")] = DEMO_DB,
) -> None:
    """Extract the sample articles bundled with antq (written for the demo, not real news)
    and load them into a demo warehouse."""
    import nlp
    from warehouse import loader, store

    files = sorted(p for p in resources.files("antq").joinpath("demo_articles").iterdir() if p.name.endswith(".txt"))
    records = []
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=len(files))
        for f in files:
            doc = from_bytes(Path(f.name).stem, f.read_bytes())
            ex = nlp.extract(doc.text, doc_id=doc.doc_id)
            _print_table(doc, ex)
            rec = ex.to_contract()
            rec["text"] = doc.text
            records.append(rec)
            progress.advance(task)
    try:
        with store.writer(db) as con:
            stats = loader.load(con, records)
        con = store.connect_reader(db)
        rows = con.execute("SELECT level, unit_name, province_2025_name, indicator, year, value, per_10k "
                           "FROM locality_outcomes ORDER BY unit_name, indicator").fetchall()
        articles, figures, localities = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures), "
            "(SELECT count(DISTINCT code) FROM locality_mentions)").fetchone()
        con.close()
    except store.WarehouseError as e:
        _fail(str(e))
    t = Table("level", "locality", "province (2025)", "indicator", "year", "value", "per 10,000",
              title="locality_outcomes", box=None, header_style="bold")
    for r in rows:
        t.add_row(*(escape("" if v is None else f"{v:g}" if isinstance(v, float) else str(v)) for v in r))
    out.print(t)
    out.print(f"[bold]demo:[/] {articles} articles, {figures} figures, {localities} localities, "
              f"{len(rows)} outcome rows in {db} ({stats.loaded} loaded now, {stats.unchanged} unchanged)")
    out.print(f"next: antq sql --db {db} \"SELECT * FROM figure_facts LIMIT 5\"")


DbOption = Annotated[Optional[Path], typer.Option(
    "--db", help="DuckDB file (default: $ANTQ_DB, else data/antq.duckdb).", show_default=False)]


def _fail(message: str) -> None:
    err.print(f"antq: {message}")
    raise typer.Exit(1)


def _records(paths: list[str]):
    """Extraction records from .jsonl files (antq extract --json output) or from
    text/HTML files, which are extracted here and keep their text."""
    import nlp

    for doc_path in paths:
        path = Path(doc_path)
        if path.suffix in (".jsonl", ".json"):
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as e:
                err.print(f"antq: {path}: cannot be read ({e})")
                continue
            for n, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    err.print(f"antq: {path}:{n}: not a JSON object ({e.msg}); line skipped")
                    continue
                if not isinstance(rec, dict) or "doc_id" not in rec:
                    err.print(f"antq: {path}:{n}: no doc_id; line skipped")
                    continue
                yield rec
            continue
        (doc,) = _documents([doc_path])
        if doc is None:
            continue
        for w in doc.warnings:
            err.print(f"antq: {doc.doc_id}: {w}")
        rec = nlp.extract(doc.text, doc_id=doc.doc_id).to_contract()
        rec["text"] = doc.text
        yield rec


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="Extraction JSON lines (from `antq extract --json`) or text/HTML articles.")],
    db: DbOption = None,
) -> None:
    """Load extractions or articles into the warehouse (idempotent)."""
    from warehouse import loader, store

    target = store.db_path(db)
    try:
        with store.writer(target) as con, Progress(console=err, transient=True) as progress:
            task = progress.add_task("loading", total=None)
            stats = loader.load(con, _records(paths), on_batch=lambda n: progress.advance(task, n))
    except store.WarehouseError as e:
        _fail(str(e))
    rows = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in stats.rows.items())
    out.print(f"loaded {stats.loaded} article(s) into {target} ({stats.unchanged} unchanged): {rows}")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SELECT (or other read-only) statement.")],
    db: DbOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per row.")] = False,
) -> None:
    """Run a read-only query against the warehouse and print the result."""
    import duckdb

    from warehouse import store

    try:
        con = store.connect_reader(db, external_access=False)
    except store.WarehouseError as e:
        _fail(str(e))
    try:
        cur = con.execute(query)
        names = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if names else []
    except duckdb.Error as e:
        _fail(f"query failed: {str(e).splitlines()[0]}")
    finally:
        con.close()
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(dict(zip(names, r)), ensure_ascii=False, default=str) + "\n")
    elif as_csv:
        import csv
        w = csv.writer(sys.stdout)
        w.writerow(names)
        w.writerows(rows)
    else:
        t = Table(*names, box=None, header_style="bold")
        for r in rows:
            t.add_row(*(escape("" if v is None else str(v)) for v in r))
        out.print(t)
        err.print(f"{len(rows)} row(s)")


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Folder to write into (created if missing).")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    db: DbOption = None,
) -> None:
    """Export every table and view, with a README of their columns."""
    from warehouse import export as exporter
    from warehouse import store

    if fmt not in ("parquet", "csv"):
        _fail(f"unknown format {fmt!r}; use parquet or csv")
    try:
        con = store.connect_reader(db)
    except store.WarehouseError as e:
        _fail(str(e))
    try:
        written = exporter.export(con, directory, fmt)
    except OSError as e:
        _fail(f"cannot write to {directory}: {e.strerror}")
    finally:
        con.close()
    out.print(f"exported {len(written)} tables and views to {directory} ({fmt}), with README.md")


@app.command()
def version() -> None:
    """Print the versions of antq and of its extraction code."""
    from nlp.version import NLP_VERSION

    out.print(f"antq {__version__} ({NLP_VERSION})")


def main() -> None:
    app()
