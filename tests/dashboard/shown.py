"""What a reader sees on a page rendered by AppTest, for checks that apply to
every page: no raw object dumps, no untranslated ids, no "None"/"nan" cells."""
from __future__ import annotations

import pandas as pd

from dashboard import i18n

# Streamlit's magic writes a bare expression's value; a DeltaGenerator or a
# function comes out as an st.help panel ("help_info").
DUMPS = {"help_info", "exception"}
# drawn by the browser; AppTest has no wrapper for them
DRAWN = {"html", "deck_gl_json_chart", "vega_lite_chart", "arrow_vega_lite_chart"}
MISSING = {"None", "none", "nan", "NaN", "NaT", "<NA>", "null"}


def elements(node) -> list:
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return [node]
    found = []
    for child in children.values():
        found.extend(elements(child))
    return found


def _strings(table) -> set[str]:
    if isinstance(table, dict):
        return set().union(*(_strings(v) for v in table.values()))
    return {table} if isinstance(table, str) else set()


def problems(at, lang: str = "vi") -> list[str]:
    """Every way the page at `at` shows something a reader should not see."""
    found = []
    codes = i18n.codes()
    labels = _strings(i18n._labels()[lang])
    for e in elements(at._tree):
        kind = getattr(e, "type", type(e).__name__)
        if kind in DUMPS or type(e).__name__ == "UnknownElement" and kind not in DRAWN:
            found.append(f"element {kind}")
        if kind in ("arrow_data_frame", "dataframe"):
            frame: pd.DataFrame = e.value
            for name in frame.columns:
                if name not in labels:
                    found.append(f"column header {name!r}")
            if frame.isna().any().any():
                found.append(f"missing values in {[c for c in frame.columns if frame[c].isna().any()]}")
            for name in frame.columns:
                cells = {str(v) for v in frame[name] if isinstance(v, str)}
                if cells & MISSING:
                    found.append(f"{sorted(cells & MISSING)} in column {name!r}")
                if cells & codes:
                    found.append(f"codes {sorted(cells & codes)} in column {name!r}")
    return found
