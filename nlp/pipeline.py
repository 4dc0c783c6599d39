"""The NLP stage in one call: article text in, the contract's Extraction out.

The work is a spaCy pipeline (nlp/language.py, nlp/components.py, declared in
nlp/data/pipeline.cfg); this module guards its input and reads its output."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from nlp.components import to_extraction
from nlp.language import pipeline
from nlp.normal_form import map_offsets, normal_form
from nlp.records import Extraction
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
    if not isinstance(text, str) or not text.strip():
        return Extraction(doc_id=doc_id, nlp_version=NLP_VERSION, warnings=["empty text"])
    nlp = pipeline()
    read, back = normal_form(clean(text[:MAX_CHARS]))
    doc = nlp.make_doc(read)
    if len(text) > MAX_CHARS:
        doc._.warnings.append(f"text of {len(text):,} characters; only the first {MAX_CHARS:,} were read")
    doc._.title, doc._.province = (unicodedata.normalize("NFC", s) if s else s for s in (title, province))
    doc._.published = published
    extraction = to_extraction(nlp(doc), doc_id)
    if back is not None:
        map_offsets(extraction, back)
    return extraction
