"""The Toolbox page: the team's tools by category, their monthly cost, the renewals
coming; owners and managers add, change and remove tools (as in the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.toolbox import catalogue
from mostra.toolbox.models import Category, Tool
from mostra.toolbox.services import renewals
from mostra.toolbox.services import tools as service
from mostra.toolbox.services.totals import totals_of


def _values(request: HttpRequest) -> dict[str, Any]:
    return {name: request.POST.get(name, "") for name in service.FIELDS}


def _members(membership: Membership) -> list[Membership]:
    return list(
        Membership.objects.filter(workspace=membership.workspace)
        .select_related("user")
        .order_by("user__email")
    )


def render_page(
    request: HttpRequest,
    membership: Membership,
    *,
    error: str = "",
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    tools = list(Tool.objects.filter(workspace=workspace).select_related("owner"))
    today = timezone.localdate()
    for tool in tools:
        tool.covered = catalogue.covered_by(tool.known_as)  # type: ignore[attr-defined]
    by_category = [
        (code, label, [t for t in tools if t.category == code]) for code, label in Category.choices
    ]
    context = {
        "workspace": workspace,
        "by_category": by_category,
        "totals": totals_of(tools),
        "renewals": renewals.coming(workspace, today),
        "can_edit": service.may_manage(membership),
        "members": _members(membership),
        "categories": Category.choices,
        "known": catalogue.KNOWN,
        "error": error,
        "values": values or {"currency": "EUR", "warn_days": 30},
        "today": today,
    }
    return render(request, "toolbox/tools.html", context, status=status)


@workspace_view()
def tools(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render_page(request, membership)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def tool_add(request: HttpRequest, membership: Membership) -> HttpResponse:
    values = _values(request)
    try:
        tool = service.add_tool(membership, values, ip_address=client_ip(request))
    except DomainError as exc:
        return render_page(request, membership, error=exc.message, values=values, status=400)
    messages.success(request, _("%(name)s added to the toolbox.") % {"name": tool.name})
    return redirect("toolbox:tools", membership.workspace.slug)


@workspace_view(Perm.EDIT_STRATEGY)
def tool_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        tool = service.get_tool(membership, pk)
    except service.ToolNotFound as exc:
        raise Http404 from exc
    error = ""
    values: dict[str, Any] = {f: getattr(tool, f) for f in service.FIELDS}
    status = 200
    if request.method == "POST":
        values = _values(request)
        try:
            tool = service.update_tool(membership, pk, values, ip_address=client_ip(request))
        except DomainError as exc:
            error, status = exc.message, 400
        else:
            messages.success(request, _("%(name)s saved.") % {"name": tool.name})
            return redirect("toolbox:tools", membership.workspace.slug)
    context = {
        "workspace": membership.workspace,
        "tool": tool,
        "values": values,
        "error": error,
        "members": _members(membership),
        "categories": Category.choices,
        "known": catalogue.KNOWN,
    }
    return render(request, "toolbox/tool_edit.html", context, status=status)


@require_POST
@workspace_view(Perm.EDIT_STRATEGY)
def tool_delete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        tool = service.get_tool(membership, pk)
        service.delete_tool(membership, pk, ip_address=client_ip(request))
    except service.ToolNotFound as exc:
        raise Http404 from exc
    messages.success(request, _("%(name)s removed from the toolbox.") % {"name": tool.name})
    return redirect("toolbox:tools", membership.workspace.slug)
