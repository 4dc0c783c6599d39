"""Splits text into word and punctuation tokens with their offsets, and matches
multi-word lexicon entries on them (case-insensitively)."""
from __future__ import annotations

import re
import sys

TOKEN = re.compile(r"[^\W\d_]+[²]?\d?|\d+(?:[.,]\d+)*|\S")
# Each opening quote with the marks that may close it: sites mix straight and curly quotes.
QUOTES_OPEN = {"“": "”\"", '"': '"”', "‘": "’'", "'": "'’", "«": "»"}


class Token:
    """A word, number or mark with its offsets; read-only by use. A slotted class
    with its lower-case form computed once, because rules build and compare
    thousands of these per article."""
    __slots__ = ("text", "start", "end", "lower")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.lower = text.lower()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_capitalized(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_acronym(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


def _token(m: re.Match) -> Token:
    # filled slot by slot, without a call to __init__: rules make thousands per article
    t = Token.__new__(Token)
    t.text = word = m.group()
    t.start, t.end = m.span()
    t.lower = word.lower()
    return t


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [_token(m) for m in TOKEN.finditer(text, start, end)]


class TokenRun:
    """The tokens of text[start:end], made only as far as they are read. A rule that
    reads the noun phrase after a number looks at a few words of a window of a few
    hundred characters; tokenizing the whole window was a tenth of the NLP time."""
    __slots__ = ("_matches", "_tokens")

    def __init__(self, text: str, start: int, end: int):
        self._matches = TOKEN.finditer(text, start, end)
        self._tokens: list[Token] = []

    def _upto(self, n: int) -> list[Token]:
        """The tokens made so far, after making them up to the n-th (or the window's end)."""
        tokens = self._tokens
        while len(tokens) < n and self._matches is not None:
            m = next(self._matches, None)
            if m is None:
                self._matches = None
            else:
                tokens.append(_token(m))
        return tokens

    def reaches(self, i: int) -> bool:
        """Whether the window has a token at index i."""
        return len(self._upto(i + 1)) > i

    def __getitem__(self, k):
        if isinstance(k, slice):
            whole = k.stop is None or k.stop < 0 or (k.start or 0) < 0 or k.step is not None
            return self._upto(sys.maxsize if whole else k.stop)[k]
        return self._upto(sys.maxsize if k < 0 else k + 1)[k]

    def __len__(self) -> int:
        return len(self._upto(sys.maxsize))

    def __bool__(self) -> bool:
        return self.reaches(0)


class Phrases:
    """A set of multi-word phrases, matched on lower-cased tokens."""

    def __init__(self, phrases):
        self.phrases = {p.lower() for p in phrases}
        self.longest = max((len(p.split()) for p in self.phrases), default=0)

    def match_at(self, tokens: list[Token], i: int) -> int:
        """Number of tokens of the longest phrase starting at tokens[i], or 0."""
        words = [t.lower for t in tokens[i:i + self.longest]]
        for n in range(len(words), 0, -1):
            if " ".join(words[:n]) in self.phrases:
                return n
        return 0

    def match_before(self, tokens: list[Token], i: int) -> int:
        """Number of tokens of the longest phrase ending just before tokens[i], or 0."""
        words = [t.lower for t in tokens[max(0, i - self.longest):i]]
        for n in range(len(words), 0, -1):
            if " ".join(words[-n:]) in self.phrases:
                return n
        return 0


_WORD = re.compile(r"\w+")


class PhraseClasses:
    """Named classes of phrases (the cue classes of a lexicon), found in lower-cased
    text on word boundaries. One pass over the words of a text answers for every
    class at once, where a regex per class searched the text once per class."""

    def __init__(self, classes: dict[str, list[str]]):
        self.names = tuple(classes)
        self.of_phrase: dict[str, tuple[str, ...]] = {}
        by_first: dict[str, list[tuple[str, str]]] = {}
        for name, phrases in classes.items():
            for phrase in phrases:
                self.of_phrase[phrase] = (*self.of_phrase.get(phrase, ()), name)
                by_first.setdefault(_WORD.match(phrase).group(), []).append((phrase, name))
        self._by_first = {w: sorted(c, key=lambda pn: -len(pn[0])) for w, c in by_first.items()}

    def find(self, text: str) -> dict[str, tuple[int, int]]:
        """Each class found in `text` with the span of its leftmost phrase (the longest there)."""
        found: dict[str, tuple[int, int]] = {}
        for m in _WORD.finditer(text):
            for phrase, name in self._by_first.get(m.group(), ()):
                if name not in found and text.startswith(phrase, m.start()):
                    end = m.start() + len(phrase)
                    if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
                        found[name] = (m.start(), end)
        return found


def closing_quote(text: str, opener: Token, reach: int = 200) -> int:
    """Offset of the mark that closes the quote opened by `opener` on its line, or -1."""
    limit = min(len(text), opener.end + reach)
    newline = text.find("\n", opener.end, limit)
    limit = newline if newline >= 0 else limit
    found = [i for i in (text.find(c, opener.end, limit) for c in QUOTES_OPEN[opener.text]) if i >= 0]
    return min(found, default=-1)
