"""What every benchmark shares: Django on a throw-away database, medians, the ratio.

    from timing import compare, count_queries, report, set_up_django

A benchmark times what it measures against a baseline run in the same process (these
machines are noisy: compare ratios, not milliseconds), and prints one line per figure:

    <label>: median 57.3 ms, baseline (login page) 4.2 ms, ratio 13.5, 9 queries
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What a benchmark times: one call, its result ignored.
Timed = Callable[[], object]


def set_up_django() -> None:
    """Set Django up on a fresh data directory (unless MOSTRA_DATA_DIR is set) and migrate."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("MOSTRA_DATA_DIR", tempfile.mkdtemp(prefix="mostra-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_ms(fn: Timed, runs: int) -> float:
    """The median time of ``runs`` calls of ``fn``, in milliseconds, after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


@dataclass(frozen=True)
class Comparison:
    """The median of what is measured and of its baseline, in milliseconds."""

    median_ms: float
    baseline_ms: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms


def compare(
    measured: Callable[[], object], baseline: Callable[[], object], runs: int
) -> Comparison:
    """Time the baseline, then what is measured, ``runs`` times each."""
    baseline_ms = median_ms(baseline, runs)
    return Comparison(median_ms(measured, runs), baseline_ms)


def count_queries(fn: Timed) -> int:
    """How many SQL queries one call of ``fn`` makes."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    return len(queries)


def report(
    label: str,
    comparison: Comparison,
    *,
    baseline: str,
    digits: int = 1,
    ratio_digits: int = 1,
    queries: int | None = None,
) -> None:
    """Print the figure's line: its label, the two medians, the ratio, the queries."""
    line = (
        f"{label}: median {comparison.median_ms:.{digits}f} ms, "
        f"baseline ({baseline}) {comparison.baseline_ms:.{digits}f} ms, "
        f"ratio {comparison.ratio:.{ratio_digits}f}"
    )
    if queries is not None:
        line += f", {queries} queries"
    print(line)
