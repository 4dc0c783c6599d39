import pytest

from nlp import extract
from nlp.periods import find_periods


@pytest.mark.parametrize("text, published, period, start, end", [
    ("Năm 2021, xã có", None, "Năm 2021", "2021-01-01", "2021-12-31"),
    ("Kể từ đầu năm đến nay, các tổ", "2022-11", "Kể từ đầu năm đến nay", "2022-01-01", "2022-11-30"),
    ("6 tháng đầu năm 2023, huyện", None, "6 tháng đầu năm 2023", "2023-01-01", "2023-06-30"),
    ("Quý II/2024 có", None, "Quý II/2024", "2024-04-01", "2024-06-30"),
    ("Đến nay, toàn xã có", "2022-11-15", "Đến nay", None, "2022-11-15"),
    ("mỗi tháng một lần", None, "mỗi tháng", None, None),
    ("Năm qua, toàn huyện", "2023-12", "Năm qua", "2023-01-01", "2023-12-31"),
    ("Trong 5 năm qua, các tổ", "2024-06", "5 năm qua", "2020-01-01", "2024-06-30"),
    ("Trong 4 năm, bà con đã", "2021-03", "4 năm", "2018-01-01", "2021-03-31"),
    ("Trong năm, các tổ đã", "2023-10", "Trong năm", "2023-01-01", "2023-12-31"),
    ("Trong năm 2022, các tổ đã", None, "năm 2022", "2022-01-01", "2022-12-31"),
    ("Những tháng đầu năm, công an", "2024-05", "Những tháng đầu năm", "2024-01-01", "2024-05-31"),
    ("kể từ ngày 15/3/2024 đến nay, đã", "2024-09", "kể từ ngày 15/3/2024 đến nay", "2024-03-15", "2024-09-30"),
    ("Từ khi ra mắt đến tháng 6/2024, tổ", None, "Từ khi ra mắt đến tháng 6/2024", None, "2024-06-30"),
    ("Tính đến hiện tại, tỉnh có", "2024-02", "Tính đến hiện tại", None, "2024-02-29"),
    ("từ năm 2018 hệ thống camera", "2020-04", "từ năm 2018", "2018-01-01", "2020-04-30"),
    ("Sau sáp nhập, tỉnh có", "2025-09-02", "Sau sáp nhập", None, "2025-09-02"),
])
def test_period_resolved_against_the_article_date(text, published, period, start, end):
    p = find_periods(text, 0, len(text), published)[0]
    assert (p.text, p.date_start, p.date_end) == (period, start, end)


def test_period_comes_from_the_figure_sentence_only():
    ex = extract("Năm 2022, huyện tổ chức 50 buổi tuyên truyền. Nhân dân cung cấp 20 nguồn tin.", published="2023-01")
    assert [(f.text, f.period) for f in ex.figures] == [("50 buổi tuyên truyền", "Năm 2022"), ("20 nguồn tin", None)]
    assert ex.figures[0].period_start == "2022-01-01"


def test_a_period_covers_its_clause_unless_it_opens_the_sentence():
    text = ("Từ năm 2015 đến năm 2020, nhân dân cung cấp 300 nguồn tin; công an làm rõ 40 vụ việc. "
            "Mô hình ra mắt từ tháng 3/2021; hiện có 12 tổ với 60 thành viên.")
    got = [(f.text, f.period) for f in extract(text, published="2021-12").figures]
    assert got == [("300 nguồn tin", "Từ năm 2015 đến năm 2020"), ("40 vụ việc", "Từ năm 2015 đến năm 2020"),
                   ("12 tổ", None), ("60 thành viên", None)]


def test_a_fronted_period_covers_the_rest_of_the_sentence():
    text = "Ghi nhận kết quả đó, trong 3 năm qua, tỉnh tặng bằng khen cho 12 tập thể; giấy khen cho 30 cá nhân."
    got = [(f.text, f.period) for f in extract(text, published="2022-05").figures]
    assert got == [("12 tập thể", "3 năm qua"), ("30 cá nhân", "3 năm qua")]
