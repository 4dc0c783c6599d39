"""antq load / sql / export as an analyst uses them."""
import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from antq.cli import app

runner = CliRunner()
ARTICLE = "date 2023-05 Huyện Vĩnh Lộc làm tốt phong trào\n\nCông an huyện Vĩnh Lộc tổ chức 12 buổi tuyên truyền."


def loaded(tmp_path):
    article = tmp_path / "vinh_loc.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "a.duckdb"
    result = runner.invoke(app, ["load", "--db", str(db), str(article)])
    assert result.exit_code == 0, result.output
    return db, result


def test_load_text_then_query(tmp_path):
    db, result = loaded(tmp_path)
    assert f"loaded 1 article(s) into {db} (0 unchanged): 1 figures" in result.stdout
    again = runner.invoke(app, ["load", "--db", str(db), str(tmp_path / "vinh_loc.txt")])
    assert "loaded 0 article(s)" in again.stdout and "(1 unchanged)" in again.stdout
    out = runner.invoke(app, ["sql", "--db", str(db), "--json",
                              "SELECT level, unit_name, indicator, year, value, basis FROM locality_outcomes ORDER BY level"])
    # the district's own figure, and the sums of reporting units its province and 2025 province show
    assert [json.loads(x) for x in out.stdout.splitlines()] == [
        {"level": "district", "unit_name": "Vĩnh Lộc", "indicator": "propaganda_sessions", "year": 2023, "value": 12.0,
         "basis": "reported"},
        {"level": "province", "unit_name": "Thanh Hóa", "indicator": "propaganda_sessions", "year": 2023, "value": 12.0,
         "basis": "sum_of_districts"},
        {"level": "province_2025", "unit_name": "Thanh Hóa", "indicator": "propaganda_sessions", "year": 2023,
         "value": 12.0, "basis": "sum_of_provinces"}]


def test_load_extraction_json_lines(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    extracted = runner.invoke(app, ["extract", "--json", str(article)]).stdout
    jsonl = tmp_path / "pred.jsonl"
    jsonl.write_text(extracted + "not json\n", encoding="utf-8")
    db = tmp_path / "b.duckdb"
    result = runner.invoke(app, ["load", "--db", str(db), str(jsonl)])
    assert result.exit_code == 1  # a line was skipped: the load says so in its exit code
    assert "pred.jsonl:2: not a JSON object" in result.stderr
    assert "loaded 1 article(s)" in result.stdout


def test_db_from_environment(tmp_path, monkeypatch):
    db, _ = loaded(tmp_path)
    monkeypatch.setenv("ANTQ_DB", str(db))
    out = runner.invoke(app, ["sql", "--csv", "SELECT count(*) AS n FROM articles"])
    assert out.stdout.splitlines() == ["n", "1"]


ENDLESS = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t"
REFUSED = {
    "DELETE FROM articles": "only SELECT and EXPLAIN statements run here (read-only); this is DELETE",
    "SELECT * FROM read_csv('/etc/passwd')": 'Cannot access file "/etc/passwd"',
    "SELECT * FROM read_text('/etc/hostname')": "file system operations are disabled",
    "COPY articles TO 'stolen.csv'": "this is COPY",
    "ATTACH 'other.duckdb'": "this is ATTACH",
    "INSTALL httpfs": "this is LOAD",
    "LOAD 'evil.duckdb_extension'": "this is LOAD",
    "SET enable_external_access = true": "this is SET",
    "SELECT 1; SELECT 2": "give one statement at a time; this has 2",
    "SELEKT 1": "query failed: Parser Error",
}


def test_sql_answers_a_query_and_refuses_everything_else_in_one_line(tmp_path):
    db, _ = loaded(tmp_path)
    ok = runner.invoke(app, ["sql", "--db", str(db), "--csv", "SELECT count(*) AS n FROM articles"])
    assert ok.exit_code == 0 and ok.stdout.splitlines() == ["n", "1"]
    for query, reason in REFUSED.items():
        result = runner.invoke(app, ["sql", "--db", str(db), query])
        assert result.exit_code == 1, query
        assert result.stderr.startswith("antq: ") and reason in result.stderr, (query, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, query
    assert not (tmp_path / "stolen.csv").exists() and not list(tmp_path.glob("other.duckdb*"))
    endless = runner.invoke(app, ["sql", "--db", str(db), "--timeout", "1", ENDLESS])
    assert endless.exit_code == 1
    assert endless.stderr.strip() == "antq: query stopped after 1 s, the time limit; --timeout raises it"


def test_sql_prints_at_most_max_rows(tmp_path):
    db, _ = loaded(tmp_path)
    result = runner.invoke(app, ["sql", "--db", str(db), "--csv", "--max-rows", "5", "SELECT * FROM range(1000000000000)"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["range", "0", "1", "2", "3", "4"]
    assert "only the first 5 rows are printed; --max-rows raises the limit" in result.stderr


def test_missing_and_corrupt_databases_say_what_to_do(tmp_path):
    missing = runner.invoke(app, ["sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert missing.exit_code == 1
    assert missing.stderr.strip() == f"antq: no database at {tmp_path / 'none.duckdb'}; run `antq load` (or `antq demo`) first, or pass --db"
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"\0garbage" * 1000)
    for args in (["sql", "--db", str(bad), "SELECT 1"], ["load", "--db", str(bad), str(bad)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "not a readable DuckDB database" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert bad.read_bytes() == b"\0garbage" * 1000  # nothing was overwritten


def test_export_parquet_with_readme(tmp_path):
    db, _ = loaded(tmp_path)
    out_dir = tmp_path / "export"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", str(out_dir)])
    assert result.exit_code == 0
    assert pq.read_table(out_dir / "locality_outcomes.parquet").num_rows == 3  # district, province, 2025 province
    assert pq.read_table(out_dir / "gaz_provinces.parquet").num_rows == 63
    readme = (out_dir / "README.md").read_text(encoding="utf-8")
    assert "## figure_facts (view)" in readme and "| per_10k |" in readme
    csv = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", str(tmp_path / "csv")])
    assert csv.exit_code == 0 and (tmp_path / "csv" / "figures.csv").exists()
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "xlsx", str(out_dir)]).exit_code == 1


def test_export_into_folders_whose_names_look_like_sql(tmp_path):
    db, _ = loaded(tmp_path)
    evil = tmp_path / "evil.csv"
    for name in ("Bob's exports", f"x' (FORMAT csv); COPY articles TO '{evil}' (FORMAT csv); --"):
        folder = tmp_path / "out" / name
        result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", str(folder)])
        assert result.exit_code == 0, result.output
        assert (folder / "articles.csv").read_text(encoding="utf-8").startswith("id,doc_id,url")
        assert (folder / "README.md").exists()
    assert not evil.exists()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    result = runner.invoke(app, ["export", "--db", str(db), str(blocked / "sub")])
    assert result.exit_code == 1 and result.stderr.startswith(f"antq: cannot write to {blocked / 'sub'}")
    assert len(result.stderr.strip().splitlines()) == 1
