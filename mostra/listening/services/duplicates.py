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
    if not folded.isascii():  # ASCII has no combining mark: nothing to drop
        plain = "".join([c for c in folded if not unicodedata.combining(c)])
    else:
        plain = folded
    normalised = _NOT_WORD.sub(" ", plain).strip()
    if sum(map(str.isalpha, normalised)) < MIN_LETTERS:
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


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
