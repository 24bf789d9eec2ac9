"""Custom calendar events (trade fairs, launches, world days): create, change, delete.

Each change is checked (the last day is not before the first; an event lasts at most
a year) and audited. Public holidays are not events: they are computed (see
:mod:`mostra.editorial.services.holidays`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.audit import diff, record
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import CalendarEvent, EventKind

#: The longest event the calendar accepts, in days.
MAX_DAYS = 366
FIELDS = ("title", "kind", "starts_on", "ends_on", "note")


def _check(membership: Membership, values: dict[str, object]) -> dict[str, object]:
    if not has_perm(membership, Perm.EDIT_CONTENT):
        raise DomainError(_("Only editors and managers can change the calendar's events."))
    title = str(values.get("title") or "").strip()
    if not title:
        raise DomainError(_("Give the event a title."), field="title")
    kind = values.get("kind") or EventKind.OTHER
    if kind not in EventKind.values:
        raise DomainError(_("Choose one of the kinds of event offered."), field="kind")
    starts_on = values.get("starts_on")
    ends_on = values.get("ends_on") or None
    if not isinstance(starts_on, dt.date):
        raise DomainError(_("Give the event's first day."), field="starts_on")
    if ends_on is not None:
        if not isinstance(ends_on, dt.date):
            raise DomainError(_("Give the event's last day as a date."), field="ends_on")
        if ends_on < starts_on:
            raise DomainError(
                _(
                    "The last day is before the first day: put the last day on or after "
                    "the first one, or leave it empty for a one-day event."
                ),
                field="ends_on",
            )
        if (ends_on - starts_on).days >= MAX_DAYS:
            raise DomainError(
                _("An event lasts at most a year: shorten it or split it."), field="ends_on"
            )
        if ends_on == starts_on:
            ends_on = None
    return {
        "title": title,
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "note": str(values.get("note") or "").strip(),
    }


def _snapshot(event: CalendarEvent) -> dict[str, object]:
    return {
        name: (value.isoformat() if isinstance(value, dt.date) else value)
        for name in FIELDS
        for value in [getattr(event, name)]
    }


@transaction.atomic
def create_event(membership: Membership, **values: object) -> CalendarEvent:
    clean = _check(membership, values)
    event = CalendarEvent.objects.create(
        workspace=membership.workspace, created_by=membership.user, **clean
    )
    record(
        AuditAction.CREATE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=event,
        changes=_snapshot(event),
    )
    return event


@transaction.atomic
def update_event(membership: Membership, event: CalendarEvent, **values: object) -> CalendarEvent:
    if event.workspace_id != membership.workspace_id:
        raise DomainError(_("This event belongs to another workspace."))
    clean = _check(membership, values)
    before = _snapshot(event)
    for name, value in clean.items():
        setattr(event, name, value)
    event.save()
    changes = diff(before, _snapshot(event))
    if changes:
        record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=membership.workspace,
            obj=event,
            changes=changes,
        )
    return event


@transaction.atomic
def delete_event(membership: Membership, event: CalendarEvent) -> None:
    if not has_perm(membership, Perm.EDIT_CONTENT):
        raise DomainError(_("Only editors and managers can change the calendar's events."))
    if event.workspace_id != membership.workspace_id:
        raise DomainError(_("This event belongs to another workspace."))
    record(
        AuditAction.DELETE,
        actor=membership.user,
        workspace=membership.workspace,
        obj=event,
        changes=_snapshot(event),
    )
    event.delete()
