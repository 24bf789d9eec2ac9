"""What every benchmark shares: Django on a throw-away database, medians, the ratio.

    from timing import compare, count_queries, emit, report, set_up_django

A benchmark times what it measures against a baseline doing comparable work, run in the
same process and interleaved with it (baseline, measured, baseline, measured…, so that
a change in the machine's load falls on both sides: these machines are noisy, compare
ratios, not milliseconds). It prints one line per figure:

    <label>: median 57.3 ms (CPU 41.0 ms), baseline (static page) 4.2 ms, ratio 13.5, 9 queries

and, as its very last line, one JSON object with its figures (:func:`emit`): ``bench``,
the measured figure (``median_ms`` or ``rate_per_s``…), ``baseline_ms`` or the
baseline's figure, ``ratio``, ``cpu_s``, ``load_avg`` and whatever else it measures.

Pages compare with the workspace's shell page (:func:`shell_page_url`: the same stack,
member and ``base.html``, nothing of its own); :func:`static_file` gives the stack's
floor; :func:`spread` the smallest, median and largest of repeated ratios.
"""

from __future__ import annotations

import json
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


def set_up_django(*, figures_cache: bool = False) -> None:
    """Set Django up on a fresh data directory (unless MOSTRA_DATA_DIR is set) and migrate.

    ``figures_cache``: keep mostra's cache of computed figures on, as it is in service
    (the drain's workers move the data versions as a worker does); off by default."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("MOSTRA_DATA_DIR", tempfile.mkdtemp(prefix="mostra-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
    import django

    django.setup()
    from django.conf import settings

    # The pages measured in this process compute their figures on every view, as after
    # each change to the data (mostra.core.figures_cache): what is timed is the work,
    # not the cache. bench/pages_load.py serves them with the cache, as mostra does.
    if not figures_cache:
        settings.FIGURES_CACHE_SECONDS = 0
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(fn: Timed) -> tuple[float, float]:
    """One call of ``fn``: its wall time and this process's CPU time, in milliseconds."""
    cpu, start = time.process_time(), time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def median_ms(fn: Timed, runs: int) -> float:
    """The median time of ``runs`` calls of ``fn``, in milliseconds, after one warm-up call."""
    fn()
    return statistics.median(_timed(fn)[0] for _ in range(runs))


@dataclass(frozen=True)
class Comparison:
    """The medians of what is measured and of its baseline, in milliseconds (wall and
    CPU time of this process), from runs interleaved with each other."""

    median_ms: float
    baseline_ms: float
    cpu_ms: float = 0.0
    baseline_cpu_ms: float = 0.0
    runs: int = 0

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms

    @property
    def cpu_ratio(self) -> float:
        return self.cpu_ms / self.baseline_cpu_ms if self.baseline_cpu_ms else float("nan")

    def figures(self) -> dict[str, float]:
        """The comparison as :func:`emit` takes it."""
        return {
            "median_ms": round(self.median_ms, 3),
            "baseline_ms": round(self.baseline_ms, 3),
            "ratio": round(self.ratio, 3),
            "cpu_ms": round(self.cpu_ms, 3),
            "baseline_cpu_ms": round(self.baseline_cpu_ms, 3),
            "cpu_ratio": round(self.cpu_ratio, 3),
            "runs": self.runs,
        }


def compare(
    measured: Callable[[], object], baseline: Callable[[], object], runs: int
) -> Comparison:
    """Time the baseline and what is measured ``runs`` times each, interleaved (one of
    each in turn, after one warm-up call of each), so that both see the same load."""
    baseline()
    measured()
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for side, fn in enumerate((baseline, measured)):
            wall, cpu = _timed(fn)
            walls[side].append(wall)
            cpus[side].append(cpu)
    return Comparison(
        median_ms=statistics.median(walls[1]),
        baseline_ms=statistics.median(walls[0]),
        cpu_ms=statistics.median(cpus[1]),
        baseline_cpu_ms=statistics.median(cpus[0]),
        runs=runs,
    )


def load_average() -> float | None:
    """The machine's one-minute load average, where the system tells it."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def cpu_seconds() -> float:
    """The CPU time this process and its finished children have used, in seconds."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def emit(bench: str, **figures: object) -> None:
    """Print the benchmark's last line: one JSON object with its figures, the load
    average and, unless given, the CPU time used so far (``cpu_s``)."""
    figures.setdefault("cpu_s", round(cpu_seconds(), 3))
    figures.setdefault("load_avg", load_average())
    print(json.dumps({"bench": bench, **figures}, sort_keys=False))


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
    """Print the figure's line: its label, the two medians (with their CPU time when
    measured by :func:`compare`), the ratio, the queries."""
    cpu = f" (CPU {comparison.cpu_ms:.{digits}f} ms)" if comparison.runs else ""
    baseline_cpu = f" (CPU {comparison.baseline_cpu_ms:.{digits}f} ms)" if comparison.runs else ""
    line = (
        f"{label}: median {comparison.median_ms:.{digits}f} ms{cpu}, "
        f"baseline ({baseline}) {comparison.baseline_ms:.{digits}f} ms{baseline_cpu}, "
        f"ratio {comparison.ratio:.{ratio_digits}f}"
    )
    if comparison.runs and comparison.baseline_cpu_ms:
        line += f" (CPU {comparison.cpu_ratio:.{ratio_digits}f})"
    if queries is not None:
        line += f", {queries} queries"
    print(line)


def spread(values: list[float], digits: int = 2) -> dict[str, float]:
    """The smallest, median and largest of ``values`` (ratios of repeated comparisons),
    as :func:`emit` takes them."""
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "max": round(max(values), digits),
    }


#: Where :func:`shell_page_url` serves its page (outside every route of the app).
SHELL_PATH = "bench/w/<slug:slug>/shell/"


def shell_page_url(slug: str) -> str:
    """The URL of a workspace page with nothing of its own: the baseline of page benches.

    The page is served by the app's own stack (every middleware, the session, the
    logged-in user, the member's workspace resolved and checked by ``workspace_view``,
    the context processors' navigation) and renders ``base.html``: what every page of
    the workspace pays before its content. It is added to the app's URLs in this
    process only, once.
    """
    from django.shortcuts import render
    from django.urls import URLPattern, clear_url_caches, path

    import mostra.urls
    from mostra.core.views.base import workspace_view

    patterns = mostra.urls.urlpatterns
    if not any(isinstance(p, URLPattern) and p.name == "bench_shell" for p in patterns):

        @workspace_view()
        def shell(request, membership):
            return render(request, "base.html", {"workspace": membership.workspace})

        patterns.insert(0, path(SHELL_PATH, shell, name="bench_shell"))
        clear_url_caches()
    return "/" + SHELL_PATH.replace("<slug:slug>", slug)


def static_file(client, path: str = "mostra/app.css") -> int:
    """Fetch a static file as the app serves it (WhiteNoise, before the session and
    authentication middleware) and read it whole: its size in bytes."""
    from django.conf import settings

    response = client.get(settings.STATIC_URL + path)
    assert response.status_code == 200, response.status_code
    size = len(b"".join(response.streaming_content))
    response.close()
    return size


def bench_user():  # noqa: ANN201 - a mostra User, imported once Django is set up
    """The benches' one user (``bench@example.org``), made on first use."""
    from mostra.core.models import User

    user = User.objects.filter(email="bench@example.org").first()
    return user or User.objects.create_user("bench@example.org", "bench")
