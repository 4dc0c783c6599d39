"""Researchers' corrections: layered over the extraction, applied by the views,
kept through re-extraction, exchanged as JSONL."""
import json
import shutil

import pytest

from warehouse import corrections, loader, store
from warehouse.corrections import Correction, CorrectionError


@pytest.fixture
def db(seeds_db, tmp_path):
    """A private copy of the seed warehouse to write into."""
    path = tmp_path / "w.duckdb"
    shutil.copyfile(seeds_db, path)
    return path


def a_figure(db, indicator="tips_received"):
    con = store.connect_reader(db)
    row = con.execute(
        "SELECT article_id, start_offset, end_offset, figure_text, value, indicator, sentence, unit_code, year "
        "FROM figure_facts WHERE indicator = ? AND unit_code IS NOT NULL AND duplicate_of IS NULL "
        "ORDER BY value DESC LIMIT 1", [indicator]).fetchone()
    con.close()
    return dict(zip(("article_id", "start", "end", "text", "value", "indicator", "sentence", "unit_code", "year"), row))


def outcome(db, f, indicator):
    con = store.connect_reader(db)
    row = con.execute("SELECT value FROM locality_outcomes WHERE unit_code = ? AND indicator = ? "
                      "AND year IS NOT DISTINCT FROM ? AND level <> 'province_2025'",
                      [f["unit_code"], indicator, f["year"]]).fetchone()
    con.close()
    return row[0] if row else None


def write(db, *cs):
    with store.writer(db) as con:
        return corrections.insert(con, cs)


def test_a_changed_value_reaches_figure_facts_and_locality_outcomes(db):
    f = a_figure(db)
    before = outcome(db, f, "tips_received")
    report = write(db, Correction(f["article_id"], f["start"], f["end"], f["text"], "set", "value", f["value"] + 1000))
    assert report.applied == 1
    con = store.connect_reader(db)
    value, fields = con.execute("SELECT value, corrected_fields FROM figure_facts WHERE article_id = ? AND start_offset = ?",
                                [f["article_id"], f["start"]]).fetchone()
    original = con.execute("SELECT value FROM figures WHERE article_id = ? AND start_offset = ?",
                           [f["article_id"], f["start"]]).fetchone()[0]
    assert (value, fields, original) == (f["value"] + 1000, ["value"], f["value"])  # the extraction is kept
    assert outcome(db, f, "tips_received") == before + 1000


def test_reject_and_undo(db):
    f = a_figure(db)
    reject = Correction(f["article_id"], f["start"], f["end"], f["text"], "reject", reason="not_a_figure")
    write(db, reject)
    con = store.connect_reader(db)
    count = lambda: con.execute("SELECT count(*) FROM figure_facts WHERE article_id = ? AND start_offset = ?",  # noqa: E731
                                [f["article_id"], f["start"]]).fetchone()[0]
    assert count() == 0
    con.close()
    write(db, Correction(f["article_id"], f["start"], f["end"], f["text"], "undo", undoes=reject.id))
    con = store.connect_reader(db)
    assert count() == 1


def test_changed_indicator_moves_the_value_between_outcomes(db):
    f = a_figure(db)
    write(db, Correction(f["article_id"], f["start"], f["end"], f["text"], "set", "indicator", "tips_valuable"))
    con = store.connect_reader(db)
    assert con.execute("SELECT indicator FROM figure_facts WHERE article_id = ? AND start_offset = ?",
                       [f["article_id"], f["start"]]).fetchone() == ("tips_valuable",)


def test_a_correction_survives_reextraction_and_a_changed_sentence_is_listed(db):
    import nlp

    f = a_figure(db)
    con = store.connect_reader(db)
    doc_id, text, s_start, s_end = con.execute(
        "SELECT a.doc_id, a.text, f.sentence_start, f.sentence_end FROM figures f JOIN articles a ON a.id = f.article_id "
        "WHERE f.article_id = ? AND f.start_offset = ?", [f["article_id"], f["start"]]).fetchone()
    con.close()
    c = Correction(f["article_id"], f["start"], f["end"], f["text"], "set", "value", 7,
                   sentence_hash=corrections.sentence_hash(text, s_start, s_end))
    write(db, c)

    def reextract(article_text, version):
        rec = nlp.extract(article_text, doc_id=doc_id).to_contract() | {"text": article_text, "nlp_version": version}
        with store.writer(db) as con:
            loader.load(con, [rec])  # a newer NLP version replaces all of the article's rows

    reextract(text, "next")
    assert _status(db, c.id) == "applied"
    assert a_value(db, f) == 7

    # the sentence's first letter changes (same length, so the figure keeps its offsets)
    first = text[s_start]
    rewritten = text[:s_start] + ("X" if first != "X" else "Y") + text[s_start + 1:]
    reextract(rewritten, "after")
    assert _status(db, c.id) == "sentence_changed"  # listed for review again, not applied, not lost
    assert a_value(db, f) == f["value"]


def a_value(db, f):
    con = store.connect_reader(db)
    try:
        return con.execute("SELECT value FROM figure_facts WHERE article_id = ? AND start_offset = ?",
                           [f["article_id"], f["start"]]).fetchone()[0]
    finally:
        con.close()


def _status(db, cid):
    con = store.connect_reader(db)
    try:
        return con.execute("SELECT status FROM correction_status WHERE id = ?", [cid]).fetchone()[0]
    finally:
        con.close()


def test_export_then_import_into_a_fresh_warehouse_reproduces_and_is_idempotent(db, seeds_db, tmp_path):
    f = a_figure(db)
    write(db, Correction(f["article_id"], f["start"], f["end"], f["text"], "set", "value", 4242, reviewer="lan"))
    out = tmp_path / "corrections.jsonl"
    with store.writer(db) as con:
        assert corrections.export(con, out) == 1
    fresh = tmp_path / "fresh.duckdb"
    shutil.copyfile(seeds_db, fresh)
    good, bad = corrections.read_jsonl(out)
    assert bad == []
    assert write(fresh, *good).applied == 1
    assert write(fresh, *corrections.read_jsonl(out)[0]).already_present == 1
    con = store.connect_reader(fresh)
    assert con.execute("SELECT value FROM figure_facts WHERE article_id = ? AND start_offset = ?",
                       [f["article_id"], f["start"]]).fetchone() == (4242,)


def test_a_line_with_only_the_required_keys_imports(db, tmp_path):
    f = a_figure(db)
    line = {"article_id": f["article_id"], "start": f["start"], "end": f["end"], "text": f["text"],
            "action": "set", "field": "value", "value": 3}
    path = tmp_path / "min.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n" + json.dumps(line | {"start": 0}) + "\n{oops\n",
                    encoding="utf-8")
    good, bad = corrections.read_jsonl(path)
    assert len(good) == 1 and len(bad) == 2
    assert bad[0].startswith(f"{path}:2: ") and bad[1].startswith(f"{path}:3: ")
    report = write(db, *good)
    assert (report.applied, report.anchor_not_found) == (1, 0)


@pytest.mark.parametrize("bad, message", [
    ({"action": "set", "field": "value", "value": float("nan")}, "finite"),
    ({"action": "set", "field": "indicator", "value": "nonsense"}, "unknown indicator"),
    ({"action": "set", "field": "colour", "value": 1}, "field of a figure"),
    ({"action": "explode"}, "action must be"),
    ({"action": "undo"}, "undoes"),
])
def test_bad_corrections_are_refused_with_one_line(bad, message):
    with pytest.raises(CorrectionError, match=message):
        corrections.parse({"article_id": 1, "start": 0, "end": 3, "text": "abc"} | bad)


def test_queued_corrections_wait_for_the_writer_and_are_taken_once(db):
    f = a_figure(db)
    c = Correction(f["article_id"], f["start"], f["end"], f["text"], "set", "value", 11)
    corrections.queue(db, [c])
    assert [q.id for q in corrections.queued(db)] == [c.id]
    with store.writer(db):
        pass  # any writer session, e.g. the weekly run, takes the queue in
    assert corrections.queued(db) == []
    con = store.connect_reader(db)
    assert con.execute("SELECT count(*) FROM corrections").fetchone() == (1,)
