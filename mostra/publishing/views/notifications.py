"""The member's notifications: publications that failed or whose outcome is unknown."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import workspace_view
from mostra.publishing.models.notification import Notification
from mostra.publishing.services import notifications as service

#: How many notifications the page shows (the most recent first).
SHOWN = 100


@workspace_view(Perm.VIEW)
def notifications(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    if request.method == "POST":
        count = service.mark_read(membership.user, workspace)
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
        return redirect("publishing:notifications", workspace.slug)
    items = list(
        Notification.objects.for_member(membership.user, workspace)
        .select_related("post", "publication__account")
        .order_by("-created_at", "-id")[:SHOWN]
    )
    return render(
        request,
        "publishing/notifications.html",
        {
            "workspace": workspace,
            "items": items,
            "unread": sum(1 for n in items if n.read_at is None),
        },
    )
