"""How long a worker's claim on a publication holds, and when it means the worker died.

A worker claims a publication (``publishing``, ``claimed_at``), sends it, then writes
the outcome. A worker killed in between writes nothing: the row stays ``publishing``
until its claim's *lease* ends, when the loop takes it back
(:func:`mostra.publishing.services.claims.release_stale`) to reconcile it and send it
once. Both durations below are counted from the claim, per publication, from the
longest one request takes (:data:`REQUEST`: :data:`mostra.core.http.REQUEST_TIME`, 5 s
to connect and 20 s to answer, which is also each request's total deadline: see
:func:`within_lease`) and from what the publication sends:

* **overdue** (:attr:`Lease.overdue`): longer than a publication takes while its
  network answers, however slowly: the wait for its turn in the worker's batch
  (:data:`START_WAIT`), one request waiting its whole timeout, its media sent at the
  slowest rate assumed (:data:`UPLOAD_RATE`) and the network's own processing waits.
  Past it, the pages say "interrupted, will be retried at …" instead of "being sent".
* **lease** (:attr:`Lease.length`): longer than the longest a living worker can take:
  *every* request waiting its whole timeout, plus :data:`MARGIN`. Only then is the
  publication taken back, so that a slow worker is never raced by a second one.

How many requests a publication makes, and how long its network keeps it waiting, is
each integration's :meth:`publish` (:data:`NETWORKS`; the numbers are explained in
docs/publishing.md). An upload is counted at 1 Mbit/s (:data:`UPLOAD_RATE`), a slow
home connection's upload. A video of 100 MB thus holds its claim for a quarter of an
hour; a text post, two to four minutes on most networks.

The lease holds only if no request takes longer than it counts: the publisher sends
each publication :func:`within_lease`, which gives every request :data:`REQUEST` in
all, and an upload its size at :data:`UPLOAD_RATE` more, whatever its server does (one
sending a byte every few seconds included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.db.models import Count, Sum

from mostra.core.http import REQUEST_TIME, calls_within
from mostra.editorial.models import PostMedia
from mostra.publishing.models import Publication
from mostra.strategy import networks
from mostra.strategy.networks import DEFAULT_API_CALLS, ApiCalls

#: The longest one request takes, its total deadline: connect, then answer (25 s).
REQUEST = dt.timedelta(seconds=REQUEST_TIME)
#: The slowest upload assumed, in bytes per second (1 Mbit/s).
UPLOAD_RATE = 125_000
#: A claimed publication not started this long after its claim is given back to the
#: others (the worker was held by the ones before it in its batch).
START_WAIT = dt.timedelta(seconds=30)
#: Added to the longest call before the claim is taken back: the worker's tick, the
#: database's busy wait (20 s on SQLite) while it writes the outcome.
MARGIN = dt.timedelta(seconds=30)


def within_lease() -> AbstractContextManager[None]:
    """Every outbound call made inside (a publication's) bounded as its lease counts it:
    :data:`REQUEST` in all, and a body of known size (an upload) its time at
    :data:`UPLOAD_RATE` more. A call that names its own deadline keeps it (a Bluesky link
    card's page: 8 s)."""
    return calls_within(REQUEST.total_seconds(), sending_rate=UPLOAD_RATE)


#: What one publication asks of its network, at most (declared with the network).
Calls = ApiCalls

#: Per network (mostra/integrations/…): the requests and waits of one publication.
NETWORKS: dict[str, Calls] = {
    n.code: n.api_calls for n in networks.all_networks() if n.api_calls is not None
}
#: A network not listed (a test's, a new one): a token, a read back, the post, 2 per medium.
DEFAULT = DEFAULT_API_CALLS


@dataclass(frozen=True)
class Lease:
    """How long after its claim a publication is taken for interrupted, and taken back."""

    overdue: dt.timedelta
    length: dt.timedelta


def lease_for(
    network: str,
    *,
    media_count: int = 0,
    media_bytes: int = 0,
    first_comment: bool = False,
    text: str = "",
) -> Lease:
    """The lease of one publication of ``network`` (the module's docstring says how)."""
    calls = NETWORKS.get(network, DEFAULT)
    parts = 1 + (1 if first_comment else 0)
    requests = calls.once + calls.per_part * parts + calls.per_medium * media_count
    if calls.mentions:
        requests += text.count("@")
    waits = dt.timedelta(
        seconds=calls.extra_wait
        + calls.part_wait * parts
        + calls.medium_wait * media_count
        + media_bytes / UPLOAD_RATE
    )
    overdue = START_WAIT + REQUEST + waits
    return Lease(overdue=overdue, length=START_WAIT + REQUEST * requests + waits + MARGIN)


#: The shortest lease of any publication: claims younger than this are never taken back.
SHORTEST = min(lease_for(name).length for name in [*NETWORKS, ""])


def leases_of(publications: Iterable[Publication]) -> dict[int, Lease]:
    """The lease of each publication (with its ``variant`` and ``account`` loaded), by id;
    one query for their media."""
    publications = list(publications)
    if not publications:
        return {}
    media = {
        row["variant_id"]: (row["count"], row["size"] or 0)
        for row in PostMedia.objects.filter(variant_id__in=[p.variant_id for p in publications])
        .order_by()
        .values("variant_id")
        .annotate(count=Count("id"), size=Sum("size"))
    }
    found: dict[int, Lease] = {}
    for publication in publications:
        variant = publication.variant
        count, size = media.get(publication.variant_id, (0, 0))
        found[publication.pk] = lease_for(
            publication.account.network,
            media_count=count,
            media_bytes=size,
            first_comment=bool(variant.first_comment.strip()),
            text=variant.text + variant.first_comment,
        )
    return found
