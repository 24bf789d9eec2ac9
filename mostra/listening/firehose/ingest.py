"""Handing a batch of firehose events to the listening, the cursor with it.

The firehose is the whole network: only the posts that match a stored query of a
workspace that reads this service (an enabled source of kind ``bluesky_firehose`` with
this address, the workspace not archived) are stored, in that workspace, through the
same store as every source (:func:`mostra.listening.services.store.store`: enriched,
matched, deduplicated by the post's URI). Each workspace's matcher reads the post as
the network gives it (its declared language); the store then enriches and matches the
kept ones again, as for any source.

:func:`ingest` writes in ONE transaction the mentions of every workspace, the sources'
health and the cursor (the sequence number of the batch's last event): a process
killed at any instant has stored either the whole batch with its cursor or nothing of
it, so the next subscription, from the stored cursor, neither skips nor repeats an
event.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from mostra.core import figures_cache
from mostra.listening.firehose.frames import Event, Post
from mostra.listening.firehose.handles import Handles
from mostra.listening.items import FetchedItem
from mostra.listening.models import FirehoseCursor, Source
from mostra.listening.query.document import Document
from mostra.listening.services import duplicates, matching
from mostra.listening.services.store import store

#: The kind of source by which a workspace reads a firehose.
KIND = "bluesky_firehose"
#: The note of events lost (``OutdatedCursor``), kept on the stream's health for
#: :data:`MISSED_SHOWN` whatever the batches after it.
MISSED = "the service no longer keeps the events after the cursor: those between were missed"
MISSED_SHOWN = dt.timedelta(days=1)
#: How long a consumer's hold on a service lasts without a batch (it renews it).
LEASE = dt.timedelta(seconds=60)


class LostLease(RuntimeError):
    """Another consumer took the service (this one was silent longer than its lease)."""


@dataclass(frozen=True)
class Outcome:
    events: int
    posts: int
    stored: int
    seq: int | None


def subscribers(service_url: str) -> list[Source]:
    """The enabled firehose sources of this service, of workspaces not archived."""
    return list(
        Source.objects.filter(
            kind=KIND, url=service_url, enabled=True, workspace__archived_at__isnull=True
        )
        .select_related("workspace")
        .order_by("id")
    )


def matches(
    posts: Sequence[Post], handles: Handles, sources: Sequence[Source]
) -> dict[int, list[FetchedItem]]:
    """The items each source's workspace keeps, by source id (sources keeping none left
    out). The authors of kept posts get their handle where cheap."""
    items = [post.item(handles.get(post.did)) for post in posts]
    documents = [Document.of(item) for item in items]
    kept: dict[int, list[int]] = {}
    for source in sources:
        matcher = matching.matcher_for(source.workspace)
        if not len(matcher):
            continue
        found = [n for n, doc in enumerate(documents) if matcher.match(doc)]
        if found:
            kept[source.pk] = found
    if not kept:
        return {}
    wanted = {n for found in kept.values() for n in found}
    unknown = {posts[n].did for n in wanted if handles.get(posts[n].did) is None}
    if unknown:
        handles.look_up(unknown)
        for n in wanted:
            if posts[n].did in unknown and handles.get(posts[n].did):
                items[n] = posts[n].item(handles.get(posts[n].did))
    return {pk: [items[n] for n in found] for pk, found in kept.items()}


def ingest(
    service_url: str,
    events: Sequence[Event],
    handles: Handles,
    *,
    holder: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    """Store the batch's matching posts and move the cursor past its last event, in one
    transaction. Raises :class:`LostLease` (nothing written) when ``holder`` is given
    and another consumer holds the service."""
    now = now or timezone.now()
    for event in events:
        if event.kind == "#identity" and event.did:
            handles.learn(event.did, event.handle)
    numbered = [e for e in events if e.seq is not None]
    if not numbered:
        return Outcome(len(events), 0, 0, None)
    last = numbered[-1]
    posts = [post for event in numbered for post in event.posts]
    sources = subscribers(service_url) if posts else []
    kept = matches(posts, handles, sources) if sources else {}
    stored_in: dict[int, int] = {}
    times = [e.time for e in numbered if e.time]
    lag = (now - max(times)).total_seconds() if times else None
    with transaction.atomic():
        cursor = FirehoseCursor.objects.select_for_update().get(service_url=service_url)
        if holder and cursor.holder != holder and cursor.held_until and cursor.held_until > now:
            raise LostLease(cursor.holder)
        for source in sources:
            items = kept.get(source.pk, [])
            stored = (
                store(items, workspace=source.workspace, source=source, fetched_at=now)
                if items
                else 0
            )
            if stored:
                duplicates.fold(source.workspace, source, now)
                stored_in[source.workspace_id] = stored_in.get(source.workspace_id, 0) + stored
            Source.objects.filter(pk=source.pk).update(
                last_fetch_at=now,
                last_success_at=now,
                last_error="",
                last_error_params={},
                consecutive_failures=0,
                items_stored=F("items_stored") + stored,
            )
        FirehoseCursor.objects.filter(pk=cursor.pk).update(
            seq=last.seq,
            last_event_at=max(times) if times else cursor.last_event_at,
            events=F("events") + len(numbered),
            counting_since=cursor.counting_since or now,
            lag_seconds=lag,
            last_error=Case(
                When(
                    Q(last_error=MISSED) & Q(last_error_at__gte=now - MISSED_SHOWN),
                    then=F("last_error"),
                ),
                default=Value(""),
            ),
            holder=holder or cursor.holder,
            held_until=now + LEASE if holder else cursor.held_until,
            updated_at=now,
        )
        if stored_in:
            figures_cache.changed(stored_in)
    return Outcome(len(events), len(posts), sum(stored_in.values()), last.seq)


def cursor_for(service_url: str) -> FirehoseCursor:
    try:
        cursor, _ = FirehoseCursor.objects.get_or_create(service_url=service_url)
    except IntegrityError:  # made at the same instant by another consumer
        cursor = FirehoseCursor.objects.get(service_url=service_url)
    return cursor


def holder_name() -> str:
    """This consumer's name: the machine and the process."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _dead(holder: str) -> bool:
    """Whether ``holder`` is a process of this machine that no longer runs."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claim(service_url: str, holder: str, now: dt.datetime) -> bool:
    """Take the service for ``holder`` when nobody else holds it: no holder, its lease
    run out, or its process gone (``kill -9``) on this machine."""
    cursor = cursor_for(service_url)
    free = Q(holder="") | Q(holder=holder) | Q(held_until__isnull=True) | Q(held_until__lt=now)
    if cursor.holder and _dead(cursor.holder):
        free |= Q(holder=cursor.holder)
    taken = FirehoseCursor.objects.filter(free, service_url=service_url).update(
        holder=holder, held_until=now + LEASE
    )
    return taken == 1


def release(service_url: str, holder: str) -> None:
    FirehoseCursor.objects.filter(service_url=service_url, holder=holder).update(
        holder="", held_until=None
    )


def record_problem(service_url: str, words: str, now: dt.datetime | None = None) -> None:
    """The stream's last problem, on its cursor and on the sources that read it."""
    now = now or timezone.now()
    FirehoseCursor.objects.filter(service_url=service_url).update(
        last_error=words[:500], last_error_at=now
    )
    Source.objects.filter(kind=KIND, url=service_url, enabled=True).update(
        last_fetch_at=now,
        last_error="unreachable",
        last_error_params={"detail": words[:300]},
        consecutive_failures=F("consecutive_failures") + 1,
    )


def restart_from_live(service_url: str) -> None:
    """Forget the cursor (the service no longer knows it: ``FutureCursor``)."""
    FirehoseCursor.objects.filter(service_url=service_url).update(seq=None)
