"""The ingest's shortcuts answer what the full computation answers: a pattern skipped
when its text lacks the character it needs, letters and words counted only up to the
thresholds."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from mostra.listening.enrichment import text as words
from mostra.listening.services import duplicates

TEXTS = [
    "",
    "Vu sur https://example.org/a?b=1 par @bob@mastodon.social #Sale ok",
    "voir http://localhost/atelier sans point",
    "WWW.EXAMPLE.ORG en capitales, et www.vélo.fr",
    "écrivez à contact@example.org ou @alice.bsky.social",
    "#lyon#paris #vélo et des mots",
    "rien de spécial ici, juste des mots. Et une phrase",
    "a b c d e f g h i j k l",
    "12 34 ?! 😀 @x",
    "ab",
]


def _all_patterns(text: str) -> str:
    text = words._URL.sub(" ", text)
    text = words._MENTION.sub(" ", text)
    text = words._HASHTAG.sub(" ", text)
    return words._BLANKS.sub(" ", text).strip()


@pytest.mark.parametrize("text", TEXTS)
def test_words_only_is_what_every_pattern_leaves(text: str) -> None:
    assert words.words_only(text) == _all_patterns(text)


@pytest.mark.parametrize("text", TEXTS)
def test_bounded_counts_are_the_counts_compared(text: str) -> None:
    for least in (1, 2, 12, 40):
        assert words.has_letters(text, least) is (words.letter_count(text) >= least)
        assert words.has_words(text, least) is (words.word_count(text) >= least)


def _key_with_every_pattern(title: str, text: str) -> str:
    """The near-duplicate key as the store computed it before the shortcuts."""
    found = duplicates._MENTION.sub(" ", duplicates._URL.sub(" ", f"{title} {text}"))
    folded = unicodedata.normalize("NFKD", found.casefold())
    plain = "".join([c for c in folded if not unicodedata.combining(c)])
    normalised = duplicates._NOT_WORD.sub(" ", plain).strip()
    if sum(map(str.isalpha, normalised)) < duplicates.MIN_LETTERS:
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


@pytest.mark.parametrize("text", TEXTS)
def test_the_near_duplicate_key_is_unchanged_by_the_skips(text: str) -> None:
    for title in ("", "Titre d'un article"):
        assert duplicates.text_key(title, text) == _key_with_every_pattern(title, text)
    assert any(duplicates.text_key("", t) for t in TEXTS)
