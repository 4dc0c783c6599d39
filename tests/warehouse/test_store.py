"""The database file: migrations, the single writer, and faults."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from warehouse import loader, store, synthetic


def test_a_new_file_gets_every_migration(tmp_path):
    path = tmp_path / "new.duckdb"
    with store.writer(path):
        pass
    con = store.connect_reader(path)
    versions = [v for v, in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert versions == [v for v, _, _ in store.migrations()]


def test_an_old_file_upgrades_itself(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    for version, name, sql in store.migrations()[:2]:  # as an older antq left it: no views yet
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    con.close()
    with store.writer(path) as con:
        assert store.schema_version(con) == store.migrations()[-1][0]
    assert store.connect_reader(path).execute("SELECT count(*) FROM locality_outcomes").fetchone() == (0,)


def test_loading_twice_changes_nothing(tmp_path):
    path = tmp_path / "w.duckdb"
    records = list(synthetic.records(50, figures_per_article=5))
    with store.writer(path) as con:
        first = loader.load(con, records)
    before = path.read_bytes()
    with store.writer(path) as con:
        again = loader.load(con, records)
    assert (first.loaded, again.loaded, again.unchanged) == (50, 0, 50)
    con = store.connect_reader(path)
    assert con.execute("SELECT count(*) FROM figures").fetchone() == (250,)
    assert con.execute("SELECT count(*) FROM extraction_runs").fetchone() == (1,)
    assert len(before) > 0


def test_a_newer_extraction_replaces_the_old_rows(tmp_path):
    path = tmp_path / "w.duckdb"
    records = list(synthetic.records(10, figures_per_article=5))
    with store.writer(path) as con:
        loader.load(con, records)
    newer = [dict(r, nlp_version="nlp-9.9", figures=r["figures"][:2]) for r in records[:3]]
    with store.writer(path) as con:
        stats = loader.load(con, newer)
    assert stats.loaded == 3
    con = store.connect_reader(path)
    assert con.execute("SELECT count(*) FROM figures").fetchone() == (7 * 5 + 3 * 2,)
    assert con.execute("SELECT count(DISTINCT run_id) FROM figures WHERE article_id IN "
                       "(SELECT id FROM articles WHERE nlp_version = 'nlp-9.9')").fetchone() == (1,)


def test_a_failed_load_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "w.duckdb"
    with store.writer(path) as con:
        loader.load(con, synthetic.records(20, figures_per_article=3))
    with pytest.raises(RuntimeError):
        with store.writer(path) as con:
            loader.load(con, synthetic.records(20, figures_per_article=3, start=100))
            raise RuntimeError("killed half-way")
    con = store.connect_reader(path)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (20,)
    assert not list(tmp_path.glob(".w.duckdb.writing-*"))


def test_a_killed_load_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "w.duckdb"
    with store.writer(path) as con:
        loader.load(con, synthetic.records(20, figures_per_article=3))
    script = textwrap.dedent(f"""
        from warehouse import loader, store, synthetic
        with store.writer({str(path)!r}) as con:
            loader.load(con, synthetic.records(10**6, figures_per_article=3, start=100), batch_size=200)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".w.duckdb.writing-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store.connect_reader(path).execute("SELECT count(*) FROM articles").fetchone() == (20,)
    with store.writer(path) as con:  # the next writer clears what the killed one left
        loader.load(con, synthetic.records(5, figures_per_article=3, start=500))
    assert store.connect_reader(path).execute("SELECT count(*) FROM articles").fetchone() == (25,)
    assert not list(tmp_path.glob(".w.duckdb.writing-*"))


def test_writers_take_turns(tmp_path):
    path = tmp_path / "w.duckdb"
    with store.writer(path):
        with pytest.raises(store.WarehouseBusy, match=rf"being written by this process \(pid {os.getpid()}\)"):
            with store.writer(path, wait=0.3):
                pass
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from warehouse import store\n"
                               "with store.exclusive(sys.argv[1], 'reextract'):\n"
                               "    print('holding', flush=True); time.sleep(30)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(store.WarehouseBusy, match=rf"being written by `antq reextract` \(pid {holder.pid}, since "):
            with store.writer(path, wait=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()
    with store.writer(path, wait=0):  # a killed holder's lock went with it
        pass


def test_missing_corrupt_and_foreign_locked_files(tmp_path):
    with pytest.raises(store.WarehouseError, match="no database at .*run `antq load`"):
        store.connect_reader(tmp_path / "none.duckdb")
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(store.WarehouseError, match="not a readable DuckDB database"):
        store.connect_reader(bad)
    locked = tmp_path / "locked.duckdb"
    with store.writer(locked):
        pass
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(locked)!r}); "
                               "print('open', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(store.WarehouseError, match="held for writing by another program"):
            store.connect_reader(locked, retries=2)
    finally:
        holder.kill()
        holder.wait()


def test_a_figure_keeps_its_own_locality(tmp_path):
    """A figure placed at another unit than the article's (its scope) is stored with that unit."""
    path = tmp_path / "scope.duckdb"
    province = {"level": "province", "name": "Lạng Sơn", "gazetteer": "legacy", "code": "20", "start": 0, "end": 8}
    record = {"doc_id": "scope-1", "text": "Toàn tỉnh có 44 mô hình; xã có 3 tổ.", "figures": [
        {"text": "44 mô hình", "value": 44, "unit": "mô hình", "indicator": "models_active",
         "start": 13, "end": 23, "locality": province},
        {"text": "3 tổ", "value": 3, "unit": "tổ", "indicator": "teams_active", "start": 32, "end": 36}]}
    with store.writer(path) as con:
        loader.load(con, [record])
    rows = store.connect_reader(path).execute(
        "SELECT text, scope_level, scope_name, scope_code FROM figures ORDER BY seq").fetchall()
    assert rows == [("44 mô hình", "province", "Lạng Sơn", "20"), ("3 tổ", None, None, None)]


def _copies(path):
    con = store.connect_reader(path)
    try:
        return dict(con.execute("SELECT doc_id, duplicate_of FROM articles ORDER BY doc_id").fetchall())
    finally:
        con.close()


def test_the_original_of_copies_does_not_depend_on_fetch_order(tmp_path):
    """Three copies of one story, loaded in every order with the copies marked
    against whichever came first: the earliest published is the original each time."""
    import itertools

    dates = {"a": "2024-03-05", "b": "2024-03-01", "c": "2024-03-03"}
    ids = {k: loader.article_id(k) for k in dates}
    outcomes = set()
    for order in itertools.permutations(dates):
        path = tmp_path / ("".join(order) + ".duckdb")
        first = order[0]
        records = [{"doc_id": k, "text": "Cùng một bài.", "published": dates[k],
                    "duplicate_of": None if k == first else ids[first]} for k in order]
        with store.writer(path) as con:
            loader.load(con, records)
        outcomes.add(tuple(sorted(_copies(path).items())))
    assert outcomes == {(("a", ids["b"]), ("b", None), ("c", ids["b"]))}


def test_a_stored_original_stays_when_an_earlier_copy_arrives(tmp_path):
    """A later crawl finds an older copy of a stored original: the stored one keeps
    counting (researchers may have corrected its figures); the newcomer is the copy."""
    path = tmp_path / "w.duckdb"
    with store.writer(path) as con:
        loader.load(con, [{"doc_id": "kept", "text": "Bài gốc.", "published": "2024-05-01"}])
    with store.writer(path) as con:
        loader.load(con, [{"doc_id": "older", "text": "Bài gốc.", "published": "2024-04-01",
                           "duplicate_of": loader.article_id("kept")}])
    assert _copies(path) == {"kept": None, "older": loader.article_id("kept")}
