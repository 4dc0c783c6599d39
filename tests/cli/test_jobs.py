"""The weekly job, the demo, re-extraction and scheduling, as an operator uses them."""
import os
import subprocess
import sys

from typer.testing import CliRunner

from antq.cli import app
from crawler.mirror import MirrorServer, add_articles, build_sites, registry_toml
from warehouse import store

runner = CliRunner()


def antq(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "antq", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def test_demo_compares_at_least_twenty_localities(tmp_path):
    db = tmp_path / "demo.duckdb"
    result = antq("demo", "--db", str(db), "--no-dashboard")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "demo: 5 sources" in result.stdout
    con = store.connect_reader(db)
    (places,), = con.execute("SELECT count(DISTINCT unit_code) FROM locality_outcomes").fetchall()
    (provinces,), = con.execute("SELECT count(DISTINCT province_name) FROM locality_outcomes").fetchall()
    (years,), = con.execute("SELECT count(DISTINCT year) FROM locality_outcomes WHERE year IS NOT NULL").fetchall()
    assert places >= 20 and provinces >= 8 and years >= 2


def test_run_twice_then_reextract(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_BACKOFF_BASE", "0.1")
    sites = build_sites(40)
    with MirrorServer(sites):
        registry = registry_toml(sites) + ('\n[[source]]\nid = "dead"\nname = "Dead"\nkind = "police"\n'
                                           'home = "http://127.0.0.9:9/"\n')  # a portal that is down
        (tmp_path / "mirror.toml").write_text(registry, encoding="utf-8")
        args = ("run", "--sources", str(tmp_path / "mirror.toml"), "--db", str(tmp_path / "w.duckdb"), "--no-throttle")
        first = antq(*args)
        assert first.returncode == 0, first.stderr[-2000:]
        add_articles(sites, 3)  # published between the two weekly runs
        second = antq(*args)
    assert "crawl run 2: partial" in second.stdout  # one portal down fails nothing
    logs = sorted((tmp_path / "logs").glob("run-*.log"))
    text = logs[-1].read_text(encoding="utf-8")
    assert "[antq] INFO: run of 6 sources" in text and "[antq] INFO: crawl run 2: partial" in text
    assert "dead: " in text and "Gave up retrying" in text  # the engine's process logs there too
    con = store.connect_reader(tmp_path / "w.duckdb")
    assert con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchall() == [(44, 44)]
    assert con.execute("SELECT sum(pages), sum(new_articles) FROM crawl_run_sources WHERE run_id = 2").fetchall() == [(3, 3)]
    figures = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    con.close()
    redo = antq("reextract", "--sources", str(tmp_path / "mirror.toml"), "--db", str(tmp_path / "w.duckdb"))
    assert redo.returncode == 0, redo.stderr[-2000:]
    assert "re-extracted 44 page(s)" in redo.stdout and "44 unchanged" in redo.stdout
    con = store.connect_reader(tmp_path / "w.duckdb")
    assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == figures


def test_schedule_with_cron_and_with_systemd(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("0 1 * * * echo other job\n")
    result = runner.invoke(app, ["schedule", "install", "--weekly", "tue 04:30", "--crontab-file", str(crontab)])
    assert result.exit_code == 0, result.output
    lines = crontab.read_text().splitlines()
    assert lines[0] == "0 1 * * * echo other job"
    assert lines[1].startswith("30 4 * * 2 cd ") and lines[1].endswith("antq run >> " + str(
        os.path.join(os.getcwd(), "data", "logs", "scheduled.log")) + " 2>&1 # antq-weekly")
    runner.invoke(app, ["schedule", "install", "--weekly", "mon 03:00", "--crontab-file", str(crontab)])
    assert sum("antq-weekly" in ln for ln in crontab.read_text().splitlines()) == 1  # replaced, not added
    assert "0 3 * * 1" in runner.invoke(app, ["schedule", "show", "--crontab-file", str(crontab)]).stdout
    assert "removed" in runner.invoke(app, ["schedule", "remove", "--crontab-file", str(crontab)]).stdout
    assert crontab.read_text() == "0 1 * * * echo other job\n"

    units = tmp_path / "units"
    runner.invoke(app, ["schedule", "install", "--weekly", "sun 23:15", "--unit-dir", str(units)])
    assert "OnCalendar=Sun *-*-* 23:15:00" in (units / "antq-weekly.timer").read_text()
    assert "antq run" in (units / "antq-weekly.service").read_text()
    bad = runner.invoke(app, ["schedule", "install", "--weekly", "someday", "--unit-dir", str(units)])
    assert bad.exit_code == 1 and "e.g. \"mon 03:00\"" in bad.stderr
