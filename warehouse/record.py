"""The record the loader takes, declared once by dataclasses: nlp.records'
Extraction as its contract gives it (extraction.md), plus the article's own
fields (Article). Its Arrow type and the check of a JSON object against it are
derived from them here, so a field added to a dataclass reaches both.

A field whose contract shape differs from its dataclass says so in its
metadata: {"contract": {key: type, ...}} lists what to_contract() writes for it
(nothing, or other keys)."""
from __future__ import annotations

import math
import types
from dataclasses import MISSING, dataclass, fields, is_dataclass
from functools import cache
from typing import Any, Callable, Union, get_args, get_origin, get_type_hints

import pyarrow as pa

from nlp.records import Extraction

_ARROW = {str: pa.string(), float: pa.float64(), int: pa.int64(), bool: pa.bool_()}
_INT64 = (-(2 ** 63), 2 ** 63 - 1)


@dataclass
class Article:
    """An article's own fields, which travel with its extraction into the warehouse.
    The crawler fills them from its item (crawler/items.py: PageItem's fields of the
    same names; url is the canonical URL where the page names one); `antq load`
    fills text from the file it read."""
    url: str | None = None
    source_id: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    text: str | None = None
    relevance: float | None = None
    duplicate_of: int | None = None


def contract_fields(cls: type) -> list[tuple[str, Any, bool]]:
    """(key, type, required) of a dataclass as its contract writes it."""
    hints = get_type_hints(cls)
    out = []
    for f in fields(cls):
        shape = f.metadata.get("contract")
        if shape is None:
            required = f.default is MISSING and f.default_factory is MISSING
            out.append((f.name, hints[f.name], required))
        else:
            out.extend((key, tp, False) for key, tp in shape.items())
    return out


@cache
def record_fields() -> list[tuple[str, Any, bool]]:
    """The loader's record: the Extraction's contract keys, then the Article's that it lacks."""
    own = contract_fields(Extraction)
    names = {name: tp for name, tp, _ in own}
    extra = []
    for name, tp, required in contract_fields(Article):
        if name in names:
            assert names[name] == tp, f"{name}: Article and Extraction disagree on its type"
        else:
            extra.append((name, tp, required))
    return [(n, t, n == "doc_id" or r) for n, t, r in own + extra]  # the loader keys an article by doc_id


def _optional(tp) -> tuple[Any, bool]:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def arrow_type(tp) -> pa.DataType:
    """The Arrow type of a Python annotation: str, float, int, bool, X | None, list[X], or a dataclass."""
    tp, _ = _optional(tp)
    if get_origin(tp) is list:
        return pa.list_(arrow_type(get_args(tp)[0]))
    if is_dataclass(tp):
        return pa.struct([(name, arrow_type(t)) for name, t, _ in contract_fields(tp)])
    return _ARROW[tp]


@cache
def record_type() -> pa.StructType:
    return pa.struct([(name, arrow_type(tp)) for name, tp, _ in record_fields()])


# --- the check: one problem, named by its field's path, or None ---------------------------

Check = Callable[[Any, str], "str | None"]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _scalar(tp) -> Check:
    if tp is str:
        return lambda v, at: None if isinstance(v, str) else f"{at}: expected text, got {_shown(v)}"
    if tp is bool:
        return lambda v, at: None if isinstance(v, bool) else f"{at}: expected true or false, got {_shown(v)}"
    if tp is int:
        def check_int(v, at):
            if isinstance(v, bool) or not isinstance(v, int):
                return f"{at}: expected a whole number, got {_shown(v)}"
            return None if _INT64[0] <= v <= _INT64[1] else f"{at}: {v} is out of range"
        return check_int

    def check_float(v, at):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"{at}: expected a number, got {_shown(v)}"
        return None if math.isfinite(v) else f"{at}: {v} is not a finite number"
    return check_float


def _check(tp) -> Check:
    if get_origin(tp) is list:
        each = _check(get_args(tp)[0])

        def check_list(v, at):
            if not isinstance(v, list):
                return f"{at}: expected a list, got {_shown(v)}"
            for i, x in enumerate(v):
                if (p := each(x, f"{at}[{i}]")) is not None:
                    return p
            return None
        return check_list
    if is_dataclass(tp):
        return _object(contract_fields(tp))
    return _scalar(tp)


def _object(spec: list[tuple[str, Any, bool]]) -> Check:
    checks = {}
    for name, tp, required in spec:
        checks[name] = (_check(_optional(tp)[0]), required)

    def check_object(v, at):
        if not isinstance(v, dict):
            return f"{at}: expected an object, got {_shown(v)}"
        prefix = f"{at}." if at else ""
        for key in v:
            if key not in checks:
                return f"{prefix}{key}: not a field of the record"
        for name, (check, required) in checks.items():
            value = v.get(name)
            if value is None:
                if required:
                    return f"{prefix}{name}: missing"
                continue
            if (p := check(value, prefix + name)) is not None:
                return p
        return None
    return check_object


@cache
def _record_check() -> Check:
    return _object(record_fields())


def problem(rec: Any) -> str | None:
    """What makes rec unfit for the loader, in one line naming the field, or None."""
    found = _record_check()(rec, "")
    if found is None:
        return None
    return found[2:] if found.startswith(": ") else f"field {found}"
