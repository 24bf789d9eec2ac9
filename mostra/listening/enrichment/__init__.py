"""Offline enrichment of listened items: their language, among the workspace's, and
their sentiment, in French and English. No model of its own: it reads a
:class:`~mostra.listening.items.FetchedItem` (or a text) and answers values the
listening pipeline stores beside it.

    from mostra.listening.enrichment import enrich
    found = enrich(item, allowed=("fr", "en"))
    found.lang, found.lang_confidence, found.sentiment  # "fr", 0.99, Sentiment(0.62, …)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mostra.listening.enrichment.language import detect_language
from mostra.listening.enrichment.sentiment import (
    Sentiment,
    SentimentLabel,
    label_of,
    sentiment,
)
from mostra.listening.enrichment.workspace_languages import workspace_languages
from mostra.listening.items import FetchedItem

__all__ = [
    "Enrichment",
    "Sentiment",
    "SentimentLabel",
    "detect_language",
    "enrich",
    "enrich_text",
    "label_of",
    "sentiment",
    "workspace_languages",
]


@dataclass(frozen=True)
class Enrichment:
    """What enrichment found of one item: its language (``None``: unknown), the
    detection's confidence, its sentiment (``None``: a language without one)."""

    lang: str | None
    lang_confidence: float
    sentiment: Sentiment | None


def enrich(item: FetchedItem, allowed: Sequence[str]) -> Enrichment:
    """The language of ``item`` among ``allowed`` and its sentiment in that language.
    The title, when there is one, is read before the text."""
    return enrich_text(item.title, item.text, item.lang, allowed)


def enrich_text(
    title: str | None, text: str, declared: str | None, allowed: Sequence[str]
) -> Enrichment:
    """:func:`enrich` of an item's ``title``, ``text`` and ``declared`` language: what a
    worker process receives (three strings, cheaper to send than the item)."""
    text = f"{title}\n{text}" if title else text
    lang, confidence = detect_language(text, allowed, declared=declared)
    return Enrichment(lang=lang, lang_confidence=confidence, sentiment=sentiment(text, lang))
