"""The limits of a strategy file and the problems reported about it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from mostra.core.errors import DomainError

#: Files larger than this are refused before they are read.
MAX_BYTES = 5_000_000
#: Values (scalars, lists and mappings) a file may hold once its aliases are expanded.
#: A large real strategy holds a few thousand.
MAX_NODES = 100_000
#: How deep lists and mappings may nest (a strategy needs six levels).
MAX_DEPTH = 20
#: Problems reported at once; the rest are counted.
MAX_PROBLEMS = 20

HEADER = "# mostra strategy file, format version 1: see docs/strategy-file.md\n"

Path_ = tuple[str | int, ...]


class FileProblem(DomainError):
    """A strategy file that cannot be used: nothing was read from it, nothing imported.

    ``line`` is the (1-based) line of the first problem, or None when the problem is the
    file as a whole (too large, not UTF-8…). ``problems`` lists every problem found as
    (line, text); ``message`` is them all, one per line, as "line N: path: problem".
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        problems: list[tuple[int | None, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.problems = problems if problems is not None else [(line, message)]


def format_path(path: Sequence[str | int]) -> str:
    """("objectives", 0, "deadline") -> "objectives[0].deadline"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _at(line: int | None, text: str) -> str:
    return f"line {line}: {text}" if line else text


def _problem(line: int | None, text: str) -> FileProblem:
    return FileProblem(_at(line, text), line)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value.isoformat() if isinstance(value, dt.date) else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _many(problems: list[tuple[int | None, str]]) -> FileProblem:
    problems = sorted(problems, key=lambda p: p[0] or 0)
    shown = problems[:MAX_PROBLEMS]
    lines = [_at(line, text) for line, text in shown]
    if len(problems) > len(shown):
        lines.append(f"… and {len(problems) - len(shown)} more problems")
    return FileProblem("\n".join(lines), shown[0][0], problems)
