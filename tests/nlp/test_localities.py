"""Localities are found in running text and resolved against vietnamadminunits' lists."""
import pytest

from nlp import extract
from nlp.localities import find_localities


def found(text, **kw):
    primary, others = find_localities(text, len(text), **kw)
    return primary, others


@pytest.mark.parametrize("text, level, name, province", [
    ("Công an huyện Vĩnh Lộc tổ chức hội nghị.", "district", "Vĩnh Lộc", "Thanh Hóa"),
    ("Tại TP Sơn La, lực lượng công an ra quân.", "district", "Sơn La", "Sơn La"),
    ("Tại Tp. Sơn La, lực lượng công an ra quân.", "district", "Sơn La", "Sơn La"),
    ("Người dân tỉnh Kon Tum tham gia phong trào.", "province", "Kon Tum", None),
    ("Công an huyện Đăk Tô và huyện Đắk Tô là một.", "district", "Đăk Tô", "Kon Tum"),
    ("Phong trào ở tỉnh Thanh Hoá lan tỏa.", "province", "Thanh Hoá", None),
    ("Thành phố Hà Nội triển khai mô hình mới.", "province", "Hà Nội", None),
])
def test_typed_mentions(text, level, name, province):
    primary, _ = found(text)
    assert (primary.level, primary.name, primary.province) == (level, name, province)


def test_parents_come_from_the_lists():
    primary, _ = found("Xã Ninh Khang là điển hình của huyện Vĩnh Lộc.", title="Xã Ninh Khang làm tốt phong trào")
    assert (primary.level, primary.name, primary.district, primary.province) == ("commune", "Ninh Khang", "Vĩnh Lộc", "Thanh Hóa")


def test_a_shared_name_is_told_apart_by_the_article():
    # "Ninh Khang" is a commune in Thanh Hóa (Vĩnh Lộc) and in Ninh Bình (Hoa Lư)
    primary, _ = found("Xã Ninh Khang đạt chuẩn an toàn.", province="Ninh Bình")
    assert primary.province == "Ninh Bình"
    primary, _ = found("Xã Ninh Khang đạt chuẩn an toàn.", province="Thanh Hóa")
    assert primary.province == "Thanh Hóa"


def test_a_shared_name_without_evidence_is_left_out():
    assert found("Xã Ninh Khang đạt chuẩn an toàn.") == (None, [])


def test_named_parent_after_a_comma_is_a_mention_of_its_own():
    primary, others = found("Phía Đông giáp xã Ngọc Vân, Tân Yên.")
    units = {(x.level, x.name) for x in [primary, *others]}
    assert units == {("commune", "Ngọc Vân"), ("district", "Tân Yên")}


def test_title_decides_the_primary_locality():
    text = "Huyện Trạm Tấu có nhiều đổi thay. Xã Túc Đán và xã Hát Lừu làm tốt. Xã Túc Đán được khen."
    primary, others = found(text, title="Trạm Tấu tích cực phát huy phong trào")
    assert (primary.level, primary.name) == ("district", "Trạm Tấu")
    assert {x.name for x in others} == {"Túc Đán", "Hát Lừu"}


def test_after_the_merger_the_2025_lists_apply():
    ex = extract("Công an phường Ba Đình, thành phố Hà Nội ra mắt mô hình mới.", published="2025-09-01")
    assert ex.primary_locality.gazetteer == "2025"
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("commune", "Ba Đình")


def test_footer_addresses_are_not_the_article():
    body = "Công an huyện Đăk Tô đẩy mạnh phong trào. " * 20
    text = body + "\nSố lượt xem: 12\nĐịa chỉ: trụ sở ở thị trấn Đăk Tô; cơ quan chủ quản: UBND huyện Đăk Tô, Kon Tum."
    ex = extract(text)
    assert ex.primary_locality.level == "district"
    assert ex.localities == []
