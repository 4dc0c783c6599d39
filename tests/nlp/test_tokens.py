"""Tokens of a window are the same whether scanned alone or read from the text's index."""
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import tokens
from nlp.tokens import Phrases, tokenize

PIECES = ["xã", "Vĩnh", "km2", "4.700", "12,6", "1.2.3", "²", "“", "”", " ", "  ", "\n", "/", "-", "09-CT", "a1", "2,"]


def scanned_alone(text, start, end):
    return [(m.group(), m.start(), m.end()) for m in tokens.TOKEN.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.data())
def test_a_window_read_from_the_index_is_the_window_scanned_alone(monkeypatch, text, data):
    monkeypatch.setattr(tokens, "_INDEXED", 0)  # index texts of any length
    tokenize(text, 0, len(text))  # first call scans; the next ones read the index
    for _ in range(4):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        assert [(t.text, t.start, t.end) for t in tokenize(text, start, end)] == scanned_alone(text, start, end)


def test_words_numbers_and_marks():
    text = "Có 4.700 hộ, đạt 12,6% (km2)."
    assert [t.text for t in tokenize(text)] == ["Có", "4.700", "hộ", ",", "đạt", "12,6", "%", "(", "km2", ")", "."]
    assert [t.text for t in tokenize(text, 3, 11)] == ["4.700", "hộ"]
    assert [t.text for t in tokenize(text, 4, 10)] == [".", "700", "h"]  # cut where the window cuts


def test_phrases_match_the_longest_entry_in_any_case():
    words = Phrases(["tổ an ninh", "tổ", "an ninh nhân dân"])
    toks = tokenize("Lập Tổ An Ninh nhân dân")
    assert words.match_at(toks, 1) == 3
    assert words.match_before(toks, 6) == 4
    assert words.match_at(toks, 0) == 0
