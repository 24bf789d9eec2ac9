"""The caller, and the workspaces they belong to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND, Message, ValidationErrors
from mostra.api.schemas.workspaces import (
    MeOut,
    WorkspaceIn,
    WorkspaceOut,
    WorkspacePatch,
    me_out,
    topics_text,
    workspace_out,
)
from mostra.core.models import Membership
from mostra.core.permissions import Perm, membership_or_404, require
from mostra.core.services import archive
from mostra.core.services import workspaces as service

router = Router(tags=["workspaces"])


@router.get("/me", response={200: MeOut, 401: Message}, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    return me_out(request.auth)  # type: ignore[attr-defined]


@router.get("/workspaces", response={200: list[WorkspaceOut], 401: Message})
def list_workspaces(request: HttpRequest) -> list[dict[str, Any]]:
    """The workspaces the caller is a member of, with their role in each."""
    memberships = (
        Membership.objects.filter(user=request.auth)  # type: ignore[attr-defined]
        .select_related("workspace")
        .order_by("workspace__name")
    )
    return [workspace_out(m) for m in memberships]


@router.post("/workspaces", response={201: WorkspaceOut, 401: Message, 422: ValidationErrors})
def create_workspace(request: HttpRequest, payload: WorkspaceIn) -> Status:
    """Create a workspace; the caller becomes its owner."""
    data = payload.model_dump(mode="json")
    workspace = service.create_workspace(
        request.auth,  # type: ignore[attr-defined]
        data["name"],
        slug=data["slug"],
        description=data["description"],
        country=data["country"],
        timezone=data["timezone"],
        sensitive_topics=topics_text(data["sensitive_topics"]),
    )
    membership = membership_or_404(request.auth, workspace.slug)  # type: ignore[attr-defined]
    return Status(201, workspace_out(membership))


@router.get("/workspaces/{slug}", response={200: WorkspaceOut, **NOT_FOUND})
def get_workspace(request: HttpRequest, slug: str) -> dict[str, Any]:
    return workspace_out(member(request, slug))


@router.patch("/workspaces/{slug}", response={200: WorkspaceOut, **INVALID})
def update_workspace(request: HttpRequest, slug: str, payload: WorkspacePatch) -> dict[str, Any]:
    """Change the settings sent; the approval policy must suit the team's approvers."""
    membership = member(request, slug, Perm.EDIT_WORKSPACE)
    fields = payload.changes()
    if {"approval_policy", "sensitive_topics"} & fields.keys():
        require(membership, Perm.EDIT_ORGANISATION)
    if "sensitive_topics" in fields:
        fields["sensitive_topics"] = topics_text(fields["sensitive_topics"])
    service.update_workspace(request.auth, membership.workspace, **fields)  # type: ignore[attr-defined]
    return workspace_out(membership)


@router.post("/workspaces/{slug}/archive", response={200: WorkspaceOut, **INVALID})
def archive_workspace(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Archive the workspace (owners only): read-only for every member, nothing published,
    measured or sent until it is restored. Archiving comes before deleting."""
    membership = member(request, slug, Perm.ARCHIVE_WORKSPACE)
    archive.archive_workspace(membership)
    return workspace_out(membership)


@router.post("/workspaces/{slug}/restore", response={200: WorkspaceOut, **INVALID})
def restore_workspace(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Restore an archived workspace (owners only). Its scheduled posts whose time passed
    meanwhile go back to approved, to be given a new date: nothing is published late."""
    membership = member(request, slug, Perm.ARCHIVE_WORKSPACE, when_archived=True)
    archive.restore_workspace(membership)
    return workspace_out(membership)


@router.delete("/workspaces/{slug}", response={204: None, **INVALID})
def delete_workspace(request: HttpRequest, slug: str, confirm_slug: str = "") -> Status:
    """Delete an archived workspace and everything in it, for good (owners only).

    Archive it first, and repeat its short name in ``confirm_slug``:
    ``DELETE /api/workspaces/fromagerie?confirm_slug=fromagerie``.
    """
    membership = member(request, slug, Perm.DELETE_WORKSPACE, when_archived=True)
    archive.delete_workspace(membership, confirm_slug)
    return Status(204, None)
