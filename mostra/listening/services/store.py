"""Storing fetched items as mentions: one bulk insert, duplicates skipped.

A duplicate is the same ``guid`` from the same source, or the same address within the
workspace (constraints of :class:`~mostra.listening.models.Mention`); the insert skips
the rows that would break either (``ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite),
so two pollers, or a feed that repeats itself, store each item once.

Each item is enriched before it is stored (its language, detected among the workspace's
when the source declares none, and its sentiment), and each new mention is matched
against the workspace's stored queries (:mod:`.matching`): its matches are inserted in
bulk with it. The queries made do not grow with the items: per 500 items one insert, plus
one read of the new rows' ids, the matcher's key, and the matches' inserts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.db import transaction

from mostra.core.models import Workspace
from mostra.listening.enrichment import workspace_languages
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, Source
from mostra.listening.query.document import Document
from mostra.listening.services import matching
from mostra.listening.services.duplicates import text_key

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
    item: FetchedItem,
    workspace: Workspace,
    source: Source | None,
    fetched_at: dt.datetime,
    enriched: matching.Enriched | None = None,
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
        lang=enriched.lang if enriched else (item.lang or "")[:8],
        sentiment=enriched.sentiment if enriched else None,
        country=(item.country or "")[:2],
        network=item.network[:20],
        kind=item.kind[:20],
        counts=dict(item.counts),
        declared_sentiment=(item.declared_sentiment or "")[:10],
        text_key=text_key(item.title or "", item.text),
    )


def store(
    items: Iterable[FetchedItem],
    *,
    workspace: Workspace,
    source: Source | None,
    fetched_at: dt.datetime,
) -> int:
    """Insert the items as new mentions, enriched and matched, skipping duplicates;
    returns how many were new.

    The count is of the rows carrying this ``fetched_at`` afterwards: call it once per
    fetch time and source (the poller's ``now``)."""
    items = list(items)
    if not items:
        return 0
    allowed = workspace_languages(workspace)
    rows = [
        as_mention(item, workspace, source, fetched_at, matching.enriched(item, allowed))
        for item in items
    ]
    matcher = matching.matcher_for(workspace)
    if not len(matcher):
        Mention.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return _new(workspace, source, fetched_at).count()
    with transaction.atomic():
        Mention.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        stored = dict(_new(workspace, source, fetched_at).values_list("guid", "id"))
        by_guid: dict[str, Mention] = {}
        for row in rows:
            by_guid.setdefault(row.guid, row)  # the first of repeated guids is the one stored
        matching.link(
            (pk, query_id)
            for guid, pk in stored.items()
            if guid in by_guid
            for query_id in matcher.match(Document.of(by_guid[guid]))
        )
    return len(stored)


def _new(workspace: Workspace, source: Source | None, fetched_at: dt.datetime):  # noqa: ANN202
    return Mention.objects.filter(workspace=workspace, source=source, fetched_at=fetched_at)
