import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bench():
    """bench/nlp_quality.py as a module: the tests cross-validate as the bench does."""
    spec = importlib.util.spec_from_file_location("nlp_quality", ROOT / "bench" / "nlp_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
