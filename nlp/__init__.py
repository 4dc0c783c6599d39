"""antq's NLP stage: Vietnamese article text -> figures, indicators, models,
units, localities and legal references (../shared/design/extraction.md).

`nlp.extract(text, ...)` runs the whole stage (nlp/pipeline.py). It is loaded
on first use, with its models, so that a process needing only a part (the
gazetteer, Vietnamese dates) does not carry scikit-learn and underthesea."""
from nlp.records import Extraction, Figure, LegalRef, Locality, Model, Unit

__all__ = ["extract", "Extraction", "Figure", "LegalRef", "Locality", "Model", "Unit"]


def __getattr__(name: str):
    if name == "extract":
        from nlp.pipeline import extract

        globals()["extract"] = extract
        return extract
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
