"""The audit log, for owners and managers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from mostra.api.access import member
from mostra.api.schemas.audit import AuditFilters, AuditPage, event_out
from mostra.api.schemas.common import NOT_FOUND, ValidationErrors
from mostra.core.models import AuditEvent
from mostra.core.permissions import Perm

router = Router(tags=["audit"])


@router.get(
    "/workspaces/{slug}/audit", response={200: AuditPage, 422: ValidationErrors, **NOT_FOUND}
)
def audit_log(request: HttpRequest, slug: str, filters: Query[AuditFilters]) -> dict[str, Any]:
    """Who did what, newest first, ``limit`` events from ``offset``."""
    workspace = member(request, slug, Perm.VIEW_AUDIT).workspace
    events = AuditEvent.objects.for_workspace(workspace)
    if filters.action is not None:
        events = events.filter(action=filters.action)
    if filters.actor is not None:
        events = events.filter(actor_id=filters.actor)
    page = events[filters.offset : filters.offset + filters.limit]
    return {
        "count": events.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [event_out(e) for e in page],
    }
