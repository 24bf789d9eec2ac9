"""Collecting what the networks count: per published variant, and per account.

Each published publication is read again on a schedule that is dense while a post
lives and sparse later (:data:`SCHEDULE`, counted from its publication): 1 h, 3 h,
6 h, 12 h, 24 h after, then daily until day 7, weekly until day 28, then on days 30,
60 and 90, then never again. A late collection skips the moments it missed: the next
one is the first moment of the schedule still ahead.

:func:`collect_due` (run by the worker's loop) for what is due at ``now``:

1. pick the due publications (``next_metrics_at <= now``, or published in the last
   90 days and never scheduled) and group them per account;
2. per account, claim its publications with a compare-and-set update (their
   ``next_metrics_at`` moves to a lease that only this run knows; a second worker
   finds nothing, and a worker that dies lets them come back when the lease ends);
3. ask the network for all of them in one call (``fetch_metrics(refs)``), store one
   :class:`MetricSnapshot` each (a count the network does not give stays None, never
   0), set the next moment, and emit ``post.metrics_updated``;
4. on an error: a rate limit postpones the account's publications (``Retry-After``,
   else :data:`RATE_LIMIT_WAIT`); refused credentials mark the account as needing
   reconnection and postpone by a day; any other error is written on the account's
   last error and postponed by :data:`ERROR_WAIT`.

:func:`collect_followers_due` does the same once a day per connected account.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from django.db.models import Q
from django.utils import timezone

from mostra.core.counts import COUNT_FIELDS
from mostra.core.models.workspace import in_active_workspace
from mostra.integrations.base import (
    CredentialsRejected,
    RemoteRef,
    Snapshot,
    TransportError,
    integration_for,
)
from mostra.publishing.models import (
    AccountStatus,
    FollowerSnapshot,
    MetricSnapshot,
    Publication,
    PublicationState,
    SocialAccount,
    WebhookEvent,
)
from mostra.publishing.services import health, webhooks
from mostra.publishing.signals import followers_collected, metrics_collected

logger = logging.getLogger("mostra.publishing")

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
#: When metrics are read, counted from the publication.
SCHEDULE: tuple[dt.timedelta, ...] = (
    1 * H,
    3 * H,
    6 * H,
    12 * H,
    *(n * D for n in range(1, 8)),
    14 * D,
    21 * D,
    28 * D,
    30 * D,
    60 * D,
    90 * D,
)
FOLLOWERS_EVERY = D
RATE_LIMIT_WAIT = dt.timedelta(minutes=15)
ERROR_WAIT = H
REJECTED_WAIT = D
#: Past the schedule's end, how long errors may keep postponing the last reading.
GIVE_UP_AFTER = 7 * D
#: How long a run keeps what it claimed before another worker may take it.
LEASE = dt.timedelta(minutes=10)
BATCH = 500


def next_collection(published_at: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """The first moment of :data:`SCHEDULE` after ``now``; None once past day 90."""
    age = now - published_at
    for offset in SCHEDULE:
        if offset > age:
            return published_at + offset
    return None


def first_collection(publication: Publication) -> dt.datetime | None:
    """When a just-published publication is first read (for the publishing engine)."""
    published = publication.published_at or timezone.now()
    return published + SCHEDULE[0]


def _lease(now: dt.datetime) -> dt.datetime:
    """A claim marker: the lease's end, made unique by a random number of microseconds."""
    return now + LEASE + dt.timedelta(microseconds=uuid.uuid4().int % 999_983)


def _due_publications(now: dt.datetime) -> list[Publication]:
    never_scheduled = Q(next_metrics_at__isnull=True, published_at__gte=now - SCHEDULE[-1])
    return list(
        Publication.objects.filter(state=PublicationState.PUBLISHED)
        .filter(Q(next_metrics_at__lte=now) | never_scheduled)
        .filter(in_active_workspace("variant__post__workspace"))
        .exclude(remote_id="")
        .select_related("account", "variant__post__workspace")
        .order_by("account_id", "id")[:BATCH]
    )


def _claim(ids: list[int], now: dt.datetime) -> tuple[set[int], dt.datetime]:
    lease = _lease(now)
    never_scheduled = Q(next_metrics_at__isnull=True, published_at__gte=now - SCHEDULE[-1])
    Publication.objects.filter(pk__in=ids, state=PublicationState.PUBLISHED).filter(
        Q(next_metrics_at__lte=now) | never_scheduled
    ).update(next_metrics_at=lease)
    mine = Publication.objects.filter(pk__in=ids, next_metrics_at=lease)
    return set(mine.values_list("pk", flat=True)), lease


def _postpone(publications: list[Publication], until: dt.datetime) -> None:
    """Try again at ``until``; a publication past the schedule's end stops instead."""
    rows = Publication.objects.filter(pk__in=[p.pk for p in publications])
    end = until - SCHEDULE[-1] - GIVE_UP_AFTER
    rows.filter(published_at__lt=end).update(next_metrics_at=None)
    rows.exclude(published_at__lt=end).update(next_metrics_at=until)


def _skip(publications: list[Publication], now: dt.datetime) -> None:
    """Nothing to read (a disconnected account): go on to the schedule's next moment."""
    for publication in publications:
        publication.next_metrics_at = next_collection(publication.published_at or now, now)
    Publication.objects.bulk_update(publications, ["next_metrics_at"])


def _ref(publication: Publication) -> RemoteRef:
    return RemoteRef(publication.remote_id, publication.remote_uri, publication.remote_url)


def _failure(account: SocialAccount, exc: TransportError, now: dt.datetime) -> dt.datetime:
    """Record an error on the account; returns when to try again."""
    if isinstance(exc, CredentialsRejected):
        health.mark_rejected(account, exc.message, now)
        return now + REJECTED_WAIT
    if exc.retry_after is not None or exc.http_status == 429:
        wait = dt.timedelta(seconds=exc.retry_after) if exc.retry_after else RATE_LIMIT_WAIT
        return now + max(wait, dt.timedelta(seconds=30))
    health.mark_error(account, exc.message, now)
    return now + ERROR_WAIT


def _metrics_payload(publication: Publication, snapshot: MetricSnapshot) -> dict[str, Any]:
    return {
        "post": webhooks.post_payload(publication.variant.post),
        "publication": webhooks.publication_payload(publication),
        "metrics": {name: getattr(snapshot, name) for name in COUNT_FIELDS},
        "taken_at": snapshot.taken_at.isoformat(),
    }


def _store(
    account: SocialAccount, mine: list[Publication], found: list[Snapshot], now: dt.datetime
) -> int:
    by_remote = {s.remote_id: s for s in found}
    rows: list[MetricSnapshot] = []
    taken: list[tuple[Publication, MetricSnapshot]] = []
    for publication in mine:
        publication.next_metrics_at = next_collection(publication.published_at or now, now)
        snapshot = by_remote.get(publication.remote_id)
        if snapshot is None:
            continue
        row = MetricSnapshot(
            publication=publication,
            taken_at=now,
            raw=snapshot.raw or {},
            **{name: getattr(snapshot, name) for name in COUNT_FIELDS},
        )
        rows.append(row)
        taken.append((publication, row))
    MetricSnapshot.objects.bulk_create(rows)
    Publication.objects.bulk_update(mine, ["next_metrics_at"])
    health.mark_ok(account, now)
    if taken:
        workspace_id = account.workspace_id
        webhooks.emit_many(
            workspace_id, WebhookEvent.METRICS, [_metrics_payload(p, s) for p, s in taken]
        )
    return len(rows)


def collect_due(now: dt.datetime) -> int:
    """Read the metrics due at ``now``, one network call per account; returns the
    number of snapshots stored."""
    groups: dict[int, list[Publication]] = defaultdict(list)
    for publication in _due_publications(now):
        groups[publication.account_id].append(publication)
    stored = 0
    measured: list[int] = []
    for publications in groups.values():
        account = publications[0].account
        mine_ids, lease = _claim([p.pk for p in publications], now)
        mine = [p for p in publications if p.pk in mine_ids]
        if not mine:
            continue
        if account.status == AccountStatus.DISCONNECTED:
            _skip(mine, now)
            continue
        if account.status == AccountStatus.NEEDS_RECONNECT:
            _postpone(mine, now + REJECTED_WAIT)
            continue
        try:
            found = integration_for(account).fetch_metrics([_ref(p) for p in mine])
        except TransportError as exc:
            logger.warning("metrics of account %s: %s", account.pk, exc.message)
            _postpone(mine, _failure(account, exc, now))
            continue
        stored += _store(account, mine, found, now)
        measured.extend(p.pk for p in mine)
    if measured:  # the KPIs read AccountPost: the analytics copy the new counts there
        metrics_collected.send(Publication, publication_ids=measured)
    return stored


def collect_followers_due(now: dt.datetime) -> int:
    """Read the followers of the connected accounts due at ``now`` (once a day each);
    returns the number of snapshots stored."""
    due = list(
        SocialAccount.objects.filter(status__in=[AccountStatus.CONNECTED, AccountStatus.ERROR])
        .filter(by_hand=False)  # no connection to read them through
        .filter(Q(next_followers_at__lte=now) | Q(next_followers_at__isnull=True))
        .filter(in_active_workspace())
        .order_by("id")[:BATCH]
    )
    stored = 0
    for account in due:
        lease = _lease(now)
        claimed = SocialAccount.objects.filter(
            pk=account.pk, next_followers_at=account.next_followers_at
        ).update(next_followers_at=lease)
        if claimed != 1:
            continue
        try:
            figures = integration_for(account).fetch_account()
        except TransportError as exc:
            logger.warning("followers of account %s: %s", account.pk, exc.message)
            until = _failure(account, exc, now)
            SocialAccount.objects.filter(pk=account.pk).update(next_followers_at=until)
            continue
        SocialAccount.objects.filter(pk=account.pk).update(next_followers_at=now + FOLLOWERS_EVERY)
        if any(value is not None for value in asdict(figures).values()):
            snapshot = FollowerSnapshot.objects.create(
                account=account, taken_at=now, **asdict(figures)
            )
            # the KPIs read FollowerCount: the analytics copy the followers there
            followers_collected.send(FollowerSnapshot, snapshots=[snapshot])
            stored += 1
            health.mark_ok(account, now)
    return stored


def latest_snapshots(publications: list[Publication]) -> dict[int, MetricSnapshot]:
    """The latest snapshot of each publication (one query), for the post page."""
    latest: dict[int, MetricSnapshot] = {}
    rows = MetricSnapshot.objects.filter(publication__in=publications).order_by("taken_at", "id")
    for row in rows:
        latest[row.publication_id] = row
    return latest
