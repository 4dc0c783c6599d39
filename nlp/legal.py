"""Finds legal references (directives, resolutions, circulars, plans ...) cited
by number, each with a canonical key, so that "Chỉ thị số 09-CT/TW",
"Chỉ thị 09-CT/TW" and "09/CT-TW" are one reference.

On the syllable tokens of nlp/language.py, a spaCy PhraseMatcher finds the
document types of nlp/data/legal.toml and a Matcher, with the token patterns
there, reads what follows each (its number) and the numbers whose code letters
name their type. This module checks what patterns cannot say (a bare number
that counts years, a verb's object) and reads each reference as written, from
its document type to the end of its number.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from nlp import language, lexicon
from nlp.records import LegalRef

# the rest of a document number that a site wrote with spaces ("144/2021/ NĐ-CP")
_CODE_TAIL = re.compile(r"(?:\s*[/\-]\s*[\wĐđ]+)*")
# a number with code letters after it, that may name its document type
_CODE_START = re.compile(r"(?<![\w/\-])\d+[/\-](?:\d{4}[/\-])?[A-ZĐ]")
# tokens the longest pattern after a type spans: a qualifier, "số" and a code; a plenum and its term
_WINDOW = 10
# characters those tokens may take, where a number must be for any pattern to match
_REACH = 120
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ROMAN = re.compile(r"[IVXL]+")
# tokens after which a capital letter says nothing: a sentence or list item starts
_SENTENCE_OPENERS = set(".!?:;…-–—•*+“\"'‘«([")
_RESOLUTION = "Nghị quyết"


@dataclass(frozen=True)
class _Lexicon:
    verb_types: frozenset[str]
    measure_words: frozenset[str]
    codes: dict[str, str]


@cache
def _lexicon() -> _Lexicon:
    d = lexicon.load("legal")
    return _Lexicon(
        verb_types=frozenset(t.lower() for t in d["verb_types"]),
        measure_words=frozenset(d["measure_words"]),
        codes=dict(d["codes"]),
    )


@cache
def _matchers(vocab: Vocab) -> dict[str, Matcher]:
    """One Matcher per group of legal.toml ("after_type", "after_resolution",
    "alone"), keyed by its pattern kinds ("numbered", "central" ...): each
    place is matched only with the patterns that may start there."""
    d = lexicon.load("legal")
    out = {}
    for group, kinds in d["patterns"].items():
        out[group] = Matcher(vocab, validate=True)
        for kind, alternatives in kinds.items():
            out[group].add(kind, [[d["tokens"][t] if isinstance(t, str) else t for t in alt] for alt in alternatives])
    return out


@cache
def _type_finder(vocab: Vocab) -> PhraseMatcher:
    finder = PhraseMatcher(vocab, attr="LOWER")
    tokenize = language.SyllableTokenizer(vocab)
    d = lexicon.load("legal")
    for doc_type in [*d["doc_types"], *d["abbreviations"]]:
        finder.add(doc_type, [tokenize(doc_type)])
    return finder


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


def _reference(doc: Doc, text: str, type_name: str, doc_type: Span | None, rest: Span, kind: str,
               end: int) -> _Found | None:
    """The reference made of `doc_type` (None for a bare code), a `type_name`
    of legal.toml, and the tokens `rest` that the pattern `kind` matched after it."""
    start = doc_type.start_char if doc_type is not None else rest.start_char
    # a type written out in capitals (not an abbreviation: "QĐ" is its usual form)
    shouted = doc_type is not None and doc_type.text.lower() == type_name.lower() and all(t.is_upper for t in doc_type)
    if kind == "central":
        number = next(t.text for t in rest if t.text.isdigit())
        term = next((t.text for t in rest[-2:] if _ROMAN.fullmatch(t.text)), None)
        key = "nghi-quyet:tw-" + number + (f"/{term.lower()}" if term else "")
        return _Found(LegalRef(text[start:rest.end_char], key, _RESOLUTION, start, rest.end_char), shouted)
    code_token = rest[-1]
    tail = _CODE_TAIL.match(text, code_token.idx + len(code_token), end)
    code_end = tail.end() if tail else code_token.idx + len(code_token)
    code = text[code_token.idx:code_end]
    if doc_type is None:
        type_name = _type_from_code(code)
        if type_name is None:
            return None
        return _Found(LegalRef(code, canonical_key(type_name, code), type_name, start, code_end), False)
    if code.isdigit() and len(rest) == 1:
        # a bare number may be a year, a count or what a verb acts on, not a document's number
        if _YEAR.fullmatch(code) or _counts_something(doc, code_token.i + 1):
            return None
        lower = doc_type[0].is_lower or _starts_sentence(doc, doc_type.start)
        if lower and type_name.lower() in _lexicon().verb_types:
            return None
    ref = LegalRef(text[start:code_end], canonical_key(type_name, code), type_name, start, code_end)
    return _Found(ref, shouted)


def _readings(doc: Doc, text: str, end: int):
    """(type name, its tokens or None, matched tokens after them, pattern kind) wherever a
    reference may start. The Matcher runs only after a document type found by
    the PhraseMatcher, and on numbers with a code, because it walks each token
    in Python while the PhraseMatcher is a hash lookup; and only where a
    number follows, as no pattern reads a reference without one."""
    matchers, abbreviations = _matchers(doc.vocab), lexicon.load("legal")["abbreviations"]
    for match_id, s, e in _type_finder(doc.vocab)(doc):
        last = doc[e - 1]
        if not _DIGIT.search(text, last.idx + len(last), last.idx + len(last) + _REACH):
            continue
        type_name = doc.vocab.strings[match_id]
        if type_name in abbreviations:
            type_name, groups = abbreviations[type_name], ("after_abbreviation",)
        elif type_name == _RESOLUTION:
            groups = ("after_type", "after_resolution")
        else:
            groups = ("after_type",)
        window = doc[e:e + _WINDOW]
        for group in groups:
            for rest in matchers[group](window, as_spans=True):
                if rest.start == e:
                    yield type_name, doc[s:e], rest, rest.label_
    for m in _CODE_START.finditer(text, 0, end):
        token = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if token is not None:
            for rest in matchers["alone"](doc[token.start:token.start + 1], as_spans=True):
                yield "", None, rest, rest.label_


def find_in_doc(doc: Doc, end: int | None = None) -> list[LegalRef]:
    """Each document cited in doc.text[:end] once, under its first wording (the
    first not in capitals, when a headline shouted it first)."""
    text = language.text_of(doc)
    end = len(text) if end is None else end
    candidates: dict[tuple[int, int], _Found] = {}
    spans = []
    for type_name, doc_type, rest, kind in _readings(doc, text, end):
        found = _reference(doc, text, type_name, doc_type, rest, kind, end)
        if found is None or found.ref.end > end:
            continue
        span = doc[doc_type.start if doc_type is not None else rest.start:rest.end]
        old = candidates.get((span.start, span.end))
        if old is None:
            spans.append(span)
        # of two readings of the same tokens, the longer document type ("Thông tư liên tịch")
        if old is None or len(found.ref.doc_type) > len(old.ref.doc_type):
            candidates[(span.start, span.end)] = found
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
