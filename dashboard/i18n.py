"""Labels (dashboard/labels.toml) and number formats: Vietnamese first ("4.700",
"12,6"), English on request ("4,700", "12.6"). `table` turns a query result into
what a reader sees: translated headers and codes, formatted numbers, blanks
instead of missing values."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Callable

import pandas as pd

LANGS = ("vi", "en")


@cache
def _labels() -> dict:
    with resources.files("dashboard").joinpath("labels.toml").open("rb") as f:
        return tomllib.load(f)


def t(key: str, lang: str = "vi") -> str:
    return _labels()[lang].get(key, key)


def _coded(table: str, name, lang: str) -> str:
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    return _labels()[lang][table].get(name, name)


def indicator(name: str, lang: str = "vi") -> str:
    return _coded("indicators", name, lang)


def level(name: str, lang: str = "vi") -> str:
    return _coded("levels", name, lang)


def kind(name: str, lang: str = "vi") -> str:
    return _coded("kinds", name, lang)


def status(name: str, lang: str = "vi") -> str:
    return _coded("statuses", name, lang)


def source_state(name: str, lang: str = "vi") -> str:
    return _coded("source_states", name, lang)


def rule(name: str, lang: str = "vi") -> str:
    return _coded("rules", name, lang)


def basis(name: str, lang: str = "vi") -> str:
    return _coded("bases", name, lang)


def family(name: str, lang: str = "vi") -> str:
    return _coded("families", name, lang)


def unit_kind(name: str, lang: str = "vi") -> str:
    return _coded("unit_kinds", name, lang)


_SOURCES = (  # how the warehouse words its denominators (009_aggregation.sql), as label keys
    (re.compile(r"^sum of the 2019 census counts of the (\d+) reporting districts$"), "pop_sum_districts"),
    (re.compile(r"^sum of the 2019 census counts of the (\d+) reporting pre-2025 provinces$"), "pop_sum_provinces"),
    (re.compile(r"^sum of the 2019 census counts of (.+)$"), "pop_sum_named"),
    (re.compile(r"^GSO 2019 census"), "pop_census"),
)


def population_source(text, lang: str = "vi") -> str:
    """A denominator's source in the reader's language; the full citation stays in the data."""
    if not isinstance(text, str):
        return ""
    for pattern, key in _SOURCES:
        m = pattern.match(text)
        if m:
            return t(key, lang).format(*m.groups())
    return text


def span_kind(name: str, lang: str = "vi") -> str:
    return _coded("spans", name, lang)


def column(name: str, lang: str = "vi") -> str:
    return _coded("columns", name, lang)


def codes() -> set[str]:
    """Every code the warehouse uses that a reader must never see raw."""
    labels = _labels()["vi"]
    return {code for table in ("indicators", "levels", "kinds", "statuses", "rules", "bases", "families")
            for code in labels[table]}


def number(value, lang: str = "vi", decimals: int | None = None) -> str:
    """4700 -> '4.700' (vi) or '4,700' (en); 12.6 -> '12,6' or '12.6'; None -> ''."""
    if value is None or pd.isna(value):  # SQL NULL arrives as None, NaN or pandas.NA
        return ""
    value = float(value)
    if decimals is None:
        decimals = 0 if value.is_integer() else 1 if abs(value) >= 10 else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "vi" else text


def date(value, lang: str = "vi") -> str:
    """A date or timestamp as the reader writes it: 15/08/2022 (vi), 2022-08-15 (en); with hh:mm if it has a time."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value
    value = pd.Timestamp(value)
    with_time = value.hour or value.minute
    if lang == "vi":
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    return value.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def _text(value) -> str:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


def table(df: pd.DataFrame, lang: str = "vi", *, coded: dict[str, Callable[[str, str], str]] | None = None,
          decimals: dict[str, int] | None = None, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """`df` as shown: headers from [columns], codes through `coded` (column -> translator),
    numbers and dates in the language's format, missing values blank. Columns in
    `keep` pass unchanged (link columns, numbers a chart reads)."""
    coded, decimals = coded or {}, decimals or {}
    out = {}
    for name in df.columns:
        s = df[name]
        if name in keep:
            shown = s
        elif name in coded:
            shown = s.map(lambda v, f=coded[name]: f(v, lang))
        elif pd.api.types.is_bool_dtype(s):
            shown = s.map(lambda v: t("yes", lang) if v is True else t("no", lang) if v is False else "")
        elif pd.api.types.is_numeric_dtype(s):
            shown = s.map(lambda v, d=decimals.get(name): number(v, lang, d))
        elif pd.api.types.is_datetime64_any_dtype(s) or s.map(lambda v: isinstance(v, dt.date)).any():
            shown = s.map(lambda v: date(v, lang))
        else:
            shown = s.map(_text)
        out[column(name, lang)] = shown
    return pd.DataFrame(out, index=df.index)


def review(key: str, lang: str = "vi") -> str:
    """A label of the review app (antq review)."""
    return _labels()[lang]["review"].get(key, key)
