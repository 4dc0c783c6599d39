"""Each step of the spaCy pipeline leaves its results as spans whose records make
the Extraction; `nlp.extract` prints the contract's shape."""
import json
import re

import pytest
import spacy

from nlp import extract
from nlp.components import to_extraction
from nlp.language import pipeline
from nlp.records import Figure, LegalRef, Locality, Model, Unit

ARTICLE = (
    "Huyện Vĩnh Lộc nhân rộng mô hình tự quản về an ninh\n\n"
    "Thực hiện Kế hoạch số 25/KH-UBND của UBND tỉnh Thanh Hóa, năm 2024 Công an huyện Vĩnh Lộc đã phối hợp "
    "xây dựng 15 mô hình “Camera giám sát an ninh” và thành lập 32 tổ an ninh nhân dân với 210 thành viên "
    "tại xã Vĩnh Hùng, huyện Vĩnh Lộc.\n"
)


@pytest.fixture(scope="module")
def doc():
    nlp = pipeline()
    return nlp(nlp.make_doc(ARTICLE))


@pytest.mark.parametrize("key, record_type", [
    ("figures", Figure), ("models", Model), ("units", Unit), ("localities", Locality), ("legal_refs", LegalRef),
])
def test_each_component_fills_its_spans_key_with_records(doc, key, record_type):
    spans = doc.spans[key]
    assert len(spans) > 0
    for span in spans:
        record = span._.record
        assert isinstance(record, record_type)
        assert span.label_ == key
        assert span.start_char <= record.start < record.end <= span.end_char


def test_spans_sit_on_token_boundaries_of_what_they_hold(doc):
    ref = doc.spans["legal_refs"][0]
    assert ref.text == ref._.record.text == "Kế hoạch số 25/KH-UBND"
    assert [span.text for span in doc.spans["figures"]] == [f.text for f in (s._.record for s in doc.spans["figures"])]


def test_later_steps_complete_the_figures(doc):
    for figure in (span._.record for span in doc.spans["figures"]):
        assert figure.indicator and 0 < figure.confidence <= 1  # antq_indicators
        assert figure.period == "năm 2024" and figure.period_start == "2024-01-01"  # antq_periods


def test_document_values_are_doc_extensions(doc):
    assert doc._.title.startswith("Huyện Vĩnh Lộc")
    assert doc._.body_end == len(ARTICLE)
    assert doc._.primary_locality.name == "Vĩnh Lộc"


def test_a_pipeline_of_some_steps_with_its_own_keys():
    nlp = spacy.blank("antq_vi")
    nlp.add_pipe("antq_body_end")
    nlp.add_pipe("antq_legal_refs", config={"spans_key": "van_ban"})
    doc = nlp(ARTICLE)
    assert [s.text for s in doc.spans["van_ban"]] == ["Kế hoạch số 25/KH-UBND"]
    assert "figures" not in doc.spans
    assert to_extraction(doc).figures == []


def test_extract_is_the_pipeline_read_back(doc):
    assert extract(ARTICLE).to_contract() == to_extraction(doc).to_contract()


def test_extract_prints_the_contract_shape(shared):
    md = (shared / "design" / "extraction.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", md, re.S).group(1))
    out = extract(ARTICLE, doc_id="vd-1").to_contract()
    assert set(example) <= set(out)
    for key in ("figures", "models", "units"):
        for item in out[key]:
            assert set(example[key][0]) <= set(item), key
    # a province names no district or province above it
    assert {"level", "name"} <= set(out["localities"][0])
    assert set(example["primary_locality"]) <= set(out["primary_locality"])
    assert out["legal_refs"] == ["Kế hoạch số 25/KH-UBND"] and out["doc_id"] == "vd-1"
