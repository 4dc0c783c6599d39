"""Page elements several pages share: unit labels and notes in the reader's
language, the year-by-unit grid, a unit's yearly series, and the table of the
figures behind a value. Crawled text only ever reaches the page as table cells
or escaped HTML text, never as Markdown."""
from __future__ import annotations

import re

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import i18n

_CODE = re.compile(r"^[0-9]{1,6}$")
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


def asked_unit(params, indicators: list[str], levels: list[str]) -> dict | None:
    """?level=…&unit=…&indicator=… when all three are known values, else None."""
    level, unit, indicator = params.get("level"), params.get("unit"), params.get("indicator")
    if level in levels and indicator in indicators and unit and _CODE.match(unit):
        return {"level": level, "unit": unit, "indicator": indicator}
    return None


def compare_link(level: str, unit_code: str, indicator: str) -> str:
    """The Compare page opened on one unit (a relative link within the app)."""
    return f"compare?level={level}&unit={unit_code}&indicator={indicator}"


def article_link(article_id) -> str:
    return f"articles?article={int(article_id)}"


def aggregated(rows: pd.DataFrame) -> pd.Series:
    return rows["basis"].fillna("reported") != "reported"


def unit_labels(rows: pd.DataFrame) -> pd.Series:
    """'Bình Liêu (Quảng Ninh)' for units below a province; a Σ marks a sum of sub-units."""
    parent = rows["province_name"].fillna(rows["province_2025_name"]).fillna("")
    below = rows["level"].isin(["district", "commune", "commune_2025"]) & (parent != "")
    label = rows["unit_name"].fillna("?").where(~below, rows["unit_name"].fillna("?") + " (" + parent + ")")
    return label.where(~aggregated(rows), label + " Σ")


def shown_values(rows: pd.DataFrame, measure: str, lang: str) -> pd.Series:
    return rows[measure].map(lambda v: i18n.number(v, lang, 2 if measure == "per_10k" else None))


def notes(rows: pd.DataFrame, lang: str) -> pd.Series:
    """The basis of each value in words: 'Σ 7/9 huyện có báo cáo', or blank for a unit's own report."""
    def note(r) -> str:
        n, total = (0 if pd.isna(v) else int(v) for v in (r.units_reporting, r.units_total))
        if r.basis in ("sum_of_districts", "sum_of_provinces"):
            note = i18n.t(f"note_{r.basis}", lang).format(n=n, total=total)
            below = getattr(r, "units_from_their_districts", 0)
            if r.basis == "sum_of_provinces" and not pd.isna(below) and below:
                note += i18n.t("note_from_districts", lang).format(n=int(below))
            return note
        if n:
            return i18n.t("note_reported_with_units", lang).format(n=n, total=total,
                                                                   sum=i18n.number(r.units_sum, lang))
        return ""
    shown = pd.Series("", index=rows.index, dtype=object)
    needed = rows[aggregated(rows) | (rows["units_reporting"].fillna(0) > 0)]  # the rest have no note
    shown[needed.index] = [note(r) for r in needed.itertuples()]
    return shown


def number_axis(title: str, lang: str, counts: bool = False) -> alt.Axis:
    """An axis whose numbers read as the language writes them ("4.700", "12,6" in Vietnamese);
    `counts` keeps its ticks on whole numbers."""
    whole = {"tickMinStep": 1} if counts else {}
    if lang != "vi":
        return alt.Axis(title=title, format=",~f", **whole)
    return alt.Axis(title=title, **whole, labelExpr="replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'), '_'), "
                                           "regexp('[.]', 'g'), ','), regexp('_', 'g'), '.')")


def _tooltip(measure_title: str, lang: str) -> list:
    return [alt.Tooltip("label:N", title=i18n.t("locality", lang)), alt.Tooltip("year_label:N", title=i18n.t("year", lang)),
            alt.Tooltip("shown:N", title=measure_title), alt.Tooltip("articles_label:N", title=i18n.t("n_articles", lang)),
            alt.Tooltip("note:N", title=i18n.column("note", lang))]


def year_grid(rows: pd.DataFrame, measure: str, title: str, lang: str = "vi", top: int = 40) -> alt.LayerChart:
    """Units down (the `top` with the highest values), years across, each cell one unit's
    value in one year (Σ: a sum of sub-units)."""
    rows = rows.dropna(subset=["year"])
    keep = rows.groupby("label")[measure].max().sort_values(ascending=False).head(top).index
    data = rows[rows["label"].isin(keep)].assign(
        year_label=lambda d: d["year"].map(lambda y: str(int(y))),
        cell=lambda d: d["shown"].where(~aggregated(d), d["shown"] + " Σ"),
        articles_label=lambda d: d["articles"].map(lambda v: i18n.number(v, lang)),
        note=lambda d: notes(d, lang))[["label", "year_label", measure, "shown", "cell", "articles_label", "note"]]
    order = (data.groupby("label")[measure].max().sort_values(ascending=False).index.tolist())
    base = alt.Chart(data).encode(
        x=alt.X("year_label:O", title=i18n.t("year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("label:N", sort=order, title="", axis=alt.Axis(labelLimit=400)))
    # the cells carry their numbers, so the colour needs no legend (its labels could not be written the Vietnamese way)
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{measure}:Q", legend=None, scale=alt.Scale(scheme="blues", domainMin=0)),
        tooltip=_tooltip(title, lang))
    dark = float(data[measure].max() or 0) * 0.6  # white text on the darker cells
    text = base.mark_text(fontSize=12).encode(
        text="cell:N", color=alt.condition(f"datum['{measure}'] > {dark}", alt.value("white"), alt.value("#111")))
    return alt.layer(cells, text, title=title)


def series_chart(series: pd.DataFrame, measure: str, measure_title: str, lang: str) -> alt.LayerChart:
    """One unit's yearly values: filled points are its own reports, hollow ones sums of sub-units."""
    data = series.assign(
        year_label=series["year"].map(lambda y: str(int(y))),
        label=series["unit_name"], shown=shown_values(series, measure, lang),
        articles_label=series["articles"].map(lambda v: i18n.number(v, lang)),
        kind=series["basis"].map(lambda b: i18n.basis(b, lang)))
    base = alt.Chart(data).encode(x=alt.X("year_label:O", title=i18n.t("year", lang), axis=alt.Axis(labelAngle=0)),
                                  y=alt.Y(f"{measure}:Q", axis=number_axis(measure_title, lang)))
    line = base.mark_line(color="#4c78a8")
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("kind:N", title=i18n.t("basis", lang), legend=alt.Legend(orient="bottom", labelLimit=400)),
        tooltip=_tooltip(measure_title, lang))
    return (line + points).properties(height=320)


def provenance_table(figures: pd.DataFrame, lang: str) -> None:
    """Every figure with its sentence, article (a link to the Articles page), source, date,
    confidence and whether the value uses it."""
    if figures.empty:
        st.info(i18n.t("no_rows", lang))
        return
    shown = figures.assign(
        article_link=figures["article_id"].map(article_link),
        url=figures["url"].map(lambda u: u if isinstance(u, str) and _SAFE_URL.match(u) else ""),
        year=figures["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
    )[["figure_text", "value", "period", "year", "used", "unit_name", "confidence", "sentence", "title",
       "source_name", "published", "article_link", "url"]]
    table = i18n.table(shown, lang, keep=("article_link", "url"), decimals={"confidence": 2})
    st.dataframe(table, hide_index=True, column_config={
        i18n.column("article_link", lang): st.column_config.LinkColumn(display_text=i18n.t("open_article", lang)),
        i18n.column("url", lang): st.column_config.LinkColumn(),
        i18n.column("sentence", lang): st.column_config.TextColumn(width="large"),
    })
