"""Move a post to another day or time: by drag and drop (htmx) or with a form.

With htmx (the calendar's drag and drop, or its Move dialog), the answer is the grid of
the view the member is on, re-rendered, so the chip appears where it now belongs; a
refusal answers 422 with the message, put in the page's status area, and the grid is
left as it was. Without JavaScript (the list's Move form), the answer is a redirect
back with the message.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.editorial.models import Post
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.calendar_time import (
    local_today,
    moment_label,
    valid_month,
    valid_week,
    workspace_zone,
)
from mostra.editorial.services.reschedule import reschedule
from mostra.editorial.views.calendar import (
    month_context,
    page_context,
    render_in_zone,
    week_context,
)
from mostra.editorial.views.calendar_forms import MoveForm

MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")


def grid_for(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    """The context of the grid the member was looking at (``view`` and ``period``)."""
    filters = CalendarFilters.from_params(request.POST)
    view, period = request.POST.get("view", ""), request.POST.get("period", "")
    grid: dict[str, Any] | None = None
    if view == "month" and (m := MONTH_KEY.match(period)):
        year, month = int(m[1]), int(m[2])
        if valid_month(year, month):
            grid = month_context(membership, year, month, filters)
    elif view == "week" and (m := WEEK_KEY.match(period)):
        year, week = int(m[1]), int(m[2])
        if valid_week(year, week):
            grid = week_context(membership, year, week, filters)
    if grid is None:
        return None
    today = local_today(workspace_zone(membership.workspace))
    context = page_context(membership, filters, view, today)
    context.update(grid)
    return context


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    response = render(
        request, "editorial/calendar/partials/status.html", {"message": message, "error": True}
    )
    response.status_code = 422
    return reswap(retarget(response, "#calendar-status"), "innerHTML")


def _back(request: HttpRequest, membership: Membership) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("editorial:calendar_list", args=[membership.workspace.slug]))


@require_POST
@workspace_view(Perm.DRAFT_CONTENT)
def reschedule_post(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.select_related("workspace"), pk=pk, workspace=membership.workspace
    )
    form = MoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = form.first_error()
    else:
        try:
            reschedule(
                post,
                membership,
                form.cleaned_data["date"],
                form.cleaned_data["time"],
                ip_address=client_ip(request),
            )
        except DomainError as refusal:
            error = refusal.message
    zone = workspace_zone(membership.workspace)
    done = ""
    if not error:
        done = _("“%(post)s” moved to %(when)s.") % {
            "post": str(post),
            "when": moment_label(post.scheduled_at, zone),
        }
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return _back(request, membership)
    if error:
        return _refused(request, error)
    context = grid_for(request, membership)
    if context is None:  # moved from a page without a grid: just say so
        return render(
            request, "editorial/calendar/partials/status.html", {"message": done, "error": False}
        )
    context["status_message"] = done
    template = f"editorial/calendar/partials/{context['grid_view']}_response.html"
    return render_in_zone(request, membership, template, context)
