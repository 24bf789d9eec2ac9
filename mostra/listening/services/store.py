"""Storing fetched items as mentions: one insert, duplicates skipped.

A duplicate is the same ``guid`` from the same source, or the same address within the
workspace (constraints of :class:`~mostra.listening.models.Mention`). The repeats within
a batch (the first is kept) are dropped first, then the items already stored, one read
per :data:`LOOKUP` items by the unique indexes (:func:`unseen_groups`; a large ingest
sends each group to the enrichment as soon as it is read, while the next is looked
up), before any work is spent on them; the insert skips the rows that would still
break a constraint (two pollers at once), so each item is stored once.

Each new item is enriched before it is stored (its language, detected among the
workspace's when the source declares none, and its sentiment), written by
:func:`.mention_rows.insert` (no model instance per row; ``COPY`` on PostgreSQL; a large
ingest is enriched by a worker process and inserted chunk by chunk as it comes back:
:mod:`mostra.listening.enrichment.worker`), and
matched against the workspace's stored queries (:mod:`.matching`): its matches are
inserted in bulk with it. The queries made do not grow with the items: one read per
400 items, one insert (a few statements on PostgreSQL), one read of the new rows' ids,
the matcher's key, and the matches' inserts. Issue 16's figures, and where an item's
time goes: ``bench/listening_ingest.py`` and ``docs/performance.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from mostra.core.models import Workspace
from mostra.listening.enrichment import worker, workspace_languages
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, Source
from mostra.listening.query.document import Document
from mostra.listening.services import matching, mention_rows
from mostra.listening.services.duplicates import text_key

GUID_LENGTH = 255
BATCH = 500
#: Items whose guids and addresses are looked up at a time (two parameters an item,
#: within SQLite's oldest limit of 999).
LOOKUP = 400


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


def mention_values(
    item: FetchedItem, fetched_at: dt.datetime, enriched: matching.Enriched | None = None
) -> dict[str, Any]:
    """The values of the mention stored for ``item`` (but its workspace and source), by
    attribute name: what :func:`as_mention` builds and :func:`store` inserts."""
    return {
        "guid": guid_of(item.guid),
        "url": (item.url or "")[:2000],
        "url_key": url_key(item.url),
        "title": item.title or "",
        "text": item.text,
        "author": (item.author or "")[:255],
        "author_url": (item.author_url or "")[:2000],
        "author_followers": item.author_followers,
        "published_at": item.published_at,
        "fetched_at": fetched_at,
        "lang": enriched.lang if enriched else (item.lang or "")[:8],
        "sentiment": enriched.sentiment if enriched else None,
        "country": (item.country or "")[:2],
        "network": item.network[:20],
        "kind": item.kind[:20],
        "counts": dict(item.counts),
        "declared_sentiment": (item.declared_sentiment or "")[:10],
        "text_key": text_key(item.title or "", item.text),
    }


def as_mention(
    item: FetchedItem,
    workspace: Workspace,
    source: Source | None,
    fetched_at: dt.datetime,
    enriched: matching.Enriched | None = None,
) -> Mention:
    return Mention(workspace=workspace, source=source, **mention_values(item, fetched_at, enriched))


def unseen(
    items: Iterable[FetchedItem], *, workspace: Workspace, source: Source | None
) -> list[FetchedItem]:
    """The items the store would insert: not already stored (the same guid from the same
    source, the same address in the workspace), each the first of its guid and of its
    address among ``items``. One read per :data:`LOOKUP` items, by the unique indexes."""
    kept = _first_of_each(items)
    return [
        item for group in unseen_groups(kept, workspace=workspace, source=source) for item in group
    ]


Kept = tuple[FetchedItem, str, str | None]


def _first_of_each(items: Iterable[FetchedItem]) -> list[Kept]:
    """Each item the first of its guid and of its address among ``items``, with its
    guid as stored and its address's key."""
    kept: list[Kept] = []
    guids: set[str] = set()
    keys: set[str] = set()
    for item in items:
        guid, key = guid_of(item.guid), url_key(item.url)
        if guid in guids or (key is not None and key in keys):
            continue
        guids.add(guid)
        if key is not None:
            keys.add(key)
        kept.append((item, guid, key))
    return kept


def unseen_groups(
    kept: list[Kept], *, workspace: Workspace, source: Source | None, size: int = LOOKUP
) -> Iterator[list[FetchedItem]]:
    """The items of ``kept`` not already stored, ``size`` looked up at a time (at most
    :data:`LOOKUP`): a group as soon as its read is done, so that a large ingest's
    first items are enriched while the next ones are looked up."""
    source_id = source.pk if source else None
    size = min(size, LOOKUP)
    for start in range(0, len(kept), size):
        chunk = kept[start : start + size]
        chunk_keys = [key for _, _, key in chunk if key is not None]
        known_guids, known_keys = _known(
            workspace.pk, source_id, [guid for _, guid, _ in chunk], chunk_keys
        )
        yield [
            item for item, guid, key in chunk if guid not in known_guids and key not in known_keys
        ]


def _known(
    workspace_id: int, source_id: int | None, guids: list[str], keys: list[str]
) -> tuple[set[str], set[str]]:
    """Which of ``guids`` the source has already stored, and which of the addresses'
    ``keys`` the workspace has: one query, each half by its unique index (an ``OR``
    would read the whole workspace)."""
    known_guids: set[str] = set()
    known_keys: set[str] = set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(*_known_query(workspace_id, source_id, guids, keys))
            for half, value in cursor.fetchall():
                (known_guids if half == "guid" else known_keys).add(value)
        return known_guids, known_keys
    fields = ("guid", "url_key", "source_id")
    in_workspace = Mention.objects.filter(workspace_id=workspace_id).order_by()
    of_source = Q(source_id=source_id) if source_id is not None else Q(source__isnull=True)
    by_guid = in_workspace.filter(of_source, guid__in=guids).values_list(*fields)
    by_key = in_workspace.filter(url_key__in=keys).values_list(*fields)
    for guid, key, their_source in by_guid.union(by_key, all=True):
        if their_source == source_id:
            known_guids.add(guid)
        if key is not None:
            known_keys.add(key)
    return known_guids, known_keys


def _known_query(
    workspace_id: int, source_id: int | None, guids: list[str], keys: list[str]
) -> tuple[str, list[Any]]:
    """PostgreSQL: :func:`_known`'s statement and its parameters, rows of ``("guid",
    guid)`` and ``("url", key)``; each list one array parameter (a thousand placeholders
    cost the client more than the query costs the server).

    Each key is looked up by one descent of its unique index, whatever the planner's
    statistics: a ``LATERAL`` subquery per key (kept apart by its ``LIMIT``), and the
    workspace and source given as ``(SELECT %s)``, values the planner does not read in
    its statistics. With ``workspace_id = 1 AND guid = ANY(…)``, statistics behind a
    table that a firehose or an import fills faster than it is analysed (a workspace
    they do not know yet, one row expected) made it read the workspace's every mention
    for each lookup, or pick another of its indexes (``docs/performance.md``)."""
    table = connection.ops.quote_name(Mention._meta.db_table)
    same_source = "source_id = (SELECT %s)" if source_id is not None else "source_id IS NULL"
    sql = (
        "SELECT 'guid', m.guid FROM unnest(%s::text[]) AS k(v) "
        f"CROSS JOIN LATERAL (SELECT guid FROM {table} WHERE workspace_id = (SELECT %s) "
        f"AND {same_source} AND guid = k.v LIMIT 1) AS m "
        "UNION ALL "
        "SELECT 'url', m.url_key FROM unnest(%s::text[]) AS k(v) "
        f"CROSS JOIN LATERAL (SELECT url_key FROM {table} WHERE workspace_id = (SELECT %s) "
        "AND url_key = k.v LIMIT 1) AS m"
    )
    source = [source_id] if source_id is not None else []
    return sql, [guids, workspace_id, *source, keys, workspace_id]


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
    kept = _first_of_each(items)
    if not kept:
        return 0
    ids = {"workspace_id": workspace.pk, "source_id": source.pk if source else None}
    matcher = matching.matcher_for(workspace)
    matched: dict[str, list[int]] = {}
    # A large ingest: its items looked up, enriched (in a worker process), matched and
    # inserted chunk by chunk, each step overlapping the others; a small one in one
    # chunk, here, inserted at once (atomic by itself when there are no queries to link).
    large = len(kept) >= worker.POOL_FROM
    groups = unseen_groups(
        kept, workspace=workspace, source=source, size=worker.CHUNK if large else LOOKUP
    )
    chunks: Iterable[list[FetchedItem]] = groups if large else [[i for g in groups for i in g]]
    languages = workspace_languages(workspace)
    with transaction.atomic() if len(matcher) or large else nullcontext():
        # The worker enriches chunk k+1 while this process prepares chunk k and, on
        # PostgreSQL, a thread of this one inserts the chunk before that (enrichment.worker,
        # mention_rows.Writer).
        with mention_rows.Writer(background=large and connection.vendor == "postgresql") as out:
            for chunk, found in worker.enriched_chunks(chunks, languages, pooled=large):
                rows = [
                    ids | mention_values(item, fetched_at, matching.Enriched(*values))
                    for item, values in zip(chunk, found, strict=True)
                ]
                out.write(rows)
                if len(matcher):
                    for row in rows:
                        queries = matcher.match(_document(row))
                        if queries:
                            matched[row["guid"]] = list(queries)
        if not len(matcher):
            return _new(workspace, source, fetched_at).count()
        stored = dict(_new(workspace, source, fetched_at).values_list("guid", "id"))
        matching.link(
            (pk, query_id) for guid, pk in stored.items() for query_id in matched.get(guid, ())
        )
    return len(stored)


def _document(row: dict[str, Any]) -> Document:
    """What the queries read of a row, as :meth:`Document.of` reads a stored mention."""
    return Document(
        row["text"],
        row["title"],
        author=row["author"],
        url=row["url"],
        lang=row["lang"],
        country=row["country"],
    )


def _new(workspace: Workspace, source: Source | None, fetched_at: dt.datetime):  # noqa: ANN202
    return Mention.objects.filter(workspace=workspace, source=source, fetched_at=fetched_at)
