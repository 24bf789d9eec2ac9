"""Response time: how long the team takes to handle (or decide to ignore) a mention.

A mention's response time runs from when it was published (the time it was fetched when
the source gave none) to the first time it was handled or ignored
(:attr:`Mention.responded_at`). The workspace's target (:class:`InboxSettings`, 24 h
unless changed: what the demo's strategy promises, "réponse à chaque commentaire sous 24
heures") marks the open mentions past it on the inbox.

:func:`median_response_hours` is the figure a KPI can read.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.listening.models import InboxSettings, Mention, MentionState
from mostra.listening.models.inbox import DEFAULT_RESPONSE_HOURS

MAX_TARGET = 24 * 30
#: Open states: what still waits for a response.
OPEN = (MentionState.NEW, MentionState.TO_HANDLE)


def target_hours(workspace: Workspace) -> int:
    found = InboxSettings.objects.filter(workspace=workspace).values_list(
        "response_hours", flat=True
    )
    return next(iter(found), DEFAULT_RESPONSE_HOURS)


def set_target_hours(actor: Membership, hours: int) -> InboxSettings:
    """Change the workspace's response-time target (owners and managers). Audited."""
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can change the response-time target."))
    if not 1 <= hours <= MAX_TARGET:
        raise DomainError(
            _("Type a target from 1 to %(max)s hours.") % {"max": MAX_TARGET},
            field="response_hours",
        )
    with transaction.atomic():
        row, _created = InboxSettings.objects.select_for_update().get_or_create(
            workspace=actor.workspace
        )
        before = row.response_hours
        row.response_hours = hours
        row.save()
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=row,
            changes={"response_hours": [before, hours]},
        )
    return row


def overdue_since(workspace: Workspace, now: dt.datetime | None = None) -> dt.datetime:
    """Open mentions published before this time are past the target."""
    return (now or timezone.now()) - dt.timedelta(hours=target_hours(workspace))


def median_response_hours(
    workspace: Workspace, period: tuple[dt.datetime, dt.datetime] | None = None
) -> float | None:
    """The median hours from a mention's publication (else fetching) to its first
    handling or ignoring, over the mentions answered within ``period`` (start included,
    end excluded; every answered mention without one); None when none was answered."""
    rows = Mention.objects.filter(workspace=workspace, responded_at__isnull=False)
    if period is not None:
        rows = rows.filter(Q(responded_at__gte=period[0]) & Q(responded_at__lt=period[1]))
    pairs = rows.annotate(start=Coalesce("published_at", "fetched_at")).values_list(
        "start", "responded_at"
    )
    hours = [max(0.0, (end - start).total_seconds() / 3600) for start, end in pairs]
    return round(statistics.median(hours), 2) if hours else None


def duration_words(hours: float) -> str:
    """A response time as a person reads it: minutes under an hour ("12 min"), hours
    with one decimal above ("5.5 h", "5,5 h" in French)."""
    if hours < 1:
        return _("%(n)s min") % {"n": number_format(round(hours * 60))}
    return _("%(n)s h") % {"n": number_format(hours, 1)}
