"""Every page of the dashboard through Streamlit's own test harness, on the
warehouse built from the gold seeds by the real loader (plus crawl runs and one
hostile article, conftest.py)."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import HOSTILE_TEXT
from tests.dashboard.shown import elements, problems
from warehouse import store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("overview", "compare", "map", "models", "articles", "quality", "health", "data")


@pytest.fixture
def app(dashboard_db, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(dashboard_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def one(db, sql, *params):
    return store.connect_reader(db).execute(sql, list(params)).fetchone()


def test_overview_counts_in_vietnamese_formats(app):
    assert app.title[0].value.startswith("antq")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Bài viết"] == "6" and metrics["Số liệu"] == "87"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_what_a_reader_should_see(app, page, lang):
    """No exception, no st.help dump from a bare expression, no raw column id or
    code, no "None"/"nan" cell, in either language."""
    if lang == "en":
        app.sidebar.radio[0].set_value("en").run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value
    assert problems(app, lang) == []


def test_the_guard_sees_a_magic_dump(dashboard_db, monkeypatch, tmp_path):
    """The check above fails on the health page's old bug: a bare
    `st.dataframe(x) if … else st.info(…)` that magic writes as an st.help panel."""
    script = tmp_path / "bare.py"
    script.write_text("import streamlit as st\nimport pandas as pd\n"
                      "x = pd.DataFrame({'started_at': [None]})\n"
                      "st.dataframe(x) if not x.empty else st.info('empty')\n")
    at = AppTest.from_file(str(script)).run()
    found = problems(at)
    assert "element help_info" in found
    assert "column header 'started_at'" in found
    assert any("missing values" in p for p in found)


def test_health_shows_runs_and_sources_translated(app):
    app.switch_page("app_pages/health.py").run()
    states = app.dataframe[0].value
    assert list(states["Trạng thái"]) == ["Ngừng hoạt động", "Đã cập nhật"]  # a dead source comes first
    assert states.loc[states["Trạng thái"] == "Ngừng hoạt động", "Từ"].item() == "25/12/2023 03:00"
    runs = app.dataframe[1].value
    assert list(runs.columns) == ["Mã", "Bắt đầu", "Kết thúc", "Trạng thái", "Lỗi"]
    assert set(runs["Trạng thái"]) == {"Thành công", "Thất bại"}
    assert runs.loc[runs["Mã"] == "2", "Kết thúc"].item() == ""  # not "None"
    assert runs.loc[runs["Mã"] == "1", "Bắt đầu"].item() == "18/12/2023 03:00"


def test_compare_shows_tram_tau_tips_and_their_sentence(app, dashboard_db):
    app.switch_page("app_pages/compare.py").run()
    table = app.dataframe[0].value
    row = table[(table["Địa phương"] == "Trạm Tấu") & (table["Năm"] == "")].iloc[0]
    assert (row["Chỉ tiêu"], row["Giá trị"]) == ("Nguồn tin, tin báo", "101")
    assert row["Dân số"] == "33.962" and row["Nguồn dân số"] == "Tổng điều tra dân số 2019 (Tổng cục Thống kê)"
    (code,), = [one(dashboard_db, "SELECT code FROM gaz_districts WHERE name = 'Trạm Tấu'")]
    app.selectbox(key="compare_pick").set_value(f"{code}|tips_received").run()
    behind = app.dataframe[-1].value
    sentences = " ".join(behind["Câu"])
    assert "68 nguồn tin có giá trị" in sentences  # the sentence behind 101
    assert {"Số liệu", "Câu", "Tiêu đề", "Nguồn", "Ngày đăng", "Độ tin cậy", "Mở bài", "Dùng"} <= set(behind.columns)
    assert behind["Mở bài"].str.match(r"^articles\?article=-?\d+$").all()


def test_all_years_never_adds_per_capita_across_years(app, dashboard_db):
    """Trạm Tấu has tips in an undated year (101) and in 2023 (7): "all years" shows
    both rows, each with its own per-10,000 value, and nothing adds them."""
    app.switch_page("app_pages/compare.py").run()
    app.selectbox(key="compare_year").set_value("*").run()
    table = app.dataframe[0].value
    tram_tau = table[table["Địa phương"] == "Trạm Tấu"]
    assert sorted(tram_tau["Giá trị"]) == ["101", "7"]
    assert sorted(tram_tau["Trên 10.000 dân"]) == ["2,06", "29,74"]  # 7 and 101 per 33,962 inhabitants


def test_a_province_sum_of_districts_is_marked(app):
    app.switch_page("app_pages/compare.py").run()
    app.selectbox(key="compare_level").set_value("province").run()
    table = app.dataframe[0].value
    row = table[table["Địa phương"] == "Yên Bái"].iloc[0]
    assert row["Ghi chú"] == "Σ 1/9 huyện có báo cáo"
    assert row["Quy tắc tổng hợp"] == "Tổng các đơn vị cấp dưới"
    assert row["Nguồn dân số"] == "Tổng dân số điều tra 2019 của 1 huyện có báo cáo"
    app.selectbox(key="compare_level").set_value("province_2025").run()
    table = app.dataframe[0].value
    row = table[table["Địa phương"] == "Lào Cai"].iloc[0]  # Yên Bái and old Lào Cai since 1 July 2025
    assert row["Ghi chú"] == "Σ 1/2 tỉnh cũ có báo cáo (1 tỉnh trong số đó: Σ các huyện có báo cáo)"


def test_the_map_opens_a_unit_on_compare(app, dashboard_db):
    app.switch_page("app_pages/map.py").run()
    app.selectbox(key="map_indicator").set_value("tips_received").run()
    links = app.dataframe[0].value["Mở ở trang So sánh"]
    (code,), = [one(dashboard_db, "SELECT code FROM gaz_provinces_2025 WHERE name = 'Lào Cai'")]
    link = f"compare?level=province_2025&unit={code}&indicator=tips_received"
    assert link in set(links)
    app.query_params.update(level="province_2025", unit=code, indicator="tips_received")
    app.switch_page("app_pages/compare.py").run()
    assert not app.exception
    assert app.selectbox(key="compare_pick").value == f"{code}|tips_received"
    assert app.selectbox(key="compare_level").value == "province_2025"


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
    assert any("Trạm Tấu" in t for t in app.dataframe[0].value["Tiêu đề"])
    assert "Năm" not in app.dataframe[0].value.columns  # the date column says what it holds
    (html,) = [e.proto.body for e in elements(app._tree) if getattr(e, "type", "") == "html"]
    assert 'class="spans"' in html and "Số liệu: Nguồn tin, tin báo" in html  # displaCy spans, translated


def test_a_hostile_article_is_shown_as_text(app, dashboard_db):
    """Crawled text that tries Markdown (an image, a heading, a link) and HTML comes
    out as text: no Markdown element carries it, and the HTML is escaped."""
    (article_id,), = [one(dashboard_db, "SELECT id FROM articles WHERE doc_id = 'hostile'")]
    app.query_params["article"] = str(article_id)
    app.switch_page("app_pages/articles.py").run()
    assert not app.exception
    markdown = [e for e in elements(app._tree) if getattr(e, "type", "") in
                {"markdown", "caption", "title", "header", "subheader", "latex", "code"}]
    assert markdown and not [e.value for e in markdown if "attacker" in str(e.value) or "Đậm" in str(e.value)]
    (html,) = [e.proto.body for e in elements(app._tree) if getattr(e, "type", "") == "html"]
    assert "<img" not in html and "&lt;img" in html
    assert "![x](http://attacker.example/b.png)" in html  # shown as the characters it is
    assert "# Tiêu đề chèn vào" in html and "<h1" not in html
    shown_text = [e.value for e in app.text]
    assert "**Đậm** ![t](http://attacker.example/t.png)" in shown_text  # st.text: no Markdown
    assert HOSTILE_TEXT[:16] in html


def test_hostile_sentences_on_compare_are_cells(app, dashboard_db):
    (code,), = [one(dashboard_db, "SELECT code FROM gaz_districts WHERE name = 'Trạm Tấu'")]
    app.switch_page("app_pages/compare.py").run()
    app.selectbox(key="compare_year").set_value("2023").run()
    app.selectbox(key="compare_pick").set_value(f"{code}|tips_received").run()
    behind = app.dataframe[-1].value
    assert "**Đậm** ![t](http://attacker.example/t.png)" in set(behind["Tiêu đề"])
    assert set(behind["Địa chỉ"]) == {""}  # a javascript: address is not a link
    assert not [e.value for e in app.markdown if "attacker" in e.value]


def test_quality_counts_gaps_and_low_confidence(app):
    app.switch_page("app_pages/quality.py").run()
    metrics = {m.label: m.value for m in app.metric}
    assert set(metrics) == {"Số liệu không có thời gian", "Số liệu không có địa phương"}
    low = app.dataframe[0].value
    assert "7 nguồn tin" in set(low["Số liệu"])  # the hostile article's figure has confidence 0.4
    assert set(app.dataframe[-1].value["Nguồn"]) == {"Công an huyện Mẫu", "Báo Mẫu"}  # silent for weeks


def test_the_sql_box_answers_and_cannot_write_or_reach_files(app, monkeypatch):
    from warehouse import sandbox

    monkeypatch.setattr(sandbox, "TIMEOUT", 1.0)
    app.switch_page("app_pages/data.py").run()

    def ask(query: str):
        app.text_area(key="data_sql").input(query).run()
        app.button(key="data_run").click().run()
        assert not app.exception

    ask("SELECT count(*) AS n FROM articles")  # the page's own connection answers it
    assert not app.error and app.dataframe[-1].value["n"].tolist() == [6]
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
    assert not app.error and app.dataframe[-1].value["n"].tolist() == [6]


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
    from warehouse import loader, synthetic

    db = tmp_path / "live.duckdb"
    db.write_bytes(seeds_db.read_bytes())
    monkeypatch.setenv("ANTQ_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert {m.label: m.value for m in at.metric}["Bài viết"] == "5"
    with store.writer(db) as con:
        loader.load(con, synthetic.records(3, figures_per_article=2))
    at.run()
    assert {m.label: m.value for m in at.metric}["Bài viết"] == "8"


def test_a_bad_district_file_is_said_in_one_line(app, monkeypatch, tmp_path):
    bad = tmp_path / "districts.geojson"
    bad.write_text("not json", encoding="utf-8")
    monkeypatch.setenv("ANTQ_DISTRICT_SHAPES", str(bad))
    app.switch_page("app_pages/map.py").run()
    app.selectbox(key="map_level").set_value("district").run()
    assert not app.exception
    assert app.error[0].value.startswith(f"{bad}: not a GeoJSON FeatureCollection")


def test_every_label_exists_in_both_languages():
    from dashboard import i18n

    def keys(table, prefix=""):
        return {k for name, v in table.items()
                for k in (keys(v, f"{prefix}{name}.") if isinstance(v, dict) else {prefix + name})}

    labels = i18n._labels()
    assert keys(labels["vi"]) == keys(labels["en"])
