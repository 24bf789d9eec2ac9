"""What the team does with an incident: acknowledge it, write a note, close it (and
resume the publishing it paused), and the period's incidents for the report.

Pausing and resuming are the publishing's (:mod:`mostra.publishing.services.pause`):
they write on the open incidents' timelines themselves. Web, API and command line call
these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Incident, IncidentAction, IncidentEvent, Workspace
from mostra.core.models.membership import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.publishing.services import pause as publishing_pause

#: The longest note kept.
NOTE_LIMIT = 4000


def incidents_of(workspace: Workspace, *, open_only: bool = False) -> QuerySet[Incident]:
    rows = Incident.objects.filter(workspace=workspace)
    return rows.filter(closed_at__isnull=True) if open_only else rows


def incident_of(workspace: Workspace, incident_id: int) -> Incident | None:
    found = Incident.objects.filter(workspace=workspace, pk=incident_id)
    return found.select_related("level", "trigger").first()


def timeline(incident: Incident) -> list[IncidentEvent]:
    return list(incident.events.select_related("actor"))


def _require(membership: Membership, perm: Perm, message: str) -> None:
    if not has_perm(membership, perm):
        raise DomainError(message)


def _event(incident: Incident, membership: Membership, action: str, note: str = "") -> None:
    IncidentEvent.objects.create(
        incident=incident, at=timezone.now(), action=action, actor=membership.user, note=note
    )


def _locked(incident: Incident) -> Incident:
    fresh = Incident.objects.select_for_update().get(pk=incident.pk)
    if fresh.closed_at is not None:
        raise DomainError(_("This incident is closed already."))
    return fresh


def acknowledge(membership: Membership, incident: Incident) -> Incident:
    """Say someone is on it (once: acknowledging again changes nothing)."""
    _require(membership, Perm.EDIT_CONTENT, _("Only owners, managers and editors can acknowledge."))
    with transaction.atomic():
        incident = _locked(incident)
        if incident.acknowledged_at is None:
            incident.acknowledged_at = timezone.now()
            incident.save(update_fields=["acknowledged_at"])
            _event(incident, membership, IncidentAction.ACKNOWLEDGED)
    return incident


def add_note(membership: Membership, incident: Incident, note: str) -> Incident:
    _require(membership, Perm.EDIT_CONTENT, _("Only owners, managers and editors can write notes."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Write the note before adding it."), field="note")
    if len(note) > NOTE_LIMIT:
        raise DomainError(
            _("A note holds at most %(n)s characters: shorten it.") % {"n": NOTE_LIMIT},
            field="note",
        )
    with transaction.atomic():
        incident = _locked(incident)
        _event(incident, membership, IncidentAction.NOTE, note)
    return incident


def close(
    membership: Membership,
    incident: Incident,
    *,
    resume: bool = False,
    ip_address: str | None = None,
) -> Incident:
    """Close the incident (owners and managers); with ``resume``, resume the workspace's
    publishing too (in its order, as :mod:`mostra.publishing.services.pause` says)."""
    _require(
        membership, Perm.EDIT_ORGANISATION, _("Only owners and managers can close an incident.")
    )
    with transaction.atomic():
        incident = _locked(incident)
        if resume:
            publishing_pause.resume(membership, ip_address=ip_address)
        incident.closed_at = timezone.now()
        incident.save(update_fields=["closed_at"])
        _event(incident, membership, IncidentAction.CLOSED)
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=incident.workspace,
            obj=incident,
            label=str(incident),
            changes={"closed": [None, incident.closed_at.isoformat()]},
            ip_address=ip_address,
        )
    return incident


def incident_data(incident: Any, events: list[Any] | None = None) -> dict[str, Any]:
    """An incident as the command line and the API tell it."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    data: dict[str, Any] = {
        "id": incident.pk,
        "level": incident.level_name,
        "rank": incident.level_rank,
        "trigger": incident.trigger_kind,
        "trigger_text": incident.trigger_text,
        "figures": incident.figures,
        "opened_at": iso(incident.opened_at),
        "acknowledged_at": iso(incident.acknowledged_at),
        "closed_at": iso(incident.closed_at),
    }
    if events is not None:
        data["timeline"] = [
            {
                "at": iso(e.at),
                "action": e.action,
                "actor": e.actor.name if e.actor else None,
                "text": e.text,
                "note": e.note,
                "figures": e.figures,
            }
            for e in events
        ]
    return data


# --- The report's summary ----------------------------------------------------------


@dataclass(frozen=True)
class IncidentSummary:
    opened_at: dt.datetime
    level: str
    trigger: str
    figures: dict[str, object]
    #: None while it is open.
    closed_at: dt.datetime | None
    duration: dt.timedelta | None
    actions: dict[str, int] = field(default_factory=dict)


def summary(workspace: Workspace, start: dt.datetime, end: dt.datetime) -> list[IncidentSummary]:
    """The incidents opened in [start, end): level, trigger, figures, how long they
    lasted, and how many of each action their timeline holds; oldest first. Two queries."""
    incidents = list(
        Incident.objects.filter(workspace=workspace, opened_at__gte=start, opened_at__lt=end)
        .order_by("opened_at", "id")
        .prefetch_related("events")
    )
    out = []
    for incident in incidents:
        actions: dict[str, int] = {}
        for event in incident.events.all():
            actions[event.action] = actions.get(event.action, 0) + 1
        closed = incident.closed_at
        out.append(
            IncidentSummary(
                opened_at=incident.opened_at,
                level=incident.level_name,
                trigger=incident.trigger_text,
                figures=dict(incident.figures),
                closed_at=closed,
                duration=(closed - incident.opened_at) if closed else None,
                actions=actions,
            )
        )
    return out
