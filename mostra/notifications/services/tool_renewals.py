"""The toolbox's renewal notices: a periodic job of the side work (``PERIODIC`` in
:mod:`mostra.publishing.side_work`) tells each tool's owner once per renewal, when its
warning starts (``warn_days`` before the renewal date)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mostra.notifications.models import Kind
from mostra.notifications.services.sending import Notice, notify_all
from mostra.toolbox.services import renewals


def send_due(now: dt.datetime | None = None) -> int:
    """Claim the renewals due on ``now``'s day and notify their owners, in one
    transaction (a claim and its notification stand or fall together). Returns the
    number of tools claimed."""
    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        due = renewals.claim_due(today)
        notify_all(
            [
                Notice(
                    tool.workspace_id,
                    Kind.TOOL_RENEWAL,
                    [tool.owner_id],
                    params={
                        "tool": tool.name,
                        "tool_id": tool.pk,
                        "renews_on": tool.renews_on.isoformat() if tool.renews_on else "",
                        "slug": tool.workspace.slug,
                    },
                )
                for tool in due
                if tool.owner_id is not None
            ]
        )
    return len(due)
