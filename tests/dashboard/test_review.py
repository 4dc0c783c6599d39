"""The review app (antq review) through Streamlit's own test harness, on a copy of
the seed warehouse: accept, change an indicator, reject, undo."""
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from warehouse import corrections, store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "review.py")


@pytest.fixture
def db(seeds_db, tmp_path, monkeypatch):
    path = tmp_path / "review.duckdb"
    shutil.copyfile(seeds_db, path)
    monkeypatch.setenv("ANTQ_DB", str(path))
    monkeypatch.setenv("ANTQ_REVIEWER", "lan")
    return path


def run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def current(at) -> str:
    return at.subheader[0].value


def in_force(db) -> list[tuple]:
    con = store.connect_reader(db)
    try:
        return con.execute("SELECT reviewer, action, field, new_value, status FROM correction_status "
                           "ORDER BY created_at, id").fetchall()
    finally:
        con.close()


def button(at, key):
    return next(b for b in at.button if b.key == key)


def press(at, key):
    button(at, key).click()
    return run(at)


def test_accept_change_reject_and_undo(db):
    at = run(AppTest.from_file(APP, default_timeout=60))
    assert at.title[0].value == "Rà soát số liệu"
    first = current(at)

    press(at, "accept")  # the first figure is right: it leaves the queue
    assert in_force(db) == [("lan", "accept", None, None, "applied")]
    assert current(at) != first

    second = current(at)
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("indicator:"))).set_value("other")
    press(at, "save")
    assert ("lan", "set", "indicator", '"other"', "applied") in in_force(db)
    assert current(at) != second

    press(at, "reject_nf")
    assert [r[1] for r in in_force(db)].count("reject") == 1

    press(at, "undo")  # takes the rejection back
    assert [r[1] for r in in_force(db)].count("reject") == 0
    con = store.connect_reader(db)
    assert con.execute("SELECT count(*) FROM corrections WHERE action = 'undo'").fetchone() == (1,)


def test_english_labels(db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    run(at)
    assert at.title[0].value == "Review figures"
    assert button(at, "accept").label == "Correct"
    assert at.selectbox(key="f_province").options[0] == "All"


def test_a_review_while_a_writer_runs_is_queued_not_lost(db):
    at = run(AppTest.from_file(APP, default_timeout=60))
    with store.writer(db):  # a weekly run holds the writer
        press(at, "accept")
        assert len(corrections.queued(db)) == 1
    # the writer that was running took the queued correction in before its swap
    assert corrections.queued(db) == []
    run(at)  # (the app's open connection is what keeps this process on the old file)
    assert [r[1] for r in in_force(db)] == ["accept"]
