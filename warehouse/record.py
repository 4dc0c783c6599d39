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
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import pyarrow as pa
import pyarrow.compute as pc

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


def contract_fields(cls: type) -> list[tuple[str, Any]]:
    """(key, type) of a dataclass as its contract writes it."""
    hints = get_type_hints(cls)
    out = []
    for f in fields(cls):
        shape = f.metadata.get("contract")
        out.extend(shape.items() if shape is not None else [(f.name, hints[f.name])])
    return out


REQUIRED = "doc_id"  # the one field a record must give: the loader keys an article by it (or by its url)


@cache
def record_fields() -> list[tuple[str, Any]]:
    """The loader's record: the Extraction's contract keys, then the Article's that it lacks."""
    own = contract_fields(Extraction)
    names = dict(own)
    extra = []
    for name, tp in contract_fields(Article):
        if name not in names:
            extra.append((name, tp))
        elif names[name] != tp:
            raise TypeError(f"{name}: Article and Extraction declare it with different types")
    return own + extra


def _optional(tp) -> Any:
    """X for X | None; tp itself otherwise."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def arrow_type(tp) -> pa.DataType:
    """The Arrow type of a Python annotation: str, float, int, bool, X | None, list[X], or a dataclass."""
    tp = _optional(tp)
    if get_origin(tp) is list:
        return pa.list_(arrow_type(get_args(tp)[0]))
    if is_dataclass(tp):
        return pa.struct([(name, arrow_type(t)) for name, t in contract_fields(tp)])
    return _ARROW[tp]


@cache
def record_type() -> pa.StructType:
    return pa.struct([(name, arrow_type(tp)) for name, tp in record_fields()])


# --- the check: one problem, named by its field's path, or None ---------------------------
# A record is checked field by field against a spec compiled once from the
# dataclasses: (key, kind, spec of the items or fields within, required). Any
# field but doc_id may be left out (it is then null); what is given must have
# the declared type, and a list no null item. The loop is plain and flat
# because it runs for every field of every record loaded.

_STR, _FLOAT, _INT, _BOOL, _LIST, _OBJECT = range(6)
_KIND = {str: _STR, float: _FLOAT, int: _INT, bool: _BOOL}
_EXPECTED = {_STR: "text", _FLOAT: "a number", _INT: "a whole number", _BOOL: "true or false",
             _LIST: "a list", _OBJECT: "an object"}


def _spec_of(tp) -> tuple:
    """(kind, inner): inner is the item's spec for a list, the fields' for an object."""
    tp = _optional(tp)
    if get_origin(tp) is list:
        return _LIST, _spec_of(get_args(tp)[0])
    if is_dataclass(tp):
        return _OBJECT, _fields_spec(contract_fields(tp))
    return _KIND[tp], None


def _fields_spec(spec: list[tuple[str, Any]], required: frozenset = frozenset()) -> tuple[frozenset, tuple]:
    return frozenset(n for n, _ in spec), tuple((n, *_spec_of(t), n in required) for n, t in spec)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bad(kind: int, v: Any) -> str | None:
    """What is wrong with v as a value of a scalar kind, or None."""
    t = type(v)
    if kind == _STR:
        return None if t is str else f"expected text, got {_shown(v)}"
    if kind == _FLOAT:
        if t is float:
            return None if math.isfinite(v) else f"{v} is not a finite number"
        return None if t is int else f"expected a number, got {_shown(v)}"
    if kind == _INT:
        if t is not int:
            return f"expected a whole number, got {_shown(v)}"
        return None if _INT64[0] <= v <= _INT64[1] else f"{v} is out of range"
    return None if t is bool else f"expected true or false, got {_shown(v)}"


def _check_value(kind: int, inner, v: Any) -> tuple[str, str] | None:
    """(path below v, problem) or None."""
    if kind == _OBJECT:
        return _check_object(inner, v)
    if kind == _LIST:
        if type(v) is not list:
            return "", f"expected a list, got {_shown(v)}"
        item_kind, item_inner = inner
        for i, x in enumerate(v):
            if x is None:
                return f"[{i}]", "missing"
            if item_kind >= _LIST:
                found = _check_value(item_kind, item_inner, x)
                if found:
                    return f"[{i}]{found[0]}", found[1]
            elif (why := _bad(item_kind, x)) is not None:
                return f"[{i}]", why
        return None
    why = _bad(kind, v)
    return None if why is None else ("", why)


def _check_object(spec: tuple[frozenset, tuple], v: Any) -> tuple[str, str] | None:
    if type(v) is not dict:
        return "", f"expected an object, got {_shown(v)}"
    allowed, fields_ = spec
    if not v.keys() <= allowed:
        return "." + min(k for k in v if k not in allowed), "not a field of the record"
    for name, kind, inner, required in fields_:
        x = v.get(name)
        if x is None:
            if required:
                return f".{name}", "missing"
            continue
        if kind == _STR:
            if type(x) is str:
                continue
        elif kind == _FLOAT:
            if type(x) is int or (type(x) is float and x - x == 0):  # x - x is NaN for NaN and ±inf
                continue
        found = _check_value(kind, inner, x)
        if found:
            return f".{name}{found[0]}", found[1]
    return None


@cache
def _record_spec() -> tuple[frozenset, tuple]:
    return _fields_spec(record_fields(), frozenset([REQUIRED]))


def problem(rec: Any) -> str | None:
    """What makes rec unfit for the loader, in one line naming the field, or None."""
    found = _check_object(_record_spec(), rec)
    if found is None:
        return None
    where, why = found
    return f"field {where.lstrip('.')}: {why}" if where else why


# --- the same check over a batch, for the loader's fast path ------------------------------
# Arrow's conversion checks the types; what it lets through (unknown keys, which it
# drops, NaN and infinities, a missing doc_id) is checked here, the keys per
# record and the values per column. A batch that fails goes through problem() record
# by record, to name what is wrong.

def keys_fit(rec: Any) -> bool:
    """Whether every key of rec, at every level, is a field of the record, and every
    list field holds a list (Arrow would read a string as a list of its characters)."""
    return _keys_fit(_keys_spec(), rec)


def _nested_keys(spec: tuple[frozenset, tuple]) -> tuple:
    """(allowed keys, ((name, is a list, nested spec or None) for each field holding
    objects or lists))."""
    allowed, fields_ = spec
    nested = []
    for name, kind, inner, _ in fields_:
        if kind == _OBJECT:
            nested.append((name, False, _nested_keys(inner)))
        elif kind == _LIST:
            nested.append((name, True, _nested_keys(inner[1]) if inner[0] == _OBJECT else None))
    return allowed, tuple(nested)


@cache
def _keys_spec() -> tuple:
    return _nested_keys(_record_spec())


def _keys_fit(spec: tuple, v: Any) -> bool:
    if type(v) is not dict:
        return True  # a wrong type: Arrow's conversion refuses it
    allowed, nested = spec
    if not v.keys() <= allowed:
        return False
    for name, is_list, inner in nested:
        x = v.get(name)
        if x is None:
            continue
        if is_list:
            if type(x) is not list:
                return False
            if inner is not None:
                for item in x:
                    if not _keys_fit(inner, item):
                        return False
        elif not _keys_fit(inner, x):
            return False
    return True


def values_fit(records: pa.StructArray) -> bool:
    """Whether the converted batch has no NaN or infinity, no missing doc_id and no null item in a list."""
    return _values_fit(_record_spec(), records)


def _values_fit(spec: tuple[frozenset, tuple], array: pa.StructArray) -> bool:
    present = pc.is_valid(array)
    for i, (_, kind, inner, required) in enumerate(spec[1]):
        child = array.field(i)
        if required and pc.any(pc.and_(pc.is_null(child), present)).as_py():
            return False
        if kind == _FLOAT and pc.any(pc.invert(pc.is_finite(child))).as_py():
            return False
        if kind == _OBJECT and not _values_fit(inner, child):
            return False
        if kind == _LIST:
            items = child.flatten()
            if items.null_count:
                return False
            if inner[0] == _FLOAT and pc.any(pc.invert(pc.is_finite(items))).as_py():
                return False
            if inner[0] == _OBJECT and not _values_fit(inner[1], items):
                return False
    return True
