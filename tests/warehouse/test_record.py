"""The record is declared once (nlp/records.py, warehouse/record.py's Article):
its Arrow type, the loader's check and the warehouse's tables agree with it."""
import dataclasses

import duckdb
import pyarrow as pa
import pytest

import nlp
from nlp.records import Figure, LegalRef, Locality, Model, Unit
from warehouse import loader, record, store

# Where the loader (load_batch.sql) stores each dataclass, and how its fields are named there.
TABLES = {"figures": Figure, "models": Model, "units": Unit, "locality_mentions": Locality, "legal_refs": LegalRef}
COLUMN = {"start": "start_offset", "end": "end_offset"}
BOOKKEEPING = {"article_id", "run_id", "seq"}
ARTICLE_BOOKKEEPING = {"id", "published_date", "content_hash", "loaded_at", "extraction_hash"}
# A locality's district and province names are not stored: its codes lead to them in the gazetteer.
UNSTORED = {("locality_mentions", "district"), ("locality_mentions", "province")}
# A figure's own locality is stored flattened into scope_* columns (migration 005): these of its fields.
FLATTENED = {("figures", "locality"): ("scope_", ("level", "name", "gazetteer", "code"))}
EXTRA_COLUMNS = {"locality_mentions": {"is_primary"}}
# The record's lists that fill tables; its other fields are columns of articles.
LISTS = {"figures": "figures", "models": "models", "units": "units", "localities": "locality_mentions",
         "primary_locality": "locality_mentions", "legal_refs": "legal_refs", "legal_ref_details": "legal_refs"}


def columns(con, table: str) -> set[str]:
    return {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()}


def disagreements(tables: dict[str, type], record_fields: list[str], table_columns: dict[str, set[str]]) -> list[str]:
    """Each field of the declaration with no column, and each column with no field."""
    out = []
    for table, cls in tables.items():
        have = table_columns[table]
        expected = set(BOOKKEEPING) | EXTRA_COLUMNS.get(table, set())
        for name, _ in record.contract_fields(cls):
            if (table, name) in UNSTORED:
                continue
            if (table, name) in FLATTENED:
                prefix, parts = FLATTENED[table, name]
                expected |= {prefix + p for p in parts}
            else:
                expected.add(COLUMN.get(name, name))
        out += [f"{cls.__name__} field {c} has no column in {table}" for c in sorted(expected - have)]
        out += [f"{table}.{c} is not a field of {cls.__name__}" for c in sorted(have - expected)]
    article_columns = table_columns["articles"]
    wanted = {name for name in record_fields if name not in LISTS} | ARTICLE_BOOKKEEPING
    out += [f"record field {c} has no column in articles" for c in sorted(wanted - article_columns)]
    out += [f"articles.{c} is not a field of the record" for c in sorted(article_columns - wanted)]
    return out


@pytest.fixture(scope="module")
def table_columns(tmp_path_factory) -> dict[str, set[str]]:
    path = tmp_path_factory.mktemp("rec") / "w.duckdb"
    with store.writer(path):
        pass
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: columns(con, t) for t in [*TABLES, "articles"]}
    finally:
        con.close()


def test_dataclasses_arrow_type_and_tables_agree(table_columns):
    names = [n for n, _ in record.record_fields()]
    assert loader.RECORD.equals(record.record_type())
    assert [f.name for f in loader.RECORD] == names
    assert disagreements(TABLES, names, table_columns) == []


def test_a_field_added_to_a_dataclass_but_not_to_its_table_is_found(table_columns):
    extended = dataclasses.make_dataclass("Figure", [("colour", str | None, dataclasses.field(default=None))],
                                          bases=(Figure,))
    assert disagreements({**TABLES, "figures": extended}, [n for n, _ in record.record_fields()], table_columns) \
        == ["Figure field colour has no column in figures"]
    found = disagreements(TABLES, [n for n, _ in record.record_fields()] + ["mood"], table_columns)
    assert found == ["record field mood has no column in articles"]


def _keys_missing_from(value, arrow: pa.DataType, at: str = "") -> list[str]:
    """Keys of a contract value that the Arrow type lacks (pyarrow would drop them silently)."""
    if isinstance(value, dict):
        names = {f.name: f.type for f in arrow}
        out = [f"{at}{k}" for k in value if k not in names]
        return out + [m for k, v in value.items() if k in names for m in _keys_missing_from(v, names[k], f"{at}{k}.")]
    if isinstance(value, list) and value:
        return _keys_missing_from(value[0], arrow.value_type, at)
    return []


def test_what_extraction_writes_fits_the_record_whole():
    text = ("Ngày 5/3/2023, Công an huyện Vĩnh Lộc tiếp nhận 101 nguồn tin, thực hiện Chỉ thị số 09-CT/TW; "
            "toàn tỉnh Thanh Hóa có 44 mô hình \"Camera an ninh\".")
    ex = nlp.extract(text, doc_id="sample")
    ex.warnings.append("a warning from reading")
    rec = ex.to_contract() | {f.name: None for f in dataclasses.fields(record.Article)} | {"text": text}
    assert rec["figures"] and rec["legal_ref_details"] and rec["localities"]
    assert _keys_missing_from(rec, loader.RECORD) == []
    assert record.problem(rec) is None
    assert pa.array([rec], type=loader.RECORD).to_pylist()[0]["warnings"] == ex.warnings


def test_extraction_warnings_reach_the_warehouse(tmp_path):
    rec = nlp.extract("Xã có 3 tổ.", doc_id="w").to_contract() | {"warnings": ["contains NUL bytes; they were blanked"]}
    with store.writer(tmp_path / "w.duckdb") as con:
        loader.load(con, [rec])
    con = store.connect_reader(tmp_path / "w.duckdb")
    assert con.execute("SELECT warnings FROM articles").fetchall() == [(["contains NUL bytes; they were blanked"],)]


@pytest.mark.parametrize("change, problem", [
    ({"figures": "not a list"}, "field figures: expected a list, got 'not a list'"),
    ({"doc_id": 7}, "field doc_id: expected text, got 7"),
    ({"doc_id": None}, "field doc_id: missing"),
    ({"title": ["a", "list"]}, "field title: expected text, got ['a', 'list']"),
    ({"relevance": float("nan")}, "field relevance: nan is not a finite number"),
    ({"figures": [{"text": "3 tổ", "value": float("inf"), "unit": "tổ", "indicator": "x", "start": 0, "end": 4}]},
     "field figures[0].value: inf is not a finite number"),
    ({"figures": [{"text": "3 tổ", "value": 3, "unit": "tổ", "indicator": "x", "end": 4}, None]},
     "field figures[1]: missing"),
    ({"duplicate_of": True}, "field duplicate_of: expected a whole number, got True"),
    ({"duplicate_of": 2 ** 70}, f"field duplicate_of: {2 ** 70} is out of range"),
    ({"colour": "red"}, "field colour: not a field of the record"),
])
def test_the_check_names_the_field(change, problem):
    rec = {"doc_id": "a", "text": "Xã có 3 tổ."} | change
    assert record.problem(rec) == problem
    assert record.problem([rec]).startswith("expected an object, got [{")


def test_a_bad_record_never_reaches_arrow(tmp_path):
    refused = []
    good = {"doc_id": "good", "text": "Xã có 3 tổ."}
    with store.writer(tmp_path / "w.duckdb") as con:
        stats = loader.load(con, [good, {"doc_id": "bad", "figures": "not a list"}],
                            on_refused=lambda rec, why: refused.append((rec["doc_id"], why)))
        assert stats.loaded == 1 and stats.refused == 1
        with pytest.raises(loader.BadRecord, match="field figures: expected a list"):
            loader.load(con, [{"doc_id": "bad", "figures": "not a list"}])
    assert refused == [("bad", "field figures: expected a list, got 'not a list'")]


def _fast_check_passes(rec) -> bool:
    """The loader's batch check: keys per record, types by Arrow's conversion, values per column."""
    if not record.keys_fit(rec):
        return False
    try:
        return record.values_fit(pa.array([rec], type=loader.RECORD))
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return False


def test_the_batch_check_refuses_what_the_record_check_refuses():
    figure = {"text": "3 tổ", "value": 3, "unit": "tổ", "indicator": "x", "start": 0, "end": 4}
    good = [{"doc_id": "a"}, {"doc_id": "b", "primary_locality": None, "figures": [figure]},
            {"doc_id": "l", "figures": [{"value": 3}], "primary_locality": {"name": "A"}},  # left out: null
            {"doc_id": "c", "figures": [figure | {"locality": None, "confidence": None}], "legal_refs": ["x"]}]
    bad = [{"doc_id": None}, {"doc_id": "d", "relevance": float("nan")},
           {"doc_id": "e", "figures": [figure | {"value": float("-inf")}]},
           {"doc_id": "f", "figures": [figure | {"locality": {"level": "province", "name": "A", "start": 0, "end": 1,
                                                             "colour": "red"}}]},
           {"doc_id": "g", "figures": [figure | {"start": "0"}]},
           {"doc_id": "h", "legal_refs": ["x", None]}, {"doc_id": "i", "figures": [None]},
           {"doc_id": "j", "title": ["a"]}, {"doc_id": "k", "warnings": "not a list"}]
    for rec in good:
        assert record.problem(rec) is None and _fast_check_passes(rec), rec
    for rec in bad:
        assert record.problem(rec) is not None and not _fast_check_passes(rec), rec


def test_the_crawler_item_carries_every_article_field():
    """crawler/run.py fills record.Article from the crawler's item by field name."""
    from crawler.items import PageItem

    item_fields = {f.name for f in dataclasses.fields(PageItem)}
    assert {f.name for f in dataclasses.fields(record.Article)} <= item_fields
