"""The organisation: sponsor and approvers, the RACI matrix, the crisis playbook."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.organisation import (
    CrisisLevelIn,
    CrisisLevelOut,
    OrganisationOut,
    RaciIn,
    RaciOut,
    level_out,
    person_out,
)
from mostra.core.errors import DomainError
from mostra.core.models import CrisisLevel, Workspace
from mostra.core.permissions import Perm
from mostra.core.services import organisation

router = Router(tags=["organisation"])


@router.get("/workspaces/{slug}/organisation", response={200: OrganisationOut, **NOT_FOUND})
def get_organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Approval policy, sensitive topics, the sponsor and the approvers."""
    workspace = member(request, slug).workspace
    team = list(workspace.memberships.select_related("user"))
    sponsor = next((m for m in team if m.is_sponsor), None)
    return {
        "approval_policy": workspace.approval_policy,
        "required_approvals": workspace.required_approvals,
        "sensitive_topics": workspace.sensitive_topic_list,
        "separate_scheduling": workspace.separate_scheduling,
        "sponsor": person_out(sponsor) if sponsor else None,
        "approvers": [person_out(m) for m in team if m.is_approver],
    }


def _raci(workspace: Workspace) -> dict[str, Any]:
    team = list(workspace.memberships.select_related("user"))
    activities = list(workspace.activities.all())
    matrix = organisation.current_matrix(workspace)
    cells = [
        {"activity": a.pk, "member": m.pk, "letter": matrix[a.pk][m.pk]}
        for a in activities
        for m in team
        if matrix.get(a.pk, {}).get(m.pk)
    ]
    return {
        "activities": [{"id": a.pk, "key": a.key, "name": a.name} for a in activities],
        "members": [{"id": m.pk, "name": m.user.name, "role": m.role} for m in team],
        "cells": cells,
    }


@router.get("/workspaces/{slug}/organisation/raci", response={200: RaciOut, **NOT_FOUND})
def get_raci(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Who is Responsible, Accountable, Consulted or Informed for each activity."""
    return _raci(member(request, slug).workspace)


@router.put("/workspaces/{slug}/organisation/raci", response={200: RaciOut, **INVALID})
def put_raci(request: HttpRequest, slug: str, payload: RaciIn) -> Any:
    """Replace the whole matrix, or change nothing. Each activity needs exactly one A."""
    membership = member(request, slug, Perm.EDIT_ORGANISATION)
    workspace = membership.workspace
    activity_ids = workspace.activities.values_list("pk", flat=True)
    matrix: organisation.Matrix = {pk: {} for pk in activity_ids}
    for cell in payload.cells:
        row = matrix.setdefault(cell.activity, {})
        if cell.member in row:
            raise DomainError(
                _("Activity %(activity)s and member %(member)s appear twice: send one letter.")
                % {"activity": cell.activity, "member": cell.member},
                field="cells",
            )
        row[cell.member] = str(cell.letter)
    try:
        organisation.save_matrix(membership, matrix)
    except DomainError as exc:
        errors = organisation.validate_matrix(workspace, matrix) or [exc.message]
        detail = [{"type": "domain_error", "loc": ["body", "cells"], "msg": e} for e in errors]
        return Status(422, {"detail": detail})
    return _raci(workspace)


def _levels(workspace: Workspace) -> list[CrisisLevel]:
    return list(workspace.crisis_levels.prefetch_related("triggers", "responders__user"))


@router.get("/workspaces/{slug}/crisis-levels", response={200: list[CrisisLevelOut], **NOT_FOUND})
def list_crisis_levels(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The escalation ladder, lowest level first, with triggers and responders."""
    return [level_out(level) for level in _levels(member(request, slug).workspace)]


@router.put(
    "/workspaces/{slug}/crisis-levels/{level_id}", response={200: CrisisLevelOut, **INVALID}
)
def put_crisis_level(
    request: HttpRequest, slug: str, level_id: int, payload: CrisisLevelIn
) -> dict[str, Any]:
    """Replace a level's settings, responders and triggers as a whole, or change nothing."""
    membership = member(request, slug, Perm.EDIT_ORGANISATION)
    level = get_object_or_404(CrisisLevel, pk=level_id, workspace=membership.workspace)
    data = payload.model_dump(mode="json")
    organisation.update_level(
        membership,
        level,
        name=data["name"],
        response_minutes=data["response_minutes"],
        first_actions="\n".join(data["first_actions"]),
        responder_ids=data["responders"],
        triggers=[(t["kind"], t["threshold"], t["window_hours"]) for t in data["triggers"]],
    )
    fresh = CrisisLevel.objects.prefetch_related("triggers", "responders__user").get(pk=level.pk)
    return level_out(fresh)
