"""Finds legal references (directives, resolutions, circulars, plans ...) cited
by number, each with a canonical key, so that "Chỉ thị số 09-CT/TW",
"Chỉ thị 09-CT/TW" and "09/CT-TW" are one reference."""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from nlp import lexicon
from nlp.records import LegalRef

CODE = r"\d+(?:\s*[/\-]\s*[\wĐđ]+)*"


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    d = lexicon.load("legal")
    types = "|".join(re.escape(t) for t in sorted(d["doc_types"], key=len, reverse=True))
    typed = re.compile(rf"(?<!\w)(?P<type>{types})(?:\s+(?:số|liên tịch số))?\s+(?P<code>{CODE})(?![\w])")
    bare = re.compile(r"(?<![\w/\-])(?P<code>\d+\s*[/\-]\s*(?:\d{4}\s*/\s*)?(?P<letters>[A-ZĐ][\wĐđ]*)(?:\s*[/\-]\s*[\wĐđ]+)+)")
    return typed, bare


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
    codes = lexicon.load("legal")["codes"]
    for part in re.split(r"\s*[/\-]\s*", code):
        if part in codes:
            return codes[part]
    return None


def _same_document(a: str, b: str) -> bool:
    """'chi-thi:9' (no code letters) names the same document as 'chi-thi:9/ct/tw'."""
    return a == b or b.startswith(a + "/") or a.startswith(b + "/")


def find_legal_refs(text: str, end: int | None = None) -> list[LegalRef]:
    """Each cited document once, under its first wording."""
    end = len(text) if end is None else end
    typed, bare = _patterns()
    found: list[LegalRef] = []
    for m in typed.finditer(text, 0, end):
        code = m["code"]
        found.append(LegalRef(m.group().strip(), canonical_key(m["type"], code), m["type"], m.start(), m.end()))
    for m in bare.finditer(text, 0, end):
        if any(r.start <= m.start() < r.end for r in found):
            continue
        doc_type = _type_from_code(m["code"])
        if doc_type:
            found.append(LegalRef(m.group().strip(), canonical_key(doc_type, m["code"]), doc_type, m.start(), m.end()))
    found.sort(key=lambda r: r.start)
    out: list[LegalRef] = []
    for ref in found:
        if not any(_same_document(ref.key, o.key) for o in out):
            out.append(ref)
    return out
