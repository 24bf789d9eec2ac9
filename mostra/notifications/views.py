"""The notifications page (newest first, unread filter, mark read) and the preferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.notifications import texts
from mostra.notifications.models import Channel, Kind
from mostra.notifications.services import inbox, preferences

#: Notifications per page.
PER_PAGE = 50


def _back(request: HttpRequest, membership: Membership) -> HttpResponse:
    response = redirect("notifications:list", membership.workspace.slug)
    if request.POST.get("unread") == "1":
        response["Location"] += "?unread=1"
    return response


@workspace_view()
def notification_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    only_unread = request.GET.get("unread") == "1"
    rows = inbox.notifications_for(membership.user, workspace, unread=only_unread)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "n": n,
            "text": texts.text(n),
            "quote": texts.quote(n),
            "url": texts.path(n),
            "link": texts.link(n),
        }
        for n in page.object_list
    ]
    return render(
        request,
        "notifications/list.html",
        {
            "workspace": workspace,
            "items": items,
            "page": page,
            "only_unread": only_unread,
            "unread": inbox.unread_count(membership.user, workspace),
        },
    )


@require_POST
@workspace_view()
def mark_read(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Mark one notification read (``notification``: its id), or all of them."""
    raw = request.POST.get("notification", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        try:
            inbox.mark_read(membership, int(raw))
        except DomainError as exc:
            raise Http404 from exc  # not theirs: as if it did not exist
        return _back(request, membership)
    count = inbox.mark_all_read(membership)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return _back(request, membership)


@workspace_view()
def notification_preferences(request: HttpRequest, membership: Membership) -> HttpResponse:
    owner = has_perm(membership, Perm.MANAGE_OWNERS)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "required":
                if not owner:
                    raise DomainError(_("Only the workspace's owners can require notifications."))
                preferences.set_required(membership, request.POST.getlist("required"))
                messages.success(request, _("The required notifications are saved."))
            else:
                choices = {k: request.POST[k] for k in Kind.values if k in request.POST}
                preferences.set_channels(membership, choices)
                messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences", membership.workspace.slug)
        except DomainError as exc:
            messages.error(request, exc.message)
    rows = preferences.rows_for(membership)
    return render(
        request,
        "notifications/preferences.html",
        {
            "workspace": membership.workspace,
            "rows": rows,
            "channels": Channel.choices,
            "owner": owner,
        },
        status=400 if request.method == "POST" else 200,
    )
