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
from django.db.models import Min

from mostra.core.models import Workspace
from mostra.listening.models import Mention, Source

#: The fewest letters a normalised text has to be compared.
MIN_LETTERS = 20
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@[\w.\-]+(?:@[\w.\-]+)?")
_NOT_WORD = re.compile(r"[\W_]+")


def text_key(title: str, text: str) -> str:
    """The key near-duplicates share; "" when the text is too short to compare."""
    words = _MENTION.sub(" ", _URL.sub(" ", f"{title} {text}"))
    folded = unicodedata.normalize("NFKD", words.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    normalised = _NOT_WORD.sub(" ", plain).strip()
    if sum(c.isalpha() for c in normalised) < MIN_LETTERS:
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


def fold(workspace: Workspace, source: Source | None, fetched_at: dt.datetime) -> int:
    """Key the mentions stored at ``fetched_at`` from ``source`` and point each one whose
    key an earlier mention of the workspace has at that first one; returns how many were
    found duplicates. Queries: one read of the new rows, one update per batch of keys,
    one read of the first mentions, one update per duplicate."""
    new = list(
        Mention.objects.filter(
            workspace=workspace, source=source, fetched_at=fetched_at, text_key=""
        ).only("pk", "title", "text")
    )
    keyed: dict[int, str] = {}
    for mention in new:
        key = text_key(mention.title, mention.text)
        if key:
            mention.text_key = key
            keyed[mention.pk] = key
    if not keyed:
        return 0
    with transaction.atomic():
        Mention.objects.bulk_update([m for m in new if m.pk in keyed], ["text_key"], batch_size=500)
        firsts = dict(
            Mention.objects.filter(workspace=workspace, text_key__in=set(keyed.values()))
            .values("text_key")
            .annotate(first=Min("pk"))
            .values_list("text_key", "first")
        )
        later = [
            Mention(pk=pk, duplicate_of_id=firsts[key])
            for pk, key in keyed.items()
            if firsts.get(key) not in (None, pk)
        ]
        Mention.objects.bulk_update(later, ["duplicate_of"], batch_size=500)
    return len(later)
