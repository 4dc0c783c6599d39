"""The NLP stage in one call: article text in, the contract's Extraction out."""
from __future__ import annotations

import re
from datetime import date

from nlp import boilerplate, dates, document, indicators, periods, scopes, segment
from nlp.figures import find_figures
from nlp.legal import find_legal_refs
from nlp.localities import find_localities
from nlp.models import find_models
from nlp.records import Extraction, Figure
from nlp.units import find_units
from nlp.version import NLP_VERSION

# Text beyond this is not read: a real article is a few tens of kilobytes, and a
# page this large is a dump, not an article.
MAX_CHARS = 400_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Control characters (NUL ...) become spaces, so offsets stay the same."""
    return _CONTROL.sub(" ", text)


def extract(text: str, *, title: str | None = None, published: str | date | None = None,
            province: str | None = None, doc_id: str | None = None) -> Extraction:
    """Figures, indicators, models, units, localities and legal references of one
    article. Offsets are into `text`. Never raises on odd text: it returns what
    it could read, with warnings."""
    out = Extraction(doc_id=doc_id, nlp_version=NLP_VERSION + indicators.model_tag())
    if not isinstance(text, str) or not text.strip():
        out.warnings.append("empty text")
        return out
    if len(text) > MAX_CHARS:
        out.warnings.append(f"text of {len(text):,} characters; only the first {MAX_CHARS:,} were read")
    text = clean(text[:MAX_CHARS])
    header = document.read_header(text)
    out.title = title or header.title
    out.published = dates.normalise(published) or header.published
    if published is not None and dates.normalise(published) is None:
        out.warnings.append(f"published date {published!r} not understood; ignored")
    end = boilerplate.body_end(text)
    out.body_end = end

    raw = find_figures(text, end)
    sents = segment.sentences(text[:end])
    spans = []
    for f in raw:
        s = segment.sentence_at(sents, f.quantity.start)
        spans.append((s.start, max(s.end, f.end)) if s else (f.quantity.start, f.end))
    labels = indicators.assign(text, raw, spans)
    period_cache: dict[tuple[int, int], list[periods.Period]] = {}
    for f, (s, e), (indicator, confidence) in zip(raw, spans, labels):
        if (s, e) not in period_cache:
            period_cache[(s, e)] = periods.find_periods(text, s, e, out.published)
        p = periods.period_for(period_cache[(s, e)], f.quantity.start, f.end)
        q = f.quantity
        out.figures.append(Figure(
            text=f.text, value=q.value, unit=f.unit, indicator=indicator, start=q.start, end=f.end,
            total=q.total, value_max=q.value_max, approx=q.approx,
            period=p.text if p else None, period_start=p.date_start if p else None,
            period_end=p.date_end if p else None, period_kind=p.kind if p else None,
            sentence_start=s, sentence_end=e, confidence=round(confidence, 3),
        ))
    out.models = find_models(text, end)
    out.legal_refs = find_legal_refs(text, end)
    out.primary_locality, out.localities = find_localities(
        text, end, title=out.title, published=out.published, province=province)
    out.units = find_units(text, end, raw, out.models, primary=out.primary_locality, localities=out.localities)
    scopes.assign(text, out.figures, out.primary_locality, out.localities)
    return out
