"""Rewrites fields of the real-page expectations (tests/crawler/fixtures/*/*.expected.json)
from what antq reads now, for when the extractor changes on purpose.

    .venv/bin/python tools/rewrite_page_fixtures.py FIELD [FIELD...] [--page HOST/FILE] [--write]

FIELD is title, published or authors. It prints each change; only --write saves
them. Expectations are written by reading the pages: look at every change
against the page before saving it, and never rewrite a field to make a test pass.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.page import extract_page  # noqa: E402
from tests.crawler.page_cases import FIXTURES, cases  # noqa: E402

FIELDS = {"title": lambda p: p.title, "published": lambda p: p.published,
          "authors": lambda p: [p.author] if p.author else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fields", nargs="+", choices=sorted(FIELDS))
    ap.add_argument("--page", help="only this case (host/file.html)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--write", action="store_true", help="save the changes")
    args = ap.parse_args()
    changed = 0
    for case in cases(args.shared):
        if case.kind != "article" or (args.page and case.name != args.page):
            continue
        page = extract_page(case.path.read_bytes(), case.url, fetched_at=case.fetched)
        path = FIXTURES / case.name.replace(".html", ".expected.json")
        expected = json.loads(path.read_text(encoding="utf-8"))
        for f in args.fields:
            new = FIELDS[f](page)
            if new != expected.get(f):
                print(f"{case.name}: {f}: {expected.get(f)!r} -> {new!r}")
                expected[f] = new
                changed += 1
        if args.write:
            path.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{changed} change(s)" + ("" if args.write else "; none saved (--write saves them)"))


if __name__ == "__main__":
    main()
