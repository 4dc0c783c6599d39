"""Indicators for figures in sentences the classifier was not trained on."""
import pytest

from nlp import extract, indicators, lexicon
from nlp.figures import find_figures


def indicator_of(text, start_of_figure):
    ex = extract(text)
    found = [f for f in ex.figures if f.text.startswith(start_of_figure)]
    assert found, [f.text for f in ex.figures]
    return found[0].indicator


@pytest.mark.parametrize("text, figure, indicator", [
    ("Trong năm, Công an xã đã tổ chức 35 buổi tuyên truyền cho đồng bào.", "35 buổi", "propaganda_sessions"),
    ("Các buổi tuyên truyền thu hút trên 4.000 lượt người tham gia.", "trên 4.000 lượt người", "propaganda_reach"),
    ("Công an huyện đã in và phát 2.000 tờ rơi cho người dân.", "2.000 tờ rơi", "propaganda_materials"),
    ("Nhân dân đã cung cấp 45 nguồn tin cho công an.", "45 nguồn tin", "tips_received"),
    ("Trong đó có 30 nguồn tin có giá trị.", "30 nguồn tin có giá trị", "tips_valuable"),
    ("Giúp lực lượng công an làm rõ 12 vụ việc.", "12 vụ việc", "cases_resolved"),
    ("Lực lượng chức năng bắt giữ 8 đối tượng trộm cắp.", "8 đối tượng", "offenders_handled"),
    ("Người dân đã giao nộp 5 khẩu súng săn.", "5 khẩu súng", "weapons_collected"),
    ("Toàn xã duy trì 7 mô hình phòng ngừa tội phạm.", "7 mô hình", "models_active"),
    ("Xã có 12 tổ an ninh xã hội hoạt động hiệu quả.", "12 tổ an ninh", "teams_active"),
    ("Các tổ có 240 thành viên thường xuyên tuần tra.", "240 thành viên", "team_members"),
    ("Có 9/9 thôn đạt tiêu chuẩn an toàn về an ninh trật tự.", "9/9 thôn", "safe_units"),
    ("Người dân lắp đặt 500 camera an ninh ở ngõ xóm.", "500 camera", "cameras"),
    ("Huyện tặng giấy khen cho 15 tập thể có thành tích.", "15 tập thể", "awards"),
    ("Các tổ hòa giải thành 20 vụ việc mâu thuẫn.", "20 vụ việc", "disputes_mediated"),
    ("Xã có 3.200 hộ với 13.400 nhân khẩu.", "3.200 hộ", "households"),
    ("Xã có 3.200 hộ với 13.400 nhân khẩu.", "13.400 nhân khẩu", "population"),
    ("Huyện có diện tích 410 km2.", "410 km2", "area"),
    ("Huyện gồm 22 xã và 1 thị trấn.", "22 xã", "subunits"),
    ("Trên địa bàn có 40 doanh nghiệp đang hoạt động.", "40 doanh nghiệp", "organisations"),
])
def test_indicator(text, figure, indicator):
    assert indicator_of(text, figure) == indicator


def test_a_count_of_places_takes_the_outcome_of_its_clause():
    text = "Công an xã tổ chức tuyên truyền tại 6 thôn, 2 nhà trường. Xã có 6 thôn."
    got = [(f.text, f.indicator) for f in extract(text).figures]
    assert got == [("6 thôn", "propaganda_sessions"), ("2 nhà trường", "propaganda_sessions"), ("6 thôn", "subunits")]


def test_every_training_example_names_a_figure_the_finder_sees():
    """The labelled examples stay usable when the figure rules change."""
    for ex in lexicon.load_jsonl("indicator_examples"):
        texts = [f.text for f in find_figures(ex["text"])]
        for key in ex["labels"]:
            assert any(t.startswith(key) or key.startswith(t) for t in texts), (key, texts)


@pytest.mark.parametrize("text, figure, indicator", [
    # operations counted in đợt / lượt / ca are not outcomes of the movement
    ("Dân quân và công an viên tham gia 1.250 lượt tuần tra ban đêm.", "1.250 lượt", "other"),
    ("Xã mở 14 đợt kiểm tra hành chính các nhà trọ.", "14 đợt", "other"),
    ("Mỗi chốt bố trí 3 ca trực trong dịp lễ.", "3 ca", "other"),
    # gifts, bells, chat groups and cultural titles
    ("Hội Chữ thập đỏ trao 75 suất quà cho hộ khó khăn.", "75 suất quà", "other"),
    ("Các tổ được trang bị 26 chiếc kẻng báo động.", "26 chiếc kẻng", "other"),
    ("Mỗi ấp lập nhóm Zalo, cả xã có 11 nhóm Zalo an ninh.", "11 nhóm Zalo", "other"),
    ("Năm nay có 2.400 hộ đạt danh hiệu gia đình văn hóa.", "2.400 hộ", "other"),
    # the clause's verb decides
    ("Chủ các nhà trọ trong phường, tổng cộng 310 hộ, đã ký cam kết không chứa chấp tội phạm.", "310 hộ", "pledges"),
    ("Lễ ra quân có 420 đoàn viên thanh niên tham dự.", "420 đoàn viên", "propaganda_reach"),
    # the deciding phrase may follow the number
    ("Năm 2023, 14 thôn đạt loại xuất sắc và khá.", "14 thôn", "movement_rating"),
])
def test_indicator_of_the_dev_conventions(text, figure, indicator):
    assert indicator_of(text, figure) == indicator


def test_every_item_of_a_list_takes_the_list_indicator():
    text = "Người dân đã giao nộp 7 khẩu súng tự chế, 3 hộp tiếp đạn và 12 quả pháo."
    got = [(f.text, f.indicator) for f in extract(text).figures]
    assert [i for _, i in got] == ["weapons_collected"] * 3, got


def test_cue_words_match_whole_words():
    assert "households" not in indicators.unit_cues("hộp tiếp đạn")
    assert indicators.unit_cues("hộ gia đình")[0] == "households"
    # the leftmost longest cue comes first: a cultural title before a count of points
    assert indicators.unit_cues("điểm sáng văn hóa")[0] == "other_culture"


def test_a_bracketed_percentage_takes_its_ratio_indicator():
    text = "Kết quả phân loại, 17/20 thôn (85%) đạt loại khá trở lên."
    got = [(f.text, f.indicator) for f in extract(text).figures]
    assert got[0][1] == got[1][1] == "movement_rating", got
