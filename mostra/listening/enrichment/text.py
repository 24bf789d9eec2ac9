"""What detection reads of a post: its words, without what says nothing of its language.

Addresses, @mentions and #hashtags are names (a brand's tag reads the same in every
language), and emoji are shared by all: :func:`words_only` removes them before language
detection, and :func:`letter_count` (:func:`has_letters`) tells whether what is left is
long enough to judge.
"""

from __future__ import annotations

import re
from itertools import islice

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
#: ``@name``, ``@name@instance.social``, ``@name.bsky.social``; not an e-mail's ``@``.
_MENTION = re.compile(r"(?<![\w@])@[\w.\-]+(?:@[\w.\-]+)?", re.UNICODE)
_HASHTAG = re.compile(r"(?<![\w#])#\w+", re.UNICODE)
_BLANKS = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
#: A run of two letters or more (« l'atelier » is one word: « atelier »).
_WORD = re.compile(r"[^\W\d_]{2,}")


def words_only(text: str) -> str:
    """``text`` without its addresses, mentions and hashtags, blanks folded to one."""
    # Each pattern skipped when the character it needs is absent (an address has a
    # "/" or a ".", a mention an "@", a hashtag a "#"): the same text, not scanned.
    if "/" in text or "." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(" ", text)
    return _BLANKS.sub(" ", text).strip()


def letter_count(text: str) -> int:
    """How many letters ``text`` has (emoji, digits and punctuation are not letters)."""
    return len(_LETTER.findall(text))


def word_count(text: str) -> int:
    """How many words of two letters or more ``text`` has."""
    return len(_WORD.findall(text))


def has_letters(text: str, least: int) -> bool:
    """Whether ``text`` has ``least`` letters or more: ``letter_count(text) >= least``,
    the search stopped at the ``least``-th (a long post is not read to its end)."""
    return sum(1 for _ in islice(_LETTER.finditer(text), least)) >= least


def has_words(text: str, least: int) -> bool:
    """Whether ``text`` has ``least`` words of two letters or more, the search stopped
    at the ``least``-th: ``word_count(text) >= least``."""
    return sum(1 for _ in islice(_WORD.finditer(text), least)) >= least
