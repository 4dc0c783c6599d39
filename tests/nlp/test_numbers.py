import pytest

from nlp.numbers import find_quantities, parse_number, parse_number_words


@pytest.mark.parametrize("written, value", [
    ("4.700", 4700), ("61.697", 61697), ("12,6", 12.6), ("323,51", 323.51), ("02", 2),
    ("1.234.567", 1234567), ("1.234,5", 1234.5), ("4.0", 4.0), ("abc", None),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("words, value", [
    ("hai", 2), ("ba", 3), ("mười", 10), ("mười lăm", 15), ("hai mươi", 20), ("hai mươi mốt", 21),
    ("ba trăm", 300), ("một", 1), ("hai ba", None),
])
def test_number_words(words, value):
    assert parse_number_words(words) == value


def only(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text, value, approx", [
    ("khoảng 4.700 công nhân", 4700, "khoảng"),
    ("trên 1.000 thành viên", 1000, "trên"),
    ("Hơn 300 hộ", 300, "Hơn"),
    ("gần 20 vụ", 20, "gần"),
    ("hàng trăm lượt đoàn viên", 100, "hàng trăm"),
    ("hàng chục nghìn hội viên", 10000, "hàng chục nghìn"),
])
def test_hedges_and_vague_amounts(text, value, approx):
    q = only(text)
    assert (q.value, q.approx) == (value, approx)


@pytest.mark.parametrize("text, value", [
    ("2,5 triệu đồng", 2_500_000), ("1,5 tỷ đồng", 1_500_000_000), ("110 nghìn người", 110_000), ("3 ngàn hộ", 3000),
])
def test_multipliers(text, value):
    assert only(text).value == value


def test_ratios_ranges_percentages():
    assert (only("13/13 xã").value, only("13/13 xã").total) == (13, 13)
    assert (only("26/1.664 tổ trưởng").value, only("26/1.664 tổ trưởng").total) == (26, 1664)
    r = only("2 - 3 buổi")
    assert (r.value, r.value_max) == (2, 3)
    assert only("100% xã").percent and only("100% xã").value == 100


def test_number_in_words_is_found():
    q = only("mười lăm tổ")
    assert q.words and q.value == 15


def test_no_number_inside_a_word():
    assert find_quantities("Covid-19") == []
