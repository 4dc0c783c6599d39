"""Streamlit dashboard over the warehouse, read-only (issue 6)."""
