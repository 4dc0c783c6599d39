import pytest

from nlp.models import family_of, find_models


def names(text):
    return [(m.name, m.count) for m in find_models(text)]


@pytest.mark.parametrize("text, name", [
    ("xây dựng mô hình “Tổ an ninh công nhân” ở xã", "Tổ an ninh công nhân"),
    ('nhân rộng mô hình "Zalo, camera an ninh" trên địa bàn', "Zalo, camera an ninh"),
    ("triển khai mô hình ‘Dòng họ tự quản’ ở thôn", "Dòng họ tự quản"),
    ("duy trì mô hình Nhóm LGTQ ở các tổ dân phố", "Nhóm LGTQ"),
])
def test_model_names_in_any_quote_style(text, name):
    assert names(text)[0][0] == name


def test_list_after_nhu():
    text = "Phường có 5 mô hình như: mô hình tổ ANND; tổ hòa giải cơ sở; mô hình cổng trường an toàn giao thông."
    assert [n for n, _ in names(text)] == ["tổ ANND", "tổ hòa giải cơ sở", "cổng trường an toàn giao thông"]


def test_counts_add_up_across_mentions():
    text = ("Xã có 10 mô hình “Tự quản về ANTT” của 10 thôn, 02 mô hình “Tự quản về ANTT” của 02 trường. "
            "Mô hình “Camera an ninh” tại 4 thôn và 3 tổ dân phố.")
    assert names(text) == [("Tự quản về ANTT", 12), ("Camera an ninh", 7)]


@pytest.mark.parametrize("text", [
    "duy trì 54 mô hình phòng, chống tội phạm có hiệu quả",
    "nhân rộng mô hình tự quản trong công nhân",
    "các xã hưởng ứng phong trào “Toàn dân bảo vệ an ninh Tổ quốc” từ sớm",
    "đăng ký đạt tiêu chuẩn “An toàn về ANTT”",
])
def test_not_models(text):
    assert names(text) == []


@pytest.mark.parametrize("name, family", [
    ("Camera an ninh", "camera"), ("Nhóm Zalo an ninh", "online_groups"), ("Tổ hòa giải", "mediation"),
    ("Khu dân cư an toàn PCCC", "fire_safety"), ("Cổng trường an toàn", "school"),
    ("Tổ an ninh công nhân", "workers"), ("Giáo xứ bình yên", "religious"), ("Tổ tự quản", "self_management"),
])
def test_families(name, family):
    assert family_of(name) == family
