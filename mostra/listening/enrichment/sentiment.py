"""The sentiment of a listened item, in French or English: a score and its label.

English is scored by vaderSentiment, French by its port vaderSentiment-fr (both lexicons
and rules, shipped with their packages, offline). The score is VADER's ``compound``, in
[-1, 1]; the label cuts it at thresholds of its language (:data:`THRESHOLDS`), chosen
on the development half of the labelled set in ``tests/listening/data`` (see its
README and ``docs/performance.md``). Other languages have no sentiment: ``None``.

French negation surrounds the verb (« je ne recommande pas »), while VADER's rule looks
at the three words before a sentiment word: :func:`french_negation` moves the ``pas``
(``plus``, ``jamais``…) of a « ne … pas » before its verb (« je pas recommande »), so
that the rule sees it. Without it « je n'aime pas » scored +0.60.

The analyzers load their lexicons once per process, on first use, under a lock.
vaderSentiment-fr imports fuzzywuzzy, which warns that its matcher is slow: the warning
is silenced at import, and only the package's exact-lookup path (``polarity_scores``)
is used, never its fuzzy one (``polarity_scores_max`` compares every word missing from
the lexicon with its 9,000 words: about 0.5 s an item, ten thousand times slower).
Both are the subclasses of :mod:`.analyzers`: the packages' scores, exactly, in about
half the time; and the last :data:`TEXTS_KEPT` texts scored are kept with their score.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Protocol

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from mostra.listening.enrichment.language import normalise


class SentimentLabel(TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


@dataclass(frozen=True)
class Thresholds:
    """A score at or above ``positive`` is positive, at or below ``negative`` negative,
    neutral between."""

    positive: float
    negative: float

    def label(self, score: float) -> SentimentLabel:
        if score >= self.positive:
            return SentimentLabel.POSITIVE
        if score <= self.negative:
            return SentimentLabel.NEGATIVE
        return SentimentLabel.NEUTRAL


#: VADER's documented cut: ±0.05.
VADER_THRESHOLDS = Thresholds(positive=0.05, negative=-0.05)
#: Per language, tuned on the development half of the labelled set.
THRESHOLDS: dict[str, Thresholds] = {
    "en": VADER_THRESHOLDS,
    "fr": VADER_THRESHOLDS,
}
LANGUAGES = tuple(THRESHOLDS)


@dataclass(frozen=True)
class Sentiment:
    """``score`` in [-1, 1] (negative to positive) and its ``label``."""

    score: float
    label: SentimentLabel


class _Analyzer(Protocol):
    def polarity_scores(self, text: str) -> dict[str, float]: ...


_lock = threading.Lock()
_analyzers: dict[str, _Analyzer] = {}


def _load(lang: str) -> _Analyzer:
    # The packages' analyzers with the same scores, faster (see .analyzers).
    from mostra.listening.enrichment.analyzers import English, French

    return English() if lang == "en" else French()


def analyzer(lang: str) -> _Analyzer:
    """The analyzer of ``lang`` (``en`` or ``fr``), loaded on first use."""
    found = _analyzers.get(lang)
    if found is not None:
        return found
    with _lock:
        found = _analyzers.get(lang)
        if found is None:
            found = _analyzers[lang] = _load(lang)
        return found


#: « ne » or « n' », up to three words (the verb, its pronouns, an adverb), then the
#: second part of the negation.
_NE_PAS = re.compile(
    r"\b(?:ne\s+|n['’])((?:[\w\-]+\s+){0,2}?[\w\-]+)\s+(pas|plus|jamais|guère|point)\b",
    re.IGNORECASE,
)


def french_negation(text: str) -> str:
    """``text`` with each « ne VERB pas » written « pas VERB » (the same for ``plus``,
    ``jamais``, ``guère``, ``point``), the order VADER's negation rule reads."""
    return _NE_PAS.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)


def score(text: str, lang: str | None) -> float | None:
    """VADER's compound score of ``text`` in ``lang``; ``None`` for another language."""
    code = normalise(lang)
    if code not in THRESHOLDS:
        return None
    return _compound(code, text)


#: Texts whose score is kept (a post shared again, a press release taken up by ten
#: sites): scored once.
TEXTS_KEPT = 8192


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _compound(code: str, text: str) -> float:
    if code == "fr":
        text = french_negation(text)
    return float(analyzer(code).polarity_scores(text)["compound"])


def label_of(score: float | None, lang: str | None) -> SentimentLabel | None:
    """The label of a stored ``score`` of a text in ``lang`` (what a page shows beside a
    mention that keeps only its score); ``None`` without a score or for another
    language."""
    code = normalise(lang)
    if score is None or code not in THRESHOLDS:
        return None
    return THRESHOLDS[code].label(score)


def sentiment(text: str, lang: str | None) -> Sentiment | None:
    """The sentiment of ``text`` written in ``lang``; ``None`` for a language other than
    French and English, or an unknown one."""
    value = score(text, lang)
    if value is None:
        return None
    code = normalise(lang)
    assert code is not None
    return Sentiment(score=round(value, 4), label=THRESHOLDS[code].label(value))
