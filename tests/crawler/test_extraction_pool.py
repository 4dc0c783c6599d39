"""Page extraction and NLP in a pool of worker processes (crawler/extraction_pool.py),
through the real engine against the packaged mirror: the pool changes the speed,
not the warehouse; a page that kills its worker costs that page only."""
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from crawler.mirror import MirrorServer, build_sites, registry_toml
from tests import processes
from tests.crawler.test_crawl import children, running
from warehouse import store

# what the pool must not change: every article's and every derived row's content and id
SAME = {
    # extraction_hash is left out: it hashes the whole record, duplicate_of included (see "copies")
    "articles": "SELECT id, doc_id, url, source_id, title, published, author, text, relevance, "
                "nlp_version FROM articles",
    # which of two syndicated articles is the copy follows the order the engine fetched them, which
    # varies from crawl to crawl across hosts with or without the pool (the pool keeps the order it gets)
    "copies": "SELECT list_sort([id, duplicate_of]) FROM articles WHERE duplicate_of IS NOT NULL",
    "figures": "SELECT article_id, seq, text, value, total, unit, indicator, period, start_offset, end_offset, "
               "confidence FROM figures",
    "models": "SELECT article_id, seq, name, family, count, start_offset FROM models",
    "units": "SELECT article_id, seq, name, kind, count, start_offset FROM units",
    "locality_mentions": "SELECT * EXCLUDE (run_id) FROM locality_mentions",
    "legal_refs": "SELECT * EXCLUDE (run_id) FROM legal_refs",
}


def antq(*args, env=None):
    environment = {**os.environ, "ANTQ_DOWNLOAD_TIMEOUT": "3", "ANTQ_BACKOFF_BASE": "0.2", **(env or {})}
    return subprocess.run([sys.executable, "-m", "antq", *args], env=environment, capture_output=True, text=True,
                          timeout=600)


def crawl(where, registry, name, *extra, env=None):
    return antq("crawl", "--sources", str(registry), "--db", str(where / name), "--workdir", str(where / "work"),
                "--no-throttle", *extra, env=env)


def contents(db):
    con = store.connect_reader(db)
    try:
        return {table: sorted(con.execute(sql).fetchall(), key=repr) for table, sql in SAME.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    """One mirror for the module (its port is in every URL, so in every article id),
    and a warehouse crawled from it with a pool of two workers."""
    where = tmp_path_factory.mktemp("pool")
    sites = build_sites(60)
    with MirrorServer(sites) as server:
        (where / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        result = crawl(where, where / "mirror.toml", "pool2.duckdb", "--extract-workers", "2")
        assert result.returncode == 0, result.stderr[-2000:]
        yield server, where


def test_one_worker_and_two_fill_the_warehouse_alike(mirror):
    server, where = mirror
    result = crawl(where, where / "mirror.toml", "pool1.duckdb", "--extract-workers", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    alone, pooled = contents(where / "pool1.duckdb"), contents(where / "pool2.duckdb")
    assert len(pooled["articles"]) == 61 and len(pooled["figures"]) > 300
    assert len(pooled["copies"]) == 1  # the syndicated copy, marked as such
    for table in SAME:
        assert alone[table] == pooled[table], table


def test_reextract_with_one_process_and_two_rebuilds_the_same_tables(mirror):
    _, where = mirror
    stale = where / "stale.duckdb"
    shutil.copy(where / "pool2.duckdb", stale)
    with store.writer(stale) as con:  # as if made by an older NLP: every article's facts must be rebuilt
        con.execute("UPDATE articles SET extraction_hash = 'older'")
        for table in ("figures", "models", "units", "locality_mentions", "legal_refs"):
            con.execute(f"DELETE FROM {table}")
    rebuilt = {}
    for n in (1, 2):
        db = where / f"reextract{n}.duckdb"
        shutil.copy(stale, db)
        result = antq("reextract", "--sources", str(where / "mirror.toml"), "--db", str(db), "--workers", str(n))
        assert result.returncode == 0, result.stderr[-2000:]
        assert f"re-extracted 61 page(s) in {db} with {n} process(es): 61 changed, 0 unchanged" in result.stdout
        rebuilt[n] = contents(db)
    assert rebuilt[1] == rebuilt[2]
    assert rebuilt[2]["figures"] == contents(where / "pool2.duckdb")["figures"]


def test_a_page_that_kills_its_worker_is_one_warning_and_the_crawl_goes_on(tmp_path):
    sites = build_sites(20)
    police = sites[0]
    # an article so long that reading it takes seconds of CPU, past a limit of one second (its
    # paragraphs numbered: repeated ones would be read once)
    long = tuple(f"{p} (mục {i})" for i in range(500) for p in police.articles[1].paragraphs)
    police.articles[1] = huge = replace(police.articles[1], paragraphs=long)
    with MirrorServer(sites) as server:
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        result = crawl(tmp_path, tmp_path / "mirror.toml", "w.duckdb", "--extract-workers", "2",
                       env={"ANTQ_PAGE_CPU_LIMIT": "1"})
        expected = server.article_urls()
    assert result.returncode == 0, result.stderr[-2000:]
    huge_url = police.base + police.article_path(huge)
    log = next((tmp_path / "logs").glob("crawl-*.log")).read_text(encoding="utf-8")
    said = [line for line in log.splitlines() if huge_url in line]
    assert len(said) == 1 and said[0].endswith(f"{huge_url}: not read: its extraction worker process died reading it")
    assert "Traceback" not in log
    con = store.connect_reader(tmp_path / "w.duckdb")
    articles = {u for (u,) in con.execute("SELECT url FROM articles").fetchall()}
    assert huge_url not in articles and articles >= expected - {huge_url}  # every other page was read
    # the page itself is kept, for a re-extraction (with a larger limit) to read
    assert con.execute("SELECT count(*) FROM pages WHERE url = ?", [huge_url]).fetchone()[0] == 1
    con.close()
    again = antq("reextract", "--sources", str(tmp_path / "mirror.toml"), "--db", str(tmp_path / "w.duckdb"),
                 "--workers", "2", env={"ANTQ_PAGE_CPU_LIMIT": "1"})
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"antq: {huge_url}: not re-extracted: its extraction worker process died reading it" in again.stderr
    assert "1 left as they were (their worker died)" in again.stdout


def test_a_bad_cpu_limit_is_refused_before_anything_runs(tmp_path):
    result = antq("reextract", "--db", str(tmp_path / "none.duckdb"), env={"ANTQ_PAGE_CPU_LIMIT": "soon"})
    assert result.returncode != 0
    assert "ANTQ_PAGE_CPU_LIMIT must be a number of seconds, at least 1, not 'soon'" in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_the_workers_die_with_the_engine_when_antq_is_killed(tmp_path):
    sites = build_sites(150)
    with MirrorServer(sites):
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        log = (tmp_path / "crawl.log").open("w")
        # throttled: the crawl is still going when it is killed
        proc = subprocess.Popen([sys.executable, "-m", "antq", "crawl", "--sources", str(tmp_path / "mirror.toml"),
                                 "--db", str(tmp_path / "w.duckdb"), "--workdir", str(tmp_path / "work"),
                                 "--extract-workers", "2"], stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not any(
                    s.read_text().count("\n") >= 3 for s in (tmp_path / "work").glob("run-*/spool.jsonl")):
                time.sleep(0.2)
            engine = children(proc.pid)  # the engine's process (and multiprocessing's resource tracker)
            workers = [w for e in engine for w in children(e)]
            assert len(workers) == 2, [processes.cmdline(w) for w in workers]  # the pool's two workers
        finally:
            proc.kill()
            proc.wait()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(running(p) for p in engine + workers):
            time.sleep(0.1)
    assert not [p for p in engine + workers if running(p)]
