from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mostra.core.models import AuditAction, AuditEvent, Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import workspace_view

PAGE_SIZE = 50


@workspace_view(Perm.VIEW_AUDIT)
def audit_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    events = AuditEvent.objects.for_workspace(workspace).select_related("actor")
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    actor = request.GET.get("actor", "")
    if actor.isdigit():
        events = events.filter(actor_id=int(actor))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {
            "workspace": workspace,
            "page": page,
            "actions": AuditAction.choices,
            "team": workspace.memberships.select_related("user"),
            "selected_action": action,
            "selected_actor": actor,
        },
    )
