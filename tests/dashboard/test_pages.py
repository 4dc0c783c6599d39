"""Every page of the dashboard through Streamlit's own test harness, on the
warehouse built from the gold seeds by the real loader."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("compare", "map", "models", "articles", "health", "data")


@pytest.fixture
def app(seeds_db, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(seeds_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def test_overview_counts_in_vietnamese_formats(app):
    assert app.title[0].value.startswith("antq")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Bài viết"] == "5" and metrics["Số liệu"] == "86"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_error(app, page):
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value


def test_compare_shows_tram_tau_tips_and_their_sentence(app, seeds_db):
    app.switch_page("app_pages/compare.py").run()
    table = app.dataframe[0].value
    row = table[table["Địa phương"] == "Trạm Tấu"].iloc[0]
    assert (row["Chỉ tiêu"], row["Giá trị"]) == ("Nguồn tin, tin báo", "101")
    assert row["Dân số"] == "33.962" and "2019 census" in row["Nguồn dân số"]
    from warehouse import store
    (code,), = store.connect_reader(seeds_db).execute("SELECT code FROM gaz_districts WHERE name = 'Trạm Tấu'").fetchall()
    app.selectbox(key="compare_pick").set_value(f"{code}|tips_received").run()
    shown = " ".join(m.value for m in app.markdown)
    assert "**101 nguồn tin**" in shown and "68 nguồn tin có giá trị" in shown  # the sentence behind it


def test_switching_to_english(app):
    app.sidebar.radio[0].set_value("en").run()
    assert {m.label for m in app.metric} == {"Articles", "Figures", "Models", "Localities"}
    app.switch_page("app_pages/compare.py").run()
    assert app.title[0].value == "Compare localities"
    assert "Tips received" in set(app.dataframe[0].value["Indicator"])


def test_articles_search_and_highlights(app):
    app.switch_page("app_pages/articles.py").run()
    app.text_input(key="articles_search").input("nguồn tin").run()
    assert not app.exception
    assert any("Trạm Tấu" in t for t in app.dataframe[0].value["Bài viết"])
    marked = "".join(m.value for m in app.markdown)
    assert "<mark" in marked


def test_the_sql_box_answers_and_cannot_write_or_reach_files(app, monkeypatch):
    from warehouse import sandbox

    monkeypatch.setattr(sandbox, "TIMEOUT", 1.0)
    app.switch_page("app_pages/data.py").run()

    def ask(query: str):
        app.text_area(key="data_sql").input(query).run()
        app.button(key="data_run").click().run()
        assert not app.exception

    ask("SELECT count(*) AS n FROM articles")  # the page's own connection answers it
    assert not app.error and app.dataframe[-1].value["n"].tolist() == [5]
    ask("SELECT 1 AS a, 2 AS a")
    assert app.dataframe[-1].value.columns.tolist() == ["a", "a (2)"]
    for query, reason in (("DELETE FROM articles", "this is DELETE"),
                          ("SELECT * FROM read_csv('/etc/passwd')", 'Cannot access file "/etc/passwd"'),
                          ("COPY articles TO 'stolen.csv'", "this is COPY"),
                          ("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t",
                           "stopped after 1 s")):
        ask(query)
        assert app.error and app.error[0].value.startswith("Truy vấn lỗi: ") and reason in app.error[0].value, query
        assert "\n" not in app.error[0].value
    ask("SELECT count(*) AS n FROM articles")  # and the articles are all still there
    assert not app.error and app.dataframe[-1].value["n"].tolist() == [5]


def test_a_missing_database_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "antq demo" in at.info[0].value


def test_numbers_in_both_languages_and_missing_values():
    import pandas as pd

    from dashboard import i18n

    assert [i18n.number(v) for v in (4700, 12.6, 61697, 0.25, None, pd.NA, float("nan"))] == \
        ["4.700", "12,6", "61.697", "0,25", "", "", ""]
    assert [i18n.number(v, "en") for v in (4700, 12.6)] == ["4,700", "12.6"]


def test_a_new_file_swapped_in_is_shown(seeds_db, tmp_path, monkeypatch):
    """A weekly run swaps a new file in: the dashboard shows it without a restart."""
    from warehouse import loader, store, synthetic

    db = tmp_path / "live.duckdb"
    db.write_bytes(seeds_db.read_bytes())
    monkeypatch.setenv("ANTQ_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert {m.label: m.value for m in at.metric}["Bài viết"] == "5"
    with store.writer(db) as con:
        loader.load(con, synthetic.records(3, figures_per_article=2))
    at.run()
    assert {m.label: m.value for m in at.metric}["Bài viết"] == "8"
