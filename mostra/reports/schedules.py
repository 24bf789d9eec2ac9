"""Report schedules: add, change and delete them, for the schedules page and any other
surface. Owners and managers only; each change is checked whole (the model's rules:
recipients, day of the month), saved with its next sending, and in the audit log; or
refused with a :class:`~mostra.core.errors.DomainError` naming the field, nothing saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.reports.models import ReportSchedule

#: What a schedule's owner chooses; the rest is the worker's.
FIELDS = ("recipients", "language", "frequency", "day_of_month", "weekday", "active")


class NoSuchSchedule(DomainError):
    """No schedule of the workspace has this id (the page answers 404)."""


def _require(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_WORKSPACE):
        raise DomainError(_("Only owners and managers can change the report's schedules."))


def _state(schedule: ReportSchedule) -> dict[str, Any]:
    return {name: getattr(schedule, name) for name in FIELDS}


def get_schedule(actor: Membership, schedule_id: int) -> ReportSchedule:
    schedule = ReportSchedule.objects.filter(workspace=actor.workspace, pk=schedule_id).first()
    if schedule is None:
        raise NoSuchSchedule(_("No report schedule of this workspace has this id."))
    return schedule


@transaction.atomic
def save_schedule(
    actor: Membership, values: dict[str, Any], schedule_id: int | None = None
) -> ReportSchedule:
    """Add a schedule (``schedule_id=None``) or change one; ``values`` holds the fields
    of :data:`FIELDS` to set. Its next sending follows (none while inactive)."""
    _require(actor)
    schedule = (
        get_schedule(actor, schedule_id)
        if schedule_id is not None
        else ReportSchedule(workspace=actor.workspace, created_by=actor.user)
    )
    before = _state(schedule) if schedule.pk else None
    for name in FIELDS:
        if name in values:
            setattr(schedule, name, values[name])
    try:
        schedule.full_clean(exclude=["workspace", "created_by", "next_run_at"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from exc
    schedule.next_run_at = schedule.next_after(timezone.now()) if schedule.active else None
    schedule.save()
    if before is None:
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=schedule,
            changes={k: [None, v] for k, v in _state(schedule).items()},
        )
    else:
        changes = audit.diff(before, _state(schedule))
        if changes:
            audit.record(
                AuditAction.UPDATE,
                actor=actor.user,
                workspace=actor.workspace,
                obj=schedule,
                changes=changes,
            )
    return schedule


@transaction.atomic
def delete_schedule(actor: Membership, schedule_id: int) -> None:
    """Delete a schedule: no more report is sent by it. Audited."""
    _require(actor)
    schedule = get_schedule(actor, schedule_id)
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=schedule,
        changes={"recipients": [schedule.recipients, None]},
    )
    schedule.delete()
