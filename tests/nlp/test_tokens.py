"""Rule tokens with their offsets, and multi-word phrases matched on them."""
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.tokens import PhraseClasses, Phrases, Token, TokenRun, tokenize

PIECES = ["xã", "Vĩnh", "km2", "4.700", "12,6", "1.2.3", "²", "“", "”", " ", "  ", "\n", "/", "-", "09-CT", "a1", "2,"]


@st.composite
def windows(draw) -> tuple[str, int, int]:
    """A text of odd pieces and a window (start, end) into it."""
    text = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=40)))
    start = draw(st.integers(0, len(text)))
    return text, start, draw(st.integers(start, len(text)))


@settings(max_examples=200, deadline=None)
@given(windows())
def test_tokens_of_a_window_are_pieces_of_the_text_inside_it(window):
    text, start, end = window
    toks = tokenize(text, start, end)
    for t in toks:
        assert start <= t.start < t.end <= end and text[t.start:t.end] == t.text and t.lower == t.text.lower()
    assert "".join(t.text for t in toks) == "".join(text[start:end].split())


def test_words_numbers_and_marks():
    text = "Có 4.700 hộ, đạt 12,6% (km2)."
    assert [t.text for t in tokenize(text)] == ["Có", "4.700", "hộ", ",", "đạt", "12,6", "%", "(", "km2", ")", "."]
    assert [t.text for t in tokenize(text, 3, 11)] == ["4.700", "hộ"]
    assert [t.text for t in tokenize(text, 4, 10)] == [".", "700", "h"]  # cut where the window cuts


def test_tokens_compare_by_text_and_place():
    assert Token("Tổ", 4, 6) == Token("Tổ", 4, 6) != Token("Tổ", 5, 7)
    assert len({Token("Tổ", 4, 6), Token("Tổ", 4, 6)}) == 1
    assert Token("ANTT", 0, 4).is_acronym and Token("Xã", 0, 2).is_capitalized and Token("12", 0, 2).is_number


def test_phrases_match_the_longest_entry_in_any_case():
    words = Phrases(["tổ an ninh", "tổ", "an ninh nhân dân"])
    toks = tokenize("Lập Tổ An Ninh nhân dân")
    assert words.match_at(toks, 1) == 3
    assert words.match_before(toks, 6) == 4
    assert words.match_at(toks, 0) == 0 and words.match_at(toks, 6) == 0


def test_phrase_classes_find_each_class_at_its_leftmost_longest_phrase():
    cues = PhraseClasses({"register": ["đăng ký", "đăng ký xây dựng"], "build": ["xây dựng"], "drugs": ["ma túy"]})
    text = "xã đã đăng ký xây dựng mô hình, xây dựng tiếp"
    assert cues.find(text) == {"register": (6, 22), "build": (14, 22)}
    # whole words only: "ma túy" is not found inside "ma túyx", nor "đăng ký" in "đăng kýa"
    assert cues.find("ma túyx và đăng kýa") == {}
    assert cues.of_phrase["xây dựng"] == ("build",)


@settings(max_examples=200, deadline=None)
@given(windows(), st.data())
def test_a_token_run_reads_like_the_list_of_its_window(window, data):
    text, start, end = window
    whole = tokenize(text, start, end)
    i = data.draw(st.integers(0, len(whole) + 2))
    j = data.draw(st.integers(0, len(whole) + 2))
    run = TokenRun(text, start, end)
    assert run.reaches(i) == (i < len(whole))
    assert run[i:j] == whole[i:j] and run[-2:] == whole[-2:] and bool(run) == bool(whole)
    assert len(run) == len(whole) and [run[k] for k in range(len(whole))] == whole
