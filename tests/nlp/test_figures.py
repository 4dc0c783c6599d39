"""Which numbers are figures, and what they count. Every sentence here is our own."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import lexicon
from nlp.figures import find_figures


def figures(text):
    return [(f.text, f.unit, f.quantity.value) for f in find_figures(text)]


def shapes(text):
    return [(f.text, f.quantity.value, f.quantity.total, f.quantity.value_max) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("Bà con đã mang nộp 23 khẩu súng kíp các loại.", ("23 khẩu súng kíp các loại", "khẩu súng kíp các loại", 23)),
    ("Khu công nghiệp có khoảng 3.900 công nhân lao động.", ("khoảng 3.900 công nhân lao động", "công nhân lao động", 3900)),
    ("Phường rộng 8,4 km2.", ("8,4 km2", "km2", 8.4)),
    ("Có 9km tỉnh lộ 12 đi qua xã.", ("9km tỉnh lộ", "km tỉnh lộ", 9)),
    ("Kết quả 100% thôn đạt chuẩn.", ("100% thôn", "%", 100)),
    ("Loa phát thanh 3 lần/tuần.", ("3 lần/tuần", "lần/tuần", 3)),
    ("Đã có 21/21 xã, phường đăng ký.", ("21/21 xã, phường", "xã, phường", 21)),
    ("kiện toàn 6/40 thành viên Ban Chỉ đạo của xã", ("6/40 thành viên", "thành viên", 6)),
    ("Mỗi quý một lần, ban họp.", ("một lần", "lần", 1)),
    ("Phường có ba đội dân phòng.", ("ba đội dân phòng", "đội dân phòng", 3)),
    # a comma inside a fixed pair belongs to the noun phrase
    ("Thị trấn có 7 nhóm phòng, chống ma túy.", ("7 nhóm phòng, chống ma túy", "nhóm phòng, chống ma túy", 7)),
    ("Lập 4 tổ an ninh, trật tự, 9 tổ hòa giải.", ("4 tổ an ninh, trật tự", "tổ an ninh, trật tự", 4)),
    ("nhận 41 nguồn tin có giá trị, qua đó", ("41 nguồn tin có giá trị", "nguồn tin có giá trị", 41)),
])
def test_figure_and_its_noun_phrase(text, expected):
    assert expected in figures(text)


@pytest.mark.parametrize("text", [
    "Ngày 21/6/2023, xã họp.",
    "Cập nhật 12-9-2021 lúc 08:45.",
    "Trong năm 2020 đã ra mắt mô hình.",
    "Kế hoạch giai đoạn 2021-2025 về an ninh.",
    "Thực hiện Chỉ thị số 12 của Ban Thường vụ.",
    "Triển khai Đề án 06 của Chính phủ.",
    "Ban Chỉ đạo 138 tỉnh họp.",
    "BCĐ 138 xã đã họp.",
    "Theo Thông tư 55/2019/TT-BCA của Bộ.",
    "2. Nâng cao chất lượng phong trào.",
    "Hai là, tăng cường phối hợp.",
    "Hội nghị lần thứ 9 của Ban Chấp hành.",
    "Liên hệ: 0237.3852.114, Fax: 0237.3852.115.",
    "Lượt xem: 112",
    "huyện là 1 trong 5 đơn vị dẫn đầu khối thi đua",
    "Tại thôn Đồng Tâm 3, xã miền núi.",
    "Dịch Covid-19 kéo dài.",
    "9 tháng đầu năm 2024 tình hình ổn định.",
    "Đây là một xã vùng cao.",
    "Xe ô tô 7 chỗ được bàn giao cho công an xã.",
    "Camera 4 MP được gắn ở cổng chợ.",
    "Theo kế hoạch 27 của Ủy ban, các tổ họp.",
    "Thực hiện Nghị quyết Trung ương 5, khóa XII.",
])
def test_not_figures(text):
    assert figures(text) == []


def test_a_range_opened_by_tu_in_digits_or_in_words():
    assert shapes("Mỗi tổ có từ 4 đến 7 thành viên.") == [("từ 4 đến 7 thành viên", 4, None, 7)]
    assert shapes("Mỗi tổ có từ ba đến năm thành viên.") == [("từ ba đến năm thành viên", 3, None, 5)]
    assert shapes("Với thôn từ 200 đến dưới 400 hộ thì lập 2 tổ.") == [
        ("từ 200 đến dưới 400 hộ", 200, None, 400), ("2 tổ", 2, None, None)]


def test_a_value_out_of_a_total_in_words():
    assert shapes("Có 9 trong tổng số 11 thôn đã đăng ký.") == [("9 trong tổng số 11 thôn", 9, 11, None)]
    # the counted noun may come between the value and the total
    assert shapes("Đã bắt 5 đối tượng trong tổng số 8 đối tượng bị truy nã.") == [
        ("5 đối tượng trong tổng số 8 đối tượng", 5, 8, None)]


def test_a_ratio_and_its_bracketed_share_are_two_figures():
    assert shapes("Có 18/20 tổ (90%) hoạt động tốt.") == [("18/20 tổ", 18, 20, None), ("90%", 90, None, None)]


def test_two_counts_joined_by_a_slash_are_two_figures():
    assert shapes("Xã có 320 hộ/1.450 nhân khẩu.") == [("320 hộ", 320, None, None), ("1.450 nhân khẩu", 1450, None, None)]
    assert figures("Tổ tuần tra 2 lần/tuần.") == [("2 lần/tuần", "lần/tuần", 2)]


def test_a_year_like_number_counts_when_hedged_or_counting():
    assert figures("Các tổ đã gửi hơn 2000 tin báo.") == [("hơn 2000 tin báo", "tin báo", 2000)]
    assert figures("Năm 2020 có 2020 người tham gia.") == [("2020 người", "người", 2020)]
    assert figures("Từ 2019 các tổ họp đều.") == []


def test_an_emergency_number_only_standing_alone():
    assert figures("Người dân gọi 113.") == []
    assert figures("Tổng kinh phí 12.113,5 triệu đồng.") == [("12.113,5 triệu đồng", "đồng", 12113500000)]


def test_numbers_inside_short_quoted_names_are_not_figures():
    assert figures("Xã có mô hình “3 sạch 2 không” và “Ngõ xóm 4 an toàn”.") == []
    # a short quoted name right after the number is what it counts
    assert figures("Đã ra mắt 4 “Tổ an ninh dòng họ” ở xã.") == [
        ("4 “Tổ an ninh dòng họ”", "“Tổ an ninh dòng họ”", 4)]


def test_number_words_inside_longer_runs():
    assert figures("Ban được kiểm tra mỗi năm một lần.") == [("một lần", "lần", 1)]
    assert figures("Nếu không xã hội hóa thì khó làm.") == []
    assert figures("Trong 6 năm người dân đã nộp 9 khẩu súng.") == [("9 khẩu súng", "khẩu súng", 9)]


def test_a_noun_phrase_cut_by_the_end_of_an_excerpt():
    assert figures("Vụ trộm xảy ra ở hai xã Tân H") == [("hai xã Tân", "xã Tân", 2)]
    assert figures("Thu hồi 5 khẩu súng, 12 quả l") == [("5 khẩu súng", "khẩu súng", 5)]
    assert figures("thu hút hơn 30 nghìn ngư") == []


def test_thousands_and_decimal_both_written_with_a_dot():
    assert figures("Tỉnh rộng 4.860.5km2.") == [("4.860.5km2", "km2", 4860.5)]


def test_a_noun_that_is_a_verb_elsewhere_counts_right_after_the_number():
    assert figures("Tỉnh có gần 5.000 tổ chức thanh niên.") == [
        ("gần 5.000 tổ chức thanh niên", "tổ chức thanh niên", 5000)]


def test_hedges_before_the_number():
    assert [(f.text, f.quantity.approx) for f in find_figures("Mỗi hộ góp tối thiểu 50.000 đồng.")] == [
        ("tối thiểu 50.000 đồng", "tối thiểu")]
    assert [(f.text, f.quantity.approx) for f in find_figures("Với thôn dưới 300 hộ, lập một tổ.")] == [
        ("dưới 300 hộ", "dưới"), ("một tổ", None)]


START_PIECES = ["ngày", "Đêm", "sáng", "tháng", "Quý", "kỳ", "năm", "II", "3", "12", "2024", "19", "0243",
                "113", "/", "-", "–", ".", ",", ":", "h", " ", "\n", "(", ")", "QĐ-UBND", "http://", "a@b", "xã", "%"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(START_PIECES), max_size=30).map("".join))
def test_every_not_figure_pattern_starts_where_its_first_check_allows(text):
    d = lexicon.load("figures")
    start = re.compile(d["not_figures_start"], re.IGNORECASE)
    for pattern in d["not_figures"]:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            assert start.match(text, m.start()), (pattern, text[m.start():])
