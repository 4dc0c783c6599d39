"""antq's NLP stage: Vietnamese article text -> figures, indicators, models,
units, localities and legal references (../shared/design/extraction.md)."""
from nlp.extract import extract
from nlp.records import Extraction, Figure, LegalRef, Locality, Model, Unit

__all__ = ["extract", "Extraction", "Figure", "LegalRef", "Locality", "Model", "Unit"]
