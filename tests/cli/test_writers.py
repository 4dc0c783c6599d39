"""One command writes a database at a time (crawl, run, load, reextract, demo):
a second one is refused at once, in one line, and nothing is lost."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from warehouse import store

HOLDER = """
import sys, time
from warehouse import store
with store.exclusive(sys.argv[1], "crawl"):
    print("holding", flush=True)
    time.sleep(60)
"""


def antq(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "antq", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_every_writing_command_is_refused_while_another_writes(tmp_path):
    db = tmp_path / "w.duckdb"
    article = tmp_path / "a.txt"
    article.write_text("Công an huyện Vĩnh Lộc tổ chức 12 buổi tuyên truyền.", encoding="utf-8")
    assert antq("load", "--db", str(db), str(article)).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        registry = tmp_path / "none.toml"
        registry.write_text('[[source]]\nid = "x"\nname = "X"\nkind = "police"\nhome = "http://127.0.0.9:9/"\n',
                            encoding="utf-8")
        for args in (["load", str(article)], ["crawl", "--sources", str(registry)], ["run", "--sources", str(registry)],
                     ["reextract", "--sources", str(registry)]):
            refused = antq(*args, "--db", str(db), timeout=60)
            assert refused.returncode == 1, (args, refused.stdout)
            assert refused.stderr.strip() == (f"antq: {db} is being written by `antq crawl` (pid {holder.pid}, since "
                                              f"{refused.stderr.split('since ')[1].split(')')[0]}); "
                                              "try again when it has finished"), args
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # the kernel released the dead holder's lock: nothing stale to clear by hand
    assert antq("load", "--db", str(db), str(article)).returncode == 0


def _served_urls(mirror) -> set[str]:
    return {s.base + s.article_path(a) for s in mirror.sites for a in s.articles}


def test_overlapping_crawls_lose_nothing(mirror, tmp_path):
    """A crawl into a database that another crawl is writing is refused; a crawl into
    another database with the same work folder runs beside it on a spool of its own."""
    env = {"ANTQ_DOWNLOAD_TIMEOUT": "3", "ANTQ_BACKOFF_BASE": "0.2"}
    work = tmp_path / "work"

    def crawl(db: Path, *extra, wait=True):
        args = [sys.executable, "-m", "antq", "crawl", "--sources", str(tmp_path / "mirror.toml"), "--db", str(db),
                "--workdir", str(work), *extra]
        if wait:
            return subprocess.run(args, capture_output=True, text=True, timeout=300, env={**os.environ, **env})
        return subprocess.Popen(args, stdout=(tmp_path / f"{db.stem}.log").open("w"), stderr=subprocess.STDOUT,
                                env={**os.environ, **env})

    slow = crawl(tmp_path / "one.duckdb", wait=False)  # throttled: it runs for a while
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(work.glob("run-*/spool.jsonl")):
        time.sleep(0.2)
    assert slow.poll() is None, "the first crawl ended before the second started"
    second = crawl(tmp_path / "one.duckdb", "--no-throttle")
    assert second.returncode == 1 and "is being written by `antq crawl`" in second.stderr
    assert "Traceback" not in second.stderr
    beside = crawl(tmp_path / "two.duckdb", "--no-throttle")
    assert beside.returncode == 0, beside.stderr[-2000:]
    assert slow.wait(timeout=300) == 0, (tmp_path / "one.log").read_text()[-2000:]
    for db in ("one.duckdb", "two.duckdb"):
        con = store.connect_reader(tmp_path / db)
        stored = {u for (u,) in con.execute("SELECT url FROM articles").fetchall()}
        con.close()
        assert _served_urls(mirror) <= stored, db
    assert not list(work.iterdir())  # each finished crawl removed its own run folder
