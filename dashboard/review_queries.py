"""The review app's queries, on the dashboard's read-only connection (reopened
when a writer swaps a new file in). Every filter is bound as a parameter."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.queries import _df  # the dashboard's one connection, reopened after a swap

# Figures that feed locality_outcomes: the ones a wrong value would distort.
_FEEDS_OUTCOMES = "duplicate_of IS NULL AND unit_code IS NOT NULL AND unit <> '%' AND coalesce(period_kind, '') <> 'rate'"


@st.cache_data(ttl=300)
def filter_values(file_stamp) -> dict[str, list]:
    f = _df(f"SELECT DISTINCT province_name, indicator, source_id, year FROM figure_facts WHERE {_FEEDS_OUTCOMES}")
    return {c: sorted(v for v in f[c].dropna().unique().tolist()) for c in f.columns}


@st.cache_data(ttl=300)
def queue(file_stamp, province: str | None, indicator: str | None, source: str | None, year: int | None,
          limit: int = 500) -> pd.DataFrame:
    """Figures not yet reviewed, lowest extraction confidence first."""
    return _df(
        "SELECT article_id, start_offset, end_offset, figure_text, value, total, unit, indicator, period, confidence, "
        "sentence, title, url, published, source_id, source_name, unit_name, level, province_name, year, "
        "sentence_start, sentence_end, scope_level, scope_name FROM figure_facts "
        f"WHERE {_FEEDS_OUTCOMES} AND NOT reviewed AND len(corrected_fields) = 0 "
        "AND (? IS NULL OR province_name = ?) AND (? IS NULL OR indicator = ?) "
        "AND (? IS NULL OR source_id = ?) AND (? IS NULL OR year = ?) "
        "ORDER BY confidence NULLS FIRST, value DESC LIMIT ?",
        [province, province, indicator, indicator, source, source, year, year, limit])


@st.cache_data(ttl=300)
def article_text(file_stamp, article_id: int) -> str:
    t = _df("SELECT text FROM articles WHERE id = ?", [article_id])
    return t["text"][0] if len(t) else ""


@st.cache_data(ttl=300)
def models_and_units(file_stamp, article_id: int) -> pd.DataFrame:
    return _df("SELECT 'model' AS item, name, NULL AS kind, count, start_offset, end_offset FROM models "
               "WHERE article_id = ? UNION ALL "
               "SELECT 'unit', name, kind, count, start_offset, end_offset FROM units WHERE article_id = ? "
               "ORDER BY start_offset", [article_id, article_id])


@st.cache_data(ttl=300)
def find_units(file_stamp, text: str, limit: int = 30) -> pd.DataFrame:
    """Administrative units whose name contains `text`, before and after July 2025."""
    return _df(
        "SELECT * FROM ("
        " SELECT 'province' AS level, p.name, p.code, 'legacy' AS gazetteer, p.name AS province FROM gaz_provinces p"
        " UNION ALL SELECT 'district', d.name, d.code, 'legacy', p.name FROM gaz_districts d"
        "  JOIN gaz_provinces p ON p.code = d.province_code"
        " UNION ALL SELECT 'commune', c.name, c.code, 'legacy', p.name FROM gaz_communes c"
        "  JOIN gaz_provinces p ON p.code = c.province_code"
        " UNION ALL SELECT 'province', name, code, '2025', name FROM gaz_provinces_2025"
        " UNION ALL SELECT 'commune', c.name, c.code, '2025', p.name FROM gaz_communes_2025 c"
        "  JOIN gaz_provinces_2025 p ON p.code = c.province_code"
        ") WHERE name ILIKE '%' || ? || '%' ORDER BY length(name), level, gazetteer LIMIT ?", [text, limit])
