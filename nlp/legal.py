"""Finds legal references (directives, resolutions, circulars, plans ...) cited
by number, each with a canonical key, so that "Chỉ thị số 09-CT/TW",
"Chỉ thị 09-CT/TW" and "09/CT-TW" are one reference.

A spaCy Matcher finds them on the syllable tokens of nlp/language.py, with the
patterns of nlp/data/legal.toml; this module checks what patterns cannot say
(a bare number that counts years, a verb's object) and reads each reference
as written, from its document type to the end of its number.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp import language, lexicon
from nlp.records import LegalRef

# the rest of a document number that a site wrote with spaces ("144/2021/ NĐ-CP")
_CODE_TAIL = re.compile(r"(?:\s*[/\-]\s*[\wĐđ]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
# tokens after which a capital letter says nothing: a sentence or list item starts
_SENTENCE_OPENERS = set(".!?:;…-–—•*+“\"'‘«([")


@dataclass(frozen=True)
class _Lexicon:
    doc_types: dict[str, str]  # lower-cased -> as listed
    verb_types: frozenset[str]
    measure_words: frozenset[str]
    codes: dict[str, str]


@cache
def _lexicon() -> _Lexicon:
    d = lexicon.load("legal")
    return _Lexicon(
        doc_types={t.lower(): t for t in d["doc_types"]},
        verb_types=frozenset(t.lower() for t in d["verb_types"]),
        measure_words=frozenset(d["measure_words"]),
        codes=dict(d["codes"]),
    )


@cache
def _matcher() -> Matcher:
    """Matcher keys are "kind" or "kind|document type" ("numbered|Chỉ thị")."""
    d = lexicon.load("legal")
    matcher = Matcher(language.pipeline().vocab, validate=True)

    def expand(pattern: list, doc_type: str | None = None) -> list[dict]:
        # "DOC_TYPE" and the names under [tokens] stand for token specs
        out: list[dict] = []
        for t in pattern:
            if t == "DOC_TYPE":
                out.extend({"LOWER": s} for s in doc_type.lower().split())
            else:
                out.append(d["tokens"][t] if isinstance(t, str) else t)
        return out

    for kind, alternatives in d["patterns"].items():
        if any("DOC_TYPE" in alt for alt in alternatives):
            for doc_type in d["doc_types"]:
                matcher.add(f"{kind}|{doc_type}", [expand(alt, doc_type) for alt in alternatives])
        else:
            matcher.add(kind, [expand(alt) for alt in alternatives])
    return matcher


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def canonical_key(doc_type: str, code: str) -> str:
    """'Chỉ thị', '09-CT/TW' -> 'chi-thi:9/ct/tw'; the same for '09/CT-TW'."""
    parts = re.split(r"\s*[/\-]\s*", code.strip())
    number = str(int(parts[0])) if parts[0].isdigit() else parts[0]
    rest = sorted(_fold(p) for p in parts[1:] if not re.fullmatch(r"(19|20)\d\d", p))
    years = [p for p in parts[1:] if re.fullmatch(r"(19|20)\d\d", p)]
    return "/".join([_fold(doc_type).replace(" ", "-") + ":" + number, *years, *rest])


def _type_from_code(code: str) -> str | None:
    codes = _lexicon().codes
    for part in re.split(r"\s*[/\-]\s*", code):
        if part in codes:
            return codes[part]
    return None


def _same_document(a: str, b: str) -> bool:
    """'chi-thi:9' (no code letters) names the same document as 'chi-thi:9/ct/tw'."""
    return a == b or b.startswith(a + "/") or a.startswith(b + "/")


def _starts_sentence(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in _SENTENCE_OPENERS


def _counts_something(doc: Doc, i: int) -> bool:
    """The token after a bare number is a measure ("5 năm", "2 tỷ"), unless a
    number follows it, which makes it a date ("09 ngày 1/12/2011", "06 năm 2022")."""
    if i >= len(doc) or doc[i].lower_ not in _lexicon().measure_words:
        return False
    return not (i + 1 < len(doc) and doc[i + 1].text[0].isdigit())


@dataclass(frozen=True)
class _Found:
    ref: LegalRef
    shouted: bool  # the document type in capitals: a headline, not the article's wording


def _reference(doc: Doc, text: str, span: Span, kind: str, doc_type: str, end: int) -> _Found | None:
    if kind == "central":
        number = next(t.text for t in span if t.text.isdigit())
        term = next((t.text for t in span[-2:] if re.fullmatch(r"[IVXL]+", t.text)), None)
        key = "nghi-quyet:tw-" + number + (f"/{term.lower()}" if term else "")
        return _Found(LegalRef(span.text, key, "Nghị quyết", span.start_char, span.end_char), span[0].is_upper)
    code_token = span[-1]
    tail = _CODE_TAIL.match(text, code_token.idx + len(code_token), end)
    code_end = tail.end() if tail else code_token.idx + len(code_token)
    code = text[code_token.idx:code_end]
    if kind == "bare":
        doc_type = _type_from_code(code)
        if doc_type is None:
            return None
        return _Found(LegalRef(code, canonical_key(doc_type, code), doc_type, span.start_char, code_end), False)
    type_tokens = span[:len(doc_type.split())]
    if code.isdigit() and span[-2].lower_ != "số":
        # a bare number may be a year, a count or what a verb acts on, not a document's number
        if _YEAR.fullmatch(code) or _counts_something(doc, code_token.i + 1):
            return None
        lower = type_tokens[0].is_lower or _starts_sentence(doc, span.start)
        if lower and doc_type.lower() in _lexicon().verb_types:
            return None
    shouted = all(t.is_upper for t in type_tokens)
    ref = LegalRef(text[span.start_char:code_end], canonical_key(doc_type, code), doc_type, span.start_char, code_end)
    return _Found(ref, shouted)


def find_in_doc(doc: Doc, end: int | None = None) -> list[LegalRef]:
    """Each document cited in doc.text[:end] once, under its first wording (the
    first not in capitals, when a headline shouted it first)."""
    text = language.text_of(doc)
    end = len(text) if end is None else end
    vocab = doc.vocab.strings
    candidates: dict[tuple[int, int], _Found] = {}
    spans = []
    for match_id, s, e in _matcher()(doc):
        if doc[e - 1].idx + len(doc[e - 1]) > end:
            continue
        kind, _, doc_type = vocab[match_id].partition("|")
        found = _reference(doc, text, doc[s:e], kind, doc_type, end)
        if found is None:
            continue
        old = candidates.get((s, e))
        if old is None:
            spans.append(doc[s:e])
        # of two readings of the same tokens, the longer document type ("Thông tư liên tịch")
        if old is None or len(found.ref.doc_type) > len(old.ref.doc_type):
            candidates[(s, e)] = found
    out: list[_Found] = []
    for span in filter_spans(spans):
        found = candidates[(span.start, span.end)]
        same = next((i for i, o in enumerate(out) if _same_document(found.ref.key, o.ref.key)), None)
        if same is None:
            out.append(found)
        elif out[same].shouted and not found.shouted:
            out[same] = found
    return sorted((f.ref for f in out), key=lambda r: r.start)


# The pipeline's legal component leaves its result here, so that find_figures'
# own call on the same text (to skip document numbers) does not match again.
_last: tuple[str, int, tuple[LegalRef, ...]] | None = None


def remember(text: str, end: int, refs: list[LegalRef]) -> None:
    global _last
    _last = (text, end, tuple(refs))


def find_legal_refs(text: str, end: int | None = None) -> list[LegalRef]:
    """Each cited document once, under its first wording."""
    end = len(text) if end is None else end
    if _last is not None and _last[1] == end and _last[0] == text:
        return list(_last[2])
    return find_in_doc(language.tokenizer()(text[:end]), end)
