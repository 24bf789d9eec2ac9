"""The figures of posts published by hand meet their mostra post by address.

A publication by hand has no connection to read its figures through: they come from an
import (an X archive, a LinkedIn or Instagram export…). Its id, read from the address a
member pasted (:func:`mostra.strategy.catalogue.post_url_id`), is often the export's own
(an X status id, a LinkedIn activity URN); when it is not (Instagram and Facebook
exports name posts by a numeric id), the post's **address** ties them:

* marked published after the import: :func:`on_publication_finished` copies it into
  :class:`AccountPost` (:func:`mostra.analytics.sync.sync_publications`), which takes
  the imported row of the same address rather than adding a second one;
* imported after: :func:`link_imported` (called by the import's store) gives the
  imported row of the same address the link to the post, and drops the copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from mostra.analytics.models import AccountPost


def url_forms(url: str) -> list[str]:
    """The spellings of one post's address an export may use: with or without www., with
    or without the final slash, without the query (https only)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    if not host or not path:
        return []
    if "youtube.com" in host and parts.query:  # its id is in ?v=
        path = f"{path}?{parts.query}"
    return [f"https://{h}{path}{s}" for h in (host, f"www.{host}") for s in ("", "/")]


def key(url: str) -> str:
    forms = url_forms(url)
    return forms[0] if forms else ""


def on_publication_finished(
    sender: Any, publication: Any = None, publications: Any = (), **kwargs: Any
) -> None:
    """A publication by hand marked published: its row in the analytics, at once (one
    publication, or a chunk's list: ``publications``)."""
    from mostra.analytics.sync import sync_publications

    finished = [publication, *publications] if publication is not None else list(publications)
    by_hand = [
        p for p in finished if getattr(p.account, "by_hand", False) and p.state == "published"
    ]
    if by_hand:
        sync_publications(by_hand)


def link_imported(account_ids: Iterable[int]) -> int:
    """Give the imported rows the link of the by-hand rows of the same address (same
    account), and drop those copies; returns how many were linked (one query when the
    accounts have no such row)."""
    copies = list(
        AccountPost.objects.filter(
            account_id__in=list(account_ids),
            publication__isnull=False,
            publication__account__by_hand=True,
        ).exclude(url="")
    )
    linked = 0
    for copy in copies:
        twin = (
            AccountPost.objects.filter(
                account_id=copy.account_id, url__in=url_forms(copy.url), publication__isnull=True
            )
            .exclude(pk=copy.pk)
            .first()
        )
        if twin is None:
            continue
        twin.post_id, twin.publication_id = copy.post_id, copy.publication_id
        copy.delete()
        twin.save(update_fields=["post", "publication"])
        linked += 1
    return linked
