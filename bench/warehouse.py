"""Warehouse load throughput and dashboard query latency at scale.

    .venv/bin/python bench/warehouse.py [--articles 100000] [--db PATH]

Builds a synthetic warehouse (warehouse/synthetic.py: 20 figures per article)
through the real writer and loader, timing only the loading, then times the
queries the dashboard runs on a read-only connection: p50/p95 over 30 runs
each, with varying parameters.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

# this script is named like the package it measures: import the package, not itself
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from warehouse import loader, store, synthetic  # noqa: E402

QUERIES = {
    "compare localities": ("SELECT unit_name, province_name, year, value, per_10k FROM locality_outcomes "
                           "WHERE indicator = ? AND level = 'district' ORDER BY per_10k DESC NULLS LAST LIMIT 50"),
    "map": ("SELECT o.unit_name, g.lat, g.lon, o.value, o.per_10k FROM locality_outcomes o "
            "JOIN gaz_provinces g ON g.code = o.unit_code "
            "WHERE o.level = 'province' AND o.indicator = ? AND o.year = 2023"),
    "article search": ("SELECT id, title, published FROM articles WHERE title ILIKE '%' || ? || '%' "
                       "ORDER BY published DESC LIMIT 50"),
}
PARAMS = {
    "compare localities": ["tips_received", "teams_active", "cameras", "safe_units", "awards"],
    "map": ["tips_received", "teams_active", "cameras", "safe_units", "awards"],
    "article search": ["Vĩnh Lộc", "Trạm Tấu", "huyện", "Sơn", "số 99"],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None)
    a = ap.parse_args()
    path = a.db or Path(tempfile.mkdtemp()) / "bench.duckdb"
    chunk, loaded_s, figures = 10_000, 0.0, 0
    t_all = time.perf_counter()
    with store.writer(path) as con:
        for start in range(0, a.articles, chunk):
            records = list(synthetic.records(min(chunk, a.articles - start), start=start, seed=start))
            t0 = time.perf_counter()
            stats = loader.load(con, records)
            loaded_s += time.perf_counter() - t0
            figures += stats.rows["figures"]
    total_s = time.perf_counter() - t_all
    print(f"warehouse: {a.articles:,} articles, {figures:,} figures, {path.stat().st_size / 1e6:,.0f} MB at {path}")
    print(f"load: {a.articles / loaded_s:,.0f} articles/s ({figures / loaded_s:,.0f} figures/s) in the loader; "
          f"{total_s:.1f} s in all, with generating the records, the gazetteer and the swap")

    con = store.connect_reader(path)
    for name, sql in QUERIES.items():
        con.execute(sql, [PARAMS[name][0]]).fetchall()  # first run: open the file's blocks
        times = []
        for i in range(30):
            t0 = time.perf_counter()
            con.execute(sql, [PARAMS[name][i % len(PARAMS[name])]]).fetchall()
            times.append(1000 * (time.perf_counter() - t0))
        q = statistics.quantiles(times, n=20)
        print(f"{name:<20} p50 {statistics.median(times):7.1f} ms   p95 {q[18]:7.1f} ms")


if __name__ == "__main__":
    main()
