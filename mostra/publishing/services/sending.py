"""What a publication being published is doing, as every page and the API tell it.

A publication in the ``publishing`` state is either being sent by a living worker, or
stranded by a worker that died mid-publish (killed, a power cut): its claim then holds
until its lease ends (:mod:`mostra.publishing.services.leases`), when the loop takes
it back and tries again. Once the claim is older than the publication can take
(:attr:`Lease.overdue`), mostra says so: "interrupted, will be retried at 10:42", in
the workspace's time zone, rather than "being sent now" for minutes.

Every place that shows it asks here: the post's publications panel, the status badge
of the post's page, the calendar's chips (month, week, list) and the posts API
(``status_label``, ``interrupted``, ``retry_at``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.services.leases import leases_of


@dataclass(frozen=True)
class Sending:
    """A publication (or a post's publications) in the ``publishing`` state."""

    #: Claimed longer ago than the publication can take: its worker stopped.
    interrupted: bool = False
    #: When the loop takes it back and tries again (the lease's end, to the minute above).
    retry_at: dt.datetime | None = None
    #: A publication of the post waits to be published by hand: its id (its page's).
    by_hand: int | None = None

    def _time(self, zone: ZoneInfo) -> str:
        assert self.retry_at is not None
        return f"{self.retry_at.astimezone(zone):%H:%M}"

    def label(self, zone: ZoneInfo) -> str:
        """A status in a few words, for a badge or a calendar chip."""
        if self.by_hand is not None:
            return pgettext("post status", "To publish by hand")
        if not self.interrupted:
            return pgettext("post status", "Publishing")
        return _("Interrupted, retried at %(time)s") % {"time": self._time(zone)}

    def sentence(self, zone: ZoneInfo) -> str:
        """The state in a sentence, for the post's publications panel."""
        if self.by_hand is not None:
            return _("Waiting to be published by hand.")
        if not self.interrupted:
            return _("Being sent to the network now.")
        return _(
            "Interrupted: the worker sending it stopped before it finished. It will be "
            "retried at %(time)s."
        ) % {"time": self._time(zone)}


def _minute_above(moment: dt.datetime) -> dt.datetime:
    """``moment`` rounded up to the minute (the retry happens within that minute)."""
    start = moment.replace(second=0, microsecond=0)
    return start if start == moment else start + dt.timedelta(minutes=1)


def of_publications(publications: Iterable[Publication], now: dt.datetime) -> dict[int, Sending]:
    """The :class:`Sending` of each publication that is ``publishing``, by id (one query
    for their media; none when none is publishing). Each needs its ``variant`` and
    ``account`` loaded."""
    publishing = [
        p
        for p in publications
        if p.state == PublicationState.PUBLISHING and p.claimed_at is not None
    ]
    leases = leases_of(publishing)
    found: dict[int, Sending] = {}
    for publication in publishing:
        lease = leases[publication.pk]
        claimed_at = publication.claimed_at
        assert claimed_at is not None
        if now - claimed_at <= lease.overdue:
            found[publication.pk] = Sending()
        else:
            found[publication.pk] = Sending(True, _minute_above(claimed_at + lease.length))
    return found


def of_posts(post_ids: Iterable[int], now: dt.datetime) -> dict[int, Sending]:
    """Per post among ``post_ids``, what its ``publishing`` publications are doing (two
    queries; none for an empty list): interrupted when one of them is, retried by the
    latest of their retry times; waiting to be published by hand (its id in
    :attr:`Sending.by_hand`) when one of them is."""
    ids = list(post_ids)
    if not ids:
        return {}
    publications = list(
        Publication.objects.filter(
            variant__post_id__in=ids,
            state__in=[PublicationState.PUBLISHING, PublicationState.MANUAL_DUE],
        ).select_related("variant", "account")
    )
    post_of = {p.pk: p.variant.post_id for p in publications}
    # A person must act: a publication by hand due says so first (the oldest one).
    by_hand = {
        p.variant.post_id: Sending(by_hand=p.pk)
        for p in sorted(publications, key=lambda p: p.pk, reverse=True)
        if p.state == PublicationState.MANUAL_DUE
    }
    found: dict[int, Sending] = {}
    for publication_id, sending in of_publications(publications, now).items():
        post_id = post_of[publication_id]
        current = found.get(post_id)
        if current is None or (sending.interrupted and not current.interrupted):
            found[post_id] = sending
        elif sending.interrupted and current.retry_at and sending.retry_at:
            found[post_id] = Sending(True, max(current.retry_at, sending.retry_at))
    return found | by_hand
