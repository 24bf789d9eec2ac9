"""Near-duplicates: the same words published again, by another source or another author
(a press release taken up by ten sites, a post copied across networks).

Two mentions are near-duplicates when their texts read the same once normalised: case
and accents folded, addresses and @mentions dropped, punctuation and blanks reduced to
one space (:func:`text_key`, a SHA-256 of that). Texts shorter than
:data:`MIN_LETTERS` letters are never compared ("merci !" is not a duplicate). Within a
workspace the first mention stored keeps the text; the later ones point at it
(:attr:`Mention.duplicate_of`) and the inbox folds them under it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from mostra.core.models import Workspace
from mostra.listening.models import Mention, Source

#: The fewest letters a normalised text has to be compared.
MIN_LETTERS = 20
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@[\w.\-]+(?:@[\w.\-]+)?")
_NOT_WORD = re.compile(r"[\W_]+")


def text_key(title: str, text: str) -> str:
    """The key near-duplicates share; "" when the text is too short to compare."""
    words = f"{title} {text}"
    # Each pattern skipped when the character it needs is absent: the same text.
    if "/" in words or "." in words:
        words = _URL.sub(" ", words)
    if "@" in words:
        words = _MENTION.sub(" ", words)
    folded = unicodedata.normalize("NFKD", words.casefold())
    # ASCII has no combining mark: nothing to drop.
    plain = folded if folded.isascii() else _without_marks(folded)
    normalised = _NOT_WORD.sub(" ", plain).strip()
    if not _has_letters(normalised):
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


def _has_letters(normalised: str) -> bool:
    """Whether ``normalised`` has :data:`MIN_LETTERS` letters: its first characters are
    read first (enough in a post), the whole of it when they are not enough."""
    if len(normalised) < MIN_LETTERS:
        return False
    head = 2 * MIN_LETTERS
    if sum(map(str.isalpha, normalised[:head])) >= MIN_LETTERS:
        return True
    return sum(map(str.isalpha, normalised)) >= MIN_LETTERS


#: A character beyond the Basic Multilingual Plane (emoji, among others).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _without_marks(folded: str) -> str:
    """``folded`` without the characters ``unicodedata.combining`` gives a class (the
    accents NFKD detaches): those of the Basic Multilingual Plane dropped by one pattern
    (:func:`_marks_pattern`), then, in a text with characters beyond it (emoji), each
    character tested as before."""
    plain = _marks_pattern().sub("", folded)
    if _ASTRAL.search(plain):
        plain = "".join([c for c in plain if not unicodedata.combining(c)])
    return plain


@functools.cache
def _marks_pattern() -> re.Pattern[str]:
    """A pattern of every character of the Basic Multilingual Plane that
    ``unicodedata.combining`` gives a class, built once per process from this Python's
    Unicode tables (some 0.02 s): the same characters dropped as by testing each one,
    several times faster (a class beyond that plane would make the pattern slower than
    the loop)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile(
        "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"
    )


def fold(workspace: Workspace, source: Source | None, fetched_at: dt.datetime) -> int:
    """Point each mention stored at ``fetched_at`` from ``source`` whose key an earlier
    mention of the workspace has at that first one; returns how many were found
    duplicates.

    The store keys mentions as it inserts them (:func:`text_key`); a row stored without
    one is keyed here first. Queries: one read of the unkeyed rows (and one update when
    some get a key), then one UPDATE for all: each later mention set to the first of its
    key (``MIN(id)`` through the ``(workspace, text_key)`` index)."""
    unkeyed = list(
        Mention.objects.filter(
            workspace=workspace, source=source, fetched_at=fetched_at, text_key=""
        ).only("pk", "title", "text")
    )
    keyed = []
    for mention in unkeyed:
        mention.text_key = text_key(mention.title, mention.text)
        if mention.text_key:
            keyed.append(mention)
    same_key = Mention.objects.filter(workspace=workspace, text_key=OuterRef("text_key"))
    with transaction.atomic():
        if keyed:
            Mention.objects.bulk_update(keyed, ["text_key"], batch_size=500)
        return (
            Mention.objects.filter(
                workspace=workspace,
                source=source,
                fetched_at=fetched_at,
                duplicate_of__isnull=True,
            )
            .exclude(text_key="")
            .filter(Exists(same_key.filter(pk__lt=OuterRef("pk"))))
            .update(duplicate_of=Subquery(same_key.order_by("pk").values("pk")[:1]))
        )
