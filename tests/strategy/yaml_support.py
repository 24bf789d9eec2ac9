"""The strategy file's example, a YAML bomb and the helpers the strategy file tests share."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mostra.strategy import yaml_io

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "strategy-file.md"


def example_text() -> str:
    """The complete example of docs/strategy-file.md (what export writes for it)."""
    return re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def refused(text: str | bytes, **kwargs) -> yaml_io.FileProblem:
    with pytest.raises(yaml_io.FileProblem) as caught:
        yaml_io.load(text, **kwargs)
    return caught.value


BILLION_LAUGHS = """\
version: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""
