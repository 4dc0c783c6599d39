from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared as CI places it beside the checkout (read-only, never needed by the product)."""
    if not (SHARED / "corpus" / "gold").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
