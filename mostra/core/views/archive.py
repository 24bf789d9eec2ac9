"""Archiving a workspace, restoring it, and deleting it for good (its owners)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.services import archive as service
from mostra.core.views.base import workspace_view


@workspace_view(Perm.ARCHIVE_WORKSPACE)
@require_POST
def archive(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        service.archive_workspace(membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Workspace archived: it is read-only for every member and nothing is "
                "published. Restore it, or delete it for good, from its settings."
            ),
        )
    return redirect("core:settings", slug=membership.workspace.slug)


@workspace_view(Perm.ARCHIVE_WORKSPACE, when_archived=True)
@require_POST
def restore(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        service.restore_workspace(membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Workspace restored. The scheduled posts whose time passed while it was "
                "archived are back to approved: give them a new date."
            ),
        )
    return redirect("core:workspace", slug=membership.workspace.slug)


@workspace_view(Perm.DELETE_WORKSPACE, when_archived=True)
def delete(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The confirmation page: the exports to download first, the short name to type."""
    workspace = membership.workspace
    error = ""
    if request.method == "POST":
        try:
            service.delete_workspace(membership, request.POST.get("confirm_slug", ""))
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Workspace %(name)s deleted.") % {"name": workspace.name})
            return redirect("core:home")
    return render(
        request,
        "core/workspace_delete.html",
        {"workspace": workspace, "error": error},
        status=400 if error else 200,
    )
