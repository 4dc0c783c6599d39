"""The NLP stage's steps as spaCy components (nlp/data/pipeline.cfg puts them in order).

Each is a `@Language.factory` that calls the module doing the work and leaves
its results as spans in `doc.spans[key]` ("figures", "models", "units",
"localities", "legal_refs"); each span's contract record is `span._.record`
(a Figure, Model, Unit, Locality or LegalRef), and `to_extraction` builds the
Extraction from the Doc. Later steps enrich the records earlier ones made:
indicators and periods complete each Figure.

Document-level values are Doc extensions: `title`, `published` and `province`
(given by the caller; `antq_header` completes the first two from the text),
`body_end`, `primary_locality` and `warnings`.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import boilerplate, dates, document, indicators, legal, periods, segment, span_candidates, span_filter
from nlp.figures import find_figures
from nlp.language import text_of
from nlp.localities import find_localities
from nlp.models import find_models
from nlp.records import Extraction, Figure
from nlp.units import find_units
from nlp.version import NLP_VERSION

for _name in ("title", "published", "province", "body_end", "primary_locality"):
    Doc.set_extension(_name, default=None, force=True)
Doc.set_extension("warnings", default=[], force=True)  # spaCy copies a mutable default per Doc
# Records behind each spans key, in span order; a span's id is its record's index.
Doc.set_extension("records", default={}, force=True)
Doc.set_extension("raw_figures", default=[], force=True)
Span.set_extension("record", getter=lambda span: span.doc._.records[span.label_][span.id], force=True)
Span.set_extension("raw", getter=lambda span: span.doc._.raw_figures[span.id], force=True)


def _span(doc: Doc, start: int, end: int, label: str, i: int) -> Span:
    """The tokens covering text[start:end]; empty at `start` when no token does."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand", span_id=i)
    if span is None:
        at = next((t.i for t in doc if t.idx + len(t) > start), len(doc))
        span = Span(doc, at, at, label=label, span_id=i)
    return span


def put(doc: Doc, key: str, records: list[Any]) -> None:
    """Records with `start`/`end` offsets as the spans doc.spans[key]."""
    doc._.records[key] = list(records)
    doc.spans[key] = [_span(doc, r.start, r.end, key, i) for i, r in enumerate(records)]


def records(doc: Doc, key: str) -> list[Any]:
    """The records of the spans doc.spans[key], in span order (as `span._.record`
    reads them, without its cost per span)."""
    if key not in doc.spans:
        return []
    store = doc._.records[key]
    return [store[span.id] for span in doc.spans[key]]


def _end(doc: Doc) -> int:
    return doc._.body_end if doc._.body_end is not None else len(text_of(doc))


@Language.factory("antq_header", default_config={})
def make_header(nlp: Language, name: str):
    def header(doc: Doc) -> Doc:
        given = doc._.published
        found = document.read_header(text_of(doc))
        doc._.title = doc._.title or found.title
        doc._.published = dates.normalise(given) or found.published
        if given is not None and dates.normalise(given) is None:
            doc._.warnings.append(f"published date {given!r} not understood; ignored")
        return doc
    return header


@Language.factory("antq_body_end", default_config={})
def make_body_end(nlp: Language, name: str):
    def body_end(doc: Doc) -> Doc:
        doc._.body_end = boilerplate.body_end(text_of(doc))
        return doc
    return body_end


@Language.factory("antq_legal_refs", default_config={"spans_key": "legal_refs"})
def make_legal_refs(nlp: Language, name: str, spans_key: str):
    def legal_refs(doc: Doc) -> Doc:
        end = _end(doc)
        refs = legal.find_in_doc(doc, end)
        legal.remember(text_of(doc), end, refs)  # find_figures asks again, to skip document numbers
        put(doc, spans_key, refs)
        return doc
    return legal_refs


@Language.factory("antq_figures", default_config={"spans_key": "figures"})
def make_figures(nlp: Language, name: str, spans_key: str):
    """Figures with their sentence; indicator and period are left to later steps."""
    def figures(doc: Doc) -> Doc:
        text, end = text_of(doc), _end(doc)
        raw = find_figures(text, end)
        sents = segment.sentences(text[:end])
        found = []
        for f in raw:
            s = segment.sentence_at(sents, f.quantity.start)
            start, stop = (s.start, max(s.end, f.end)) if s else (f.quantity.start, f.end)
            q = f.quantity
            found.append(Figure(
                text=f.text, value=q.value, unit=f.unit, indicator="", start=q.start, end=f.end,
                total=q.total, value_max=q.value_max, approx=q.approx,
                sentence_start=start, sentence_end=stop))
        doc._.raw_figures = raw
        put(doc, spans_key, found)
        return doc
    return figures


@Language.factory("antq_indicators", default_config={"spans_key": "figures"})
def make_indicators(nlp: Language, name: str, spans_key: str):
    def assign_indicators(doc: Doc) -> Doc:
        spans = doc.spans[spans_key] if spans_key in doc.spans else []
        figures = [s._.record for s in spans]
        labels = indicators.assign(text_of(doc), [s._.raw for s in spans],
                                   [(f.sentence_start, f.sentence_end) for f in figures])
        for f, (indicator, confidence) in zip(figures, labels):
            f.indicator, f.confidence = indicator, round(confidence, 3)
        return doc
    return assign_indicators


@Language.factory("antq_periods", default_config={"spans_key": "figures"})
def make_periods(nlp: Language, name: str, spans_key: str):
    def assign_periods(doc: Doc) -> Doc:
        text = text_of(doc)
        in_sentence: dict[tuple[int, int], list[periods.Period]] = {}
        for f in records(doc, spans_key):
            sentence = (f.sentence_start, f.sentence_end)
            if sentence not in in_sentence:
                in_sentence[sentence] = periods.find_periods(text, *sentence, doc._.published)
            p = periods.period_for(in_sentence[sentence], f.start, f.end)
            if p:
                f.period, f.period_start, f.period_end, f.period_kind = p.text, p.date_start, p.date_end, p.kind
        return doc
    return assign_periods


def _filter(doc: Doc, item: str, learned: bool) -> None:
    """Where a learned filter is on (or one is in use), it keeps or drops the rules'
    records of `item` and their near misses (nlp/span_filter.py)."""
    model = span_filter.active(item, learned)
    if model is not None:
        put(doc, item, span_filter.choose(text_of(doc), item, span_candidates.of_doc(doc, item), model))


@Language.factory("antq_models", default_config={"spans_key": "models", "learned": False})
def make_models(nlp: Language, name: str, spans_key: str, learned: bool):
    def models(doc: Doc) -> Doc:
        put(doc, spans_key, find_models(text_of(doc), _end(doc)))
        _filter(doc, spans_key, learned)
        return doc
    return models


@Language.factory("antq_units", default_config={"spans_key": "units", "models_key": "models",
                                                "localities_key": "localities", "learned": False})
def make_units(nlp: Language, name: str, spans_key: str, models_key: str, localities_key: str, learned: bool):
    """Units; reads the figures (a team kind takes its count) and models found before, and
    the localities (a level word alone takes the place the article implies)."""
    def units(doc: Doc) -> Doc:
        put(doc, spans_key, find_units(text_of(doc), _end(doc), doc._.raw_figures, records(doc, models_key),
                                       primary=doc._.primary_locality, localities=records(doc, localities_key)))
        _filter(doc, spans_key, learned)
        return doc
    return units


@Language.factory("antq_localities", default_config={"spans_key": "localities", "learned": False})
def make_localities(nlp: Language, name: str, spans_key: str, learned: bool):
    def localities(doc: Doc) -> Doc:
        doc._.primary_locality, found = find_localities(
            text_of(doc), _end(doc), title=doc._.title, published=doc._.published, province=doc._.province)
        put(doc, spans_key, found)
        _filter(doc, spans_key, learned)
        return doc
    return localities


@Language.factory("antq_figure_scopes", default_config={"figures_key": "figures", "localities_key": "localities"})
def make_figure_scopes(nlp: Language, name: str, figures_key: str, localities_key: str):
    """Each figure's own locality when it is not the primary one: nlp/scopes.py
    sets `Figure.locality` in place. Runs after the localities."""
    from nlp import scopes

    def figure_scopes(doc: Doc) -> Doc:
        scopes.assign(text_of(doc), records(doc, figures_key), doc._.primary_locality, records(doc, localities_key))
        return doc
    return figure_scopes


def to_extraction(doc: Doc, doc_id: str | None = None) -> Extraction:
    """The contract's Extraction, read from a Doc the pipeline has run on."""
    return Extraction(
        doc_id=doc_id, title=doc._.title, published=doc._.published,
        primary_locality=doc._.primary_locality, localities=records(doc, "localities"),
        figures=records(doc, "figures"), models=records(doc, "models"), units=records(doc, "units"),
        legal_refs=records(doc, "legal_refs"), body_end=doc._.body_end,
        nlp_version=NLP_VERSION + indicators.model_tag(), warnings=list(doc._.warnings),
    )
