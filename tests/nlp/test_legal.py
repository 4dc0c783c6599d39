from nlp import extract
from nlp.legal import canonical_key, find_legal_refs


def test_one_document_in_three_wordings():
    text = "Thực hiện Chỉ thị số 09-CT/TW, Chỉ thị 09-CT/TW và văn bản 09/CT-TW của Ban Bí thư."
    refs = find_legal_refs(text)
    assert [r.text for r in refs] == ["Chỉ thị số 09-CT/TW"]
    assert canonical_key("Chỉ thị", "09-CT/TW") == canonical_key("Chỉ thị", "09/CT-TW")


def test_plans_projects_and_decrees():
    text = "Theo Đề án 375, Kế hoạch số 574/KH-CAH-MTTQ ngày 01/6/2021 và Nghị định 144/2021/NĐ-CP."
    assert [r.text for r in find_legal_refs(text)] == ["Đề án 375", "Kế hoạch số 574/KH-CAH-MTTQ", "Nghị định 144/2021/NĐ-CP"]


def test_short_form_joins_the_full_reference():
    refs = find_legal_refs("Chỉ thị số 09-CT/TW đã đi vào cuộc sống; Chỉ thị 09 cần tiếp tục thực hiện.")
    assert len(refs) == 1


def texts(sentence, end=None):
    return [r.text for r in find_legal_refs(sentence, end)]


def test_lower_case_types_with_a_qualifier_before_the_number():
    assert texts("Công an xã và Hội Nông dân ký chương trình phối hợp số 03/CTr-CA-HND về an ninh.") == [
        "chương trình phối hợp số 03/CTr-CA-HND"]
    assert texts("Đội đã ra quyết định xử phạt vi phạm hành chính số 45/QĐ-XPHC.") == [
        "quyết định xử phạt vi phạm hành chính số 45/QĐ-XPHC"]
    assert texts("Xã làm tốt đề án 06 về dữ liệu dân cư.") == ["đề án 06"]
    assert texts("Ban hành Kế hoạch số: 31/KH-BCĐ về an ninh.") == ["Kế hoạch số: 31/KH-BCĐ"]


def test_central_committee_resolutions_by_plenum_and_term():
    refs = find_legal_refs("Quán triệt Nghị quyết Trung ương 4, khóa XII và Nghị quyết Hội nghị TW 6 (khoá XIII) "
                           "tới đảng viên; Nghị quyết Trung ương 4 được nhắc lại.")
    assert [r.text for r in refs] == ["Nghị quyết Trung ương 4, khóa XII", "Nghị quyết Hội nghị TW 6 (khoá XIII)"]
    assert refs[0].doc_type == "Nghị quyết" and refs[0].key != refs[1].key


def test_the_numbers_of_a_resolution_are_not_figures():
    ex = extract("Thực hiện Nghị quyết Trung ương 7 khóa X, xã có 15 tổ tự quản.")
    assert [f.text for f in ex.figures] == ["15 tổ tự quản"]
    assert [r.text for r in ex.legal_refs] == ["Nghị quyết Trung ương 7 khóa X"]


def test_a_bare_number_that_counts_or_dates_is_not_a_document_number():
    assert texts("Kế hoạch 5 năm, dự án 2 tỷ đồng và Kế hoạch 2025 đều xong.") == []
    assert texts("Thực hiện Chỉ thị 15 ngày 3/5/2021 của Tỉnh ủy.") == ["Chỉ thị 15"]


def test_verbs_take_a_number_only_with_so_or_a_code():
    assert texts("Cán bộ hướng dẫn 20 hộ lắp camera; Ban Chỉ đạo kết luận 3 nội dung. Hướng dẫn 12 hộ khác.") == []
    assert texts("Căn cứ quyết định số 112/QĐ-UBND và theo Quyết định 15 của UBND tỉnh.") == [
        "quyết định số 112/QĐ-UBND", "Quyết định 15"]


def test_a_headline_in_capitals_gives_way_to_the_body_wording():
    assert texts("KẾ HOẠCH SỐ 12 VỀ AN NINH\nNgày 5/3, xã ban hành Kế hoạch số 12/KH-UBND về an ninh.") == [
        "Kế hoạch số 12/KH-UBND"]
    assert texts("KẾ HOẠCH SỐ 12 VỀ AN NINH") == ["KẾ HOẠCH SỐ 12"]


def test_joint_circulars_and_codes_written_with_spaces():
    refs = find_legal_refs("Theo Thông tư liên tịch số 01/2020/TTLT-BCA-BQP và Nghị định 96/2016/ NĐ-CP.")
    assert [(r.text, r.doc_type) for r in refs] == [
        ("Thông tư liên tịch số 01/2020/TTLT-BCA-BQP", "Thông tư liên tịch"),
        ("Nghị định 96/2016/ NĐ-CP", "Nghị định")]


def test_nothing_after_the_body_end():
    text = "Theo Chỉ thị số 05-CT/TU.\nBài liên quan: Kế hoạch số 7/KH-UBND"
    assert texts(text, text.index("Bài")) == ["Chỉ thị số 05-CT/TU"]


def test_abbreviated_types_cite_with_so_only():
    refs = find_legal_refs("Căn cứ QĐ số 88/QĐ-UBND của huyện; CT 5 tổ đã ký, KH 2 hộ chưa ký.")
    assert [(r.text, r.doc_type) for r in refs] == [("QĐ số 88/QĐ-UBND", "Quyết định")]
    assert texts("Theo NQ số 12 và Nghị quyết số 12 của Đảng ủy.") == ["NQ số 12"]  # once, first wording
