"""The outcomes of a chunk written together: :func:`write_together`.

The publications that came back from their networks together (a worker's chunk,
:mod:`~mostra.publishing.scheduler.in_flight`) are recorded in a number of queries that
does not grow with their number, inside the chunk's transaction:

1. the publications, one compare-and-set ``UPDATE … WHERE id IN (…)`` per claim (its
   token and time; the values that differ row by row by a ``CASE`` on the id:
   :func:`~mostra.publishing.services.claims.finish_together`);
2. the attempts, one ``INSERT``;
3. the accounts' health, one ``UPDATE`` per kind (last success; last error; needs
   reconnecting), per message for the errors;
4. the posts' statuses, one ``UPDATE`` per change (``publishing → published``, …), each
   a compare-and-set on the status before;
5. the audit events, one ``INSERT``; the webhooks' events (workspaces that have some),
   each in a savepoint of its own as before; the notification centre told once for the
   chunk, after the commit (:func:`publisher.finished_together`).

All of it in one savepoint. When a write fails or does not change exactly the rows
expected (a claim lost when its lease ended, a post changed meanwhile), the savepoint is
rolled back, the objects in memory restored, and the outcomes written one by one by the
caller (:func:`publisher.record_sent`, a savepoint each: a failing row loses only its
own; a success whose claim was lost still recorded by :func:`claims.late_success`).
Written one by one from the start: a post with several publications (its status follows
all of them) and a rate limit (the account's other publications deferred).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db import connection, transaction

from mostra.core import figures_cache
from mostra.core.audit import unsaved
from mostra.core.models import AuditEvent
from mostra.editorial.models import Post
from mostra.publishing.models import AccountStatus, PublicationAttempt, SocialAccount
from mostra.publishing.scheduler import batch, clock
from mostra.publishing.scheduler.publisher import (
    S,
    Sent,
    attempt_of,
    emit_webhook,
    outcome_fields,
    settled_audit,
    tell_finished,
)
from mostra.publishing.services import claims
from mostra.publishing.services.publications import DRIVEN, post_status_for

logger = logging.getLogger("mostra.publishing")

Outcome = tuple[batch.Claimed, Sent]


class _NotAsExpected(Exception):
    """A bulk write changed other rows than expected: written one by one instead."""


def unsynced() -> None:
    """On PostgreSQL, the current transaction (a chunk's outcomes) commits without
    waiting for its write-ahead log to reach the disk (``synchronous_commit`` off for it
    alone): the loop's thread no longer waits for a disk flush per chunk.

    Safe with the engine's guarantees: only the claim must be durable before a request
    (its own synced commit); an outcome lost by a database crash (its last fraction of
    a second) leaves its publications ``publishing``, put back as interrupted when their
    lease ends and reconciled with the network before anything is sent again, as after
    a worker killed between the answer and the outcome. No effect on SQLite.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def alone(claimed: batch.Claimed, sent: Sent) -> bool:
    """Whether this outcome is written on its own (see the module's docstring)."""
    return not claimed.single or sent.next.error_code == "rate_limited"


def write_together(outcomes: list[Outcome], now: dt.datetime) -> list[Outcome]:
    """Write the outcomes that can be together (in one savepoint); return those the
    caller writes one by one (:func:`publisher.record_sent`)."""
    together = [o for o in outcomes if not alone(*o)]
    one_by_one = [o for o in outcomes if alone(*o)]
    if not together:
        return one_by_one
    kept = [_memory(claimed) for claimed, _ in together]
    try:
        with transaction.atomic():
            settled = _write(together, now)
    except Exception as error:  # noqa: BLE001 - each written on its own instead
        if not isinstance(error, _NotAsExpected):
            logger.exception("%d outcomes not written together: one by one", len(together))
        for (claimed, _), memory in zip(together, kept, strict=True):
            _restore(claimed, memory)
        return together + one_by_one
    tell_finished(settled)
    return one_by_one


def _write(outcomes: list[Outcome], now: dt.datetime) -> list:
    """The writes of the module's steps 1–5; the publications settled (a final state)."""
    fields = {
        c.publication.pk: outcome_fields(c.publication, now, s.next, s.ref) for c, s in outcomes
    }
    claims_of: dict[tuple[str, dt.datetime | None], dict[int, dict[str, object]]] = defaultdict(
        dict
    )
    for claimed, _ in outcomes:
        p = claimed.publication
        claims_of[(p.claimed_by, p.claimed_at)][p.pk] = fields[p.pk]
    for (owner, since), mine in claims_of.items():
        if not claims.finish_together(owner, since, mine, now):
            raise _NotAsExpected
    for claimed, _ in outcomes:
        for name, value in fields[claimed.publication.pk].items():
            setattr(claimed.publication, name, value)
    finished_at = clock.now()
    PublicationAttempt.objects.bulk_create(
        [
            attempt_of(c.publication, now, finished_at, s.next, s.outcome, s.http_status)
            for c, s in outcomes
        ]
    )
    _accounts_health(outcomes, now)
    settled = [(c, s) for c, s in outcomes if s.next.state != S.PENDING]
    statuses = _posts_status(settled, now)
    events = []
    for claimed, sent in settled:
        publication = claimed.publication
        post = publication.variant.post
        action, changes = settled_audit(publication, sent.next, statuses.get(post.pk))
        events.append(unsaved(action, workspace=post.workspace, obj=post, changes=changes))
    AuditEvent.objects.bulk_create(events)
    # Published or failed: the dashboards' figures count them (after the commit).
    figures_cache.changed({c.publication.variant.post.workspace_id for c, _ in settled})
    for claimed, sent in settled:
        if claimed.webhooks:
            emit_webhook(claimed.publication, sent.next.state)
    return [c.publication for c, _ in settled]


def _accounts_health(outcomes: list[Outcome], now: dt.datetime) -> None:
    """As :func:`publisher._account_health`, one ``UPDATE`` per kind and message."""
    ok: set[int] = set()
    errors: dict[tuple[bool, str], set[int]] = defaultdict(set)
    for claimed, sent in outcomes:
        account, nxt = claimed.publication.account, sent.next
        if nxt.state == S.PUBLISHED:
            if account.last_ok_at is None or now - account.last_ok_at > dt.timedelta(minutes=1):
                ok.add(account.pk)
        elif nxt.reconnect or nxt.error_code not in ("account", "interrupted"):
            errors[(nxt.reconnect, nxt.message)].add(account.pk)
    if ok:
        SocialAccount.objects.filter(pk__in=ok).update(last_ok_at=now)
    for (reconnect, message), ids in errors.items():
        fields: dict[str, object] = {"last_error": message, "last_error_at": now}
        if reconnect:
            fields["status"] = AccountStatus.NEEDS_RECONNECT
        SocialAccount.objects.filter(pk__in=ids).update(**fields)


def _posts_status(settled: list[Outcome], now: dt.datetime) -> dict[int, tuple[str, str]]:
    """The posts (each with this one publication) following their publication's final
    state: one compare-and-set ``UPDATE`` per change; {post id: (before, after)}."""
    changes: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for claimed, sent in settled:
        post = claimed.publication.variant.post
        target = post_status_for({sent.next.state})
        if target is not None and target != post.status and post.status in DRIVEN:
            changes[(post.status, target)].append(post)
    done: dict[int, tuple[str, str]] = {}
    for (before, after), posts in changes.items():
        ids = {post.pk for post in posts}
        rows = Post.objects.filter(pk__in=ids, status=before)
        if rows.update(status=after, updated_at=now) != len(ids):
            raise _NotAsExpected
        for post in posts:
            post.status = after
            done[post.pk] = (before, after)
    return done


def _memory(claimed: batch.Claimed) -> dict[str, object]:
    """What :func:`_write` changes on the objects in memory, to restore after a rollback."""
    publication = claimed.publication
    kept = {name: getattr(publication, name) for name in _PUBLICATION_FIELDS}
    kept["post.status"] = publication.variant.post.status
    return kept


def _restore(claimed: batch.Claimed, kept: dict[str, object]) -> None:
    publication = claimed.publication
    for name in _PUBLICATION_FIELDS:
        setattr(publication, name, kept[name])
    publication.variant.post.status = str(kept["post.status"])


#: The publication's fields an outcome writes (:func:`publisher.outcome_fields`).
_PUBLICATION_FIELDS = (
    "state",
    "remote_id",
    "remote_uri",
    "remote_url",
    "published_at",
    "error_code",
    "error_message",
    "next_metrics_at",
    "next_attempt_at",
    "attempts",
)
