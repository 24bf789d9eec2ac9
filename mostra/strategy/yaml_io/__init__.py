"""Reading and writing the strategy file: YAML in, :class:`StrategyDocument` out, and back.

:func:`load` refuses, with a message naming the line, anything that is not a valid
strategy: a file too large (before reading it), a YAML syntax error, a key written twice,
a YAML bomb (anchors and aliases expanding to too many values), nesting too deep, a value
of the wrong type, an unknown key, a date that is not a date, a duplicate id or a
reference to an id that does not exist. It never runs code from the file: only plain
YAML types are built (no ``!!python/...`` tags).

YAML is read as in YAML 1.2 where YAML 1.1 surprises people: ``10:00`` is the text
"10:00" (not the number 600), ``no`` and ``NO`` are text (not false: the country code of
Norway stays ``NO``), and ``010`` is text (not the octal number 8). Booleans are
``true`` and ``false``; ``yes``/``no`` still work where a boolean is expected.

:func:`dump` writes a document back in a fixed order, leaving out only empty values, so
that export → import → export gives the same bytes. See docs/strategy-file.md.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any, BinaryIO

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from mostra.strategy.document import StrategyDocument, reference_errors
from mostra.strategy.yaml_io.locator import Locator
from mostra.strategy.yaml_io.problems import (
    HEADER,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    MAX_PROBLEMS,
    FileProblem,
    Path_,
    _many,
    _problem,
    format_path,
)
from mostra.strategy.yaml_io.safe_yaml import _Loader
from mostra.strategy.yaml_io.schema import SCHEMA_PATH, schema_text, write_schema
from mostra.strategy.yaml_io.validation import _validation_problem
from mostra.strategy.yaml_io.writer import dump

__all__ = [
    "HEADER",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "SCHEMA_PATH",
    "FileProblem",
    "Locator",
    "dump",
    "format_path",
    "load",
    "load_located",
    "non_finite_numbers",
    "read_file",
    "schema_text",
    "write_schema",
]

# ---------------------------------------------------------------------------
# Reading a file


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(None, "the file is in UTF-16: save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _problem(
            line, f"the file is not UTF-8 text (byte {exc.start + 1}): save it as UTF-8"
        ) from exc


def _too_large(size: int, max_bytes: int) -> FileProblem:
    return _problem(
        None,
        f"the file is {size / 1_000_000:.1f} MB; a strategy file can be at most "
        f"{max_bytes / 1_000_000:g} MB (a large strategy is well under 1 MB): "
        "is it the right file?",
    )


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> bytes:
    """The bytes of a file (``-`` is standard input), refused above ``max_bytes``.

    A regular file's size is checked before reading; at most ``max_bytes + 1`` bytes are
    ever read, whatever the file.
    """
    try:
        if str(path) == "-":
            source = stdin or sys.stdin.buffer
            data = source.read(max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > max_bytes:
                    raise _too_large(size, max_bytes)
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _problem(None, f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _parse(text: str) -> tuple[Any, Node | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _problem(
            mark.line + 1 if mark is not None else None,
            f"{exc.problem}: a strategy file holds only text, numbers, dates, true or false, "
            "lists and mappings",
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        lines = text.splitlines()
        if line and line <= len(lines) and "\t" in lines[line - 1]:
            problem += " (a tab: indent with spaces, YAML does not allow tabs there)"
        raise _problem(line, f"YAML syntax: {problem}") from exc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise _problem(line, f"the file contains a character YAML does not allow: {exc}") from exc
    except yaml.YAMLError as exc:
        raise _problem(None, f"YAML: {exc}") from exc
    finally:
        loader.dispose()


def load_located(
    source: str | bytes, *, max_bytes: int = MAX_BYTES
) -> tuple[StrategyDocument, Locator]:
    """Like :func:`load`, also returning a :class:`Locator` for later messages."""
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise _too_large(len(source), max_bytes)
        text = _decode(source)
    else:
        if len(source) > max_bytes:  # at least as many bytes as characters
            raise _too_large(len(source), max_bytes)
        size = len(source.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        text = source.removeprefix("\ufeff")
    data, root = _parse(text)
    locator = Locator(root)
    if data is None:
        raise _problem(
            None,
            "the file is empty: start from `mostra strategy export` or the example "
            "in docs/strategy-file.md",
        )
    if not isinstance(data, dict):
        raise _problem(
            locator.line(()),
            "a strategy file is a mapping of keys (version, workspace, targets, objectives…), "
            f"not a {type(data).__name__}",
        )
    try:
        doc = StrategyDocument.model_validate(data)
    except ValidationError as exc:
        raise _validation_problem(exc, locator) from exc
    errors = non_finite_numbers(doc) + reference_errors(doc)
    problems = [(locator.line(path), f"{format_path(path)}: {text}") for path, text in errors]
    if problems:
        raise _many(problems)
    return doc, locator


def load(source: str | bytes, *, max_bytes: int = MAX_BYTES) -> StrategyDocument:
    """Read a strategy file; raise :class:`FileProblem` naming the line when it is not one."""
    return load_located(source, max_bytes=max_bytes)[0]


def non_finite_numbers(doc: BaseModel) -> list[tuple[Path_, str]]:
    """Numbers that are infinite or not a number ("inf", "nan", "1e999"), as (path, message)."""
    found: list[tuple[Path_, str]] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), (*path, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))
        elif isinstance(value, float) and not math.isfinite(value):
            found.append((path, f"{value} is not a usable number: write a finite number"))

    walk(doc, ())
    return found
