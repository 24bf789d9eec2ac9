"""Pausing a workspace's scheduled publishing (an incident), and resuming it.

While :attr:`Workspace.publishing_paused_at` is set, the workers' claims skip the
workspace's publications (:func:`mostra.core.models.workspace.publishing_not_paused` in
:mod:`.claims`): nothing of it goes out, nothing is lost either. They stay pending, due,
in their order; on resume the claims take them again, oldest first, one at a time per
account, as they would have gone (they are not rescheduled: a post meant for 10:00 and
held until 14:00 goes at 14:00, before the one meant for 11:00). A publication being
published when the pause is set ends as it would have.

Each change is audited and written on the timeline of the workspace's open incidents.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Incident, IncidentAction, IncidentEvent, Workspace
from mostra.core.models.membership import Membership
from mostra.core.permissions import Perm, has_perm


def _require(membership: Membership) -> None:
    if not has_perm(membership, Perm.EDIT_ORGANISATION):
        raise DomainError(_("Only owners and managers can pause or resume publishing."))


def _on_timelines(workspace: Workspace, membership: Membership, action: str) -> None:
    now = timezone.now()
    IncidentEvent.objects.bulk_create(
        IncidentEvent(incident=incident, at=now, action=action, actor=membership.user)
        for incident in Incident.objects.filter(workspace=workspace, closed_at__isnull=True)
    )


def pause(membership: Membership, *, ip_address: str | None = None) -> Workspace:
    """Pause every scheduled publication of the membership's workspace; nothing changes
    when it is paused already."""
    _require(membership)
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=membership.workspace_id)
        if workspace.publishing_paused_at is not None:
            return workspace
        workspace.publishing_paused_at = timezone.now()
        workspace.publishing_paused_by = membership.user
        workspace.save(update_fields=["publishing_paused_at", "publishing_paused_by"])
        audit.record(
            AuditAction.PAUSE,
            actor=membership.user,
            workspace=workspace,
            obj=workspace,
            label=_("Scheduled publishing"),
            ip_address=ip_address,
        )
        _on_timelines(workspace, membership, IncidentAction.PAUSED)
    return workspace


def resume(membership: Membership, *, ip_address: str | None = None) -> Workspace:
    """Let the workspace's publications go again, in their order; nothing changes when
    it is not paused."""
    _require(membership)
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=membership.workspace_id)
        if workspace.publishing_paused_at is None:
            return workspace
        paused_at = workspace.publishing_paused_at
        workspace.publishing_paused_at = None
        workspace.publishing_paused_by = None
        workspace.save(update_fields=["publishing_paused_at", "publishing_paused_by"])
        audit.record(
            AuditAction.RESUME,
            actor=membership.user,
            workspace=workspace,
            obj=workspace,
            label=_("Scheduled publishing"),
            changes={"paused_at": paused_at.isoformat()},
            ip_address=ip_address,
        )
        _on_timelines(workspace, membership, IncidentAction.RESUMED)
    return workspace
