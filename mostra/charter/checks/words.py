"""Finding words in a post the way a reader would: whatever the case and the accents.

Expressions are matched on word boundaries, after folding case and removing accents
(« Pas Chère » is « pas chere »), with typographic apostrophes made straight, so that
French elision works both ways: « atelier » is found in « l’atelier », and the
expression « l'abus d'alcool » is found in « L’abus d’alcool ». A ``*`` at the end of
a word matches any ending (« cher* » finds « chère » and « chers »).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})
HASHTAG = regex.compile(r"(?<![\w#&/])[#＃](?=\w*[^\W\d_])\w+")


def fold(text: str) -> str:
    """Lower case, without accents, with straight apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


@lru_cache(maxsize=512)
def expression_pattern(expression: str) -> regex.Pattern[str] | None:
    words = fold(expression).split()
    if not words:
        return None
    parts = []
    for word in words:
        wildcard = word.endswith("*")
        escaped = regex.escape(word.rstrip("*"))
        parts.append(escaped + (r"\w*" if wildcard else ""))
    return regex.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def contains(text: str, expression: str, *, folded: str | None = None) -> bool:
    """Whether ``expression`` occurs in ``text`` (``folded`` is ``fold(text)``, if known)."""
    pattern = expression_pattern(expression)
    if pattern is None:
        return False
    return bool(pattern.search(fold(text) if folded is None else folded))


def found(text: str, expressions: list[str]) -> list[str]:
    """The expressions of the list that occur in ``text``, in the list's order."""
    folded = fold(text)
    return [e for e in dict.fromkeys(expressions) if contains(text, e, folded=folded)]


def hashtags(text: str) -> list[str]:
    return HASHTAG.findall(text)
