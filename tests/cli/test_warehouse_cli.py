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
    assert result.exit_code == 0
    assert "pred.jsonl:2: not a JSON object" in result.stderr
    assert "loaded 1 article(s)" in result.stdout


def test_db_from_environment(tmp_path, monkeypatch):
    db, _ = loaded(tmp_path)
    monkeypatch.setenv("ANTQ_DB", str(db))
    out = runner.invoke(app, ["sql", "--csv", "SELECT count(*) AS n FROM articles"])
    assert out.stdout.splitlines() == ["n", "1"]


def test_sql_is_read_only_and_cannot_reach_files(tmp_path):
    db, _ = loaded(tmp_path)
    write = runner.invoke(app, ["sql", "--db", str(db), "DELETE FROM articles"])
    assert write.exit_code == 1 and write.stderr.startswith("antq: query failed:")
    assert len(write.stderr.strip().splitlines()) == 1
    files = runner.invoke(app, ["sql", "--db", str(db), "SELECT * FROM read_csv('/etc/passwd')"])
    assert files.exit_code == 1 and "query failed" in files.stderr


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
