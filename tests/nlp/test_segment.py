from nlp.segment import sentences, syllables


def test_sentences_keep_offsets():
    text = "Câu thứ nhất có 3 tổ. Câu thứ hai.\nDòng mới"
    got = [text[s.start:s.end] for s in sentences(text)]
    assert got == ["Câu thứ nhất có 3 tổ.", "Câu thứ hai.", "Dòng mới"]


def test_syllables_are_lower_case_with_numbers_and_codes_folded():
    got = syllables("Đội tuần tra 12 ca, (5,8%) theo Kế hoạch 07/KH-UBND.")
    assert got == ["đội", "tuần", "tra", "<num>", "ca", "<num>", "theo", "kế", "hoạch", "<num>"]
