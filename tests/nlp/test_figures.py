"""Which numbers are figures, and what they count."""
import pytest

from nlp.figures import find_figures


def figures(text):
    return [(f.text, f.unit, f.quantity.value) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("Nhân dân giao nộp 71 khẩu súng tự chế các loại.", ("71 khẩu súng tự chế các loại", "khẩu súng tự chế các loại", 71)),
    ("Có khoảng 4.700 công nhân lao động.", ("khoảng 4.700 công nhân lao động", "công nhân lao động", 4700)),
    ("Xã rộng 12,6 km2.", ("12,6 km2", "km2", 12.6)),
    ("Có 6km quốc lộ 37 chạy qua.", ("6km quốc lộ", "km quốc lộ", 6)),
    ("Kết quả 100% xã đạt chuẩn.", ("100% xã", "%", 100)),
    ("Tổ chức 2 lần/tuần trên loa.", ("2 lần/tuần", "lần/tuần", 2)),
    ("Tổ chức cho 13/13 xã, thị trấn đăng ký.", ("13/13 xã, thị trấn", "xã, thị trấn", 13)),
    ("đã thay 4/28 thành viên Ban Chỉ đạo 138 huyện", ("4/28 thành viên", "thành viên", 4)),
    ("Mỗi tháng một lần, tổ họp.", ("một lần", "lần", 1)),
    ("Huyện có hai đội xung kích.", ("hai đội xung kích", "đội xung kích", 2)),
    ("Thay 02 linh kiện hỏng.", ("02 linh kiện hỏng", "linh kiện hỏng", 2)),
    ("có 68 nguồn tin có giá trị, giúp", ("68 nguồn tin có giá trị", "nguồn tin có giá trị", 68)),
])
def test_figure_and_its_noun_phrase(text, expected):
    assert expected in figures(text)


@pytest.mark.parametrize("text", [
    "Ngày 15/3/2024, huyện họp.",
    "Cập nhật 20-4-2022 lúc 10:19.",
    "Trong năm 2021 đã xây dựng mô hình.",
    "Đề án giai đoạn 2022-2025 về an ninh.",
    "Thực hiện Chỉ thị số 09 của Ban Bí thư.",
    "Thực hiện Đề án 375 của tỉnh.",
    "Ban Chỉ đạo 138 huyện họp.",
    "Theo Nghị định 144/2021/NĐ-CP của Chính phủ.",
    "1. Tiếp tục đẩy mạnh tuyên truyền.",
    "Một là, đề nghị cấp ủy quan tâm.",
    "Đại hội lần thứ 17 của Đảng bộ.",
    "Điện thoại: 0260.3831.209, Fax: 0260.3831.209.",
    "Số lượt xem: 29",
    "thành phố là 1 trong 10 đơn vị dẫn đầu",
    "Tại thôn Sơn Quả 2, xã Lương Phong.",
    "Dịch Covid-19 diễn biến phức tạp.",
    "6 tháng đầu năm 2023 tình hình ổn định.",
    "Lương Phong là một xã miền núi.",
])
def test_not_figures(text):
    assert figures(text) == []
