"""Every example query in warehouse/README.md runs, and the ones with known
answers give them, on the warehouse built from the gold seeds; the worked
examples of its aggregation rules give the results printed under them."""
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "warehouse" / "README.md"


def examples() -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    return {int(n): sql for n, sql in re.findall(r"### (\d+)\..*?\n\n```sql\n(.*?)```", text, re.S)}


def test_there_are_at_least_eight_examples():
    assert len(examples()) >= 8


def test_every_example_runs_and_answers(query):
    for n, sql in examples().items():
        assert query(sql), f"example {n} returned no rows"


def test_examples_give_the_known_numbers(query):
    ex = examples()
    assert query(ex[2])[0][:3] == ("13/13 xã, thị trấn", 13, 13)
    assert query(ex[3]) == [("Trạm Tấu", 101, 68)]
    assert ("chi-thi:9/ct/tw", "Chỉ thị") == query(ex[6])[0][:2]
    weapons = query(ex[7])
    assert {(u, v) for u, _, v, _, _ in weapons} == {("Sơn La", 71)}
    communes = {row[0]: row for row in query(ex[10])}
    assert communes["Ninh Khang"][1:3] == ("Vĩnh Lộc", "Thanh Hóa")
    assert communes["Ninh Khang"][4] == "Thanh Hóa"
    assert communes["Lương Phong"][4] == "Bắc Ninh"


def test_the_main_readme_queries_run(query):
    text = (README.parents[1] / "README.md").read_text(encoding="utf-8")
    statements = re.findall(r'antq sql "([^"]+)"', text)
    assert statements
    for sql in statements:
        assert query(sql) is not None


# The worked examples of "How values are made": the input table and each query
# with the result printed under it, run on a warehouse built from that table.

def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(lines: list[str]) -> list[list[str]]:
    return [_cells(line) for line in lines[2:]]  # after the header and its rule


def worked_examples() -> tuple[list[dict], dict[str, list[tuple[str, list[list[str]]]]]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The worked examples"):text.index("## Example questions")]
    blocks = re.split(r"\n(?=### R\d+\.)", section)
    head = [line for line in blocks[0].splitlines() if line.startswith("|")]
    names = _cells(head[0])
    inputs = [dict(zip(names, row)) for row in _table(head)]
    examples = {}
    for block in blocks[1:]:
        number = re.match(r"### (R\d+)\.", block)[1]
        pairs = re.findall(r"```sql\n(.*?)```\n\n((?:\|[^\n]*\n)+)", block, re.S)
        examples[number] = [(sql, _table(table.splitlines())) for sql, table in pairs]
    return inputs, examples


def _unit(con, about: str) -> dict:
    """'district Trạm Tấu, Yên Bái' -> the locality record the loader takes."""
    level, rest = about.split(" ", 1)
    names = [n.strip() for n in rest.split(",")]
    if level == "province":
        (code,), = con.execute("SELECT code FROM gaz_provinces WHERE name = ?", names).fetchall()
    elif level == "district":
        (code,), = con.execute("SELECT d.code FROM gaz_districts d JOIN gaz_provinces p ON p.code = d.province_code "
                               "WHERE d.name = ? AND p.name = ?", names).fetchall()
    else:
        (code,), = con.execute("SELECT c.code FROM gaz_communes c JOIN gaz_districts d ON d.code = c.district_code "
                               "JOIN gaz_provinces p ON p.code = c.province_code "
                               "WHERE c.name = ? AND d.name = ? AND p.name = ?", names).fetchall()
    return {"level": level, "name": names[0], "code": code, "gazetteer": "legacy"}


def _records(con, inputs: list[dict]) -> list[dict]:
    articles: dict[str, dict] = {}
    for row in inputs:
        a = articles.setdefault(row["article"], {
            "doc_id": f"worked-{row['article']}", "published": row["published"], "nlp_version": "test",
            "title": f"Bài {row['article']}", "primary_locality": _unit(con, row["about"]), "figures": []})
        text = " ".join(f["text"] for f in a["figures"])
        a["figures"].append({
            "text": row["figure"], "value": float(row["value"]), "unit": row["figure"].split(" ", 1)[1],
            "indicator": row["indicator"], "period": row["period"] or None, "period_kind": row["kind"] or None,
            "period_start": row["from"] or None, "period_end": row["to"] or None,
            "start": len(text) + bool(text), "end": len(text) + bool(text) + len(row["figure"]),
            "locality": _unit(con, row["scope"]) if row["scope"] else None, "confidence": 0.9})
    for a in articles.values():
        a["text"] = " ".join(f["text"] for f in a["figures"])
    return list(articles.values())


@pytest.fixture(scope="module")
def worked_db(tmp_path_factory):
    from warehouse import loader, store

    inputs, _ = worked_examples()
    path = tmp_path_factory.mktemp("worked") / "worked.duckdb"
    with store.writer(path) as con:
        from warehouse.gazetteer import ensure_loaded
        ensure_loaded(con)
        loader.load(con, _records(con, inputs))
    con = store.connect_reader(path)
    yield con
    con.close()


def _shown(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(round(value, 3))
    return str(value)


def test_the_worked_examples_are_all_there():
    inputs, examples = worked_examples()
    assert len(inputs) >= 14 and sorted(examples) == [f"R{i}" for i in range(1, 9)]
    assert all(pairs for pairs in examples.values())


@pytest.mark.parametrize("number", [f"R{i}" for i in range(1, 9)])
def test_each_worked_example_gives_the_printed_result(worked_db, number):
    _, examples = worked_examples()
    for sql, expected in examples[number]:
        got = [[_shown(v) for v in row] for row in worked_db.execute(sql).fetchall()]
        assert got == expected, f"{number}: {sql}"


def test_values_follow_the_rules_beyond_the_printed_rows(worked_db):
    """Across the whole worked warehouse: no per-capita value is a sum over years, the
    figures behind a row are the ones counted plus the ones set aside, and a
    province's own figure never absorbs its districts'."""
    rows = worked_db.execute("SELECT level, unit_code, indicator, year, value, per_10k, population, figures, "
                             "figures_set_aside, behind, basis, reported_value FROM locality_outcomes").fetchall()
    assert len({(r[0], r[1], r[2], r[3]) for r in rows}) == len(rows)  # one row per unit, indicator, year
    for level, _, _, _, value, per_10k, population, figures, aside, behind, basis, reported in rows:
        if per_10k is not None:
            assert per_10k == round(value * 10000 / population, 3)
        if basis == "reported":
            assert value == reported
            assert sum(b["used"] for b in behind) >= figures and len(behind) >= figures + aside
