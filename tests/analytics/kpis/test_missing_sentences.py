"""The missing-data sentences: one translation per sentence returned, none where the
caller reads values only (each translation takes a lock every thread of a web process
shares; the engine evaluates its formulas per account, KPI and bucket)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import trans_real

from mostra.analytics.kpis import missing
from mostra.analytics.kpis.aggregate import Figures
from mostra.analytics.kpis.compute import evaluate
from mostra.analytics.kpis.values import Period


def translations(monkeypatch) -> list[str]:
    """The messages translated from now on (Django's translation objects' gettext)."""
    seen: list[str] = []
    catalogue = type(trans_real.translation("en"))
    original = catalogue.gettext

    def counting(self, message):
        seen.append(message)
        return original(self, message)

    monkeypatch.setattr(catalogue, "gettext", counting)
    return seen


def test_a_sentence_translates_only_itself(monkeypatch):
    seen = translations(monkeypatch)
    with translation.override("fr"):
        sentence = missing.count_missing("saves")
        note = missing.partial(3, 5, "reach")
    assert (
        sentence
        == "Aucun nombre d'enregistrements : importez un export des statistiques Instagram."
    )
    assert "3" in note and "5" in note
    assert len(seen) == 3  # the sentence; the note and the name it gives


def test_unexplained_values_translate_nothing_and_keep_the_values(monkeypatch):
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    empty = Figures()
    explained = evaluate(empty, period)
    seen = translations(monkeypatch)
    with missing.unexplained():
        quiet = evaluate(empty, period)
    assert seen == []
    assert {c: v.value for c, v in quiet.items()} == {c: v.value for c, v in explained.items()}
    assert all(v.missing == "" for v in quiet.values())
    assert any(v.missing for v in explained.values())
    assert missing.no_posts()  # Explained again once out of the block.
