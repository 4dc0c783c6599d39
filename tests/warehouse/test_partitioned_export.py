"""`antq export --partition-by`: the analysts' datasets as Hive-partitioned folders,
read back as one table each by DuckDB and pyarrow, over a warehouse built from
the gold seeds by the real extraction."""
import re
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
from typer.testing import CliRunner

from antq.cli import app
from warehouse import export, store

runner = CliRunner()
FOLDER = re.compile(r"(province_2025=([a-z0-9-]+|__HIVE_DEFAULT_PARTITION__))|(year=(\d{4}|__HIVE_DEFAULT_PARTITION__))")


def in_warehouse(db, name, sql):
    con = store.connect_reader(db)
    try:
        con.execute((resources.files("warehouse") / "partition_key.sql").read_text(encoding="utf-8"))
        return con.execute(sql.format(select=export.datasets()[name][1])).fetchall()
    finally:
        con.close()


def test_each_dataset_reads_back_as_one_table(seeds_db, tmp_path):
    out = tmp_path / "lake"
    result = runner.invoke(app, ["export", str(out), "--db", str(seeds_db), "--format", "parquet",
                                 "--partition-by", "province_2025,year"])
    assert result.exit_code == 0, result.output
    assert "exported articles, figure_facts, locality_outcomes" in result.stdout
    assert {p.name for p in out.iterdir()} == {"articles", "figure_facts", "locality_outcomes", "README.md"}
    con = duckdb.connect()
    for name in ("articles", "figure_facts", "locality_outcomes"):
        # folders every engine decodes alike: ASCII names, province then year
        for folder in (out / name).rglob("*"):
            if folder.is_dir():
                assert FOLDER.fullmatch(folder.name), folder
                assert folder.name.startswith("year=") == (folder.parent.name != name), folder
        files = str(out / name / "**" / "*.parquet")
        (rows,), = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", [files]).fetchall()
        (expected,), = in_warehouse(seeds_db, name, "SELECT count(*) FROM ({select})")
        assert rows == expected > 0, name
        assert ds.dataset(out / name, format="parquet", partitioning="hive").count_rows() == expected
    # the same answer from the lake as from the warehouse: figures per 2025 province and year
    lake = con.execute("SELECT province_2025, year, count(*), sum(value) FROM read_parquet(?, hive_partitioning = true) "
                       "GROUP BY ALL ORDER BY ALL", [str(out / "figure_facts" / "**" / "*.parquet")]).fetchall()
    assert lake == in_warehouse(seeds_db, "figure_facts", "SELECT province_2025, year, count(*), sum(value) "
                                                            "FROM ({select}) GROUP BY ALL ORDER BY ALL")
    assert len({p for p, _, _, _ in lake if p}) >= 5
    table = ds.dataset(out / "figure_facts", format="parquet", partitioning="hive").to_table()
    assert {"thanh-hoa"} <= set(table.column("province_2025").to_pylist())
    assert "Thanh Hóa" in set(table.column("province_2025_name").to_pylist())
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "## figure_facts/" in readme and "| province_2025 | VARCHAR |" in readme


def test_a_second_export_replaces_the_first(seeds_db, tmp_path):
    out = tmp_path / "lake"
    for _ in range(2):
        assert runner.invoke(app, ["export", str(out), "--db", str(seeds_db), "--partition-by", "year"]).exit_code == 0
    (rows,), = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                                        [str(out / "articles" / "**" / "*.parquet")]).fetchall()
    assert rows == in_warehouse(seeds_db, "articles", "SELECT count(*) FROM ({select})")[0][0]
    assert all(p.name.startswith("year=") for p in (out / "articles").iterdir())


def test_only_the_allowed_columns_partition(seeds_db, tmp_path):
    for spec, said in [("source_id", "cannot partition by 'source_id'; choose among province_2025, year"),
                       ("year) TO '/tmp/x' (FORMAT csv", "cannot partition by"),
                       ("year,year", "--partition-by takes distinct columns"), (",", "--partition-by takes")]:
        result = runner.invoke(app, ["export", str(tmp_path / "out"), "--db", str(seeds_db), "--partition-by", spec])
        assert result.exit_code == 1 and result.stderr.startswith(f"antq: {said}"), (spec, result.output)
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_folder_whose_name_looks_like_sql_is_only_a_folder(seeds_db, tmp_path):
    evil = tmp_path / "evil.csv"
    folder = tmp_path / f"x' (FORMAT csv); COPY articles TO '{evil}' (FORMAT csv); --"
    result = runner.invoke(app, ["export", str(folder), "--db", str(seeds_db), "--format", "csv",
                                 "--partition-by", "province_2025"])
    assert result.exit_code == 0, result.output
    assert any((folder / "figure_facts").rglob("*.csv")) and not evil.exists()


def test_the_readme_query_over_the_lake_answers_as_the_warehouse(seeds_db, tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    query, = [q for q in re.findall(r"```sql\n(.*?)```", readme, re.S) if "read_parquet('lake/" in q]
    out = tmp_path / "lake"
    assert runner.invoke(app, ["export", str(out), "--db", str(seeds_db), "--partition-by", "province_2025,year"]
                         ).exit_code == 0
    over_lake = duckdb.connect().execute(query.replace("'lake/", f"'{out}/")).fetchall()
    over_view = in_warehouse(seeds_db, "figure_facts", query.replace(
        "read_parquet('lake/figure_facts/**/*.parquet', hive_partitioning = true)", "figure_facts"))
    assert over_lake == over_view and over_lake
