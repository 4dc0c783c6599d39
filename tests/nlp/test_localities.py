"""Localities are found in running text and resolved against the list in force
when the article was written. Every sentence here is written for the test."""
import pytest

from nlp import extract
from nlp.localities import find_localities


def found(text, **kw):
    return find_localities(text, len(text), **kw)


def names(primary, others):
    return {(x.level, x.name) for x in ([primary] if primary else []) + others}


@pytest.mark.parametrize("text, level, name, province", [
    ("Công an huyện Hữu Lũng tổ chức hội nghị sơ kết phong trào.", "district", "Hữu Lũng", "Lạng Sơn"),
    ("Tại TP Cẩm Phả, lực lượng công an ra quân trấn áp tội phạm.", "district", "Cẩm Phả", "Quảng Ninh"),
    ("Tại Tp. Cẩm Phả, lực lượng công an ra quân trấn áp tội phạm.", "district", "Cẩm Phả", "Quảng Ninh"),
    ("Người dân tỉnh Lạng Sơn hăng hái tham gia phong trào.", "province", "Lạng Sơn", None),
    ("Phong trào ở tỉnh Khánh Hoà được duy trì đều đặn.", "province", "Khánh Hòa", None),
    ("Thành phố Đà Nẵng triển khai mô hình camera an ninh.", "province", "Đà Nẵng", None),
    ("Công an TX. Ba Đồn tuyên truyền pháp luật cho ngư dân.", "district", "Ba Đồn", "Quảng Bình"),
])
def test_typed_mentions(text, level, name, province):
    primary, _ = found(text)
    assert (primary.level, primary.name, primary.province) == (level, name, province)


def test_names_listed_after_one_level_word():
    primary, others = found("Đoàn công tác đã đến các xã Hòa Sơn, Minh Sơn và Đồng Tân của huyện Hữu Lũng.")
    assert {("commune", "Hòa Sơn"), ("commune", "Minh Sơn"), ("commune", "Đồng Tân")} <= names(primary, others)


def test_a_list_after_gom_agrees_on_one_province():
    text = ("Năm nay, 3 huyện được xếp loại tốt, gồm: Hữu Lũng, Cao Lộc, Tràng Định. "
            "Các huyện tiếp tục củng cố tổ tự quản.")
    primary, others = found(text, published="2023-05-01")
    assert {("district", "Hữu Lũng"), ("district", "Cao Lộc"), ("district", "Tràng Định")} <= names(primary, others)
    # when only lower units are named, their common parent is the primary locality
    assert (primary.level, primary.name) == ("province", "Lạng Sơn")


def test_a_named_district_holding_the_communes_listed_is_the_primary():
    text = "Các xã Ia Dom, Ia Nan và Ia Pnôn của huyện Đức Cơ đều đã lập tổ tự quản."
    primary, others = found(text, published="2023-05-01")
    assert (primary.level, primary.name) == ("district", "Đức Cơ")
    assert names(None, others) == {("commune", "Ia Dom"), ("commune", "Ia Nan"), ("commune", "Ia Pnôn")}


def test_numbered_wards_listed_after_one_level_word_share_their_named_district():
    # "2" and "4" are not districts of their own: a numbered parent carries its level word
    primary, others = found("Năm 2023, các phường 1, 2, 4 của quận 5 ra mắt mô hình tự quản.", published="2023-09-01")
    assert (primary.level, primary.name) == ("district", "5")
    assert {(x.level, x.name, x.district) for x in others} == {
        ("commune", "1", "5"), ("commune", "2", "5"), ("commune", "4", "5")}


def test_abbreviated_level_words():
    assert names(*found("Ngày hội ở P.3, TP.Cao Lãnh được tổ chức sôi nổi.", published="2023-05-01")) == {
        ("commune", "3"), ("district", "Cao Lãnh")}
    assert names(*found("Người dân TT. Đồng Đăng, H. Cao Lộc hưởng ứng ngày hội.", published="2023-05-01")) == {
        ("commune", "Đồng Đăng"), ("district", "Cao Lộc")}


def test_a_province_keeps_the_name_it_had_when_written():
    primary, _ = found("Hội nghị tổng kết được tổ chức tại tỉnh Thừa Thiên Huế.", published="2022-05-01")
    assert (primary.level, primary.name) == ("province", "Thừa Thiên Huế")


def test_a_province_named_without_level_word():
    primary, _ = found("Sáng nay, BĐBP Lạng Sơn phối hợp với công an xã tuần tra biên giới.")
    assert (primary.level, primary.name) == ("province", "Lạng Sơn")


def test_a_dateline_in_capitals_names_the_province():
    primary, _ = found("LẠNG SƠN - Sáng 5/8, hàng trăm người dân dự ngày hội toàn dân bảo vệ an ninh Tổ quốc.")
    assert (primary.level, primary.name) == ("province", "Lạng Sơn")


def test_the_president_and_roads_are_not_the_city():
    assert found("Học tập và làm theo tư tưởng Hồ Chí Minh, cán bộ xã sống gần dân hơn.") == (None, [])
    assert found("Những năm gần đây, đoạn đường Hồ Chí Minh qua bản được mở rộng thêm.") == (None, [])


def test_a_person_named_after_an_office_is_not_a_unit():
    # "xã Vũ Quý" exists; here the capitalised run goes on: a person's name
    assert found("Đến dự có Chủ tịch Ủy ban nhân dân xã Vũ Quý Thành và nhiều đại biểu khác.") == (None, [])


def test_numbered_units():
    text = "Tổ công tác làm việc với phường 2, phường 4 của quận 5, thành phố Hồ Chí Minh."
    assert {("district", "5"), ("commune", "2"), ("commune", "4")} <= names(*found(text, published="2024-03-01"))


def test_a_district_dissolved_since_2019_exists_when_the_article_was_written():
    text = "Công an thị xã Cửa Lò ra mắt mô hình tổ tự quản ven biển."
    primary, _ = found(text, published="2021-06-01")
    assert (primary.level, primary.name, primary.code) == ("district", "Cửa Lò", None)
    assert found(text, published="2025-06-01") == (None, [])


def test_a_shared_name_is_told_apart_by_the_article():
    # "Hòa Sơn" is a commune in several provinces
    primary, _ = found("Xã Hòa Sơn đạt chuẩn an toàn về an ninh, trật tự.", province="Lạng Sơn")
    assert primary.province == "Lạng Sơn"


def test_a_shared_name_without_evidence_is_left_out():
    assert found("Xã Hòa Sơn đạt chuẩn an toàn về an ninh, trật tự.") == (None, [])


def test_parents_inside_an_address_do_not_make_the_primary():
    text = ("Ngày hội được tổ chức tại xã Minh Sơn, huyện Hữu Lũng, tỉnh Lạng Sơn. "
            "Toàn xã hiện có 14 tổ tự quản. Xã đã vận động nhân dân lắp camera.")
    primary, others = found(text, published="2023-05-01")
    assert (primary.level, primary.name, primary.district) == ("commune", "Minh Sơn", "Hữu Lũng")
    assert names(None, others) == {("district", "Hữu Lũng"), ("province", "Lạng Sơn")}


def test_title_decides_the_primary_locality():
    text = "Huyện Hữu Lũng có nhiều đổi thay. Xã Minh Sơn và xã Hòa Sơn làm tốt. Xã Minh Sơn được khen."
    primary, others = found(text, title="Hữu Lũng lan tỏa phong trào bảo vệ an ninh")
    assert (primary.level, primary.name) == ("district", "Hữu Lũng")
    assert {x.name for x in others} == {"Minh Sơn", "Hòa Sơn"}


def test_after_the_merger_the_2025_lists_apply():
    ex = extract("Công an phường Ba Đình, thành phố Hà Nội ra mắt mô hình mới.", published="2025-09-01")
    assert ex.primary_locality.gazetteer == "2025"
    assert (ex.primary_locality.level, ex.primary_locality.name, ex.primary_locality.district) == (
        "commune", "Ba Đình", None)


def test_communes_merged_into_a_new_one_are_not_listed_after_the_merger():
    text = ("Xã Hữu Lũng được hình thành từ việc hợp nhất các xã cũ. "
            "Công an xã Hữu Lũng hiện có 20 tổ tự quản.")
    ex = extract(text, published="2025-09-01")
    assert ex.localities == [] or all(x.gazetteer == "2025" for x in ex.localities)


def test_weather_widgets_are_not_places():
    text = "Hà Nội 24 °C\nĐà Nẵng 23 °C\nCông an huyện Hữu Lũng tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc."
    primary, others = found(text)
    assert names(primary, others) == {("district", "Hữu Lũng")}


def test_footer_addresses_are_not_the_article():
    body = "Công an huyện Cao Lộc đẩy mạnh phong trào bảo vệ an ninh. " * 20
    text = body + "\nSố lượt xem: 12\nĐịa chỉ: trụ sở ở thị trấn Cao Lộc; cơ quan chủ quản: UBND huyện Cao Lộc, Lạng Sơn."
    ex = extract(text)
    assert ex.primary_locality.level == "district"
    assert ex.localities == []


def test_names_listed_after_gom_with_a_level_word_in_between():
    text = "Huyện Cao Lộc có 4 xã biên giới, gồm: Đồng Đăng, Thụy Hùng, Bảo Lâm, Thanh Lòa. Các xã đều lập tổ tự quản."
    primary, others = found(text, published="2023-05-01")
    assert (primary.level, primary.name) == ("district", "Cao Lộc")
    assert {("commune", "Đồng Đăng"), ("commune", "Thụy Hùng"), ("commune", "Thanh Lòa")} <= names(None, others)


def test_the_exact_spelling_wins_over_an_accent_folded_namesake():
    # after the merger a ward is spelt "Hòa Cường"; a commune elsewhere folds to the same letters
    primary, _ = found("Công an phường Hòa Cường, thành phố Đà Nẵng ra mắt mô hình mới.", published="2025-09-01")
    assert (primary.name, primary.province) == ("Hòa Cường", "Đà Nẵng")


def test_a_2025_ward_written_with_the_first_part_of_its_name():
    text = "Ngày hội ở tỉnh Lâm Đồng có đại diện Công an phường Xuân Hương tham dự."
    _, others = found(text, published="2025-09-01")
    assert ("commune", "Xuân Hương - Đà Lạt") in names(None, others)


def test_villages_hamlets_and_foreign_places_are_not_units():
    text = ("Thôn Nà Pàn, bản Khe Mạ và tổ dân phố 3 giáp hai tỉnh Attapư và Sê Kông của Lào; "
            "huyện Tà Vêng của Campuchia cũng ở gần.")
    assert found(text) == (None, [])


def test_a_long_first_line_is_the_lead_not_a_title():
    lead = ("Sáng nay tại hội trường lớn, huyện Cao Lộc đã tổ chức hội nghị tổng kết mười năm thực hiện phong trào "
            "toàn dân bảo vệ an ninh Tổ quốc với sự tham dự của đông đảo đại biểu các xã và thị trấn trong huyện")
    text = lead + ". Xã Thụy Hùng có 20 tổ tự quản. Xã Thụy Hùng được khen. Toàn xã có 5 mô hình."
    primary, _ = found(text, title=lead, published="2023-05-01")
    assert (primary.level, primary.name) == ("commune", "Thụy Hùng")


def test_a_title_naming_only_the_province_of_a_commune_story():
    text = ("Sáng 5/8, Ban Chỉ đạo xã Thụy Hùng (huyện Cao Lộc, Lạng Sơn) tổ chức ngày hội. "
            "Dự có Phó Giám đốc Công an tỉnh Lạng Sơn. Chủ tịch UBND xã Thụy Hùng cho biết toàn xã có 9 mô hình. "
            "Người dân xã Thụy Hùng đã cung cấp 20 tin báo.")
    primary, _ = found(text, title="Ngày hội bảo vệ an ninh lan tỏa ở Lạng Sơn", published="2023-08-05")
    assert (primary.level, primary.name) == ("commune", "Thụy Hùng")


def test_a_title_naming_the_province_of_a_province_story():
    text = ("Công an tỉnh Lạng Sơn tổng kết phong trào. Toàn tỉnh có 900 tổ tự quản, trên địa bàn tỉnh "
            "đã xây dựng 80 mô hình. Ngày hội điểm được tổ chức tại xã Thụy Hùng.")
    primary, _ = found(text, title="Lạng Sơn nhân rộng mô hình tự quản", published="2023-08-05")
    assert (primary.level, primary.name) == ("province", "Lạng Sơn")


def test_a_pre_2025_source_province_stands_for_the_province_it_joined():
    # "Đồng Văn" is a commune in two 2025 provinces; the source is a Hà Giang portal
    text = "Công an xã Đồng Văn ra mắt mô hình camera an ninh."
    primary, _ = found(text, published="2025-09-01", province="Hà Giang")
    assert primary.province == "Tuyên Quang" and primary.gazetteer == "2025"


def test_a_commune_merged_away_before_2025_is_found_through_the_lists_memory():
    # Thái Tân of Thái Thụy (Thái Bình) was merged into a neighbour; the mid-2025 list keeps
    # only another Thái Tân (Hải Dương) and the merged one as an unaccented alias
    primary, others = found("Ở xã Thái Tân, huyện Thái Thụy, người dân lắp camera an ninh.", published="2020-05-01")
    assert (primary.level, primary.name, primary.district, primary.province, primary.code) == (
        "commune", "Thái Tân", "Thái Thụy", "Thái Bình", None)


def test_a_site_banner_above_the_title_is_neither_title_nor_place():
    text = ("Báo Công An Đà Nẵng\n\nNgười dân huyện Bảo Lâm mang vũ khí đến giao nộp\n\n"
            "Bà con các xã Lộc Tân, Lộc Bảo và Lộc Bắc đã mang tới 12 khẩu súng tự chế để đổi quà.")
    ex = extract(text)
    assert ex.title == "Người dân huyện Bảo Lâm mang vũ khí đến giao nộp"
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("district", "Bảo Lâm")
    assert "Đà Nẵng" not in {x.name for x in ex.localities}
    # a title that opens with the same word is still a title
    assert extract("Báo động tình trạng trộm cắp ở xã Lộc Tân\n\nNội dung bài viết.").title.startswith("Báo động")


def test_a_title_that_opens_with_its_place():
    text = ("Tràng Định - Lạng Sơn: Ra mắt mô hình camera an ninh\n"
            "Sáng 3/4, tại xã Đề Thám, lực lượng công an ra mắt mô hình camera an ninh. "
            "Toàn huyện hiện có 120 camera, xã Hùng Sơn có 14 camera.")
    ex = extract(text, published="2023-04-03")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("district", "Tràng Định")
    assert ("province", "Lạng Sơn") in {(x.level, x.name) for x in ex.localities}


def test_a_home_address_counts_less_than_the_unit_the_news_is_about():
    text = ("Ông Lê Văn B (trú tại thôn 2, xã Định Tân, huyện Yên Định, tỉnh Thanh Hóa) đã tự nguyện "
            "giao nộp 1 khẩu súng cho Công an xã Nga Điền.")
    e = extract(text)
    assert e.primary_locality.name == "Nga Điền"
    assert "Định Tân" in [loc.name for loc in e.localities]
