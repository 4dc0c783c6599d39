"""Corrections as an operator and a team use them: import into a warehouse built by
the weekly job from the mirror, see the comparison change, keep it through
re-extraction, and carry it to another warehouse."""
import json
import subprocess
import sys

from crawler.mirror import MirrorServer, build_sites, registry_toml
from warehouse import store


def antq(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "antq", *args], capture_output=True, text=True, timeout=timeout)


def outcome(db, f):
    con = store.connect_reader(db)
    try:
        return con.execute("SELECT value FROM locality_outcomes WHERE unit_code = ? AND indicator = ? "
                           "AND year IS NOT DISTINCT FROM ? AND level = ?",
                           [f["unit_code"], f["indicator"], f["year"], f["level"]]).fetchone()[0]
    finally:
        con.close()


def figure_value(db, f):
    con = store.connect_reader(db)
    try:
        return con.execute("SELECT value FROM figure_facts WHERE article_id = ? AND start_offset = ?",
                           [f["article_id"], f["start"]]).fetchone()[0]
    finally:
        con.close()


def test_import_changes_the_comparison_survives_reextract_and_travels(tmp_path):
    sites = build_sites(20)
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    with MirrorServer(sites):
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        for db in (first, second):
            r = antq("run", "--sources", str(tmp_path / "mirror.toml"), "--db", str(db), "--no-throttle")
            assert r.returncode == 0, r.stderr[-2000:]
    con = store.connect_reader(first)
    # A figure that alone makes its row, so the row must move by exactly what the
    # correction adds (which copy of a syndicated article is the original, and so
    # which figures count, depends on fetch order).
    row = con.execute(
        "SELECT f.article_id, f.start_offset, f.end_offset, f.figure_text, f.value, f.indicator, f.unit_code, "
        "f.year, f.level FROM locality_outcomes o JOIN figure_facts f ON f.article_id = o.behind[1].article_id "
        "AND f.seq = o.behind[1].seq AND f.level = o.level AND f.unit_code = o.unit_code "
        "WHERE o.rule = 'single' AND o.basis = 'reported' AND o.figures_set_aside = 0 "
        "ORDER BY f.article_id, f.start_offset LIMIT 1").fetchone()
    con.close()
    f = dict(zip(("article_id", "start", "end", "text", "value", "indicator", "unit_code", "year", "level"), row))
    before = outcome(first, f)
    line = {"article_id": f["article_id"], "start": f["start"], "end": f["end"], "text": f["text"],
            "action": "set", "field": "value", "value": f["value"] + 500}
    (tmp_path / "fix.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")

    r = antq("corrections", "import", str(tmp_path / "fix.jsonl"), "--db", str(first))
    assert r.returncode == 0, r.stderr
    assert "1 applied, 0 already present, 0 anchor not found" in r.stdout
    assert figure_value(first, f) == f["value"] + 500
    assert outcome(first, f) == before + 500

    r = antq("reextract", "--sources", str(tmp_path / "mirror.toml"), "--db", str(first))
    assert r.returncode == 0, r.stderr[-2000:]
    assert figure_value(first, f) == f["value"] + 500

    again = antq("corrections", "import", str(tmp_path / "fix.jsonl"), "--db", str(first))
    assert "0 applied, 1 already present" in again.stdout

    r = antq("corrections", "export", str(tmp_path / "all.jsonl"), "--db", str(first))
    assert r.returncode == 0 and "exported 1 correction(s)" in r.stdout
    r = antq("corrections", "import", str(tmp_path / "all.jsonl"), "--db", str(second))
    assert "1 applied" in r.stdout
    assert figure_value(second, f) == f["value"] + 500


def test_a_bad_line_is_named_and_the_good_ones_load(tmp_path, seeds_db):
    import shutil

    db = tmp_path / "w.duckdb"
    shutil.copyfile(seeds_db, db)
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"article_id": 1, "start": 0, "end": 2, "text": "ab", "action": "set", "field": "value", '
                    '"value": 1}\nnot json\n', encoding="utf-8")
    r = antq("corrections", "import", str(path), "--db", str(db))
    assert r.returncode == 1
    assert f"{path}:2:" in r.stderr and "Traceback" not in r.stderr
    assert "1 anchor not found" in r.stdout and "1 refused" in r.stdout
