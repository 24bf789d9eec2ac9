"""Storing fetched items as mentions: one bulk insert, duplicates skipped.

A duplicate is the same ``guid`` from the same source, or the same address within the
workspace (constraints of :class:`~mostra.listening.models.Mention`); the insert skips
the rows that would break either (``ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite),
so two pollers, or a feed that repeats itself, store each item once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from mostra.core.models import Workspace
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, Source

GUID_LENGTH = 255
BATCH = 500


def url_key(url: str | None) -> str | None:
    """The key of the per-workspace deduplication: SHA-256 of the address, its fragment
    dropped and its scheme and host in lower case."""
    if not url:
        return None
    address = url.strip().split("#", 1)[0]
    scheme, sep, rest = address.partition("://")
    host, slash, path = rest.partition("/")
    normalised = f"{scheme.lower()}{sep}{host.lower()}{slash}{path}"
    return hashlib.sha256(normalised.encode()).hexdigest()


def guid_of(guid: str) -> str:
    """The guid as stored: a longer one than the column holds is hashed."""
    if len(guid) <= GUID_LENGTH:
        return guid
    return "sha256:" + hashlib.sha256(guid.encode()).hexdigest()


def as_mention(
    item: FetchedItem, workspace: Workspace, source: Source | None, fetched_at: dt.datetime
) -> Mention:
    return Mention(
        workspace=workspace,
        source=source,
        guid=guid_of(item.guid),
        url=(item.url or "")[:2000],
        url_key=url_key(item.url),
        title=item.title or "",
        text=item.text,
        author=(item.author or "")[:255],
        author_url=(item.author_url or "")[:2000],
        author_followers=item.author_followers,
        published_at=item.published_at,
        fetched_at=fetched_at,
        lang=(item.lang or "")[:8],
        country=(item.country or "")[:2],
        network=item.network[:20],
        kind=item.kind[:20],
        counts=dict(item.counts),
        declared_sentiment=(item.declared_sentiment or "")[:10],
    )


def store(
    items: Iterable[FetchedItem],
    *,
    workspace: Workspace,
    source: Source | None,
    fetched_at: dt.datetime,
) -> int:
    """Insert the items as new mentions, skipping duplicates; returns how many were new.

    The count is of the rows carrying this ``fetched_at`` afterwards: call it once per
    fetch time and source (the poller's ``now``)."""
    rows = [as_mention(item, workspace, source, fetched_at) for item in items]
    if not rows:
        return 0
    Mention.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return Mention.objects.filter(workspace=workspace, source=source, fetched_at=fetched_at).count()
