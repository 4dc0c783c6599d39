"""Page extraction on the real saved pages (tests/crawler/page_cases.py), antq
beside trafilatura's defaults: dates to the day (and to the minute where the
page prints a time), titles, authors, body paragraphs (the lead included; all
seven for the page with Fundus's expected output) and boilerplate dropped.

    .venv/bin/python bench/pages.py [--pages ../shared] [--per-page] [--write-baseline]

--write-baseline pins antq's totals in tests/crawler/fixtures/baseline.json,
the floor the fixture test holds (do it only when the extractor got better).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"] + [str(ROOT)]

import trafilatura  # noqa: E402

from crawler.page import extract_page  # noqa: E402
from tests.crawler.page_cases import BASELINE, Read, cases, score, totals  # noqa: E402


def antq(case) -> Read:
    page = extract_page(case.path.read_bytes(), case.url, fetched_at=case.fetched)
    return Read(page.title, page.published, page.author, page.text)


def trafilatura_defaults(case) -> Read:
    html = case.path.read_bytes().decode("utf-8", errors="replace")
    doc = trafilatura.bare_extraction(html, url=case.url, with_metadata=True)
    if doc is None:
        return Read(None, None, None, "")
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    return Read(get("title"), get("date"), get("author"), get("text") or "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared", help="where sites/pages is")
    ap.add_argument("--per-page", action="store_true")
    ap.add_argument("--write-baseline", action="store_true")
    args = ap.parse_args()
    articles = [c for c in cases(args.pages) if c.kind == "article"]
    results = {}
    for name, reader in (("antq", antq), ("trafilatura (defaults)", trafilatura_defaults)):
        scores = []
        for c in articles:
            s = score(c, reader(c))
            scores.append(s)
            if args.per_page:
                misses = [k for k, (right, asked) in s.items() if right < asked]
                print(f"{name:24} {c.name:45} misses: {', '.join(misses) or '-'}")
        results[name] = totals(scores)
    keys = list(results["antq"])
    print(f"{len(articles)} article pages from {args.pages / 'sites' / 'pages'}")
    print(f"{'measure':22}" + "".join(f"{n:>24}" for n in results))
    for k in keys:
        print(f"{k:22}" + "".join(f"{r.get(k, 0):>24.3f}" for r in results.values()))
    if args.write_baseline:
        BASELINE.write_text(json.dumps(results["antq"], indent=1) + "\n", encoding="utf-8")
        print(f"pinned antq's totals in {BASELINE}")


if __name__ == "__main__":
    main()
