"""The posts found lacking the disclosure that nobody has been told of yet: claimed once
each, for the notifications' periodic job (:mod:`mostra.notifications.services.
programme_compliance`), which tells the campaign's author, else the workspace's owners."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from mostra.ambassadors.models import Compliance, TrackedPost

#: Posts claimed in one turn (the rest at the next turn).
PER_TURN = 500


def claim_flagged(now: dt.datetime) -> list[TrackedPost]:
    """Mark the non-compliant posts not yet told of as told (``flagged_notified_at``)
    and return them, with their workspace, member and campaign. Runs in the caller's
    transaction: a claim and its notification stand or fall together."""
    assert transaction.get_connection().in_atomic_block, "claim inside a transaction"
    posts = list(
        TrackedPost.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(compliance=Compliance.NON_COMPLIANT, flagged_notified_at__isnull=True)
        .select_related("workspace", "member", "campaign")
        .order_by("pk")[:PER_TURN]
    )
    TrackedPost.objects.filter(pk__in=[p.pk for p in posts]).update(flagged_notified_at=now)
    return posts
