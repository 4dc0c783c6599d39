"""Every example query in warehouse/README.md runs, and the ones with known
answers give them, on the warehouse built from the gold seeds."""
import re
from pathlib import Path

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
