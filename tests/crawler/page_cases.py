"""The real-page cases (Fundus-style): for each saved page in ../shared/sites/pages,
tests/crawler/fixtures/<host>/<name>.meta.json (its URL, when it was saved) and,
for articles, <name>.expected.json written by reading the page: its headline,
the date and time it prints, its byline, how its first and last paragraphs
start (null where the reader could not tell), and bits of page chrome that are
not the article. The pages themselves stay in ../shared.

Scores compare what an extractor read with those expectations; the test
(test_real_pages.py) and bench/pages.py share them."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASELINE = FIXTURES / "baseline.json"


@dataclass
class Case:
    name: str  # host/file
    path: Path  # the page in ../shared
    url: str
    fetched: datetime
    kind: str  # article or home page
    expected: dict = field(default_factory=dict)
    fundus: dict | None = None  # Fundus's own expected output, for the page that has one


@dataclass
class Read:
    """What an extractor read from a page."""
    title: str | None
    published: str | None
    author: str | None
    text: str


def cases(shared: Path) -> list[Case]:
    out = []
    for meta_file in sorted(FIXTURES.glob("*/*.meta.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        expected_file = meta_file.with_name(meta_file.name.replace(".meta.json", ".expected.json"))
        fundus = None
        if meta.get("fundus"):
            fundus = next(iter(json.loads((shared / meta["fundus"]).read_text(encoding="utf-8")).values()))
        out.append(Case(
            name=f"{meta_file.parent.name}/{Path(meta['page']).name}", path=shared / meta["page"], url=meta["url"],
            fetched=datetime.fromisoformat(meta["fetched"]), kind=meta["kind"],
            expected=json.loads(expected_file.read_text(encoding="utf-8")) if expected_file.exists() else {},
            fundus=fundus))
    return out


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def paragraphs(text: str) -> list[str]:
    return [_norm(p) for p in text.splitlines() if p.strip()]


def _has_paragraph(paras: list[str], start: str) -> bool:
    start = _norm(start)
    return any(p.startswith(start) or (len(start) > 60 and start[:60] in p) for p in paras)


def score(case: Case, read: Read) -> dict[str, tuple[int, int]]:
    """(right, asked) per measure for one article page."""
    e = case.expected
    paras = paragraphs(read.text)
    out = {
        "date": (int((read.published or "")[:10] == e["published"][:10]), 1),
        "time": (int(_same_time(read.published, e["published"])), 1) if len(e["published"]) > 10 else (0, 0),
        "title": (int(_norm(read.title) == _norm(e["title"])), 1),
        "author": (sum(_norm(a) in _norm(read.author) for a in e["authors"]), len(e["authors"]))
        if e.get("authors") else (0, 0),
    }
    wanted = [s for s in (e.get("first_paragraph_starts"), e.get("last_paragraph_starts")) if s]
    if case.fundus:  # every paragraph Fundus expects, the lead (summary) first
        body = case.fundus["body"]
        wanted = body["summary"] + [p for s in body["sections"] for p in s["paragraphs"]]
    out["paragraphs"] = (sum(_has_paragraph(paras, w) for w in wanted), len(wanted))
    out["lead"] = (int(bool(paras) and paras[0].startswith(_norm(e["first_paragraph_starts"]))), 1) \
        if e.get("first_paragraph_starts") else (0, 0)
    text = _norm(read.text)
    out["boilerplate dropped"] = (sum(_norm(b) not in text for b in e.get("boilerplate", [])), len(e.get("boilerplate", [])))
    return out


def _same_time(got: str | None, want: str) -> bool:
    try:
        return datetime.fromisoformat(got or "") == datetime.fromisoformat(want)
    except ValueError:
        return False


def totals(scores: list[dict[str, tuple[int, int]]]) -> dict[str, float]:
    """The share right per measure, over all pages."""
    keys = dict.fromkeys(k for s in scores for k in s)
    out = {}
    for k in keys:
        right = sum(s[k][0] for s in scores if k in s)
        asked = sum(s[k][1] for s in scores if k in s)
        out[k] = round(right / asked, 3) if asked else 0.0
    return out
