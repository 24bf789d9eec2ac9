"""Every change of a publication's state made by a worker, as a compare-and-set update.

Each function is one ``UPDATE … WHERE`` on the row's current state (and, once
claimed, on who holds it): it changes one row or nothing, on SQLite as on
PostgreSQL, so that two workers can never both publish one publication nor overwrite
each other's outcome. The claim itself is the project's one claim helper
(:class:`mostra.core.claims.Lease`, :data:`LEASE`), each state change checked against
the publication's table (:data:`mostra.publishing.models.publication.MACHINE`). Who
decides *which* state comes next is :mod:`mostra.publishing.services.retries`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q

from mostra.core.claims import Lease
from mostra.core.models.workspace import in_active_workspace
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.models.publication import MACHINE
from mostra.publishing.services import leases

S = PublicationState
#: A publication's claim: ``claimed_by`` (the worker) and ``claimed_at``; its lease is
#: each publication's own (:mod:`leases`), so expired claims are put back by
#: :func:`release_stale`, and the claim's ``pending → publishing`` keeps others out.
LEASE = Lease("claimed_by", "claimed_at")
#: The claim's state change, checked once (pure Python: no cost per publication).
CLAIMING = MACHINE.change(S.PENDING, S.PUBLISHING)

#: From a publication to its workspace: an archived workspace's are never claimed.
WORKSPACE = "variant__post__workspace"

#: ``error_code`` values after which a non-idempotent network is asked first whether
#: it already has the publication (:meth:`Integration.find_existing`).
UNKNOWN_OUTCOME = "unknown_outcome"
INTERRUPTED = "interrupted"
RECONCILE_FIRST = frozenset({UNKNOWN_OUTCOME, INTERRUPTED})
#: An account's publications deferred after a rate limit come this long after the
#: refused one (which thus goes first).
AFTER_DEFERRED = dt.timedelta(milliseconds=1)


def due_ids(now: dt.datetime, limit: int = 200) -> list[int]:
    """The pending publications whose next attempt is due, oldest first, outside archived
    workspaces (one query: the index on state and next attempt, joined to the workspace)."""
    rows = Publication.objects.filter(
        in_active_workspace(WORKSPACE), state=S.PENDING, next_attempt_at__lte=now
    )
    return list(rows.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])


def claimable(now: dt.datetime, networks_full: frozenset[str] = frozenset()) -> Q:
    """Due pending publications that may be sent now, one per account at most.

    An account's publications go one at a time, in the order they became due
    (``next_attempt_at``, then ``id``): a row is claimable only while no publication of
    its account is ``publishing`` (with any worker) and no earlier due one of its account
    is still pending. ``networks_full``: networks whose share of this worker's slots is
    taken (none of theirs).
    """
    same_account = Publication.objects.filter(account_id=OuterRef("account_id"))
    busy = same_account.filter(state=S.PUBLISHING)
    earlier = same_account.filter(state=S.PENDING).filter(
        Q(next_attempt_at__lt=OuterRef("next_attempt_at"))
        | Q(next_attempt_at=OuterRef("next_attempt_at"), pk__lt=OuterRef("pk"))
    )
    found = (
        in_active_workspace(WORKSPACE)
        & Q(state=S.PENDING, next_attempt_at__lte=now)
        & ~Exists(busy)
        & ~Exists(earlier)
    )
    if networks_full:
        found &= ~Q(account__network__in=sorted(networks_full))
    return found


def claim_due(
    token: str, now: dt.datetime, limit: int, networks_full: frozenset[str] = frozenset()
) -> int:
    """Claim up to ``limit`` of the oldest :func:`claimable` publications for ``token``
    (a claim's own token); how many it got. Durable when it returns (its own commit).

    One ``UPDATE … WHERE id IN (SELECT … ORDER BY next_attempt_at LIMIT n)``: on
    PostgreSQL the ``SELECT`` locks its rows ``FOR UPDATE SKIP LOCKED``, so that workers
    claiming at the same moment take different rows instead of queueing on the same
    oldest ones (and coming back empty); on SQLite the ``UPDATE`` is one statement,
    which takes the database's write lock before it reads (as an immediate transaction
    does): one claim at a time, the next one sees this one's rows taken.
    """
    if limit <= 0:
        return 0
    picked = Publication.objects.filter(claimable(now, networks_full)).order_by(
        "next_attempt_at", "id"
    )
    skip_locked = connection.features.has_select_for_update_skip_locked
    if skip_locked:
        picked = picked.select_for_update(skip_locked=True, of=("self",))
    rows = Publication.objects.filter(pk__in=picked.values("pk")[:limit], next_attempt_at__lte=now)
    fields = {"attempts": F("attempts") + 1, "updated_at": now}
    if not skip_locked:  # one statement: SQLite takes the write lock before it reads
        return LEASE.claim(rows, token, now, CLAIMING, **fields)
    with transaction.atomic():  # FOR UPDATE needs a transaction: this statement's own
        return LEASE.claim(rows, token, now, CLAIMING, **fields)


def claim(pk: int, worker: str, now: dt.datetime) -> bool:
    """Take a due pending publication for ``worker``: True if this call got it (never
    one of an archived workspace)."""
    rows = Publication.objects.filter(
        in_active_workspace(WORKSPACE), pk=pk, next_attempt_at__lte=now
    )
    taken = LEASE.claim(rows, worker, now, CLAIMING, attempts=F("attempts") + 1, updated_at=now)
    return taken == 1


def held(publication: Publication) -> dict[str, object]:
    """The filter that matches the row only while this claim still holds it."""
    return {
        "pk": publication.pk,
        "state": S.PUBLISHING,
        **LEASE.held(publication.claimed_by, publication.claimed_at),
    }


def _release(publication: Publication, after: str, **fields: Any) -> bool:
    rows = Publication.objects.filter(pk=publication.pk)
    change = MACHINE.change(S.PUBLISHING, after)
    owner, since = publication.claimed_by, publication.claimed_at
    return LEASE.release(rows, owner, change, since, **fields) == 1


def finish(publication: Publication, now: dt.datetime, state: str, **fields: object) -> bool:
    """Write the outcome of a claim (``publishing → state``); False when the claim was
    lost (lease expired)."""
    return _release(publication, state, updated_at=now, **fields)


def unclaim(publication: Publication, now: dt.datetime) -> bool:
    """Give back a claimed publication not started yet: pending again, attempt returned."""
    return _release(publication, S.PENDING, attempts=F("attempts") - 1, updated_at=now)


def late_success(publication: Publication, now: dt.datetime, **fields: object) -> bool:
    """Record a success whose claim was lost meanwhile, unless another worker holds it.

    The network has the publication: a pending or unknown row may safely say so.
    """
    rows = Publication.objects.filter(pk=publication.pk)
    fields.pop("state", None)
    return MACHINE.move(rows, [S.PENDING, S.UNKNOWN], S.PUBLISHED, updated_at=now, **fields) == 1


def release_stale(now: dt.datetime) -> int:
    """Put back the publications whose claim outlived its lease (their worker died).

    Steps: read the publications claimed longer ago than the shortest lease (mostly
    none: one query); work out each one's lease (:mod:`leases`, from its network and
    media: one query more); put back those past it, each with a compare-and-set on its
    claim. They become pending again, due now, marked ``interrupted``: the next claim
    reconciles with the network before sending again (idempotent networks simply send
    again: the network meets the first attempt).
    """
    stale = list(
        Publication.objects.filter(
            state=S.PUBLISHING, claimed_at__lt=now - leases.SHORTEST
        ).select_related("variant", "account")
    )
    ends = leases.leases_of(stale)
    released = 0
    back = MACHINE.change(S.PUBLISHING, S.PENDING)
    for publication in stale:
        claimed_at = publication.claimed_at
        if claimed_at is None or now - claimed_at <= ends[publication.pk].length:
            continue
        released += LEASE.reclaim_expired(
            Publication.objects.filter(**held(publication)),
            now,
            ends[publication.pk].length,
            back,
            next_attempt_at=now,
            error_code=INTERRUPTED,
            updated_at=now,
        )
    return released


def defer_account(account_id: int, until: dt.datetime, now: dt.datetime) -> int:
    """A rate-limited account: its other pending publications due before ``until`` wait
    until just after it (the network would refuse them too), the refused one first,
    then the others by id; how many were moved."""
    rows = Publication.objects.filter(
        account_id=account_id, state=S.PENDING, next_attempt_at__lt=until
    )
    return rows.update(next_attempt_at=until + AFTER_DEFERRED, updated_at=now)


def busy() -> bool:
    """Whether any publication is due-or-waiting in a claim (for ``--until-idle``)."""
    return Publication.objects.filter(state=S.PUBLISHING).exists()
