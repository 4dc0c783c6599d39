"""Indicators for figures in sentences the classifier was not trained on."""
import pytest

from nlp import extract, lexicon
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
