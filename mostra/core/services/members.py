from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, OrgLevel, RaciAssignment, Role
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.workspaces import check_policy

MEMBER_FIELDS = ("is_approver", "is_sponsor", "title", "department", "org_level")


def _check_may_manage(actor: Membership, target: Membership, new_role: str | None) -> None:
    if not has_perm(actor, Perm.MANAGE_MEMBERS):
        raise DomainError(_("Only owners and managers can manage members."))
    touches_owner = target.role == Role.OWNER or new_role == Role.OWNER
    if touches_owner and not has_perm(actor, Perm.MANAGE_OWNERS):
        raise DomainError(_("Only an owner can make someone an owner or change an owner's role."))


def _check_keeps_an_owner(target: Membership, new_role: str | None) -> None:
    if target.role == Role.OWNER and new_role != Role.OWNER:
        owners = Membership.objects.filter(workspace=target.workspace_id, role=Role.OWNER).count()
        if owners <= 1:
            raise DomainError(
                _(
                    "%(name)s is the last owner: make another member owner first, "
                    "so that the workspace always has one."
                )
                % {"name": target.user.name},
                field="role",
            )


@transaction.atomic
def update_member(actor: Membership, target: Membership, **fields: Any) -> Membership:
    """Change a member's role and organisation details; refuse anything unsafe.

    A workspace has one sponsor: making a member sponsor unsets the previous one.
    """
    target = (
        Membership.objects.select_for_update().select_related("user", "workspace").get(pk=target.pk)
    )
    new_role = fields.get("role", target.role)
    if new_role not in Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    if "org_level" in fields and fields["org_level"] not in OrgLevel.values:
        raise DomainError(_("Choose a level from the list."), field="org_level")
    _check_may_manage(actor, target, new_role if new_role != target.role else None)
    _check_keeps_an_owner(target, new_role)
    if target.is_approver and fields.get("is_approver") is False:
        workspace = target.workspace
        remaining = workspace.memberships.filter(is_approver=True).exclude(pk=target.pk).count()
        try:
            check_policy(workspace, workspace.approval_policy, remaining)
        except DomainError as exc:
            raise DomainError(
                _(
                    "The approval policy needs this approver: choose a lighter policy or "
                    "another approver first."
                ),
                field="is_approver",
            ) from exc
    if fields.get("is_sponsor") and not target.is_sponsor:
        for other in target.workspace.memberships.filter(is_sponsor=True).exclude(pk=target.pk):
            other.is_sponsor = False
            other.save(update_fields=["is_sponsor"])
            audit.record(
                AuditAction.UPDATE,
                actor=actor.user,
                workspace=target.workspace,
                obj=other,
                changes={"is_sponsor": [True, False]},
            )
    before = {k: getattr(target, k) for k in ("role", *MEMBER_FIELDS)}
    target.role = new_role
    for key in MEMBER_FIELDS:
        if key in fields:
            setattr(target, key, fields[key])
    target.save()
    after = {k: getattr(target, k) for k in ("role", *MEMBER_FIELDS)}
    changes = audit.diff(before, after)
    if "role" in changes:
        audit.record(
            AuditAction.ROLE_CHANGE,
            actor=actor.user,
            workspace=target.workspace,
            obj=target,
            changes={"role": changes.pop("role")},
        )
    if changes:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=target.workspace,
            obj=target,
            changes=changes,
        )
    return target


@transaction.atomic
def remove_member(actor: Membership, target: Membership) -> None:
    """Remove a member (or let one leave), never the last owner nor a needed approver."""
    target = Membership.objects.select_related("user", "workspace").get(pk=target.pk)
    if actor.pk != target.pk:
        _check_may_manage(actor, target, None)
    if target.role == Role.OWNER:
        owners = Membership.objects.filter(workspace=target.workspace_id, role=Role.OWNER).count()
        if owners <= 1:
            raise DomainError(
                _(
                    "%(name)s is the last owner: make another member owner first, "
                    "so that the workspace always has one."
                )
                % {"name": target.user.name}
            )
    accountable = list(
        RaciAssignment.objects.filter(membership=target, letter="A").select_related("activity")
    )
    if accountable:
        raise DomainError(
            _(
                "%(name)s is Accountable for: %(activities)s. Choose another Accountable "
                "in the RACI matrix first."
            )
            % {
                "name": target.user.name,
                "activities": ", ".join(a.activity.name for a in accountable),
            }
        )
    if target.is_approver:
        workspace = target.workspace
        remaining = workspace.memberships.filter(is_approver=True).exclude(pk=target.pk).count()
        check_policy(workspace, workspace.approval_policy, remaining)
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=target.workspace,
        obj=target,
        label=target.user.email,
    )
    target.delete()
