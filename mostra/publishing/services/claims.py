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
from django.db.models import Case, Exists, F, Field, OuterRef, Q, Subquery, Value, When

from mostra.core.claims import Lease
from mostra.core.models.workspace import in_active_workspace, publishing_not_paused
from mostra.publishing.models import Publication, PublicationState, SocialAccount
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
    its account is ``publishing`` (with any worker) and no earlier one of its account is
    still pending. ``networks_full``: networks whose share of this worker's slots is
    taken (none of theirs).

    Read from the accounts: each account with none publishing gives its head, its
    earliest pending publication (one probe of the index ``publication_account_queue``),
    claimable once due. The cost grows with the accounts, not with the publications
    waiting: checking every due row against its account's queue took 107 ms per claim
    with 10,000 due on PostgreSQL (1–2 ms this way), and workers claiming at once spent
    their time there.
    """
    queue = Publication.objects.filter(account_id=OuterRef("pk"), state=S.PENDING)
    head = queue.order_by("next_attempt_at", "id").values("pk")[:1]
    busy = Publication.objects.filter(account_id=OuterRef("pk"), state=S.PUBLISHING)
    accounts = SocialAccount.objects.filter(in_active_workspace(), ~Exists(busy))
    if networks_full:
        accounts = accounts.exclude(network__in=sorted(networks_full))
    heads = accounts.annotate(head=Subquery(head)).values("head")
    return (
        Q(pk__in=heads, state=S.PENDING, next_attempt_at__lte=now)
        & in_active_workspace(WORKSPACE)
        & publishing_not_paused(WORKSPACE)
    )


def any_due(now: dt.datetime) -> bool:
    """Whether a pending publication is due (outside archived workspaces), claimable
    or not (its account busy, its row locked by another worker's claim)."""
    rows = Publication.objects.filter(
        in_active_workspace(WORKSPACE),
        publishing_not_paused(WORKSPACE),
        state=S.PENDING,
        next_attempt_at__lte=now,
    )
    return rows.exists()


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


def finish_together(
    owner: str, since: dt.datetime | None, outcomes: dict[int, dict[str, Any]], now: dt.datetime
) -> bool:
    """Write the outcomes of publications held by one claim (``owner`` since ``since``),
    ``{id: fields}`` as :func:`finish` takes them, in one ``UPDATE … WHERE id IN (…)`` on
    the claim (a field whose value differs row by row given by a ``CASE`` on the id);
    True when every row changed, False when one of the claims was lost (the caller rolls
    back and writes them one by one, :func:`finish` and :func:`late_success`)."""
    if not outcomes:
        return True
    for state in {str(fields["state"]) for fields in outcomes.values()}:
        MACHINE.change(S.PUBLISHING, state)  # each change checked (no query)
    names = sorted({name for fields in outcomes.values() for name in fields})
    values: dict[str, Any] = {"updated_at": now, LEASE.owner: ""}
    for name in names:
        given = {pk: fields[name] for pk, fields in outcomes.items() if name in fields}
        distinct = set(map(repr, given.values()))
        if len(given) == len(outcomes) and len(distinct) == 1:
            values[name] = next(iter(given.values()))
            continue
        field = Publication._meta.get_field(name)
        assert isinstance(field, Field)
        whens = [When(pk=pk, then=Value(value, output_field=field)) for pk, value in given.items()]
        values[name] = Case(*whens, default=F(name), output_field=field)
    rows = Publication.objects.filter(
        pk__in=list(outcomes), state=S.PUBLISHING, **LEASE.held(owner, since)
    )
    return rows.update(**values) == len(outcomes)


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
