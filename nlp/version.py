"""The version stamped on every derived row: bump it when extraction output changes."""
NLP_VERSION = "nlp-0.2.0"
