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
    text = "<div><p>Xã có 12 tổ an ninh\x00 xã hội, <b>3</b> đội</p><script>var x=3;</script></div>"
    ex = extract(text)
    assert [f.text for f in ex.figures] == ["12 tổ an ninh xã hội"]  # NUL read as a space
    assert text[ex.figures[0].start:ex.figures[0].end] == "12 tổ an ninh\x00 xã hội"  # offsets into the text given
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


def test_spacing_and_letter_forms_of_real_pages_read_as_plain_text():
    import unicodedata

    plain = ("Công an xã Tam Hiệp, huyện Phúc Thọ duy trì 14 tổ tự quản về an ninh trật tự "
             "và mô hình “Camera an ninh” ở 6 thôn.")
    variants = {
        "decomposed letters": unicodedata.normalize("NFD", plain),
        "a few decomposed letters": plain.replace("ự", "ư\u0323").replace("ệ", "ê\u0323"),
        "no-break spaces": plain.replace("an ", "an\xa0").replace(" tổ", "\xa0tổ"),
        "runs of spaces and tabs": plain.replace(" về", "   về").replace("xã ", "xã\t"),
        "zero-width spaces and soft hyphens": plain.replace("an ninh", "an\u200b ninh").replace("Tam", "Ta\xadm"),
    }
    ours = extract(plain)
    assert [f.text for f in ours.figures] == ["14 tổ tự quản về an ninh trật tự", "6 thôn"]
    for why, text in variants.items():
        theirs = extract(text)
        assert [(f.value, f.indicator) for f in theirs.figures] == [(f.value, f.indicator) for f in ours.figures], why
        assert [u.name for u in theirs.units] == [u.name for u in ours.units], why
        assert [m.name for m in theirs.models] == ["Camera an ninh"], why
        assert theirs.primary_locality.name == "Tam Hiệp", why
        for item in theirs.figures + theirs.units + theirs.models:  # offsets point into the text as given
            as_given = " ".join(unicodedata.normalize("NFC", text[item.start:item.end]).split())
            assert as_given.replace("\u200b", "").replace("\xad", "")[:6] == (
                getattr(item, "text", None) or item.name)[:6], why
