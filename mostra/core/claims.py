"""Claiming rows for background work: the one claim-and-lease helper.

A worker takes rows with one compare-and-set ``UPDATE``: it writes its *owner token*
and the claim's time only on the rows nobody holds (or whose holder's lease has
expired), and learns from the number of rows changed what it got; two workers never
both get one row, on SQLite as on PostgreSQL (the ``UPDATE`` takes the row's lock; the
second one's ``WHERE`` no longer matches). It then works only on the rows its token
holds, renews the claim when it needs longer, and releases it with its outcome (again
a compare-and-set on its token, so that a worker whose lease expired and whose rows
another took writes nothing). Rows whose holder died are taken again once the lease
expired: directly by the next claim (a :attr:`Lease.ttl`) or put back by
:meth:`Lease.reclaim_expired` (a lease whose length each row decides).

Used by the publishing loop (:mod:`mostra.publishing.services.claims`), the scheduled
reports (:func:`mostra.reports.services.send_due`) and the notification e-mails
(:mod:`mostra.notifications.services.emails`). A claim that also changes a state takes
the machine's checked :class:`~mostra.core.state_machines.Change`, in the same
``UPDATE``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from mostra.core.state_machines import Change


def token(prefix: str = "", length: int = 100) -> str:
    """A new owner token: ``prefix`` (a worker's name) and a random part."""
    random = uuid.uuid4().hex
    return f"{prefix}#{random[:8]}"[:length] if prefix else random[: min(length, 32)]


@dataclass(frozen=True)
class Lease:
    """The owner columns of a claimable model, and how long a claim holds.

    ``ttl``: a claim older than this is expired and may be taken by the next claim.
    None when each row's lease differs (a publication's depends on its network and
    media): the claim's state change is then what keeps others out, and the expired
    claims are put back by :meth:`reclaim_expired`.
    """

    owner: str = "claimed_by"
    since: str = "claimed_at"
    ttl: dt.timedelta | None = None

    # --- filters (no query) ---------------------------------------------------------

    def free(self, now: dt.datetime) -> Q:
        """Rows nobody holds (or released), or whose claim expired (with a ttl)."""
        if self.ttl is None:
            return Q()
        return (
            Q(**{self.owner: ""})
            | Q(**{f"{self.since}__isnull": True})
            | Q(**{f"{self.since}__lt": now - self.ttl})
        )

    def expired(self, now: dt.datetime, ttl: dt.timedelta | None = None) -> Q:
        """Rows held for longer than ``ttl`` (the lease's by default)."""
        length = ttl or self.ttl
        if length is None:
            raise ValueError("an expiry needs a ttl")
        return Q(**{f"{self.since}__lt": now - length}) & ~Q(**{self.owner: ""})

    def held(self, owner: str, since: dt.datetime | None = None) -> dict[str, Any]:
        """Rows this claim still holds (its token; and its time, when a worker's name
        is its token for several claims)."""
        found: dict[str, Any] = {self.owner: owner}
        if since is not None:
            found[self.since] = since
        return found

    # --- writes (one UPDATE each) ---------------------------------------------------

    def claim(
        self,
        rows: QuerySet[Any],
        owner: str,
        now: dt.datetime,
        change: Change | None = None,
        **fields: Any,
    ) -> int:
        """Take the free rows among ``rows`` for ``owner`` (moving their state with
        ``change``, writing ``fields``); how many this call got."""
        rows = rows.filter(self.free(now))
        if change is not None:
            rows = rows.filter(**change.filter)
            fields |= change.fields
        return rows.update(**{self.owner: owner, self.since: now}, **fields)

    def renew(
        self,
        rows: QuerySet[Any],
        owner: str,
        now: dt.datetime,
        since: dt.datetime | None = None,
    ) -> int:
        """Start the claim's lease again from ``now``; 0 when it was lost meanwhile."""
        return rows.filter(**self.held(owner, since)).update(**{self.since: now})

    def release(
        self,
        rows: QuerySet[Any],
        owner: str,
        change: Change | None = None,
        since: dt.datetime | None = None,
        *,
        keep_owner: bool = False,
        **fields: Any,
    ) -> int:
        """Give back the rows ``owner`` still holds, writing the outcome (``change``,
        ``fields``); 0 when the claim was lost (another worker took the rows).

        ``keep_owner``: the token stays written (who sent it), the rows done for good.
        """
        rows = rows.filter(**self.held(owner, since))
        if change is not None:
            rows = rows.filter(**change.filter)
            fields |= change.fields
        if not keep_owner:
            fields.setdefault(self.owner, "")
        return rows.update(**fields)

    def reclaim_expired(
        self,
        rows: QuerySet[Any],
        now: dt.datetime,
        ttl: dt.timedelta | None = None,
        change: Change | None = None,
        **fields: Any,
    ) -> int:
        """Put back the rows among ``rows`` whose claim is older than ``ttl`` (their
        worker died), writing ``change`` and ``fields``; how many."""
        rows = rows.filter(self.expired(now, ttl))
        if change is not None:
            rows = rows.filter(**change.filter)
            fields |= change.fields
        fields.setdefault(self.owner, "")
        return rows.update(**fields)
