"""Each figure counts for the unit its clause speaks of (its scope), or for the
article's primary locality (None). Sentences are written for the test."""
from nlp import extract


def scopes(text, **kw):
    ex = extract(text, **kw)
    return ex, {f.text: (f.locality.level, f.locality.name) if f.locality else None for f in ex.figures}


def test_a_province_total_in_a_commune_article():
    text = ("Xã Minh Sơn, huyện Hữu Lũng tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc. "
            "Xã Minh Sơn hiện có 12 tổ tự quản về an ninh trật tự. "
            "Toàn tỉnh đã xây dựng 350 mô hình tự quản.")
    ex, s = scopes(text, published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("commune", "Minh Sơn")
    assert s["12 tổ tự quản về an ninh trật tự"] is None
    assert s["350 mô hình tự quản"] == ("province", "Lạng Sơn")


def test_a_district_named_at_the_head_of_its_clause():
    text = ("Phong trào bảo vệ an ninh ở tỉnh Lạng Sơn được đẩy mạnh. Tỉnh Lạng Sơn hiện có 900 tổ tự quản. "
            "Tại huyện Cao Lộc, người dân đã lắp 46 camera an ninh; "
            "huyện Tràng Định có 20 tổ tự quản.")
    ex, s = scopes(text, title="Lạng Sơn đẩy mạnh phong trào bảo vệ an ninh", published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("province", "Lạng Sơn")
    assert s["900 tổ tự quản"] is None
    assert s["46 camera an ninh"] == ("district", "Cao Lộc")
    assert s["20 tổ tự quản"] == ("district", "Tràng Định")


def test_a_bare_level_word_points_at_the_district_named_before():
    text = ("Tỉnh Lạng Sơn đẩy mạnh phong trào bảo vệ an ninh, tỉnh có 900 tổ tự quản. "
            "Ở huyện Cao Lộc, camera được lắp ở các ngã ba. Năm 2022, huyện lắp thêm 22 camera an ninh.")
    _, s = scopes(text, title="Tỉnh Lạng Sơn đẩy mạnh phong trào", published="2023-05-01")
    assert s["22 camera an ninh"] == ("district", "Cao Lộc")


def test_figures_without_a_place_in_their_clause_count_for_the_primary():
    text = ("Công an huyện Cao Lộc tổng kết phong trào bảo vệ an ninh. Trong năm, lực lượng công an "
            "đã tổ chức 30 buổi tuyên truyền cho 2.000 lượt người.")
    _, s = scopes(text, published="2023-05-01")
    assert s["30 buổi tuyên truyền"] is None and s["2.000 lượt người"] is None


def test_many_units_of_a_level_count_for_the_unit_that_holds_them():
    text = ("Huyện Cao Lộc đẩy mạnh phong trào bảo vệ an ninh ở vùng biên. "
            "Ở xã Đồng Đăng, lực lượng công an phối hợp tuần tra. "
            "Các xã biên giới đã tổ chức 15 buổi tuyên truyền cho người dân.")
    ex, s = scopes(text, title="Huyện Cao Lộc đẩy mạnh phong trào bảo vệ an ninh", published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("district", "Cao Lộc")
    assert s["15 buổi tuyên truyền"] is None


def test_the_subject_of_a_reported_statement_follows_the_speaker():
    text = ("Xã Đồng Đăng, huyện Cao Lộc tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc. "
            "Xã Đồng Đăng có 10 tổ tự quản. "
            "Phó Giám đốc Công an tỉnh Lạng Sơn cho biết, toàn tỉnh hiện có 900 tổ tự quản.")
    ex, s = scopes(text, published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("commune", "Đồng Đăng")
    assert s["900 tổ tự quản"] == ("province", "Lạng Sơn")


def test_a_unit_owning_the_counted_things_follows_the_figure():
    text = ("Tỉnh Lạng Sơn tổng kết phong trào bảo vệ an ninh năm 2022, toàn tỉnh có 900 tổ tự quản. "
            "Dịp này, Giám đốc Công an tỉnh trao giấy khen cho 3 cá nhân của xã Đồng Đăng.")
    _, s = scopes(text, title="Lạng Sơn tổng kết phong trào bảo vệ an ninh", published="2023-05-01")
    assert s["900 tổ tự quản"] is None
    assert s["3 cá nhân"] == ("commune", "Đồng Đăng")


def test_figures_of_communes_listed_together_count_for_the_district():
    text = ("Công an huyện Cao Lộc tổ chức ngày hội giao nộp vũ khí. "
            "Người dân các xã Đồng Đăng, Thụy Hùng và Hòa Cư đã mang tới 12 khẩu súng tự chế.")
    ex, s = scopes(text, published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("district", "Cao Lộc")
    assert s["12 khẩu súng tự chế"] is None


def test_a_number_is_a_unit_only_after_its_level_word():
    text = ("Phường 3, thành phố Cao Lãnh tổ chức ngày hội. Toàn thành phố có 40 tổ tự quản. "
            "Trong 3 năm, phường 3 đã vận động người dân lắp 25 camera an ninh.")
    ex, s = scopes(text, published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("commune", "3")
    assert s["40 tổ tự quản"] == ("district", "Cao Lãnh")
    assert s["25 camera an ninh"] is None


def test_a_city_named_like_its_province_is_the_articles_own_unit():
    text = ("Công an thành phố Lạng Sơn đẩy mạnh phong trào bảo vệ an ninh. "
            "Thành phố Lạng Sơn có 8 phường, xã với 20 tổ tự quản. Toàn tỉnh có 900 tổ tự quản.")
    ex, s = scopes(text, published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("district", "Lạng Sơn")
    assert s["20 tổ tự quản"] is None
    assert s["900 tổ tự quản"] == ("province", "Lạng Sơn")


def test_a_fronted_phrase_of_where_a_place_lies_is_not_the_subject():
    text = ("Công an huyện Cao Lộc đẩy mạnh phong trào bảo vệ an ninh. "
            "Nằm ở phía Bắc tỉnh Lạng Sơn, Cao Lộc là huyện biên giới với 22 xã, thị trấn.")
    ex, s = scopes(text, published="2023-05-01")
    assert (ex.primary_locality.level, ex.primary_locality.name) == ("district", "Cao Lộc")
    assert s["22 xã, thị trấn"] is None
