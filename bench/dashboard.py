"""Dashboard time to first render on a large synthetic warehouse.

    .venv/bin/python bench/dashboard.py [--articles 100000] [--db PATH]

Builds (or reuses, with --db) a warehouse of synthetic articles through the
real loader, then renders the compare page and the map with Streamlit's own
test harness (AppTest) in a fresh session each time, cold caches included,
and prints the time to the first complete render of each (median of 5).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]

APP = str(HERE.parent / "dashboard" / "app.py")


def build(path: Path, n: int) -> None:
    from warehouse import loader, store, synthetic

    with store.writer(path) as con:
        for start in range(0, n, 10_000):
            loader.load(con, synthetic.records(min(10_000, n - start), start=start, seed=start))


def first_render(page: str) -> float:
    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None)
    a = ap.parse_args()
    path = a.db or Path(tempfile.mkdtemp()) / "dashboard-bench.duckdb"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, a.articles)
        print(f"built {a.articles:,} synthetic articles into {path} in {time.perf_counter() - t0:.0f} s")
    os.environ["ANTQ_DB"] = str(path)
    for page in ("compare", "map"):
        times = []
        for _ in range(5):
            import streamlit as st
            st.cache_data.clear()
            st.cache_resource.clear()
            times.append(first_render(page))
        print(f"{page:<8} first render: median {statistics.median(times):.2f} s, worst {max(times):.2f} s "
              "(app start, overview, then the page; cold caches)")


if __name__ == "__main__":
    main()
