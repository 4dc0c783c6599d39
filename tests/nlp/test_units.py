"""Units follow the contract's conventions (../shared/design/extraction.md, Units):
one body per unit, completed with the place the article implies; a class of bodies
is not a unit; team kinds carry their count. Sentences are our own."""
import pytest

from nlp import extract
from nlp.figures import find_figures
from nlp.records import Locality
from nlp.units import find_units

# An article on one commune of one district; the gazetteer codes are left out, so the
# level words come from the primary's level.
COMMUNE = Locality("commune", "Tam Hiệp", 0, 0, district="Phúc Thọ", province="Hà Nội")
DISTRICT = Locality("district", "Kỳ Sơn", 0, 0, province="Nghệ An")


def units(text, primary=None, localities=()):
    figures = find_figures(text, len(text))
    return [(u.name, u.kind, u.count)
            for u in find_units(text, len(text), figures, [], primary=primary, localities=list(localities))]


def names(text, primary=None):
    return [name for name, _, _ in units(text, primary)]


def test_a_level_word_alone_takes_the_place_of_the_article():
    got = names("Công an huyện chỉ đạo Công an xã phối hợp với Công an tỉnh.", COMMUNE)
    assert got == ["Công an huyện Phúc Thọ", "Công an xã Tam Hiệp", "Công an tỉnh Hà Nội"]


def test_a_place_named_earlier_in_the_sentence_wins_over_the_article():
    got = names("Công an huyện Quỳ Hợp phối hợp với Ủy ban MTTQ huyện tổ chức hội nghị.", DISTRICT)
    assert "Ủy ban MTTQ huyện Quỳ Hợp" in got


def test_the_written_name_is_kept_when_the_text_gives_it():
    assert names("Đại diện Công an phường Bạch Đằng và công an xã Tân Lập dự lễ.") == [
        "Công an phường Bạch Đằng", "công an xã Tân Lập"]


def test_without_a_primary_locality_the_name_stays_as_written():
    assert names("Lãnh đạo Công an tỉnh đến dự.") == ["Công an tỉnh"]


def test_the_same_body_written_twice_is_one_unit():
    got = names("Công an huyện Kỳ Sơn ra quân. Sau đó Công an huyện tổng kết đợt cao điểm.", DISTRICT)
    assert got == ["Công an huyện Kỳ Sơn"]


@pytest.mark.parametrize("text", [
    "Công an các xã đã ra quân đồng loạt.",
    "Lực lượng công an xã, thị trấn tuần tra vào ban đêm.",
    "MTTQ các cấp vận động nhân dân tham gia.",
    "Người dân đã báo tin cho lực lượng Công an.",
    "Xã phối hợp với các Chi hội CCB giữ gìn trật tự thôn xóm.",
])
def test_a_class_of_bodies_or_the_force_is_not_a_unit(text):
    assert names(text, DISTRICT) == []


def test_people_committees_party_committees_and_newspapers_are_not_units():
    assert names("UBND huyện và Huyện ủy chỉ đạo; Báo Công an Nghệ An đưa tin.", DISTRICT) == []


def test_fatherland_front_spellings():
    got = units("Ủy ban Trung ương MTTQ Việt Nam biểu dương; UBMTTQ Việt Nam tỉnh Nghệ An và "
                "Ban Thường trực Ủy ban MTTQ VN huyện Kỳ Sơn cùng tham dự.")
    assert [n for n, _, _ in got] == ["Ủy ban Trung ương MTTQ Việt Nam", "UBMTTQ Việt Nam tỉnh Nghệ An",
                                      "Ban Thường trực Ủy ban MTTQ VN huyện Kỳ Sơn"]
    assert {k for _, k, _ in got} == {"organisation"}


def test_a_head_without_a_level_word_stays_as_written_or_joins_its_named_body():
    assert names("MTTQ cùng các đoàn thể ra quân.", DISTRICT) == ["MTTQ"]
    assert names("Ban Chỉ đạo 138 họp sơ kết; Ban Chỉ đạo 138 huyện Quỳ Hợp giao chỉ tiêu.", DISTRICT) == [
        "Ban Chỉ đạo 138 huyện Quỳ Hợp"]


def test_youth_union_and_womens_union_by_level():
    got = names("Tỉnh đoàn và Hội LHPN tỉnh phát động cuộc thi.", DISTRICT)
    assert got == ["Tỉnh đoàn Nghệ An", "Hội LHPN tỉnh Nghệ An"]


def test_a_steering_committee_under_its_long_title_and_its_number_is_one_unit():
    text = ("Ban Chỉ đạo phòng, chống tội phạm và xây dựng phong trào toàn dân bảo vệ ANTQ huyện Kỳ Sơn "
            "(Ban Chỉ đạo 138 huyện) họp sơ kết. BCĐ 138 huyện giao chỉ tiêu cho các xã.")
    got = units(text, DISTRICT)
    assert got == [("Ban Chỉ đạo phòng, chống tội phạm và xây dựng phong trào toàn dân bảo vệ ANTQ huyện Kỳ Sơn",
                    "committee", None)]


def test_police_departments_named_as_a_post():
    got = names("Dự lễ có Phó Trưởng phòng Cảnh sát hình sự Công an tỉnh Nghệ An Lê Văn Hải và "
                "Phó cục trưởng Cục Truyền thông Công an nhân dân (Bộ Công an), Đại tá Phạm Minh Tuấn.")
    assert got[:2] == ["phòng Cảnh sát hình sự Công an tỉnh Nghệ An", "Công an tỉnh Nghệ An"]
    assert "Cục Truyền thông Công an nhân dân (Bộ Công an)" in got


def test_team_kinds_with_counts_and_acronyms():
    text = ("Toàn xã có 14 tổ an ninh tự quản, 9 đội xung kích phòng, chống tội phạm và "
            "3 câu lạc bộ phòng chống ma túy. Các tổ an ninh xã hội (ANXH) được củng cố; 20 tổ ANXH mới ra mắt.")
    got = units(text)
    assert ("tổ an ninh tự quản", "team", 14) in got
    assert ("đội xung kích phòng, chống tội phạm", "team", 9) in got  # not cut at the comma of "phòng, chống"
    assert ("câu lạc bộ phòng chống ma túy", "team", 3) in got
    assert ("tổ an ninh xã hội", "team", 20) in got  # the acronym is the same kind


def test_open_team_heads_need_a_security_tail():
    got = names("Các tổ dân phố, nhóm Zalo của khu phố và lực lượng chức năng đã vào cuộc; "
                "tổ cũng đứng ra hòa giải. Lực lượng bảo vệ an ninh, trật tự ở cơ sở tuần tra hằng đêm.")
    assert got == ["Lực lượng bảo vệ an ninh, trật tự ở cơ sở"]


def test_a_shorter_repeat_of_a_team_kind_is_the_same_kind():
    got = units("Phường có 7 tổ tự quản khu dân cư. Nhờ các tổ tự quản, nhiều vụ việc được hòa giải.")
    assert got == [("tổ tự quản khu dân cư", "team", 7)]


def test_the_pipeline_completes_names_from_the_primary_locality():
    text = ("Huyện Quỳ Hợp ra quân bảo vệ ANTQ\nNgày 3/4, tại huyện Quỳ Hợp, Công an huyện phối hợp "
            "với Hội Cựu chiến binh huyện ra mắt 12 tổ bảo vệ an ninh, trật tự.")
    got = [(u.name, u.kind, u.count) for u in extract(text).units]
    assert ("Công an huyện Quỳ Hợp", "police", None) in got
    assert ("Hội Cựu chiến binh huyện Quỳ Hợp", "organisation", None) in got
    assert ("tổ bảo vệ an ninh, trật tự", "team", 12) in got


def test_abbreviated_levels_and_places_stay_as_written():
    got = names("Công an TP.HCM, Công an TX.Hương Thủy và Công an Q.1 cùng tham dự.", COMMUNE)
    assert got == ["Công an TP.HCM", "Công an TX.Hương Thủy", "Công an Q.1"]


def test_posts_and_members_of_a_team_are_not_team_kinds():
    got = units("Xã có 1 đội dân phòng với 25 đội viên. Ông Lê Văn Tám, Tổ trưởng tổ an ninh thôn Đông, cho biết.")
    assert got == [("đội dân phòng", "team", 1), ("tổ an ninh", "team", None)]


def test_a_department_of_the_district_police_is_completed_like_its_owner():
    got = names("Đội Cảnh sát giao thông Công an huyện kiểm tra 40 cơ sở; lãnh đạo Phòng Văn hóa huyện dự.", DISTRICT)
    assert got == ["Đội Cảnh sát giao thông Công an huyện Kỳ Sơn", "Công an huyện Kỳ Sơn"]


def test_a_level_word_alone_then_the_named_body_is_one_unit():
    assert names("Ủy ban MTTQ xã phát động. Sau đó, Ủy ban MTTQ xã Tân Lập tổng kết.") == ["Ủy ban MTTQ xã Tân Lập"]


def test_names_inside_quotes_are_titles_but_a_quoted_team_tail_is_a_team():
    text = ('Diễn đàn "Công an xã lắng nghe nhân dân" thu hút nhiều người; '
            'Tổ "An ninh nhân dân" là tổ chức tự quản ở cơ sở.')
    assert units(text, COMMUNE) == [("Tổ An ninh nhân dân", "team", None)]


def test_a_front_named_after_a_comma_starts_at_its_own_first_letter():
    assert names("Công an xã họp với Quân sự xã, MTTQ xã và các hội.", COMMUNE) == [
        "Công an xã Tam Hiệp", "MTTQ xã Tam Hiệp"]


def test_the_fatherland_is_not_a_team():
    assert names("Xây dựng phong trào bảo vệ an ninh Tổ quốc đáp ứng yêu cầu bảo đảm ANTT phù hợp tình hình mới.") == []


def test_a_team_kind_before_a_list_of_places_ends_before_them():
    got = names("Đánh giá tổ bảo vệ ANTT xóm, khu dân cư; kiện toàn tổ hòa giải thôn số 4 và tổ an ninh bản Pá Khoang.")
    assert got == ["tổ bảo vệ ANTT", "tổ hòa giải", "tổ an ninh"]


def test_a_motto_left_open_does_not_hide_the_bodies_after_its_sentence():
    text = ("Theo phương châm “Lấy dân làm gốc, Công an xã làm nòng cốt. Công an xã phối hợp với "
            "Hội CCB xã tổ chức hội thảo “Cựu chiến binh giữ bình yên thôn xóm” thành công.")
    assert names(text, COMMUNE) == ["Công an xã Tam Hiệp", "Hội CCB xã Tam Hiệp"]


def test_the_front_of_a_place_is_one_body_under_its_board_its_committee_or_bare():
    text = ("Ban Thường trực Ủy ban MTTQ huyện Kỳ Sơn phát động; UB MTTQ huyện giao chỉ tiêu "
            "và Mặt trận Tổ quốc vận động nhân dân. Ủy ban Trung ương MTTQ Việt Nam khen thưởng.")
    assert names(text, DISTRICT) == ["Ban Thường trực Ủy ban MTTQ huyện Kỳ Sơn", "Ủy ban Trung ương MTTQ Việt Nam"]


def test_a_curly_quote_closed_by_a_straight_one_ends_there():
    text = ('Huyện hưởng ứng phong trào “Toàn dân giữ bình yên xóm làng". '
            "Liên đoàn Lao động huyện phát động công nhân tham gia.")
    assert names(text, DISTRICT) == ["Liên đoàn Lao động huyện Kỳ Sơn"]
