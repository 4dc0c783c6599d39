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
