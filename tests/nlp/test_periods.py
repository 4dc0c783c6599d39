import pytest

from nlp import extract
from nlp.periods import find_periods


@pytest.mark.parametrize("text, published, period, start, end", [
    ("Năm 2021, xã có", None, "Năm 2021", "2021-01-01", "2021-12-31"),
    ("Riêng từ đầu năm đến nay, đã", "2022-11", "từ đầu năm đến nay", "2022-01-01", "2022-11-30"),
    ("6 tháng đầu năm 2023, huyện", None, "6 tháng đầu năm 2023", "2023-01-01", "2023-06-30"),
    ("Quý II/2024 có", None, "Quý II/2024", "2024-04-01", "2024-06-30"),
    ("Đến nay, thành phố có", "2022-11-15", "Đến nay", None, "2022-11-15"),
    ("mỗi tháng một lần", None, "mỗi tháng", None, None),
    ("Năm qua, toàn huyện", "2023-12", "Năm qua", "2023-01-01", "2023-12-31"),
])
def test_period_resolved_against_the_article_date(text, published, period, start, end):
    p = find_periods(text, 0, len(text), published)[0]
    assert (p.text, p.date_start, p.date_end) == (period, start, end)


def test_period_comes_from_the_figure_sentence_only():
    ex = extract("Năm 2022, huyện tổ chức 50 buổi tuyên truyền. Nhân dân cung cấp 20 nguồn tin.", published="2023-01")
    assert [(f.text, f.period) for f in ex.figures] == [("50 buổi tuyên truyền", "Năm 2022"), ("20 nguồn tin", None)]
    assert ex.figures[0].period_start == "2022-01-01"
