"""antq's Vietnamese spaCy `Language` and its syllable tokenizer.

Vietnamese writes one syllable per space-separated unit, so rules give good
tokens fast: syllables, punctuation apart, and numbers and document codes kept
whole ("4.700", "13/13", "11.114,65", "09-CT/TW", "144/2021/NĐ-CP"). Word
segmentation (underthesea) is far slower and glues numbers to nouns; no step
needs it (nlp/segment.py says why the classifier reads syllables).

The pipeline is declared in nlp/data/pipeline.cfg; `pipeline()` builds it once.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from spacy import util
from spacy.language import BaseDefaults, Language
from spacy.lang.vi.lex_attrs import LEX_ATTRS
from spacy.lang.vi.stop_words import STOP_WORDS
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

_NUMBER = r"\d+(?:[.,]\d+)*"
_MARK = r"(?:[^\w\s]|_)"
# spaCy's rule tokenizer splits on spaces and caches what each chunk became, so
# the many repeated syllables cost a lookup. Its rules here: a number with its
# code or ratio parts stays whole ("4.700", "13/13", "09-CT/TW", "26/1.664");
# marks come off a chunk's ends ("“Camera", "ninh”;") and split it next to a
# letter ("tổ/17.810", "TP.Hồ") or between digits ("10:19"); digits part from
# the letters after them ("6km", "17.810đ"); letters keep the digits after them
# ("km2", "PV28"). Line breaks and runs of spaces become tokens.
_WHOLE = re.compile(rf"^{_NUMBER}(?:[/\-](?:{_NUMBER}|[^\W\d_]+\d*))*$")
_PREFIX = re.compile(rf"^{_MARK}")
_SUFFIX = re.compile(rf"{_MARK}$")
_INFIX = re.compile(
    rf"(?<=[^\W\d_]){_MARK}|{_MARK}(?=[^\W\d_])"
    r"|(?<=\d)(?:[^\w\s.,/\-]|_)|(?:[^\w\s.,/\-]|_)(?=\d)"
    r"|(?<=\d)(?=[^\W\d_])"
)
TEXT_KEY = "antq.text"


class SyllableTokenizer(DummyTokenizer):
    """Text -> Doc of syllables, numbers and punctuation; `doc.text == text`."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.rules = Tokenizer(vocab, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search,
                               infix_finditer=_INFIX.finditer, token_match=_WHOLE.match)

    def __call__(self, text: str) -> Doc:
        doc = self.rules(text)
        doc.user_data[TEXT_KEY] = text  # see text_of
        return doc


@registry.tokenizers("antq.vi.syllables.v1")
def create_syllable_tokenizer():
    def make(nlp: Language) -> SyllableTokenizer:
        return SyllableTokenizer(nlp.vocab)
    return make


class VietnameseDefaults(BaseDefaults):
    config = util.load_config_from_str('[nlp]\n\n[nlp.tokenizer]\n@tokenizers = "antq.vi.syllables.v1"\n')
    lex_attr_getters = LEX_ATTRS
    stop_words = STOP_WORDS


@registry.languages("antq_vi")
class Vietnamese(Language):
    """Vietnamese under antq's own name, so spaCy's "vi" (which needs pyvi) stays as it is."""
    lang = "antq_vi"
    Defaults = VietnameseDefaults


def text_of(doc: Doc) -> str:
    """doc.text, joined once per Doc: components pass it to functions on strings."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@cache
def pipeline() -> Language:
    """The whole NLP stage as a spaCy pipeline, from nlp/data/pipeline.cfg."""
    from nlp import components  # noqa: F401  (registers the component factories)

    cfg = resources.files("nlp").joinpath("data", "pipeline.cfg").read_text(encoding="utf-8")
    return util.load_model_from_config(util.load_config_from_str(cfg), auto_fill=True)


@cache
def tokenizer() -> SyllableTokenizer:
    """The tokenizer alone, for modules that match on tokens outside the pipeline."""
    return Vietnamese().tokenizer
