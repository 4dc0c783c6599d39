"""Labels (dashboard/labels.toml) and number formats: Vietnamese first ("4.700",
"12,6"), English on request ("4,700", "12.6")."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import pandas as pd

LANGS = ("vi", "en")


@cache
def _labels() -> dict:
    with resources.files("dashboard").joinpath("labels.toml").open("rb") as f:
        return tomllib.load(f)


def t(key: str, lang: str = "vi") -> str:
    return _labels()[lang].get(key, key)


def indicator(name: str, lang: str = "vi") -> str:
    return _labels()[lang]["indicators"].get(name, name)


def level(name: str, lang: str = "vi") -> str:
    return _labels()[lang]["levels"].get(name, name)


def kind(name: str, lang: str = "vi") -> str:
    return _labels()[lang]["kinds"].get(name, name)


def number(value, lang: str = "vi", decimals: int | None = None) -> str:
    """4700 -> '4.700' (vi) or '4,700' (en); 12.6 -> '12,6' or '12.6'; None -> ''."""
    if value is None or pd.isna(value):  # SQL NULL arrives as None, NaN or pandas.NA
        return ""
    value = float(value)
    if decimals is None:
        decimals = 0 if value.is_integer() else 1 if abs(value) >= 10 else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "vi" else text


def review(key: str, lang: str = "vi") -> str:
    """A label of the review app (antq review)."""
    return _labels()[lang]["review"].get(key, key)
