"""The `antq` command. Each sub-command is a thin edge over a stage's Python API."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from antq import __version__
from antq.inputs import Document, UnreadableInput, json_lines, open_regular, read_path, read_stream

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
            yield read_stream(sys.stdin.buffer)
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
    for path, doc in zip(paths, _documents(paths)):
        if doc is None:
            failed += 1
            continue
        for w in doc.warnings:
            err.print(f"antq: {doc.doc_id}: {w}")
        page = _html_page(path, doc, province)
        if page is not None and page.extracted is not None:  # a saved page, read as the crawler reads it
            ex = page.extracted
            ex.doc_id = doc.doc_id
        else:
            ex = nlp.extract(doc.text, province=province, doc_id=doc.doc_id)
        ex.warnings = doc.warnings + ex.warnings
        if as_json:
            sys.stdout.write(json.dumps(ex.to_contract(), ensure_ascii=False) + "\n")
        else:
            _print_table(doc, ex)
    if failed:
        err.print(f"antq: {failed} of {len(paths)} input(s) could not be read")
        raise typer.Exit(1)


def _html_page(path: str, doc: Document, province: str | None):
    """The record of a saved HTML page given to `antq extract` (crawler/record.py), or None for text."""
    if path == "-" or not any(w.startswith("looks like HTML") for w in doc.warnings):
        return None
    from crawler import record

    file = Path(path)
    return record.read(file.read_bytes(), file.resolve().as_uri(), province=province, always_extract=True)


DbOption = Annotated[Optional[Path], typer.Option(
    "--db", help="DuckDB file (default: $ANTQ_DB, else data/antq.duckdb).", show_default=False)]


def _fail(message: str) -> None:
    err.print(f"antq: {message}")
    raise typer.Exit(1)


def _inputs(paths: list[str], refuse):
    """(where, record) from .jsonl/.json files (antq extract --json output) or from
    text/HTML files, which are extracted here and keep their text. What cannot be
    read goes to refuse(where, why)."""
    import nlp

    for doc_path in paths:
        path = Path(doc_path)
        if path.suffix in (".jsonl", ".json"):
            try:
                for n, rec, problem in json_lines(path):
                    if problem:
                        refuse(f"{path}:{n}", problem)
                    else:
                        yield f"{path}:{n}", rec
            except UnreadableInput as e:
                refuse(str(path), str(e).removeprefix(f"{path}: "))
            continue
        (doc,) = _documents([doc_path])
        if doc is None:
            refuse(doc_path, None)  # _documents said why
            continue
        for w in doc.warnings:
            err.print(f"antq: {doc_path}: {w}")
        ex = nlp.extract(doc.text, doc_id=doc.doc_id)
        ex.warnings = doc.warnings + ex.warnings
        rec = ex.to_contract()
        rec["text"] = doc.text
        yield doc_path, rec


def _records(paths: list[str], refused: list[str]):
    """The inputs' records that fit the warehouse's record (warehouse/record.py), each
    article once: any other is one line on stderr naming the file, line and field,
    and is listed in refused; the good ones load."""
    from warehouse import record

    def refuse(where: str, why: str | None) -> None:
        if why:
            err.print(f"antq: {where}: {why}; skipped")
        refused.append(where)

    first: dict[str, str] = {}  # an article's key (its url, else its doc_id) -> where it was given
    for where, rec in _inputs(paths, refuse):
        problem = record.problem(rec)
        if problem:
            refuse(where, problem)
            continue
        kind, key = ("url", rec["url"]) if rec.get("url") else ("doc_id", rec["doc_id"])
        if key in first:
            refuse(where, f"{kind} {key!r} was given already by {first[key]}")
            continue
        first[key] = where
        yield rec


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="Extraction JSON lines (from `antq extract --json`) or text/HTML articles.")],
    db: DbOption = None,
) -> None:
    """Load extractions or articles into the warehouse (idempotent). A record that does
    not fit is reported and skipped, the others load; exits 1 if any was skipped."""
    from warehouse import loader, store

    target = store.db_path(db)
    refused: list[str] = []
    try:
        with store.writer(target, wait=0) as con, Progress(console=err, transient=True) as progress:
            task = progress.add_task("loading", total=None)
            stats = loader.load(con, _records(paths, refused), on_batch=lambda n: progress.advance(task, n))
    except store.WarehouseError as e:
        _fail(str(e))
    rows = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in stats.rows.items())
    out.print(f"loaded {stats.loaded} article(s) into {target} ({stats.unchanged} unchanged): {rows}")
    if refused:
        _fail(f"{len(refused)} input(s) or record(s) were skipped (see above)")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SELECT (or EXPLAIN) statement.")],
    db: DbOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per row.")] = False,
    timeout: Annotated[float, typer.Option(min=0.1, help="Stop the query after this many seconds.")] = 10.0,
    max_rows: Annotated[int, typer.Option(min=1, help="Print at most this many rows.")] = 10_000,
) -> None:
    """Run a read-only query against the warehouse and print the result (no file or
    network access; a time and a row limit)."""
    from warehouse import sandbox, store

    try:
        con = store.connect_reader(db)
    except store.WarehouseError as e:
        _fail(str(e))
    try:
        result = sandbox.run(con, query, timeout=timeout, max_rows=max_rows)
    except sandbox.QueryTimedOut as e:
        _fail(f"{e}; --timeout raises it")
    except sandbox.QueryRefused as e:
        _fail(str(e))
    finally:
        con.close()
    names, rows = result.columns, result.rows
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
    if result.truncated:
        err.print(f"antq: only the first {max_rows:,} rows are printed; --max-rows raises the limit")


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Folder to write into (created if missing).")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    partition_by: Annotated[Optional[str], typer.Option(
        "--partition-by", show_default=False,
        help="Write the analysts' datasets (figure_facts, articles, locality_outcomes) as Hive-partitioned "
             "folders split by these columns: province_2025, year, or both (province_2025,year).")] = None,
    db: DbOption = None,
) -> None:
    """Export every table and view, with a README of their columns (or, with --partition-by, the
    analysts' datasets as partitioned folders that DuckDB, Spark and Trino read as one table each)."""
    import duckdb

    from warehouse import export as exporter
    from warehouse import store

    if fmt not in exporter.FORMATS:
        _fail(f"unknown format {fmt!r}; use parquet or csv")
    try:
        columns = exporter.partition_columns(partition_by) if partition_by is not None else None
    except exporter.BadPartition as e:
        _fail(str(e))
    try:
        con = store.connect_reader(db)
    except store.WarehouseError as e:
        _fail(str(e))
    try:
        if columns:
            written = exporter.export_partitioned(con, directory, fmt, columns)
        else:
            written = exporter.export(con, directory, fmt)
    except OSError as e:
        _fail(f"cannot write to {directory}: {e.strerror}")
    except duckdb.Error as e:
        _fail(f"cannot write to {directory}: {str(e).splitlines()[0]}")
    finally:
        con.close()
    if columns:
        out.print(f"exported {', '.join(p.name for p in written)} to {directory} ({fmt}, partitioned by "
                  f"{', '.join(columns)}), with README.md")
    else:
        out.print(f"exported {len(written)} tables and views to {directory} ({fmt}), with README.md")


sources_app = typer.Typer(help="The registry of sources (crawler/sources.toml, or --sources FILE).",
                          no_args_is_help=True)
app.add_typer(sources_app, name="sources")
SourcesOption = Annotated[Optional[Path], typer.Option(
    "--sources", help="Registry file (default: the crawler/sources.toml shipped with antq).", show_default=False)]


ExtractWorkersOption = Annotated[Optional[int], typer.Option(
    "--extract-workers", min=0, envvar="ANTQ_EXTRACT_WORKERS", show_default=False,
    help="Processes that read pages (text and NLP) beside the crawl engine (default: one per core, at most one "
         "per GiB of memory; 0 or 1: the engine reads them itself; also $ANTQ_EXTRACT_WORKERS).")]


def _pool_settings() -> None:
    """Fails at once on a setting the extraction workers would refuse later."""
    from crawler.extraction_pool import BadSetting, page_cpu_limit

    try:
        page_cpu_limit()
    except BadSetting as e:
        _fail(str(e))


def _registry(path: Path | None):
    from crawler import registry

    try:
        return registry.load(path)
    except registry.RegistryError as e:
        _fail(str(e))


@sources_app.command("list")
def sources_list(sources: SourcesOption = None) -> None:
    """List the sources: id, kind, province, CMS family, evidence, start URLs.

    Evidence is what the directory of hosts saw: an article, only a listing, or only the host (home)."""
    regs = _registry(sources)
    t = Table("id", "kind", "province", "family", "evidence", "start URLs", "feeds", box=None, header_style="bold")
    for s in regs:
        t.add_row(s.id, s.kind, s.province or "national", s.family, s.evidence or "—", str(len(s.start_urls)),
                  str(len(s.feeds) + len(s.sitemaps)) + (" (claimed)" if s.feeds_claimed else ""))
    out.print(t)
    seen = {e: sum(s.evidence == e for s in regs) for e in ("article", "listing", "home")}
    out.print(f"{len(regs)} sources, {len({s.province for s in regs if s.province})} provinces; evidence: "
              + ", ".join(f"{n} {e}" for e, n in seen.items()))


@sources_app.command("show")
def sources_show(source_id: Annotated[str, typer.Argument(help="A source id.")], sources: SourcesOption = None) -> None:
    """Show one source's profile, with its family's defaults applied."""
    by_id = {s.id: s for s in _registry(sources)}
    if source_id not in by_id:
        _fail(f"no source {source_id!r}; `antq sources list` shows them")
    s = by_id[source_id]
    for key, value in vars(s).items():
        value = value.pattern if hasattr(value, "pattern") else value
        out.print(f"{key:>14}: {escape(str(value))}")


@app.command()
def page(
    file: Annotated[Path, typer.Argument(help="A saved HTML page.")],
    url: Annotated[str, typer.Option(help="The URL the page was fetched from.")] = "http://localhost/",
    source: Annotated[Optional[str], typer.Option(help="Use this source's selectors.")] = None,
    sources: SourcesOption = None,
) -> None:
    """Print the record antq makes of one page (title, date, author, text, relevance, extraction), as JSON."""
    from crawler import record

    chosen = None
    if source:
        by_id = {s.id: s for s in _registry(sources)}
        if source not in by_id:
            _fail(f"no source {source!r}")
        chosen = by_id[source]
    from crawler.engine import settings

    limit = settings(jobdir=None)["DOWNLOAD_MAXSIZE"]  # what the crawler would fetch of a page
    try:
        with open_regular(file) as f:
            body = f.read(limit + 1)
    except UnreadableInput as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{file}: cannot be read ({e.strerror})")
    if len(body) > limit:
        _fail(f"{file}: more than {limit:,} bytes, which the crawler refuses for a page")
    sys.stdout.write(json.dumps(record.read(body, url, chosen).as_json(), ensure_ascii=False, indent=1) + "\n")


RedisOption = Annotated[Optional[str], typer.Option(
    "--redis", envvar="ANTQ_REDIS_URL", show_default=False,
    help="Share the crawl through this Redis (redis://host:port/db; default: $ANTQ_REDIS_URL). See Scale-out.")]


@app.command()
def crawl(
    sources: SourcesOption = None,
    source: Annotated[Optional[list[str]], typer.Option("--source", help="Crawl only this source (repeatable).")] = None,
    full: Annotated[bool, typer.Option("--full", help="Walk every listing page (backfill), not only the new ones.")] = False,
    db: DbOption = None,
    workdir: Annotated[Optional[Path], typer.Option(help="Job state and spool, a folder per run (default: data/crawl/).")] = None,
    no_throttle: Annotated[bool, typer.Option("--no-throttle", help="No delays (for local mirrors only).")] = False,
    extract_workers: ExtractWorkersOption = None,
    redis: RedisOption = None,
    workers: Annotated[int, typer.Option(min=0, help="Crawl engines on this host sharing the Redis crawl "
                                         "(0: only `antq worker`s elsewhere). Needs --redis.")] = 1,
) -> None:
    """Crawl the sources into the warehouse: new articles only unless --full."""
    _pool_settings()
    from crawler import registry
    from crawler.run import crawl as run_crawl
    from warehouse.store import WarehouseError, db_path, exclusive

    from antq.weekly import log_file

    if workers != 1 and not redis:
        _fail("--workers needs a Redis to share the crawl: --redis URL or ANTQ_REDIS_URL")
    refused: tuple[type[Exception], ...] = (WarehouseError,)
    if redis:  # scrapy-redis is imported only for a shared crawl
        from crawler.distributed import RedisUnreachable
        refused += (RedisUnreachable,)
    regs = _registry(sources)
    try:
        chosen = registry.select(regs, source)
    except registry.RegistryError as e:
        _fail(str(e))
    target = db_path(db)
    shared = f" with {workers} worker(s) here, sharing {redis}" if redis else ""
    try:
        with exclusive(target, "crawl"):
            log = log_file(target.parent / "logs", "crawl")
            err.print(f"crawling {len(chosen)} source(s) into {target}{shared}; log in {log}")
            with Live("starting the crawl engine (it loads the NLP models first) ...", console=err, transient=True) as live:
                report = run_crawl(chosen, target, workdir=workdir or target.parent / "crawl", full=full,
                                   throttle=not no_throttle, log_file=log, extract_workers=extract_workers,
                                   on_progress=lambda c: live.update(_progress_table(c, len(chosen))),
                                   on_writing=lambda: live.update(f"writing what was fetched into {target} ..."),
                                   redis_url=redis, workers=workers)
    except refused as e:
        _fail(str(e))
    except OSError as e:  # the work folder or the log cannot be written
        _fail(f"cannot write {e.filename}: {e.strerror}")
    out.print(_report_table(report))
    if report.recovered:
        out.print(f"loaded {report.recovered} page(s) left by an interrupted crawl first")
    if redis and not report.workers:
        out.print(f"no worker on this host: the workers elsewhere fetched "
                  f"{sum(r.pages for r in report.sources.values())} article page(s)")
    elif redis:
        fetched = " + ".join(map(str, report.worker_pages)) or "none"
        out.print(f"{report.workers} worker(s) on this host fetched {fetched} article page(s)"
                  + (f"; {report.workers_lost} died, their requests went back to the queue" if report.workers_lost
                     else ""))
    if report.engine_error:
        _fail(report.engine_error)
    if report.status == "failed":
        raise typer.Exit(1)


@app.command()
def worker(
    redis: RedisOption = None,
    crawl_id: Annotated[Optional[str], typer.Option("--crawl", help="The shared crawl to join (default: the only "
                                                     "one open in Redis).", show_default=False)] = None,
    spool_dir: Annotated[Optional[Path], typer.Option(help="The loader's run folder as mounted on this host, where "
                                                      "this worker spools its items (default: its path on the "
                                                      "loader's host).", show_default=False)] = None,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for a crawl to open.")] = 0,
) -> None:
    """Join a shared crawl (one started by `antq crawl --redis`) as one more crawl engine on this host;
    exits when the crawl is done. The loader stores what it spools."""
    import time

    from crawler import distributed, engine
    from warehouse.store import db_path

    from antq.weekly import log_file

    if not redis:
        _fail("antq worker needs the crawl's Redis: --redis URL or ANTQ_REDIS_URL")
    try:
        server = distributed.connect(redis)
        deadline = time.monotonic() + wait
        while not (crawls := distributed.open_crawls(server)) and time.monotonic() < deadline:
            time.sleep(1)
    except distributed.RedisUnreachable as e:
        _fail(str(e))
    if crawl_id is None and len(crawls) != 1:
        _fail(f"no crawl is open in {redis}; start one with antq crawl --redis" if not crawls else
              f"{len(crawls)} crawls are open in {redis} ({', '.join(crawls)}); choose one with --crawl")
    crawl_id = crawl_id or crawls[0]
    job = distributed.job_of(server, crawl_id)
    if job is None:
        _fail(f"no crawl {crawl_id} in {redis}")
    folder = spool_dir or Path(job["spool_dir"])
    if not folder.is_dir():
        _fail(f"the loader's run folder {folder} is not here: mount it, or give its path here with --spool-dir")
    spool = folder / f"spool-{distributed.worker_name()}.jsonl"
    log = log_file(db_path(None).parent / "logs", "worker")
    err.print(f"joining crawl {crawl_id} in {redis} (into {job['db']}); spooling to {spool}; log in {log}")
    sources = job["sources"]
    run = engine.Job(sources, Path(job["db"]), spool, spool.parent / "job", full=job["full"],
                     throttle=job["throttle"], max_pages=job["max_pages"], pipelines=job["pipelines"],
                     log_file=log, shared=engine.Shared(redis, crawl_id))
    try:
        with Live("starting the crawl engine (it loads the NLP models first) ...", console=err, transient=True) as live:
            counters = engine.run(run, lambda c: live.update(_progress_table(c, len(sources))))
    except OSError as e:
        _fail(f"cannot write {e.filename}: {e.strerror}")
    if counters is None:
        _fail("this worker's engine stopped before it reported; its requests go back to the crawl's queue")
    pages = sum(c["pages"] for c in counters.values())
    errors = sum(c["errors"] for c in counters.values())
    out.print(f"this worker fetched {pages} article page(s) ({errors} error(s)) of crawl "
              f"{crawl_id}, spooled to {spool}; the loader (antq crawl) stores them in {job['db']}")


@app.command()
def mirror(
    articles: Annotated[int, typer.Option(help="Articles to generate across the sites.")] = 60,
    registry_file: Annotated[Optional[Path], typer.Option("--write-sources", help="Write a sources file for the mirror here.")] = None,
) -> None:
    """Serve the packaged mirror of sample portals on 127.0.0.x until interrupted (generated content)."""
    import time

    from crawler.mirror import MirrorServer, build_sites, registry_toml

    sites = build_sites(articles)
    with MirrorServer(sites):
        if registry_file:
            registry_file.write_text(registry_toml(sites), encoding="utf-8")
            out.print(f"sources for the mirror written to {registry_file}")
        for s in sites:
            out.print(f"{s.family:<14} {s.base}/  ({len(s.articles)} articles)")
        out.print("serving; Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


def _progress_table(counters: dict[str, dict], n_sources: int, busiest: int = 10) -> Table:
    """While crawling: totals, and the sources with the most pages and errors so far."""
    answered = sum(1 for c in counters.values() if c["pages"] + c["listing_pages"] + c["feeds"] + c["sitemaps"])
    t = Table("source", "pages", "relevant", "duplicates", "errors", box=None, header_style="bold",
              title=f"crawling: {answered} of {n_sources} source(s) answered so far")
    ranked = sorted(counters.items(), key=lambda kv: (-kv[1]["pages"] - kv[1]["errors"], kv[0]))
    for sid, c in ranked[:busiest]:
        if c["pages"] or c["errors"]:
            t.add_row(sid, *(f"{c[k]:,}" for k in ("pages", "relevant", "duplicates", "errors")))
    t.add_row("all", *(f"{sum(c[k] for c in counters.values()):,}" for k in ("pages", "relevant", "duplicates", "errors")),
              style="bold")
    return t


def _report_table(report) -> Table:
    t = Table("source", "pages", "new articles", "relevant", "duplicates", "errors", box=None, header_style="bold",
              title=f"crawl run {report.run_id}: {report.status}")
    for sid, r in report.sources.items():
        t.add_row(sid, str(r.pages), str(r.new_articles), str(r.relevant), str(r.duplicates), str(r.errors))
    return t


@app.command()
def run(
    sources: SourcesOption = None,
    db: DbOption = None,
    no_throttle: Annotated[bool, typer.Option("--no-throttle", help="No delays (for local mirrors only).")] = False,
    extract_workers: ExtractWorkersOption = None,
) -> None:
    """The weekly job: crawl every enabled source incrementally, extract, load, and log under data/logs/."""
    _pool_settings()
    from crawler import registry
    from warehouse.store import WarehouseError, db_path

    from warehouse.store import exclusive

    from antq.weekly import log_file, weekly_run

    target = db_path(db)
    chosen = registry.select(_registry(sources))
    try:
        with exclusive(target, "run"):
            log = log_file(target.parent / "logs")
            err.print(f"run: {len(chosen)} source(s) into {target}; log in {log}")
            report = weekly_run(chosen, target, workdir=target.parent / "crawl", throttle=not no_throttle, log=log,
                                extract_workers=extract_workers)
    except WarehouseError as e:
        _fail(str(e))
    except OSError as e:  # the work folder or the log cannot be written
        _fail(f"cannot write {e.filename}: {e.strerror}")
    out.print(_report_table(report))
    if report.recovered:
        out.print(f"loaded {report.recovered} page(s) left by an interrupted crawl first")
    if report.status == "failed":
        _fail(report.engine_error or "every source failed; see the log")


@app.command()
def reextract(
    sources: SourcesOption = None,
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Processes that read the pages (default: one per core, at most one per GiB of memory; "
                                "1 reads them in this process).",
        show_default=False)] = None,
) -> None:
    """Rebuild text and facts from the stored raw HTML with the current code (no crawling)."""
    _pool_settings()
    from crawler.extraction_pool import default_workers
    from crawler.reextract import reextract as rebuild
    from warehouse.loader import BadRecord
    from warehouse.store import WarehouseError, db_path, exclusive

    target = db_path(db)
    n = workers or default_workers()
    failed: list[str] = []

    def on_failed(url: str, why: str) -> None:
        failed.append(url)
        err.print(f"antq: {escape(url)}: not re-extracted: {why}")

    try:
        with exclusive(target, "reextract"), Progress(console=err, transient=True) as progress:
            task = progress.add_task(f"re-extracting ({n} process{'es' * (n > 1)})", total=_pages_in(target))
            stats = rebuild(target, _registry(sources), on_page=lambda: progress.advance(task), workers=n,
                            on_failed=on_failed)
    except WarehouseError as e:
        _fail(str(e))
    except BadRecord as e:  # the current code made a record that does not fit: nothing was changed
        _fail(f"re-extraction made a record that does not fit ({e}); {target} was left unchanged")
    out.print(f"re-extracted {stats.seen} page(s) in {target} with {n} process(es): {stats.loaded} changed, "
              f"{stats.unchanged} unchanged" + (f", {len(failed)} left as they were (their worker died)" * bool(failed)))


def _pages_in(db: Path) -> int | None:
    """The pages a re-extraction reads, for its progress bar (None if unknown)."""
    from warehouse import store

    try:
        con = store.connect_reader(db)
    except store.WarehouseError:
        return None
    try:
        return con.execute("SELECT count(*) FROM pages").fetchone()[0]
    finally:
        con.close()


schedule_app = typer.Typer(help="Install, show or remove the weekly run for the current user.", no_args_is_help=True)
app.add_typer(schedule_app, name="schedule")
UnitDirOption = Annotated[Optional[Path], typer.Option(help="Write systemd units here instead of ~/.config/systemd/user.")]
CrontabOption = Annotated[Optional[Path], typer.Option(help="Use this file as the crontab (instead of `crontab`).")]


@schedule_app.command("install")
def schedule_install(
    weekly: Annotated[str, typer.Option(help='Day and time, e.g. "mon 03:00".')] = "mon 03:00",
    unit_dir: UnitDirOption = None,
    crontab_file: CrontabOption = None,
) -> None:
    """Run `antq run` every week: a systemd user timer, or a crontab line where systemd is absent."""
    from antq import schedule

    try:
        out.print("installed " + escape(schedule.install(weekly, Path.cwd(), unit_dir=unit_dir, crontab_file=crontab_file)))
    except schedule.ScheduleError as e:
        _fail(str(e))


@schedule_app.command("show")
def schedule_show(unit_dir: UnitDirOption = None, crontab_file: CrontabOption = None) -> None:
    """Show the installed weekly run, if any."""
    from antq import schedule

    found = schedule.show(unit_dir=unit_dir, crontab_file=crontab_file)
    out.print(escape(found) if found else "no weekly run is installed")


@schedule_app.command("remove")
def schedule_remove(unit_dir: UnitDirOption = None, crontab_file: CrontabOption = None) -> None:
    """Remove the weekly run."""
    from antq import schedule

    out.print("removed" if schedule.remove(unit_dir=unit_dir, crontab_file=crontab_file) else "nothing to remove")


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Where the demo warehouse goes.")] = Path("data") / "demo.duckdb",
    articles: Annotated[int, typer.Option(help="Articles the mirror publishes.")] = 150,
    no_dashboard: Annotated[bool, typer.Option("--no-dashboard", envvar="ANTQ_NO_DASHBOARD",
                                               help="Stop after loading (also $ANTQ_NO_DASHBOARD=1).")] = False,
    port: Annotated[int, typer.Option(help="Port for the dashboard on 127.0.0.1.")] = 8501,
) -> None:
    """The weekly job on the built-in demo: serve the packaged mirror of sample portals on
    127.0.0.x (generated articles, not real news), crawl it, extract and load into --db,
    then open the dashboard on it."""
    import tempfile

    from crawler import registry
    from crawler.mirror import MirrorServer, build_sites, registry_toml
    from warehouse import store

    from antq.weekly import weekly_run

    sites = build_sites(articles)
    with MirrorServer(sites), tempfile.TemporaryDirectory() as tmp:
        regfile = Path(tmp) / "mirror.toml"
        regfile.write_text(registry_toml(sites), encoding="utf-8")
        err.print(f"demo: serving {len(sites)} sample portals on 127.0.0.x; crawling them into {db}")
        try:
            report = weekly_run(registry.load(regfile), db, workdir=Path(tmp) / "crawl", throttle=False)
        except store.WarehouseError as e:
            _fail(str(e))
    out.print(_report_table(report))
    con = store.connect_reader(db)
    n_articles, n_figures, n_models, n_places = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures), (SELECT count(*) FROM models), "
        "(SELECT count(DISTINCT unit_code) FROM locality_outcomes)").fetchone()
    top = con.execute("SELECT unit_name, province_name, year, value, per_10k FROM locality_outcomes "
                      "WHERE indicator = 'tips_received' AND level = 'district' "
                      "ORDER BY per_10k DESC NULLS LAST LIMIT 5").fetchall()
    con.close()
    t = Table("district", "province", "year", "tips", "per 10,000",
              title="districts with the most tips per 10,000 inhabitants", box=None, header_style="bold")
    for r in top:
        t.add_row(*(escape("" if v is None else f"{v:g}" if isinstance(v, float) else str(v)) for v in r))
    out.print(t)
    out.print(f"[bold]demo:[/] {len(sites)} sources, {n_articles} articles, {n_figures} figures, {n_models} models, "
              f"{n_places} localities compared, in {db}")
    if no_dashboard:
        out.print(f"next: antq dashboard --db {db}   or   antq sql --db {db} \"SELECT * FROM locality_outcomes LIMIT 10\"")
        return
    dashboard(db=db, port=port)


def _serve_streamlit(app_name: str, what: str, db: Path | None, port: int) -> None:
    """Serve one of the dashboard package's Streamlit apps on 127.0.0.1 over the warehouse."""
    import os
    from importlib import resources as res

    from warehouse.store import db_path

    from antq.children import run_in_foreground

    app_file = str(res.files("dashboard").joinpath(app_name))
    env = {**os.environ, "ANTQ_DB": str(db_path(db).resolve())}
    out.print(f"{what} on http://127.0.0.1:{port}/ over {env['ANTQ_DB']} (Ctrl-C to stop)")
    cmd = [sys.executable, "-m", "streamlit", "run", app_file, "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "viewer"]
    # Streamlit dies with antq, and stops when antq is told to (SIGTERM, SIGINT, SIGHUP)
    raise typer.Exit(run_in_foreground(cmd, env=env))


@app.command()
def dashboard(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8501,
) -> None:
    """Start the dashboard (Streamlit) on 127.0.0.1, reading the warehouse read-only."""
    _serve_streamlit("app.py", "dashboard", db, port)


@app.command()
def review(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8502,
) -> None:
    """Start the review app on 127.0.0.1: check the figures that feed the comparison and correct them
    (the reviewer is $ANTQ_REVIEWER, else the OS user)."""
    _serve_streamlit("review.py", "review app", db, port)


@app.command()
def version() -> None:
    """Print the versions of antq and of its extraction code."""
    from nlp import indicators
    from nlp.version import NLP_VERSION

    out.print(f"antq {__version__} ({NLP_VERSION}{indicators.model_tag()})")
    local = indicators.local_model()
    out.print(f"indicator model: {indicators.models_dir() / indicators.MODEL_FILE} (antq train, from "
              f"{local.meta.get('corrections')} corrections)" if local else "indicator model: shipped with antq")


@app.command()
def train(
    db: DbOption = None,
    folds: Annotated[int, typer.Option(help="Folds of the cross-validation.")] = 5,
) -> None:
    """Retrain the indicator classifier with researchers' corrections; print cross-validated
    accuracy before and after, and write the model under $ANTQ_MODELS (default data/models/),
    where antq uses it over the shipped one (`antq reextract` applies it)."""
    from antq import training
    from warehouse import store

    try:
        con = store.connect_reader(db)
    except store.WarehouseError as e:
        _fail(str(e))
    try:
        with Live("training the indicator classifier ...", console=err, transient=True):
            report = training.train(con, folds)
    except ValueError as e:
        _fail(str(e))
    finally:
        con.close()
    out.print(f"indicator accuracy on {report.examples} corrected or confirmed figure(s): "
              f"{report.before:.3f} with the model in use, {report.after:.3f} cross-validated "
              f"({report.folds} folds) with the corrections")
    out.print(f"model written to {report.path}; run `antq reextract` to apply it to stored articles")


corrections_app = typer.Typer(help="Researchers' corrections: share them as JSONL, see those to review again.",
                              no_args_is_help=True)
app.add_typer(corrections_app, name="corrections")


@corrections_app.command("import")
def corrections_import(
    file: Annotated[Path, typer.Argument(help="Corrections as JSON lines (the format `antq corrections export` writes).")],
    db: DbOption = None,
) -> None:
    """Add corrections from a file (idempotent): each is applied, already present, or its anchor is not found."""
    from warehouse import corrections, store

    try:
        good, bad = corrections.read_jsonl(file)
    except (OSError, UnicodeDecodeError) as e:
        _fail(f"{file}: cannot be read ({getattr(e, 'strerror', None) or e})")
    for message in bad:
        err.print(f"antq: {escape(message)}")
    target = store.db_path(db)
    try:
        with store.writer(target) as con:
            r = corrections.insert(con, good)
    except store.WarehouseError as e:
        _fail(str(e))
    out.print(f"{len(good)} correction(s) from {file} into {target}: {r.applied} applied, "
              f"{r.already_present} already present, {r.anchor_not_found} anchor not found, "
              f"{r.sentence_changed} sentence changed (to review), {len(bad)} refused")
    if bad:
        raise typer.Exit(1)


@corrections_app.command("export")
def corrections_export(
    file: Annotated[Path, typer.Argument(help="Where to write the corrections (JSON lines).")],
    db: DbOption = None,
) -> None:
    """Write every correction, oldest first, for another warehouse to import."""
    from warehouse import corrections, store

    try:
        con = store.connect_reader(db)
    except store.WarehouseError as e:
        _fail(str(e))
    try:
        n = corrections.export(con, file)
    except OSError as e:
        _fail(f"cannot write {file}: {e.strerror}")
    finally:
        con.close()
    out.print(f"exported {n} correction(s) to {file}")


@corrections_app.command("list")
def corrections_list(
    db: DbOption = None,
    review: Annotated[bool, typer.Option("--review", help="Only those whose anchor no longer holds.")] = False,
) -> None:
    """List the corrections in force and whether each still applies to the current extraction."""
    from warehouse import corrections, store

    try:
        con = store.connect_reader(db)
    except store.WarehouseError as e:
        _fail(str(e))
    where = "WHERE status <> 'applied'" if review else ""
    rows = con.execute(f"SELECT created_at, reviewer, article_id, text, action, field, new_value, status "
                       f"FROM correction_status {where} ORDER BY created_at").fetchall()
    con.close()
    t = Table("when", "who", "article", "text", "action", "field", "new value", "status", box=None, header_style="bold")
    for r in rows:
        t.add_row(*(escape("" if v is None else str(v)) for v in r))
    out.print(t)
    queued = corrections.queued(store.db_path(db))
    out.print(f"{len(rows)} correction(s)" + (f"; {len(queued)} queued for the next writer" if queued else ""))


def main() -> None:
    app()
