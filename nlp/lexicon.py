"""Loads the data files under nlp/data (lexicons, cue words, patterns), once."""
from __future__ import annotations

import json
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The TOML file nlp/data/NAME.toml as a dict."""
    with resources.files("nlp").joinpath("data", f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


def alternation(words) -> str:
    """Lexicon entries as one regex alternation, escaped, the longest first (so that
    "ban chỉ đạo" is tried before "ban")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    text = resources.files("nlp").joinpath("data", f"{name}.jsonl").read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("//"))
