"""Every query the dashboard runs, behind st.cache_data; the read-only DuckDB
connection behind st.cache_resource. A weekly run swaps a new file in: the
file's identity (inode, mtime) is part of every cache key, so the dashboard
reopens and re-reads after a swap (st.cache_data ignores only arguments starting
with "_", so file_stamp is in every key), and keeps answering from its open
snapshot during the run. Filters are always bound as parameters."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from warehouse import sandbox, search, store


def db_path() -> Path:
    return store.db_path(os.environ.get("ANTQ_DB"))


def stamp(path: Path) -> tuple[int, int] | None:
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return s.st_ino, s.st_mtime_ns


@st.cache_resource
def _open() -> dict:
    """The one open connection of this dashboard process, with the file it was opened on."""
    return {}


def connection(path: str, file_stamp: tuple) -> duckdb.DuckDBPyConnection:
    """The read-only connection to the file now at `path`. DuckDB hands a process the
    database it already has open for a path, so the old connection must be closed
    before the file swapped in by a weekly run can be seen."""
    held = _open()
    if held.get("key") != (path, file_stamp):
        if held.get("con") is not None:
            held["con"].close()
        held["con"] = store.connect_reader(path)
        held["key"] = (path, file_stamp)
    return held["con"]


def _df(sql: str, params: list | None = None) -> pd.DataFrame:
    path = db_path()
    try:
        return connection(str(path), stamp(path)).cursor().execute(sql, params or []).df()
    except duckdb.ConnectionException:  # closed under us by a swap in another session: once more
        return connection(str(path), stamp(path)).cursor().execute(sql, params or []).df()


def state() -> str:
    """'missing', 'empty' or 'ok'."""
    path = db_path()
    if stamp(path) is None:
        return "missing"
    try:
        n = _df("SELECT count(*) AS n FROM articles")["n"][0]
    except (store.WarehouseError, duckdb.Error):
        return "missing"
    return "ok" if n else "empty"


def schema_behind() -> bool:
    """Whether the file predates this antq's migrations (a writer upgrades it)."""
    return int(_df("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")["v"][0]) < store.migrations()[-1][0]


@st.cache_data(ttl=300)
def totals(file_stamp) -> dict:
    return _df("SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM figures) AS figures, "
               "(SELECT count(*) FROM models) AS models, "
               "(SELECT count(DISTINCT unit_code) FROM locality_outcomes) AS localities").iloc[0].to_dict()


@st.cache_data(ttl=300)
def articles_by_month(file_stamp) -> pd.DataFrame:
    return _df("SELECT date_trunc('month', a.published_date) AS month, coalesce(s.kind, 'unknown') AS kind, "
               "count(*) AS articles FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
               "WHERE a.published_date IS NOT NULL GROUP BY ALL ORDER BY month")


@st.cache_data(ttl=300)
def articles_by_province(file_stamp) -> pd.DataFrame:
    return _df("SELECT coalesce(l.province_name, s.province, '?') AS province, count(*) AS articles "
               "FROM articles a LEFT JOIN article_localities l ON l.article_id = a.id "
               "LEFT JOIN sources s ON s.id = a.source_id GROUP BY ALL ORDER BY articles DESC")


@st.cache_data(ttl=300)
def sources_last_crawl(file_stamp) -> pd.DataFrame:
    return _df("SELECT s.id, s.name, s.kind, s.province, max(r.finished_at) AS last_crawl "
               "FROM sources s LEFT JOIN crawl_run_sources c ON c.source_id = s.id "
               "LEFT JOIN crawl_runs r ON r.id = c.run_id AND r.status IN ('ok', 'partial') "
               "GROUP BY ALL ORDER BY s.id")


@st.cache_data(ttl=300)
def indicators_available(file_stamp) -> list[str]:
    return _df("SELECT DISTINCT indicator FROM locality_outcomes ORDER BY 1")["indicator"].tolist()


@st.cache_data(ttl=300)
def years_available(file_stamp) -> list[int]:
    return [int(y) for y in _df("SELECT DISTINCT year FROM locality_outcomes WHERE year IS NOT NULL ORDER BY 1")["year"]]


OUTCOME_COLUMNS = ("level, unit_code, unit_name, province_name, province_2025_name, indicator, year, value, per_10k, "
                   "population, population_source, articles, basis, rule, units_reporting, units_total, units_sum, "
                   "reported_value, figures, figures_set_aside, units_from_their_districts")


@st.cache_data(ttl=300)
def outcomes(file_stamp, indicators: tuple[str, ...], level: str, year: int | None) -> pd.DataFrame:
    return _df(f"SELECT {OUTCOME_COLUMNS} FROM locality_outcomes "
               "WHERE list_contains(?, indicator) AND level = ? AND (? IS NULL OR year = ?) "
               "ORDER BY coalesce(per_10k, -1) DESC, value DESC",
               [list(indicators), level, year, year])


@st.cache_data(ttl=300)
def unit_series(file_stamp, level: str, unit_code: str, indicator: str) -> pd.DataFrame:
    """One unit's yearly values of one indicator, each year on its own."""
    return _df(f"SELECT {OUTCOME_COLUMNS} FROM locality_outcomes "
               "WHERE level = ? AND unit_code = ? AND indicator = ? AND year IS NOT NULL ORDER BY year",
               [level, unit_code, indicator])


@st.cache_data(ttl=300)
def figures_behind(file_stamp, level: str, unit_code: str, indicator: str, year: int | None) -> pd.DataFrame:
    """Every figure behind a value (locality_outcomes.behind), used or set aside, with
    its sentence, article, source, date and extraction confidence."""
    rows = _df("SELECT year, behind FROM locality_outcomes "
               "WHERE level = ? AND unit_code = ? AND indicator = ? AND (? IS NULL OR year = ?)",
               [level, unit_code, indicator, year, year])
    # unnested here: in SQL the lateral unnest ran before the filter, over every row's list
    behind = pd.DataFrame([{"year": r.year, **b} for r in rows.itertuples() for b in r.behind],
                          columns=["year", "article_id", "seq", "used"])
    if behind.empty:
        return pd.DataFrame(columns=["figure_text", "value", "period", "year", "used", "unit_name", "confidence",
                                     "sentence", "title", "source_name", "published", "url", "article_id"])
    # the few figures named, each table filtered first (figure_facts, or plain joins, would
    # read every article of the warehouse before keeping these)
    ids = sorted({int(i) for i in behind["article_id"]})
    facts = _df("WITH x AS MATERIALIZED (SELECT * FROM figures WHERE list_contains(?, article_id)), "
                "a AS MATERIALIZED (SELECT id, title, url, published, source_id, text FROM articles "
                "WHERE list_contains(?, id)), "
                "l AS MATERIALIZED (SELECT * FROM article_localities WHERE list_contains(?, article_id)) "
                "SELECT x.article_id, x.seq, x.text AS figure_text, x.value, x.period, x.confidence, "
                "CASE WHEN x.scope_level IS NULL THEN l.unit_name ELSE u.unit_name END AS unit_name, "
                "substring(a.text, x.sentence_start + 1, x.sentence_end - x.sentence_start) AS sentence, "
                "a.title, s.name AS source_name, a.published, a.url "
                "FROM x JOIN a ON a.id = x.article_id LEFT JOIN sources s ON s.id = a.source_id "
                "LEFT JOIN l ON l.article_id = x.article_id "
                "LEFT JOIN (SELECT 'legacy' AS gazetteer, 'province' AS level, code, name AS unit_name FROM gaz_provinces "
                "UNION ALL SELECT 'legacy', 'district', code, name FROM gaz_districts "
                "UNION ALL SELECT 'legacy', 'commune', code, name FROM gaz_communes "
                "UNION ALL SELECT '2025', 'province', code, name FROM gaz_provinces_2025 "
                "UNION ALL SELECT '2025', 'commune', code, name FROM gaz_communes_2025) u "
                "ON u.code = x.scope_code AND u.level = x.scope_level "
                "AND u.gazetteer = coalesce(x.scope_gazetteer, CASE WHEN l.level LIKE '%_2025' THEN '2025' ELSE 'legacy' END)",
                [ids] * 3)
    return (behind.merge(facts, on=["article_id", "seq"])
            .sort_values(["year", "used", "published", "seq"], ascending=[True, False, True, True], na_position="first")
            [["figure_text", "value", "period", "year", "used", "unit_name", "confidence", "sentence", "title",
              "source_name", "published", "url", "article_id"]])


@st.cache_data(ttl=300)
def map_values(file_stamp, indicator: str, level: str, year: int | None) -> pd.DataFrame:
    """Each unit's value for the year, or (year None) for its latest year with one."""
    return _df("SELECT unit_code, unit_name, province_name, year, value, per_10k, articles, basis, "
               "units_reporting, units_total, units_from_their_districts FROM locality_outcomes WHERE indicator = ? AND level = ? "
               "AND (? IS NULL OR year = ?) AND year IS NOT NULL "
               "QUALIFY row_number() OVER (PARTITION BY unit_code ORDER BY year DESC) = 1",
               [indicator, level, year, year])


@st.cache_data(ttl=300)
def map_points(file_stamp, indicator: str, level: str, year: int | None) -> pd.DataFrame:
    table = {"province": "gaz_provinces", "district": "gaz_districts", "commune": "gaz_communes",
             "province_2025": "gaz_provinces_2025", "commune_2025": "gaz_communes_2025"}[level]
    return _df(f"SELECT o.unit_code, o.unit_name, o.province_name, o.year, o.value, o.per_10k, o.articles, o.basis, "
               f"o.units_reporting, o.units_total, o.units_from_their_districts, g.lat, g.lon FROM locality_outcomes o "
               f"JOIN {table} g ON g.code = o.unit_code WHERE o.indicator = ? AND o.level = ? "
               f"AND (? IS NULL OR o.year = ?) AND o.year IS NOT NULL AND g.lat IS NOT NULL "
               f"QUALIFY row_number() OVER (PARTITION BY o.unit_code ORDER BY o.year DESC) = 1",
               [indicator, level, year, year])


@st.cache_data(ttl=300)
def model_families(file_stamp, text: str) -> pd.DataFrame:
    return _df("SELECT family, unit_name, province_name, models, reported_count, articles, names FROM model_counts "
               "WHERE ? = '' OR names ILIKE '%' || ? || '%' ORDER BY models DESC", [text, text])


@st.cache_data(ttl=300)
def source_ids(file_stamp) -> list[str]:
    return _df("SELECT DISTINCT source_id FROM articles WHERE source_id IS NOT NULL ORDER BY 1")["source_id"].tolist()


@st.cache_data(ttl=300)
def find_articles(file_stamp, text: str, source: str | None, province: str | None, start, end,
                  min_relevance: float) -> pd.DataFrame:
    where = ("(? IS NULL OR a.source_id = ?) AND (? IS NULL OR a.id IN (SELECT article_id FROM article_localities "
             "WHERE province_name = ?)) AND (? IS NULL OR a.published_date >= ?) AND (? IS NULL OR a.published_date <= ?) "
             "AND coalesce(a.relevance, 1) >= ?")
    params = [source, source, province, province, start, start, end, end, min_relevance]
    path = db_path()
    con = connection(str(path), stamp(path)).cursor()
    if text.strip():
        rows = search.search(con, text.strip(), where=where, params=params)
    else:
        rows = con.execute(f"SELECT a.id, a.title, a.published, a.source_id, NULL FROM articles a WHERE {where} "
                           "ORDER BY a.published DESC NULLS LAST LIMIT 50", params).fetchall()
    return pd.DataFrame(rows, columns=["id", "title", "published", "source_id", "score"])


@st.cache_data(ttl=300)
def article(file_stamp, article_id: int) -> dict:
    a = _df("SELECT a.id, a.title, a.url, a.published, a.source_id, s.name AS source_name, a.text "
            "FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?", [article_id])
    spans = _df("SELECT 'figure' AS kind, start_offset AS s, end_offset AS e, indicator AS label FROM figures WHERE article_id = ? "
                "UNION ALL SELECT 'model', start_offset, end_offset, family FROM models WHERE article_id = ? "
                "UNION ALL SELECT 'unit', start_offset, end_offset, kind FROM units WHERE article_id = ? "
                "UNION ALL SELECT 'locality', start_offset, end_offset, level FROM locality_mentions WHERE article_id = ?",
                [article_id] * 4)
    figures = _df("SELECT figure_text, indicator, value, period, year, unit_name, confidence FROM figure_facts "
                  "WHERE article_id = ? ORDER BY seq", [article_id])
    return {"article": a.iloc[0].to_dict() if len(a) else None, "spans": spans, "figures": figures}


@st.cache_data(ttl=300)
def article_exists(file_stamp, article_id: int) -> bool:
    return bool(_df("SELECT count(*) AS n FROM articles WHERE id = ?", [article_id])["n"][0])


@st.cache_data(ttl=300)
def figure_gaps(file_stamp) -> dict:
    """How many figures lack a date (no period and an undated article) or a locality."""
    return _df("SELECT count(*) AS total, count(*) FILTER (WHERE year IS NULL) AS no_date, "
               "count(*) FILTER (WHERE unit_code IS NULL) AS no_locality FROM figure_facts").iloc[0].to_dict()


@st.cache_data(ttl=300)
def low_confidence(file_stamp, threshold: float) -> pd.DataFrame:
    return _df("SELECT figure_text, indicator, value, confidence, unit_name, sentence, title, source_name, published, "
               "article_id FROM figure_facts WHERE confidence < ? ORDER BY confidence, article_id, seq LIMIT 500",
               [threshold])


@st.cache_data(ttl=300)
def articles_per_week(file_stamp, weeks: int) -> pd.DataFrame:
    """Articles per source and week over the last `weeks` weeks of the warehouse's articles."""
    return _df("WITH last AS (SELECT max(published_date) AS d FROM articles) "
               "SELECT coalesce(s.name, a.source_id, '?') AS source, date_trunc('week', a.published_date) AS week, "
               "count(*) AS articles FROM articles a LEFT JOIN sources s ON s.id = a.source_id, last "
               "WHERE a.published_date > last.d - to_weeks(?) GROUP BY ALL ORDER BY week", [weeks])


@st.cache_data(ttl=300)
def silent_sources(file_stamp, weeks: int) -> pd.DataFrame:
    """Sources whose latest article is `weeks` or more weeks old (or that have none)."""
    return _df("WITH last AS (SELECT current_date AS d), "
               "per AS (SELECT s.id, s.name, s.kind, max(a.published_date) AS last_article FROM sources s "
               "LEFT JOIN articles a ON a.source_id = s.id GROUP BY ALL) "
               "SELECT per.name AS source, per.kind, per.last_article, "
               "date_diff('week', per.last_article, last.d) AS weeks_silent FROM per, last "
               "WHERE per.last_article IS NULL OR per.last_article <= last.d - to_weeks(?) "
               "ORDER BY per.last_article NULLS FIRST", [weeks])


@st.cache_data(ttl=300)
def source_states(file_stamp) -> pd.DataFrame:
    """Each source's crawl state (backfilling, up to date, failing, dead), failing ones first."""
    return _df("SELECT source_id, source_name, state, since, last_success, articles, note FROM source_status "
               "ORDER BY CASE state WHEN 'dead' THEN 0 WHEN 'failing' THEN 1 WHEN 'backfilling' THEN 2 "
               "WHEN 'new' THEN 3 ELSE 4 END, source_id")


@st.cache_data(ttl=300)
def crawl_runs(file_stamp) -> pd.DataFrame:
    return _df("SELECT id, started_at, finished_at, status, errors FROM crawl_runs ORDER BY id DESC")


@st.cache_data(ttl=300)
def latest_per_source(file_stamp) -> pd.DataFrame:
    return _df("SELECT c.source_id, c.pages, c.new_articles, c.relevant, c.duplicates, c.errors, c.last_error "
               "FROM crawl_run_sources c WHERE c.run_id = (SELECT max(id) FROM crawl_runs) ORDER BY c.source_id")


@st.cache_data(ttl=300)
def failing_sources(file_stamp, weeks: int = 3) -> pd.DataFrame:
    """Sources whose last `weeks` runs all had errors or brought nothing new."""
    return _df("WITH recent AS (SELECT c.*, row_number() OVER (PARTITION BY c.source_id ORDER BY c.run_id DESC) AS k "
               "FROM crawl_run_sources c) SELECT source_id, count(*) AS runs, sum(errors) AS errors, "
               "sum(new_articles) AS new_articles FROM recent WHERE k <= ? GROUP BY source_id "
               "HAVING count(*) >= ? AND (sum(new_articles) = 0 OR min(errors) > 0) ORDER BY source_id",
               [weeks, weeks])


def read_only_query(sql: str) -> sandbox.Result:
    """An analyst's query, on this process's one connection to the file (DuckDB
    allows one configuration per file in a process), confined by warehouse.sandbox:
    read-only, no file or network access, a time and a row limit."""
    path = db_path()
    return sandbox.run(connection(str(path), stamp(path)), sql)
