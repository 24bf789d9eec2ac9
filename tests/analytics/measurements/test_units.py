"""Every value in its unit, in English and in French: one function for every page."""

from __future__ import annotations

import pytest
from django.utils import translation

from mostra.strategy.kpis.units import format_measure

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("unit", "value", "english", "french"),
    [
        ("count", 12345, "12,345", f"12{NBSP}345"),
        ("count", 2.6, "2.6", "2,6"),
        ("people", 45, "45 people", f"45{NBSP}personnes"),
        ("people", 1, "1 person", f"1{NBSP}personne"),
        ("percent", 3.2, "3.2%", f"3,2{NBSP}%"),
        ("percent", 50, "50%", f"50{NBSP}%"),
        ("permille", 3.25, "3.2‰", f"3,2{NBSP}‰"),
        ("per_post", 3.2, "3.20 per post", "3,20 par publication"),
        ("per_week", 2.5, "2.5 per week", "2,5 par semaine"),
        ("euro", 1234.5, "€1,234.50", f"1{NBSP}234,50{NBSP}€"),
        ("euro", 1200, "€1,200", f"1{NBSP}200{NBSP}€"),
        ("euro", -3, "−€3", f"-3{NBSP}€"),
    ],
)
def test_a_value_is_written_with_its_unit_in_each_language(unit, value, english, french):
    with translation.override("en"):
        assert format_measure(value, unit) == english
    with translation.override("fr"):
        assert format_measure(value, unit) == french


def test_a_missing_value_is_a_dash_never_zero():
    assert format_measure(None, "people") == "—"


def test_the_objectives_scale_of_the_catalogue(db):
    """The rates the issue named (3,20 → 4,50) now say per post; registrations are people."""
    from mostra.analytics.progress import format_on_scale

    with translation.override("fr"):
        assert format_on_scale("conversation_rate", 3.2) == "3,20 par publication"
        assert format_on_scale("registrations", 45) == f"45{NBSP}personnes"
        assert format_on_scale("cost_per_result", 0.45) == f"0,45{NBSP}€"
        assert format_on_scale("engagement_rate_reach", 3.2) == f"3,2{NBSP}%"
