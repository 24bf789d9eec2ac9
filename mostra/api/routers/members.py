"""Members and invitations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.members import (
    InvitationCreated,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MemberPatch,
    invitation_out,
    member_out,
)
from mostra.core.models import Membership
from mostra.core.permissions import Perm, require
from mostra.core.services import invitations, members

router = Router(tags=["members"])


def _target(membership: Membership, member_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, workspace=membership.workspace
    )


@router.get("/workspaces/{slug}/members", response={200: list[MemberOut], **NOT_FOUND})
def list_members(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    membership = member(request, slug)
    team = membership.workspace.memberships.select_related("user")
    return [member_out(m) for m in team]


@router.patch("/workspaces/{slug}/members/{member_id}", response={200: MemberOut, **INVALID})
def update_member(
    request: HttpRequest, slug: str, member_id: int, payload: MemberPatch
) -> dict[str, Any]:
    """Change a member's role or organisation details (owners and managers).

    A workspace has one sponsor: making a member sponsor unsets the previous one,
    as the organisation page does.
    """
    membership = member(request, slug, Perm.MANAGE_MEMBERS)
    target = _target(membership, member_id)
    target = members.update_member(membership, target, **payload.changes())
    return member_out(target)


@router.delete("/workspaces/{slug}/members/{member_id}", response={204: None, **INVALID})
def remove_member(request: HttpRequest, slug: str, member_id: int) -> Status:
    """Remove a member; any member may remove themselves (leave)."""
    membership = member(request, slug)
    target = _target(membership, member_id)
    if target.pk != membership.pk:
        require(membership, Perm.MANAGE_MEMBERS)
    members.remove_member(membership, target)
    return Status(204, None)


@router.get("/workspaces/{slug}/invitations", response={200: list[InvitationOut], **NOT_FOUND})
def list_invitations(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    membership = member(request, slug, Perm.MANAGE_MEMBERS)
    sent = membership.workspace.invitations.select_related("created_by")
    return [invitation_out(i) for i in sent]


@router.post("/workspaces/{slug}/invitations", response={201: InvitationCreated, **INVALID})
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn) -> Status:
    """Create a single-use link; ``url`` is shown this once and never again."""
    membership = member(request, slug, Perm.MANAGE_MEMBERS)
    base_url = invitations.site_url(request)
    invitation, raw = invitations.create_invitation(
        membership, **payload.model_dump(mode="json"), base_url=base_url
    )
    url = invitations.invitation_url(raw, base_url)
    return Status(201, {**invitation_out(invitation), "url": url})
