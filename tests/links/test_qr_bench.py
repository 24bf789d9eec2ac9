"""bench/qr_print.py runs at its smallest and ends with its JSON line (beside
tests/test_benches.py's, with its run_bench)."""

from __future__ import annotations

from pathlib import Path

from tests.test_benches import run_bench


def test_the_qr_print_bench_runs_and_ends_with_its_json(tmp_path: Path) -> None:
    figures = run_bench("qr_print.py", "--runs", "1", data_dir=tmp_path)
    assert figures["bench"] == "qr_print"
    assert figures["median_ms"] > 0 and figures["baseline_ms"] > 0 and "ratio" in figures
    assert set(figures["cases"]) == {
        "svg",
        "png_600px",
        "png_600px_logo",
        "pdf_code_50mm",
        "card",
        "flyer",
        "stickers",
    }
    for key in ("cpu_s", "load_avg"):
        assert key in figures, key
