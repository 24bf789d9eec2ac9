"""docs/kpis.md lists every KPI of the catalogue with its formula (it cannot drift)."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from mostra.analytics.kpis import CATALOGUE

DOC = Path(__file__).resolve().parents[3] / "docs" / "kpis.md"


def test_docs_list_every_kpi_with_its_formula():
    text = DOC.read_text(encoding="utf-8")
    with translation.override("en"):
        for kpi in CATALOGUE.values():
            assert f"| `{kpi.code}` | {kpi.label} | {kpi.formula} |" in text, kpi.code
            assert str(kpi.numerator) in text and str(kpi.denominator) in text
