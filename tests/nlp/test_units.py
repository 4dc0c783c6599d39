from nlp import extract


def units(text):
    return [(u.name, u.kind, u.count) for u in extract(text).units]


def test_team_kinds_with_counts_and_acronyms():
    text = ("Họp các tổ an ninh xã hội (ANXH) và đội dân phòng. "
            "Toàn huyện có 874 tổ ANXH, 57 đội dân phòng với trên 1.000 thành viên.")
    assert units(text) == [("tổ an ninh xã hội", "team", 874), ("đội dân phòng", "team", 57)]


def test_police_committee_and_organisations():
    got = units("Công an huyện Vĩnh Lộc phối hợp với MTTQ, Hội Cựu chiến binh huyện và Ban Chỉ đạo 138 huyện. "
                "Công an huyện cũng báo cáo Bộ Công an.")
    assert ("Công an huyện Vĩnh Lộc", "police", None) in got
    assert ("Bộ Công an", "police", None) in got
    assert ("MTTQ", "organisation", None) in got
    assert ("Hội Cựu chiến binh huyện", "organisation", None) in got
    assert ("Ban Chỉ đạo 138 huyện", "committee", None) in got
    assert not any(name == "Công an huyện" for name, _, _ in got)  # the unnamed repeat joins the named unit


def test_people_committees_are_not_units():
    assert units("UBND huyện và Huyện ủy chỉ đạo.") == []
