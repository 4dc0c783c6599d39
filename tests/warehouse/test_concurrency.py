"""A weekly run writes while analysts and the dashboard read: neither fails, nothing is lost."""
import json
import subprocess
import sys
import textwrap

from warehouse import store

WRITER = """
from warehouse import loader, store, synthetic
for k in range({rounds}):
    with store.writer({path!r}) as con:
        loader.load(con, synthetic.records({per_round}, figures_per_article=5, start=k * {per_round}))
"""

READER = """
import json, time
from warehouse import store
counts, errors, until = [], [], time.monotonic() + 120
while time.monotonic() < until:
    try:
        con = store.connect_reader({path!r})
        counts.append(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        con.execute("SELECT indicator, sum(value) FROM locality_outcomes GROUP BY 1").fetchall()
        con.close()
    except Exception as e:
        errors.append(repr(e))
    if counts and counts[-1] == {total}:
        break
print(json.dumps({{"counts": counts, "errors": errors}}))
"""


def test_readers_keep_answering_while_a_writer_loads(tmp_path):
    path = str(tmp_path / "busy.duckdb")
    rounds, per_round = 10, 300
    with store.writer(path):
        pass
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(READER.format(path=path, total=rounds * per_round))],
                              stdout=subprocess.PIPE, text=True)
    writer = subprocess.run([sys.executable, "-c", WRITER.format(path=path, rounds=rounds, per_round=per_round)],
                            capture_output=True, text=True)
    out, _ = reader.communicate(timeout=180)
    assert writer.returncode == 0, writer.stderr
    assert reader.returncode == 0
    seen = json.loads(out)
    assert seen["errors"] == []
    assert len(seen["counts"]) > rounds  # it read many times during the load
    assert seen["counts"] == sorted(seen["counts"])  # never saw a half-loaded or older file
    assert set(seen["counts"]) <= {k * per_round for k in range(rounds + 1)}  # whole batches only
    assert seen["counts"][-1] == rounds * per_round
