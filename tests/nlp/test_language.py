"""The Vietnamese spaCy Language: built from its config, syllable tokens that keep
numbers and document codes whole, offsets that are the text's own."""
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.language import Vietnamese, pipeline, text_of, tokenizer

STEPS = ["antq_header", "antq_body_end", "antq_legal_refs", "antq_figures", "antq_indicators",
         "antq_periods", "antq_models", "antq_localities", "antq_units", "antq_figure_scopes"]


def test_the_pipeline_is_built_from_its_config():
    nlp = pipeline()
    assert isinstance(nlp, Vietnamese) and nlp.lang == "antq_vi"
    assert nlp.pipe_names == STEPS
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "antq.vi.syllables.v1"
    assert nlp.get_pipe_meta("antq_figures").default_config == {"spans_key": "figures"}


def test_the_language_is_registered_under_its_antq_name():
    nlp = spacy.blank("antq_vi")
    assert isinstance(nlp, Vietnamese) and nlp.pipe_names == []
    assert [t.text for t in nlp("Xã có 4.700 hộ.")] == ["Xã", "có", "4.700", "hộ", "."]


@pytest.mark.parametrize("number", [
    "4.700", "13/13", "09-CT", "09-CT/TW", "11.114,65", "12,6", "26/1.664", "144/2021/NĐ-CP", "15/3/2024",
])
def test_numbers_and_codes_stay_whole(number):
    assert number in [t.text for t in tokenizer()(f"Đến nay có {number}, như đã nêu.")]


def test_syllables_and_marks_are_tokens_of_their_own():
    doc = tokenizer()("Duy trì mô hình “Loa phát thanh thôn”; 944 tổ/17.810 hộ (ANTT), 6km.")
    assert [t.text for t in doc] == [
        "Duy", "trì", "mô", "hình", "“", "Loa", "phát", "thanh", "thôn", "”", ";", "944", "tổ", "/", "17.810",
        "hộ", "(", "ANTT", ")", ",", "6", "km", "."]


def test_line_breaks_and_runs_of_spaces_keep_their_place():
    text = "  Tiêu đề bài\n\nĐoạn một  có 3 tổ.\tHết "
    doc = tokenizer()(text)
    assert doc.text == text == text_of(doc)
    assert [t.text for t in doc if t.is_space] == ["  ", "\n\n", " ", "\t"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_token_offsets_are_offsets_into_the_text(text):
    doc = tokenizer()(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text
