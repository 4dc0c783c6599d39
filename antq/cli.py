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


@app.command()
def demo() -> None:
    """Run extraction over the sample articles bundled with antq (written for the demo, not real news)."""
    import nlp

    files = sorted(p for p in resources.files("antq").joinpath("demo_articles").iterdir() if p.name.endswith(".txt"))
    totals = {"articles": 0, "figures": 0, "models": 0, "units": 0, "localities": 0, "legal refs": 0}
    results = []
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=len(files))
        for f in files:
            doc = from_bytes(Path(f.name).stem, f.read_bytes())
            ex = nlp.extract(doc.text, doc_id=doc.doc_id)
            results.append((doc, ex))
            progress.advance(task)
    for doc, ex in results:
        _print_table(doc, ex)
        totals["articles"] += 1
        totals["figures"] += len(ex.figures)
        totals["models"] += len(ex.models)
        totals["units"] += len(ex.units)
        totals["localities"] += len(ex.localities) + (ex.primary_locality is not None)
        totals["legal refs"] += len(ex.legal_refs)
    out.print("[bold]demo:[/] " + ", ".join(f"{v} {k}" for k, v in totals.items()))


@app.command()
def version() -> None:
    """Print the versions of antq and of its extraction code."""
    from nlp.version import NLP_VERSION

    out.print(f"antq {__version__} ({NLP_VERSION})")


def main() -> None:
    app()
