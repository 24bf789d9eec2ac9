"""Reading the strategy file safely: YAML bombs, deep nesting and large files are refused
fast and with little memory."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from mostra.strategy import yaml_io
from tests.strategy.yaml_support import BILLION_LAUGHS, refused

# --- YAML bombs and large files


def measure(function) -> tuple[float, float]:
    """(seconds, peak MB of Python allocations) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        function()
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return elapsed, peak


def test_billion_laughs_is_refused_fast_with_little_memory():
    problems = []
    elapsed, peak = measure(lambda: problems.append(refused(BILLION_LAUGHS)))
    assert elapsed < 1.0 and peak < 20, (elapsed, peak)
    assert problems[0].line == 7  # where the count passes the limit
    assert "more than 100,000 values once its aliases" in problems[0].message


def test_a_bomb_hidden_in_a_valid_key_is_refused():
    laughs = BILLION_LAUGHS.replace("version: 1\n", "").replace("\n", "\n  ")
    text = f"version: 1\nmission:\n  vision: x\n  x-anchors:\n  {laughs}"
    assert "aliases" in refused(text).message


def test_small_aliases_are_allowed():
    doc = yaml_io.load(
        "targets:\n  - {id: t-a, name: A, behaviour: {x: &b [posts, shares]}}\n"
        "  - {id: t-b, name: B, behaviour: {x: *b}}\n"
    )
    assert doc.targets[1].behaviour == {"x": ["posts", "shares"]}


def test_an_alias_inside_its_own_anchor_is_refused():
    problem = refused("mission: &m {vision: x, networks: [*m]}\n")
    assert "repeats the element that contains it" in problem.message


def test_deep_nesting_is_refused_without_recursing():
    depth = 200_000
    text = "version: 1\nmission: " + "[" * depth + "]" * depth + "\n"
    elapsed, _peak = measure(lambda: refused(text))
    assert elapsed < 1.0
    assert "nest more than 20 levels" in refused(text).message


def test_a_50_mb_text_is_refused_without_parsing(monkeypatch):
    def parse(*args):
        raise AssertionError("parsed")

    monkeypatch.setattr(yaml_io, "_parse", parse)
    text = "vision: " + "a" * 50_000_000
    elapsed, peak = measure(lambda: refused(text))
    assert elapsed < 0.5, elapsed
    problem = refused(text)
    assert problem.line is None
    assert "the file is 50.0 MB; a strategy file can be at most 5 MB" in problem.message
    assert "at most 5 MB" in refused(text.encode()).message


def test_a_50_mb_file_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50_000_000)  # a sparse file: 50 MB long, nothing written
    read = []
    monkeypatch.setattr(yaml_io, "_parse", lambda *a: read.append(a))
    elapsed, peak = measure(lambda: pytest.raises(yaml_io.FileProblem, yaml_io.read_file, big))
    assert elapsed < 0.1 and peak < 1, (elapsed, peak)
    with pytest.raises(yaml_io.FileProblem, match="the file is 50.0 MB"):
        yaml_io.read_file(big)
    assert read == []


def test_a_large_stream_is_read_only_up_to_the_limit():
    class Endless:
        asked: list[int] = []

        def read(self, size: int) -> bytes:
            self.asked.append(size)
            return b"a" * size

    source = Endless()
    with pytest.raises(yaml_io.FileProblem, match="at most 5 MB"):
        yaml_io.read_file("-", stdin=source)
    assert source.asked == [yaml_io.MAX_BYTES + 1]


def test_read_file_names_a_missing_file(tmp_path):
    with pytest.raises(yaml_io.FileProblem, match="cannot read .*missing.yaml"):
        yaml_io.read_file(tmp_path / "missing.yaml")
