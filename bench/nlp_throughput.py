"""NLP throughput on one core: full extraction vs underthesea's word segmentation alone.

    .venv/bin/python bench/nlp_throughput.py [--articles 200]

Reads the gold seeds from ../shared (the mirror's generated articles if it is absent), repeats
them to the requested count, and prints articles/s and characters/s for
`nlp.extract`, for making its spaCy Doc alone (the syllable tokenizer) and for
`underthesea.word_tokenize` on the same texts, the ratio of the first and the
last, the one-off start-up cost, and the peak memory of the process. The three
run in turn on each article and are timed in CPU time, so that the ratio holds
on a busy machine: it is the figure to compare across machines and days.
"""
from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def corpus() -> tuple[str, list[str]]:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
    if seeds.is_dir():
        return "gold seeds", [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    from crawler.mirror_content import article
    return "mirror's generated articles", ["\n".join((a.title, *a.paragraphs)) for a in map(article, range(50))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    n = ap.parse_args().articles
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    t0 = time.perf_counter()
    import nlp
    from underthesea import word_tokenize
    nlp.extract("Xã có 12 tổ an ninh nhân dân ở huyện Vĩnh Lộc.")  # loads gazetteer, trains the classifier
    startup = time.perf_counter() - t0

    name, texts = corpus()
    docs = [texts[i % len(texts)] for i in range(n)]
    chars = sum(map(len, docs))

    from nlp.language import pipeline
    steps = {"extract": nlp.extract, "tokenizer": pipeline().make_doc, "segment": word_tokenize}
    wall = dict.fromkeys(steps, 0.0)
    cpu = dict.fromkeys(steps, 0.0)
    # the three run article by article, so a busy machine slows each of them alike
    for d in docs:
        for step, fn in steps.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fn(d)
            wall[step] += time.perf_counter() - t0
            cpu[step] += time.process_time() - c0
    full, tok, seg = wall["extract"], cpu["tokenizer"], cpu["segment"]

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {n} articles from the {name}, {chars:,} characters, one core")
    print(f"start-up (imports, gazetteer, classifier): {startup:.2f} s, once per process")
    print(f"nlp.extract:              {n / full:8.1f} articles/s  {chars / full:10,.0f} chars/s  {1000 * full / n:6.1f} ms/article")
    # CPU time leaves out the waits for a core that other processes on a shared machine cause
    c = cpu["extract"]
    print(f"nlp.extract, CPU time:    {n / c:8.1f} articles/s  {chars / c:10,.0f} chars/s  {1000 * c / n:6.1f} ms/article")
    print(f"spaCy Doc, CPU time:      {n / tok:8.1f} articles/s  {chars / tok:10,.0f} chars/s  {1000 * tok / n:6.1f} ms/article")
    print(f"word_tokenize, CPU time:  {n / seg:8.1f} articles/s  {chars / seg:10,.0f} chars/s  {1000 * seg / n:6.1f} ms/article")
    print(f"ratio extract / word_tokenize speed (CPU time): {seg / c:.2f}")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
