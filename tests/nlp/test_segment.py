from nlp.segment import sentences, syllables, words


def test_numbers_are_not_glued_to_nouns():
    ws = words("Nhân dân giao nộp 4.700 khẩu súng và 26/1.664 tổ trưởng")
    assert "<num>" in ws
    assert not any(any(c.isdigit() for c in w) for w in ws)
    assert "khẩu" in ws or "khẩu_súng" in ws


def test_sentences_keep_offsets():
    text = "Câu thứ nhất có 3 tổ. Câu thứ hai.\nDòng mới"
    got = [text[s.start:s.end] for s in sentences(text)]
    assert got == ["Câu thứ nhất có 3 tổ.", "Câu thứ hai.", "Dòng mới"]


def test_syllables_are_lower_case_with_numbers_and_codes_folded():
    got = syllables("Đội tuần tra 12 ca, (5,8%) theo Kế hoạch 07/KH-UBND.")
    assert got == ["đội", "tuần", "tra", "<num>", "ca", "<num>", "theo", "kế", "hoạch", "<num>"]
