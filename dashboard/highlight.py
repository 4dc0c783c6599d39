"""An article's text with its figures, models, units and places marked, drawn by
spaCy's displaCy span renderer from plain offsets (manual mode). displaCy escapes
every token; labels are escaped here. The result is HTML for st.html, which does
not read Markdown, so crawled text stays text whatever it contains."""
from __future__ import annotations

import html
import re

from spacy import displacy

COLOURS = {"figure": "#f5b700", "model": "#3b8bd9", "unit": "#8e6bd6", "locality": "#3aa655"}
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")
_WORDS = re.compile(r"\S+")


def _tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Whitespace tokens of `text`, split again wherever a span starts or ends inside one."""
    out = []
    for m in _WORDS.finditer(text):
        start = m.start()
        for cut in sorted(c for c in cuts if m.start() < c < m.end()):
            out.append((start, cut))
            start = cut
        out.append((start, m.end()))
    return out


def paragraph(text: str, spans: list[tuple[int, int, str, str]], names: dict[str, str]) -> str:
    """One paragraph as displaCy span HTML; spans are (start, end, kind, label) in its offsets."""
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    tokens = _tokens(text, {p for s in spans for p in s[:2]})
    if not tokens:
        return ""
    first = {start: i for i, (start, _) in enumerate(tokens)}
    last = {end: i for i, (_, end) in enumerate(tokens)}
    doc_spans, colours = [], {}
    for start, end, kind, label in spans:
        if start in first and end in last:
            shown = html.escape(f"{names.get(kind, kind)}: {label}" if label else names.get(kind, kind))
            doc_spans.append({"start_token": first[start], "end_token": last[end] + 1, "label": shown})
            colours[shown] = COLOURS.get(kind, "#999")
    doc = {"text": text, "tokens": [text[s:e] for s, e in tokens], "spans": doc_spans}
    return displacy.render(doc, style="span", manual=True, page=False, options={"colors": colours})


def render(text: str, spans: list[tuple[int, int, str, str]], names: dict[str, str]) -> str:
    """The whole text, paragraph by paragraph; spans are (start, end, kind, label) in text offsets.
    A span that crosses a paragraph break is left out."""
    parts, pos = [], 0
    for m in list(_PARAGRAPHS.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        inside = [(s - pos, e - pos, k, lab) for s, e, k, lab in spans if pos <= s and e <= end]
        body = paragraph(text[pos:end], inside, names)
        if body:
            parts.append(body)
        pos = m.end() if m else len(text)
    # displaCy's labels are absolutely placed boxes as wide as their first token: keep them on one line
    style = '<style>.spans span[style*="z-index: 10"] { white-space: nowrap; }</style>'
    return style + "\n".join(f'<div style="margin-bottom:0.6em">{p}</div>' for p in parts)
