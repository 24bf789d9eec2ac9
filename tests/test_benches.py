"""The benchmarks speak one format (issue 15): every script in ``bench/`` ends with one
JSON line from ``timing.emit`` and says what it is compared with; ``timing`` itself
interleaves and emits as it says. Static checks of the scripts' source, and the
smallest benchmark run for real in a child process on a throw-away SQLite database.
"""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from tests.peers.bluesky import bluesky_pds  # noqa: F401  (the fixture)

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(p for p in BENCH.glob("*.py") if p.name != "timing.py")


def run_bench(script: str, *args: str, data_dir: Path | None) -> dict:
    """Run ``bench/<script>`` with ``args`` in a child process, on SQLite (in ``data_dir``,
    else a data directory of its own); its last line, the JSON of ``timing.emit``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MOSTRA_DATA_DIR")}
    if data_dir is not None:
        env["MOSTRA_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """The calls of the function ``name`` (by its bare name or as an attribute)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == name:
                found.append(node)
    return found


def test_there_are_benchmarks() -> None:
    assert len(SCRIPTS) >= 5, SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_every_benchmark_emits_its_json_line_and_names_its_baseline(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    emits = calls(tree, "emit")
    assert emits, f"{script.name} does not print its figures with timing.emit()"
    names = [e.args[0].value for e in emits if e.args and isinstance(e.args[0], ast.Constant)]
    assert names and set(names) == {script.stem}, (
        f"{script.name}: emit()'s first argument, the bench's name, is its file's: {names}"
    )
    baseline_keywords = [
        k.arg for e in emits for k in e.keywords if k.arg and k.arg.startswith("baseline")
    ]
    assert calls(tree, "compare") or baseline_keywords, (
        f"{script.name} neither times a baseline with timing.compare() nor gives emit() "
        "its baseline (a keyword named baseline…)"
    )
    assert "__main__" in script.read_text(encoding="utf-8"), f"{script.name} is not a script"


@pytest.fixture
def timing():
    sys.path.insert(0, str(BENCH))
    try:
        import timing

        yield timing
    finally:
        sys.path.remove(str(BENCH))


def test_compare_interleaves_the_baseline_and_what_is_measured(timing) -> None:
    order: list[str] = []
    comparison = timing.compare(lambda: order.append("m"), lambda: order.append("b"), runs=3)
    assert order == ["b", "m"] * 4  # one warm-up of each, then three of each in turn
    assert comparison.runs == 3
    figures = comparison.figures()
    assert set(figures) >= {"median_ms", "baseline_ms", "ratio", "cpu_ms", "baseline_cpu_ms"}


def test_emit_prints_one_json_object_with_the_load_and_the_cpu_time(timing) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        timing.emit("example", median_ms=1.5, baseline_ms=0.5, ratio=3.0)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert figures["bench"] == "example"
    assert figures["ratio"] == 3.0
    assert figures["cpu_s"] >= 0
    assert "load_avg" in figures


def test_spread_gives_the_smallest_median_and_largest(timing) -> None:
    assert timing.spread([2.0, 1.0, 4.0]) == {"min": 1.0, "median": 2.0, "max": 4.0}


def test_the_organisation_page_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    """The smallest bench, for real: a fresh SQLite database, a team of 3, 2 runs."""
    figures = run_bench("organisation_page.py", "--members", "3", "--runs", "2", data_dir=tmp_path)
    assert figures["bench"] == "organisation_page"
    assert figures["baseline"] == "shell page"
    for key in ("median_ms", "baseline_ms", "ratio", "cpu_ms", "cpu_s", "load_avg"):
        assert key in figures, key
    assert figures["queries"] > figures["baseline_queries"] > 0


def test_the_their_pages_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    """What works on their pages against the comparison page, 2 accounts, 60 posts."""
    figures = run_bench(
        "their_pages.py", *("--accounts", "2", "--posts", "60", "--runs", "1"), data_dir=tmp_path
    )
    assert figures["bench"] == "their_pages" and figures["posts"] == 60
    assert figures["baseline"] == "comparison page"
    for key in ("median_ms", "baseline_ms", "ratio", "cpu_ms", "cpu_s", "load_avg"):
        assert key in figures, key
    assert figures["queries"] > 0 and figures["baseline_queries"] > 0


def test_the_listening_sentiment_bench_runs_and_ends_with_its_json() -> None:
    """Accuracy and speed of language and sentiment on the first 40 labelled items of
    each language, one run: no database."""
    figures = run_bench(
        "listening_sentiment.py", *("--limit", "40", "--runs", "1", "--fuzzy", "1"), data_dir=None
    )
    assert figures["bench"] == "listening_sentiment"
    for lang in ("fr", "en"):
        assert figures[f"{lang}_items"] == 40
        assert figures[f"{lang}_accuracy"] > figures[f"baseline_{lang}_accuracy"]
        confusion = figures[f"{lang}_confusion"]
        assert sum(sum(row.values()) for row in confusion.values()) == 40
        assert figures[f"sentiment_{lang}_rate_per_s"] > 0
    assert figures["language_items"] == 80
    assert figures["language_rate_per_s"] > 0 and figures["baseline_language_rate_per_s"] > 0
    assert figures["fr_fuzzy_ms_per_item"] > 0
    for key in ("cpu_s", "load_avg", "language_ratio"):
        assert key in figures, key


def test_the_listening_exports_bench_runs_and_ends_with_its_json() -> None:
    """A Brandwatch CSV and a Talkwalker workbook of 200 mentions each, read once against
    the standard library's and openpyxl's share of the work: no database."""
    figures = run_bench("listening_exports.py", "--rows", "200", "--runs", "1", data_dir=None)
    assert figures["bench"] == "listening_exports" and figures["rows"] == 200
    for kind in ("csv", "xlsx"):
        assert figures[f"{kind}_rate_per_s"] > 0 and figures[f"baseline_{kind}_rate_per_s"] > 0
        assert f"{kind}_ratio" in figures and f"{kind}_cpu_ratio" in figures
    for key in ("cpu_s", "load_avg", "baseline", "runs"):
        assert key in figures, key


def test_the_listening_feeds_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    """A feed of 20 entries parsed and stored, twice each, on a fresh SQLite database."""
    figures = run_bench("listening_feeds.py", "--entries", "20", "--runs", "2", data_dir=tmp_path)
    assert figures["bench"] == "listening_feeds"
    assert figures["entries"] == 20
    for key in ("parse_rate_per_s", "baseline_parse_rate_per_s", "ingest_ratio", "cpu_s"):
        assert figures[key] > 0, key
    assert figures["store_queries"] >= 2


def test_the_listening_matcher_bench_runs_and_ends_with_its_json() -> None:
    """The matcher's bench, small: 300 queries, 500 items, 3 for the reference."""
    figures = run_bench(
        "listening_matcher.py",
        *("--queries", "300", "--items", "500", "--sample", "3", "--runs", "1"),
        data_dir=None,
    )
    assert figures["bench"] == "listening_matcher"
    assert figures["baseline"] == "keyword-only Aho-Corasick prefilter"
    for key in ("items_per_s", "baseline_items_per_s", "ratio", "cpu_ms", "load_avg"):
        assert key in figures, key
    assert figures["speedup_over_reference"] > 1
    assert 0 < figures["matched_items"] < 500


def test_the_listening_ingest_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    """Ingest, small: 200 items against 50 stored queries, one run, on a fresh SQLite
    database."""
    figures = run_bench(
        "listening_ingest.py",
        *("--items", "200", "--queries", "50", "--runs", "1"),
        data_dir=tmp_path,
    )
    assert figures["bench"] == "listening_ingest" and figures["database"] == "sqlite"
    assert figures["items"] == 200 and figures["queries"] == 50
    assert figures["rate_per_s"] > 0 and figures["baseline_rate_per_s"] > 0
    assert figures["matches"] > 0 and figures["store_queries"] >= 4
    for key in ("ratio", "cpu_ratio", "cpu_s", "load_avg", "baseline"):
        assert key in figures, key
    assert figures["aim_per_s"] == 3000
    # 200 items stay under the worker's threshold: enriched in the bench's process.
    assert figures["worker_cpu_ms"] == 0 and figures["cpu_us_per_item_both"] > 0
    steps = figures["phases_us"]
    assert list(steps)[:3] == ["parse", "known guids", "enrich"]
    assert 0 < steps["enrich: language"] < steps["enrich"]
    assert all(steps[k] > 0 for k in ("row values", "insert", "match"))


def test_the_incidents_evaluation_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    """The playbook's evaluation, small: 500 mentions, 10 queries, one run, on SQLite."""
    figures = run_bench(
        "incidents_evaluation.py",
        *("--mentions", "500", "--queries", "10", "--runs", "1"),
        data_dir=tmp_path,
    )
    assert figures["bench"] == "incidents_evaluation" and figures["database"] == "sqlite"
    assert figures["mentions"] == 500 and figures["triggers"] == 11
    assert figures["median_ms"] > 0 and figures["baseline_ms"] > 0
    assert figures["evaluation_queries"] <= figures["triggers"]
    for key in ("ratio", "cpu_ratio", "cpu_s", "load_avg", "baseline"):
        assert key in figures, key


def test_the_listening_inbox_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    """The near-duplicate fold after an ingest, small: 200 items, one run, on a fresh
    SQLite database."""
    figures = run_bench("listening_inbox.py", "--items", "200", "--runs", "1", data_dir=tmp_path)
    assert figures["bench"] == "listening_inbox" and figures["database"] == "sqlite"
    assert figures["items"] == 200 and figures["rate_per_s"] > 0
    assert 0 < figures["duplicates"] < figures["mentions"]
    for key in ("ratio", "cpu_ratio", "cpu_s", "load_avg", "baseline"):
        assert key in figures, key


@pytest.mark.peer
def test_the_listening_firehose_bench_runs_and_ends_with_its_json(
    tmp_path: Path,
    bluesky_pds,  # noqa: F811
) -> None:
    """The firehose consumer, small: 30 posts on the real local PDS, read live and again
    from the backlog, one run, on a fresh SQLite database."""
    figures = run_bench(
        "listening_firehose.py",
        *("--posts", "30", "--queries", "5", "--runs", "1", "--pds", bluesky_pds.url),
        data_dir=tmp_path,
    )
    assert figures["bench"] == "listening_firehose" and figures["baseline"] == "decoding alone"
    assert figures["posts"] == 30 and figures["events"] >= 30 and figures["live_events"] >= 30
    assert figures["rate_per_s"] > 0 and figures["baseline_rate_per_s"] > 0
    assert figures["network_rate_per_s"] > 0 and figures["lag_p50_ms"] > 0
    for key in ("ratio", "cpu_ratio", "cpu_s", "load_avg", "keeps_up", "drain_ms"):
        assert key in figures, key


def test_the_short_links_bench_counts_every_redirect(tmp_path: Path) -> None:
    """A short load on SQLite: every redirect answered is a click written (the server
    flushes every second and at exit), none lost, none counted twice."""
    figures = run_bench(
        "short_links.py", "--links", "5", "--duration", "1", "--rounds", "1", data_dir=tmp_path
    )
    assert figures["bench"] == "short_links" and figures["baseline"] == "static file"
    assert figures["redirects_answered"] > 0 and figures["errors"] == {}
    assert figures["clicks_counted"] == figures["redirects_answered"]
    assert figures["counted_ok"] is True
    for key in ("rate_per_s", "p50_ms", "p99_ms", "baseline_rate_per_s", "ratio", "cpu_s"):
        assert key in figures, key
