"""Models follow the contract's conventions (../shared/design/extraction.md, Models):
names after "mô hình" without quotes and without the word, lists of them, counts from
"N mô hình “X”" and from model sites. Sentences are our own."""
import pytest

from nlp.models import family_of, find_models


def names(text):
    return [(m.name, m.count) for m in find_models(text)]


@pytest.mark.parametrize("text, name", [
    ("xã ra mắt mô hình “Chợ an toàn về ANTT” vào tháng 3", "Chợ an toàn về ANTT"),
    ('phường nhân rộng mô hình "Zalo, camera an ninh" ra các khu phố', "Zalo, camera an ninh"),
    ("thôn duy trì mô hình ‘Dòng họ tự quản’ đã nhiều năm", "Dòng họ tự quản"),
    ("Công an xã triển khai mô hình Nhóm LGTQ ở các khu dân cư", "Nhóm LGTQ"),
    ("huyện tổng kết mô hình mang tên Bến đò bình yên, trật tự.", "Bến đò bình yên, trật tự"),
    ("thôn giữ vững mô hình tự quản Nhóm LGTQ ở các xóm", "tự quản Nhóm LGTQ"),
])
def test_a_name_after_mo_hinh_in_any_quote_style(text, name):
    assert names(text)[0][0] == name


def test_several_quoted_names_after_one_mo_hinh():
    text = "Các mô hình “Loa an ninh”, “Cổng trường an toàn” và “Hòm thư tố giác” được duy trì."
    assert [n for n, _ in names(text)] == ["Loa an ninh", "Cổng trường an toàn", "Hòm thư tố giác"]


def test_a_list_after_gom_separated_by_semicolons():
    text = ("Xã đang duy trì 4 mô hình gồm: “Camera an ninh thôn xóm”; “Bến phà an toàn” tại bến sông; "
            "Tổ tuần tra nhân dân tại khu dân cư; Quản lý, giáo dục người nghiện tại gia đình.")
    assert [n for n, _ in names(text)] == [
        "Camera an ninh thôn xóm", "Bến phà an toàn", "Tổ tuần tra nhân dân tại khu dân cư",
        "Quản lý, giáo dục người nghiện tại gia đình"]


def test_a_semicolon_list_is_a_list_of_models_only_when_its_first_item_reads_as_a_name():
    assert names("Các mô hình phát huy hiệu quả như giảm tội phạm; tăng cường tuần tra; hòa giải nhiều vụ việc.") == []
    assert [n for n, _ in names("Nhiều mô hình hiệu quả như: camera an ninh; thôn xóm bình yên; tái hòa nhập cộng đồng.")] == [
        "camera an ninh", "thôn xóm bình yên", "tái hòa nhập cộng đồng"]


def test_a_list_after_nhu_separated_by_commas_keeps_fixed_pairs_whole():
    text = ("Phường có nhiều mô hình hay như: “Tổ dân phố không tội phạm”, “Phòng, chống cháy nổ khu trọ”, "
            "“Ngõ phố bình yên”… nhờ đó an ninh được giữ vững.")
    assert [n for n, _ in names(text)] == ["Tổ dân phố không tội phạm", "Phòng, chống cháy nổ khu trọ",
                                           "Ngõ phố bình yên"]


def test_an_unquoted_lower_case_name_with_a_concrete_head_and_its_count():
    assert names("Năm nay xã xây dựng 2 mô hình đèn chiếu sáng an ninh ở các trục đường.") == [
        ("đèn chiếu sáng an ninh", 2)]


def test_the_count_goes_to_the_first_quoted_name():
    text = "Phường có 3 mô hình “Tổ liên gia phòng cháy”; “Điểm chữa cháy khu phố” đặt tại các tổ dân phố."
    assert names(text) == [("Tổ liên gia phòng cháy", 3), ("Điểm chữa cháy khu phố", None)]


def test_model_sites_give_the_model_its_count():
    assert names("Thành phố có 120 điểm mô hình camera an ninh, với hơn 900 mắt camera.") == [
        ("camera an ninh", 120)]
    assert names("Tiêu biểu như “Mô hình cổng an ninh” có 14 điểm trên địa bàn.") == [("cổng an ninh", 14)]


def test_counts_of_separate_mentions_add_up():
    text = ("Xã có 10 mô hình “Tự quản về ANTT” của 10 thôn, 02 mô hình “Tự quản về ANTT” của 02 trường. "
            "Mô hình “Camera an ninh” tại 4 thôn và 3 tổ dân phố.")
    assert names(text) == [("Tự quản về ANTT", 12), ("Camera an ninh", 7)]


@pytest.mark.parametrize("text", [
    "toàn tỉnh duy trì 54 mô hình phòng, chống tội phạm có hiệu quả",
    "nhân rộng mô hình tự quản trong công nhân",
    "huyện có 80 mô hình thuộc phong trào Toàn dân bảo vệ ANTQ",
    "toàn huyện xây dựng được 60 mô hình bảo vệ an ninh Tổ quốc",
    "các xã hưởng ứng phong trào “Toàn dân bảo vệ an ninh Tổ quốc” từ sớm",
    "đăng ký xây dựng mô hình “An toàn về ANTT” năm nay",
    "bên cạnh 30 mô hình “Dân vận khéo” của các đoàn thể",
])
def test_generic_groups_movements_and_standards_are_not_models(text):
    assert names(text) == []


def test_a_name_cut_off_at_the_end_of_the_text_is_left_out():
    text = "Huyện tổng kết các mô hình tiêu biểu như: Tổ hòa giải thôn, Câu lạc bộ phòng chống ma t"
    assert [n for n, _ in names(text)] == ["Tổ hòa giải thôn"]


def test_a_quoted_name_before_la_mo_hinh():
    assert names("“Xóm trọ văn minh” là mô hình đầu tiên của phường.") == [("Xóm trọ văn minh", None)]


def test_a_team_kind_in_a_list_of_models_is_a_model_not_a_unit():
    from nlp import extract
    out = extract("Xã duy trì 3 mô hình gồm: Tổ an ninh nhân dân tự quản; Camera an ninh; Đội dân phòng thôn.")
    assert [m.name for m in out.models] == ["Tổ an ninh nhân dân tự quản", "Camera an ninh", "Đội dân phòng thôn"]
    assert out.units == []


@pytest.mark.parametrize("name, family", [
    ("Camera an ninh", "camera"), ("Nhóm Zalo an ninh", "online_groups"), ("Tổ hòa giải", "mediation"),
    ("Khu dân cư an toàn PCCC", "fire_safety"), ("Cổng trường an toàn", "school"),
    ("Tổ an ninh công nhân", "workers"), ("Giáo xứ bình yên", "religious"), ("Tổ tự quản", "self_management"),
])
def test_families(name, family):
    assert family_of(name) == family
