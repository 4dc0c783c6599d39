"""The engine's child process, seen from the parent: progress while it crawls,
and a child that dies is reported, with what it fetched kept."""
import multiprocessing
import os
import signal

import pytest

from crawler import registry
from crawler.run import crawl
from warehouse import store


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setenv("ANTQ_BACKOFF_BASE", "0.2")


def test_progress_arrives_while_crawling_and_adds_up(mirror, tmp_path):
    seen = []
    report = crawl(registry.load(tmp_path / "mirror.toml"), tmp_path / "w.duckdb", workdir=tmp_path / "work",
                   throttle=True, on_progress=seen.append)  # throttled: long enough for several messages
    assert report.status == "ok" and len(seen) >= 3
    totals = [sum(c["pages"] for c in counters.values()) for counters in seen]
    assert totals == sorted(totals) and 0 < totals[-1] <= sum(r.pages for r in report.sources.values()) == 61
    assert set(seen[-1]) == {s.id for s in mirror.sites}


def test_an_engine_that_dies_is_reported_and_its_pages_kept(mirror, tmp_path):
    sources = registry.load(tmp_path / "mirror.toml")

    def kill_engine(counters):
        # spooled, not only fetched: the extraction pool reads a fetched page a moment later
        if sum(s.read_text().count("\n") for s in (tmp_path / "work").glob("run-*/spool.jsonl")) >= 5:
            for child in multiprocessing.active_children():
                if child.name == "antq-engine":
                    os.kill(child.pid, signal.SIGKILL)

    report = crawl(sources, tmp_path / "w.duckdb", workdir=tmp_path / "work", throttle=True, on_progress=kill_engine)
    assert report.status == "failed" and "stopped before it reported" in report.engine_error
    con = store.connect_reader(tmp_path / "w.duckdb")
    try:
        kept = con.execute("SELECT count(*) FROM pages").fetchone()[0]
        assert con.execute("SELECT status, errors LIKE '%engine%' FROM crawl_runs").fetchall() == [("failed", True)]
    finally:
        con.close()
    assert kept >= 5  # spooled before the kill, loaded
    again = crawl(sources, tmp_path / "w.duckdb", workdir=tmp_path / "work", throttle=False)
    assert again.status == "ok"
    con = store.connect_reader(tmp_path / "w.duckdb")
    try:
        assert con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (61, 61)
    finally:
        con.close()
