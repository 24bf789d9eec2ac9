"""Reading the sources politely: the worker's periodic job and *Poll now*.

:func:`poll_due` is a periodic job of the worker's side work
(:data:`mostra.publishing.side_work.PERIODIC`). Each round:

1. takes the enabled sources that are due (their ``next_poll_at`` passed, or never
   read), oldest first, :data:`ROUND_LIMIT` at most, of workspaces not archived, and
   starts no new reading once the round has taken :data:`ROUND_BUDGET` seconds;
2. reads at most one source per host in the round: the others of that host wait
   :data:`HOST_GAP` seconds (no two fetches of one site back to back);
3. claims each source with a compare-and-set on ``next_poll_at`` (a second poller, or a
   *Poll now* at the same moment, skips it);
4. reads it through its kind (:mod:`mostra.listening.kinds`) and stores the new items in
   one transaction with the source's health (:func:`poll_source`).

A failure is recorded on its source in words (:mod:`mostra.listening.errors`) and
stops nothing else. The next reading is the source's interval after a success, and
after failures the interval doubled per failure in a row up to :data:`MAX_BACKOFF`
(6 hours), or later when the site asked (``Retry-After``, honoured up to a day).

The readings themselves are not in the audit log (they would drown it): the source's
health is their record. What people do (*Poll now*) is.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from mostra.core import audit, figures_cache
from mostra.core.http import outbound_client
from mostra.core.models import AuditAction, Membership
from mostra.listening import kinds
from mostra.listening.errors import SourceError, describe
from mostra.listening.models import Source
from mostra.listening.models.source import MAX_BACKOFF
from mostra.listening.services import duplicates
from mostra.listening.services.sources import ensure_may_manage, get_source
from mostra.listening.services.store import store

logger = logging.getLogger("mostra.listening")

#: Sources read in one round at most (the next round takes the rest).
ROUND_LIMIT = 50
#: Seconds after which a round starts no new reading: the worker's side work has other
#: jobs (e-mails, webhooks, reports) that a long round would delay.
ROUND_BUDGET = 30.0
#: Seconds between two readings of one host.
HOST_GAP = 10
#: How long a claimed source stays out of the other pollers' sight (its reading is
#: bounded well below: a fetch has 20 s in all).
LEASE = dt.timedelta(minutes=5)
#: The longest wait a site's ``Retry-After`` gets.
MAX_RETRY_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class PollResult:
    source_id: int
    stored: int = 0
    not_modified: bool = False
    error: str = ""
    error_text: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def backoff(interval_minutes: int, failures: int, retry_after: float | None) -> dt.timedelta:
    """How long to wait after ``failures`` failures in a row (1 or more)."""
    wait = min(dt.timedelta(minutes=interval_minutes) * 2 ** min(failures, 20), MAX_BACKOFF)
    if retry_after is not None:
        wait = max(wait, min(dt.timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return wait


def poll_source(source: Source, now: dt.datetime, client: httpx.Client) -> PollResult:
    """Read ``source`` once and record the outcome (items stored with its health in one
    transaction); never raises for the source's own failures."""
    kind = kinds.get(source.kind)
    try:
        if kind is None:
            raise SourceError("unexpected", detail=f"unknown kind {source.kind}")
        fetched = kind.fetch(kinds.FetchRequest(source=source, client=client, now=now))
    except SourceError as exc:
        return _failed(source, now, exc)
    except Exception as exc:  # noqa: BLE001 - one source's failure stops no other
        logger.exception("reading the source %s (%s) failed", source.pk, source.url)
        return _failed(source, now, SourceError("unexpected", detail=type(exc).__name__))
    try:
        stored = _record_success(source, fetched, now)
    except IntegrityError:
        # Removed while it was being read (its mentions would point at nothing): the
        # transaction is rolled back, nothing is stored, the round goes on.
        if Source.objects.filter(pk=source.pk).exists():
            raise
        return PollResult(source.pk, error="unexpected", error_text="")
    return PollResult(source.pk, stored=stored, not_modified=fetched.not_modified)


def _record_success(source: Source, fetched: kinds.Fetched, now: dt.datetime) -> int:
    """Store the new items and the source's health, in one transaction."""
    with transaction.atomic():
        stored = store(fetched.items, workspace=source.workspace, source=source, fetched_at=now)
        duplicates.fold(source.workspace, source, now)
        if stored:  # the listening figures (bulk writes send no signal)
            figures_cache.changed([source.workspace_id])
        Source.objects.filter(pk=source.pk).update(
            last_fetch_at=now,
            last_success_at=now,
            last_error="",
            last_error_params={},
            consecutive_failures=0,
            next_poll_at=now + dt.timedelta(minutes=source.interval_minutes),
            etag=fetched.etag[:500],
            last_modified=fetched.last_modified[:100],
            items_stored=F("items_stored") + stored,
        )
    return stored


def _failed(source: Source, now: dt.datetime, error: SourceError) -> PollResult:
    failures = source.consecutive_failures + 1
    wait = backoff(source.interval_minutes, failures, error.retry_after)
    params = dict(error.params)
    if error.code == "rate_limited":
        params["minutes"] = max(1, round(wait.total_seconds() / 60))
    Source.objects.filter(pk=source.pk).update(
        last_fetch_at=now,
        last_error=error.code,
        last_error_params=params,
        consecutive_failures=failures,
        next_poll_at=now + wait,
    )
    return PollResult(source.pk, error=error.code, error_text=describe(error.code, params))


def _claim(source: Source, now: dt.datetime) -> bool:
    """Take ``source`` for this round: True when no other poller has it."""
    claimed = Source.objects.filter(
        pk=source.pk, enabled=True, next_poll_at=source.next_poll_at
    ).update(next_poll_at=now + LEASE)
    return claimed == 1


def due_sources(now: dt.datetime) -> list[Source]:
    return list(
        Source.objects.due(now)
        .filter(workspace__archived_at__isnull=True)
        .exclude(kind__in=kinds.streamed())
        .select_related("workspace")
        .order_by(F("next_poll_at").asc(nulls_first=True), "id")[:ROUND_LIMIT]
    )


def poll_due(now: dt.datetime) -> int:
    """The worker's periodic job: read the sources that are due; returns how many were
    read."""
    sources = due_sources(now)
    if not sources:
        return 0
    hosts: set[str] = set()
    read = 0
    started = time.monotonic()
    with outbound_client() as client:
        for source in sources:
            if read and time.monotonic() - started > ROUND_BUDGET:
                break  # the rest stay due: the next round reads them
            host = host_of(source.url)
            if host in hosts:
                Source.objects.filter(pk=source.pk).filter(
                    Q(next_poll_at=source.next_poll_at) | Q(next_poll_at__isnull=True)
                ).update(next_poll_at=now + dt.timedelta(seconds=HOST_GAP))
                continue
            if not _claim(source, now):
                continue
            hosts.add(host)
            poll_source(source, now, client)
            read += 1
    return read


def poll_one(source: Source, now: dt.datetime) -> PollResult:
    """Read ``source`` once with a client of its own (no claim, no audit entry)."""
    with outbound_client() as client:
        return poll_source(source, now, client)


def poll_now(
    actor: Membership, source_id: int, *, now: dt.datetime, ip_address: str | None = None
) -> PollResult:
    """Read a source at once, whatever its next reading (owners and managers); audited."""
    ensure_may_manage(actor)
    source = get_source(actor, source_id)
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=source,
        changes={"polled_at": [None, now.isoformat()]},
        ip_address=ip_address,
    )
    return poll_one(source, now)
