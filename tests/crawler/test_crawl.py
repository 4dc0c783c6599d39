"""Crawls through the real Scrapy engine (in a subprocess, as `antq crawl` runs)
against the packaged mirror served on 127.0.0.x from this test process."""
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path


from crawler.mirror import add_articles
from warehouse import store


def crawl(tmp_path, *extra, env=None, wait=True):
    cmd = [sys.executable, "-m", "antq", "crawl", "--sources", str(tmp_path / "mirror.toml"),
           "--db", str(tmp_path / "w.duckdb"), "--workdir", str(tmp_path / "work"), *extra]
    # short waits: the mirror answers at once, and retries back off from 0.2 s
    environment = {**os.environ, "ANTQ_DOWNLOAD_TIMEOUT": "3", "ANTQ_BACKOFF_BASE": "0.2", **(env or {})}
    if not wait:  # output to a file: an unread pipe would fill and stall the crawl
        log = (tmp_path / "crawl.log").open("w")
        return subprocess.Popen(cmd, env=environment, stdout=log, stderr=subprocess.STDOUT)
    return subprocess.run(cmd, env=environment, capture_output=True, text=True, timeout=300)


def children(pid: int) -> list[int]:
    """Processes whose parent is pid (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def running(pid: int) -> bool:
    """Whether a process is alive; a zombie has died and only waits for init to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def rows(tmp_path, sql):
    con = store.connect_reader(tmp_path / "w.duckdb")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_article_is_found_and_read(mirror, tmp_path):
    result = crawl(tmp_path, "--no-throttle")
    assert result.returncode == 0, result.stderr[-2000:]
    got = {url: (title, published, text) for url, title, published, text in
           rows(tmp_path, "SELECT url, title, published, text FROM articles")}
    expected = {s.base + s.article_path(a): a for s in mirror.sites for a in s.articles}
    assert set(expected) <= set(got)
    for url, a in expected.items():
        title, published, text = got[url]
        assert (title, published[:10]) == (a.title, a.published.isoformat()), url
        assert a.paragraphs[1][:50] in text and "Số lượt xem" not in text
    assert "crawl run 1: ok" in result.stdout
    # the off-topic articles are kept but not extracted; the movement's are
    assert rows(tmp_path, "SELECT count(*) FROM articles WHERE relevance < 0.5") == [(8,)]
    assert rows(tmp_path, "SELECT count(DISTINCT article_id) FROM figures")[0][0] >= 50
    # robots.txt disallows /private/: never fetched
    assert mirror.fetched("/private/") == 0
    # the newspaper's republished copy of a police-portal article is marked as a copy
    (copy_of,), = rows(tmp_path, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")
    assert copy_of == 1
    per_source = dict(rows(tmp_path, "SELECT source_id, pages FROM crawl_run_sources"))
    assert per_source["tandan-mau"] == 12  # its listing pages were reached through ASP.NET postback


def test_a_second_run_fetches_only_the_new_articles(mirror, tmp_path):
    assert crawl(tmp_path, "--no-throttle").returncode == 0
    before = dict(mirror.hits)
    add_articles(mirror.sites, 5)
    result = crawl(tmp_path, "--no-throttle")
    assert result.returncode == 0
    fetched = {p for (h, p), n in mirror.hits.items() if n > before.get((h, p), 0)}
    article_paths = {s.article_path(a) for s in mirror.sites for a in s.articles}
    assert len(fetched & article_paths) == 5
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(66, 66)]


def test_a_copy_of_an_article_from_an_earlier_crawl_is_marked(mirror, tmp_path):
    assert crawl(tmp_path, "--no-throttle").returncode == 0
    police, paper = mirror.sites[0], mirror.sites[3]
    original = police.articles[1]
    paper.articles.append(replace(original, number=999, title="Đăng lại: " + original.title))
    assert crawl(tmp_path, "--no-throttle").returncode == 0
    copy_url = paper.base + paper.article_path(paper.articles[-1])
    assert rows(tmp_path, f"SELECT duplicate_of = (SELECT id FROM articles WHERE url = "
                          f"'{police.base + police.article_path(original)}') FROM articles "
                          f"WHERE url = '{copy_url}'") == [(True,)]


def test_faults_are_survived_with_nothing_lost(mirror, tmp_path):
    police, wp, nuke, paper, tandan = mirror.sites
    paths = {name: s.article_path(s.articles[i]) for name, s, i in [
        ("flaky", police, 0), ("slow", wp, 0), ("loop", nuke, 0), ("truncated", paper, 1),
        ("mislabelled", tandan, 0), ("huge", police, 2)]}
    for fault, path in paths.items():
        mirror.faults[path] = fault
    with (tmp_path / "mirror.toml").open("a") as f:  # and a site that is down
        f.write('\n[[source]]\nid = "dead"\nname = "Dead"\nkind = "police"\nhome = "http://127.0.0.9:9/"\n')
    result = crawl(tmp_path, "--no-throttle")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "crawl run 1: partial" in result.stdout
    urls = {u for (u,) in rows(tmp_path, "SELECT url FROM articles")}
    by_path = {path: site.base + path for site in mirror.sites for path in paths.values()
               if path in {site.article_path(a) for a in site.articles}}
    assert by_path[paths["flaky"]] in urls  # 503 twice, then served
    assert by_path[paths["truncated"]] in urls
    assert by_path[paths["slow"]] not in urls and by_path[paths["loop"]] not in urls
    assert by_path[paths["huge"]] not in urls  # refused: over the maximum page size
    text, = rows(tmp_path, f"SELECT text FROM articles WHERE url = '{by_path[paths['mislabelled']]}'")[0]
    assert "an ninh" in text and "Ã" not in text
    assert len(urls) == 61 - 3
    errors = dict(rows(tmp_path, "SELECT source_id, errors FROM crawl_run_sources"))
    # the timeout, the redirect loop, the oversized page and the dead site are errors of their sources
    assert errors["wp-mau"] >= 1 and errors["nukeviet-mau"] >= 1 and errors["congan-mau"] >= 1 and errors["dead"] >= 1
    log = next((tmp_path / "logs").glob("crawl-*.log")).read_text(encoding="utf-8")
    assert "Gave up retrying <GET http://127.0.0.9:9/" in log and "Traceback" not in log  # one line per failure


def test_retries_back_off_honouring_retry_after(mirror, tmp_path):
    police, wp, *_ = mirror.sites
    flaky = police.article_path(police.articles[0])  # 503 twice, no wait asked
    busy = wp.article_path(wp.articles[0])  # 429 twice, asking for 1 s
    mirror.faults.update({flaky: "flaky", busy: "throttled"})
    result = crawl(tmp_path, "--no-throttle", env={"ANTQ_BACKOFF_BASE": "0.3"})
    assert result.returncode == 0, result.stderr[-2000:]
    urls = {u for (u,) in rows(tmp_path, "SELECT url FROM articles")}
    assert police.base + flaky in urls and wp.base + busy in urls

    def requests(host, path):
        return [t for t, h, p in mirror.timeline if (h, p) == (host, path)]

    f, b = requests(police.host, flaky), requests(wp.host, busy)
    assert len(f) == len(b) == 3
    assert f[1] - f[0] >= 0.3 and f[2] - f[1] >= 0.6  # exponential: base, then twice the base
    assert b[1] - b[0] >= 1.0 and b[2] - b[1] >= 1.0  # Retry-After honoured over the shorter back-off


def test_a_killed_crawl_resumes_without_duplicates(mirror, tmp_path):
    proc = crawl(tmp_path, wait=False)  # throttled: slow enough to be killed half-way
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and sum(s.read_text().count("\n") for s in (tmp_path / "work").glob("run-*/spool.jsonl")) < 10:
        time.sleep(0.2)
    (spool,) = (tmp_path / "work").glob("run-*/spool.jsonl")  # the crawl's own run folder
    engine = children(proc.pid)  # the engine's process, crawling
    assert engine
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # generous: a busy machine may be slow to run the dying engine, but it must die, not crawl on
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(running(pid) for pid in engine):
        time.sleep(0.1)
    assert not [pid for pid in engine if running(pid)]  # it died with its parent
    spooled = spool.read_text().count("\n")
    assert 10 <= spooled < 61  # killed half-way: it did not finish the crawl on its own
    result = crawl(tmp_path, "--no-throttle")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "left by an interrupted crawl" in result.stdout
    assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(61, 61)]
    assert rows(tmp_path, "SELECT count(*) FROM pages") == [(61,)]


def test_a_crawl_after_one_that_found_every_site_down_fetches_everything(tmp_path):
    """Every site refused the first crawl (finished, status failed); once they are back,
    the next crawl reads every article: nothing the failed one tried is taken as done."""
    from crawler.mirror import MirrorServer, build_sites, registry_toml
    from tests import processes

    sites, port = build_sites(10), processes.free_port()
    with MirrorServer(sites, port=port):
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
    down = crawl(tmp_path, "--no-throttle")
    assert "crawl run 1: failed" in down.stdout, down.stdout + down.stderr[-2000:]
    with MirrorServer(sites, port=port) as mirror:
        back = crawl(tmp_path, "--no-throttle")
        assert back.returncode == 0, back.stderr[-2000:]
        stored = {u for (u,) in rows(tmp_path, "SELECT url FROM articles")}
        assert mirror.article_urls() <= stored
