"""Odd text never makes extract raise: it returns what it could read."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import extract


def test_empty_text():
    ex = extract("")
    assert ex.figures == [] and ex.warnings == ["empty text"]
    assert extract("   \n\t ").warnings == ["empty text"]


def test_non_vietnamese_text():
    ex = extract("The quick brown fox jumps over 13 lazy dogs. 2021-2022 was a year.")
    assert ex.primary_locality is None


def test_html_soup_and_nul_bytes():
    ex = extract("<div><p>Xã có 12 tổ an ninh\x00 xã hội, <b>3</b> đội</p><script>var x=3;</script></div>")
    assert [f.text for f in ex.figures] == ["12 tổ an ninh  xã hội"]  # NUL blanked, offsets kept
    assert not any("<" in f.text for f in ex.figures)


def test_a_date_that_is_not_a_date_is_ignored_and_said_so():
    text = "Công an phường Ba Đình tổ chức 5 buổi tuyên truyền."
    ex = extract(text, published="garbage")
    assert ex.published is None and "not understood" in ex.warnings[0]
    assert extract(text, published=date(2025, 9, 1)).published == "2025-09-01"


def test_a_ten_megabyte_document_is_cut_and_said_so():
    para = "Huyện Vĩnh Lộc tổ chức 12 buổi tuyên truyền cho 300 lượt người. "
    ex = extract(para * (10_000_000 // len(para)))
    assert ex.figures and any("only the first" in w for w in ex.warnings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_extract_never_raises(text):
    ex = extract(text)
    for f in ex.figures:
        assert 0 <= f.start < f.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "xã", "huyện", "Tp.", "tỉnh", "Ninh Khang", "Vĩnh Lộc", "mô hình", "“", "”", '"', "như:", ";", ",",
    "13/13", "4.700", "hàng trăm", "trên", "Chỉ thị số", "09-CT/TW", "tổ ANXH", "(", ")", "\n", "năm 2022",
    "mười lăm", "tổ", "Công an", "Ban Chỉ đạo", "2 - 3", "%", "km2", "từ đầu năm đến nay",
]), max_size=60).map(" ".join))
def test_extract_never_raises_on_vietnamese_looking_soup(text):
    ex = extract(text)
    for item in [*ex.figures, *ex.models, *ex.units, *ex.legal_refs, *ex.localities]:
        assert 0 <= item.start <= item.end <= len(text)


def test_vietnamese_typed_in_decomposed_unicode_reads_as_composed():
    import unicodedata

    composed_text = ("Công an xã Tam Hiệp, huyện Phúc Thọ duy trì 14 tổ tự quản về an ninh trật tự "
                     "và mô hình “Camera an ninh” ở 6 thôn.")
    for text in (unicodedata.normalize("NFD", composed_text),  # every letter decomposed
                 composed_text.replace("ự", "ư\u0323").replace("ệ", "ê\u0323")):  # a few, as pages mix them
        ours, theirs = extract(composed_text), extract(text)
        assert [f.text for f in theirs.figures] == [f.text for f in ours.figures] == ["14 tổ tự quản về an ninh trật tự",
                                                                                       "6 thôn"]
        assert [u.name for u in theirs.units] == [u.name for u in ours.units]
        assert theirs.primary_locality.name == "Tam Hiệp"
        # offsets point into the text as given
        for f in theirs.figures + theirs.units + theirs.models:
            assert unicodedata.normalize("NFC", text[f.start:f.end]).startswith(
                (getattr(f, "text", None) or f.name)[:5])
