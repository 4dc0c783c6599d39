"""Synthetic extraction records in the contract's shape, for load tests and
benchmarks: real units from the gazetteer, plausible indicators and values.
Not real news; `doc_id`s start with "synthetic-"."""
from __future__ import annotations

import random
from typing import Iterator

from nlp.gazetteer import LEGACY, load as load_gazetteer
from nlp.indicators import INDICATORS
from nlp.version import NLP_VERSION

_SENTENCE = "Trong năm {year}, huyện đã có {value} {unit} theo báo cáo của Công an huyện."


def records(n: int, *, figures_per_article: int = 20, seed: int = 0, start: int = 0) -> Iterator[dict]:
    rng = random.Random(seed)
    districts = [u for u in load_gazetteer().units if u.gazetteer == LEGACY and u.level == "district"]
    for i in range(start, start + n):
        d = rng.choice(districts)
        year = rng.choice((2021, 2022, 2023, 2024))
        text_parts, figures, pos = [], [], 0
        for _ in range(figures_per_article):
            value = rng.randint(1, 5000)
            indicator = rng.choice(INDICATORS)
            sentence = _SENTENCE.format(year=year, value=value, unit="tổ an ninh")
            s = pos + sentence.index(str(value))
            figures.append({"text": f"{value} tổ an ninh", "value": value, "total": None, "unit": "tổ an ninh",
                            "indicator": indicator, "approx": None, "period": f"năm {year}",
                            "period_start": f"{year}-01-01", "period_end": f"{year}-12-31", "period_kind": "year",
                            "start": s, "end": s + len(f"{value} tổ an ninh"),
                            "sentence_start": pos, "sentence_end": pos + len(sentence), "confidence": 0.9})
            text_parts.append(sentence)
            pos += len(sentence) + 1
        yield {
            "doc_id": f"synthetic-{i}", "url": f"http://127.0.0.1/synthetic/{i}.html",
            "title": f"Bài tổng hợp số {i} về huyện {d.name}", "published": f"{year}-12", "text": " ".join(text_parts),
            "primary_locality": {"level": "district", "name": d.name, "province": d.province, "code": d.code,
                                 "district_code": d.code, "province_code": d.province_code, "gazetteer": LEGACY,
                                 "start": 0, "end": 0, "mentions": 1},
            "localities": [], "figures": figures,
            "models": [{"name": "Camera an ninh", "count": rng.randint(1, 50), "family": "camera", "start": 0, "end": 0}],
            "units": [{"name": f"Công an huyện {d.name}", "kind": "police", "start": 0, "end": 0}],
            "legal_refs": ["Chỉ thị số 09-CT/TW"],
            "legal_ref_details": [{"text": "Chỉ thị số 09-CT/TW", "key": "chi-thi:9/ct/tw", "doc_type": "Chỉ thị",
                                   "start": 0, "end": 0}],
            "nlp_version": NLP_VERSION,
        }
