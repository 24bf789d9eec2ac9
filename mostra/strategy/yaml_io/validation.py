"""Pydantic's validation errors in words, with the line they are on."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from mostra.strategy.document import StrategyDocument
from mostra.strategy.yaml_io.locator import Locator
from mostra.strategy.yaml_io.problems import FileProblem, Path_, _many, _short, format_path

# ---------------------------------------------------------------------------
# Pydantic's errors in words


DATE_ERRORS = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
NUMBER_ERRORS = {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}
PATTERN_HELP = {
    "id": "use lowercase letters, digits, - and _, starting with a letter or digit "
    "(such as t-artisans)",
    "slug": "use lowercase letters, digits and -, such as fromagerie-du-lac",
    "country": "use a two-letter country code in capitals, such as FR",
    "age": "write an age band such as 18-29 or 65+",
}
REFERENCE_KEYS = {"objective", "strategy", "targets"}


def _model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class a path leads to in StrategyDocument, if it leads to one."""
    current: Any = StrategyDocument
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (list, dict):
            current = get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """X | None -> X."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _describe(error: Any) -> tuple[Path_, str]:
    """(path of the element concerned, what to do), for one pydantic error."""
    kind = error["type"]
    loc: Path_ = tuple(p for p in error["loc"] if p != "[key]")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    last = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = f" (keys allowed here: {', '.join(model.model_fields)})" if model else ""
        return loc, f"unknown key {last!r}: remove it or correct its spelling{allowed}"
    if kind == "missing":
        return loc[:-1], f"the key {last!r} is required here: add it"
    if kind in DATE_ERRORS:
        return loc, f"{_short(value)} is not a date: write it as YYYY-MM-DD, such as 2027-03-31"
    if kind == "literal_error":
        if last == "version":
            return loc, f"{_short(value)} is not a version mostra reads: write version: 1"
        return loc, f"{_short(value)} is not allowed here: use one of {ctx.get('expected', '')}"
    if kind == "string_type":
        return loc, f"{_short(value)} should be text: put it in quotes"
    if kind in NUMBER_ERRORS:
        whole = "a whole number" if kind.startswith("int") else "a number"
        return loc, f"{_short(value)} should be {whole}"
    if kind in {"bool_type", "bool_parsing"}:
        return loc, f"{_short(value)} should be true or false"
    if kind in {"list_type"}:
        return loc, f"{_short(value)} should be a list, such as [a, b] or lines starting with -"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return loc, f"{_short(value)} should be a mapping of keys (key: value)"
    if kind == "string_pattern_mismatch":
        key = "id" if (last in {"id"} | REFERENCE_KEYS or isinstance(last, int)) else str(last)
        if isinstance(last, int) and len(loc) >= 2 and loc[-2] == "age":
            key = "age"
        advice = PATTERN_HELP.get(key) or f"it should match {ctx.get('pattern', '')}"
        return loc, f"{_short(value)} has the wrong form: {advice}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return loc, f"{message} (found {_short(value)})" if value is not None else message


def _validation_problem(exc: ValidationError, locator: Locator) -> FileProblem:
    problems = []
    for error in exc.errors(include_url=False):
        path, text = _describe(error)
        shown_path = tuple(p for p in error["loc"] if p != "[key]")
        problems.append((locator.line(path), f"{format_path(shown_path)}: {text}"))
    return _many(problems)
