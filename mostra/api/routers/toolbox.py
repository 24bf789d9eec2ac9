"""The toolbox: the workspace's tools (list, add, change, remove).

Every member lists them; owners and managers change them (:mod:`mostra.toolbox.services.tools`,
the same service as the Toolbox page). A value refused answers 422 naming it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.toolbox import ToolIn, ToolOut, ToolPatch
from mostra.core.permissions import Perm
from mostra.toolbox import catalogue
from mostra.toolbox.models import Tool
from mostra.toolbox.services import tools as service

router = Router(tags=["toolbox"])
BASE = "/workspaces/{slug}/tools"


def _out(tool: Tool) -> dict[str, Any]:
    return {
        "id": tool.pk,
        "name": tool.name,
        "category": tool.category,
        "owner_id": tool.owner_id,
        "owner_email": tool.owner.email if tool.owner else None,
        "monthly_cost": str(tool.monthly_cost) if tool.monthly_cost is not None else None,
        "currency": tool.currency,
        "renews_on": tool.renews_on,
        "seats": tool.seats,
        "used_for": tool.used_for,
        "known_as": tool.known_as,
        "covered_by": catalogue.covered_by(tool.known_as),
        "warn_days": tool.warn_days,
    }


@router.get(BASE, response={200: list[ToolOut], **NOT_FOUND})
def list_tools(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The workspace's tools, by category and name."""
    workspace = member(request, slug).workspace
    return [_out(t) for t in Tool.objects.filter(workspace=workspace).select_related("owner")]


@router.post(BASE, response={201: ToolOut, **INVALID})
def create_tool(request: HttpRequest, slug: str, payload: ToolIn) -> Status:
    """Add a tool (owners and managers). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    tool = service.add_tool(membership, payload.model_dump())
    return Status(201, _out(tool))


@router.patch(f"{BASE}/{{tool_id}}", response={200: ToolOut, **INVALID})
def update_tool(
    request: HttpRequest, slug: str, tool_id: int, payload: ToolPatch
) -> dict[str, Any]:
    """Change a tool (owners and managers). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    try:
        tool = service.get_tool(membership, tool_id)
        values = {f: getattr(tool, f) for f in service.FIELDS}
        values.update(payload.changes())
        tool = service.update_tool(membership, tool_id, values)
    except service.ToolNotFound as exc:
        raise Http404 from exc
    return _out(tool)


@router.delete(f"{BASE}/{{tool_id}}", response={204: None, **INVALID})
def delete_tool(request: HttpRequest, slug: str, tool_id: int) -> Status:
    """Remove a tool (owners and managers). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    try:
        service.delete_tool(membership, tool_id)
    except service.ToolNotFound as exc:
        raise Http404 from exc
    return Status(204, None)
