"""The calendar as a list: upcoming posts (or past ones, or those without a date).

Each post that may move has a "Move" form with a date and a time: the keyboard's way to
do what the month and week views do by drag and drop, and one that works without
JavaScript.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.editorial.services.calendar import calendar_posts
from mostra.editorial.services.calendar_chips import make_chips
from mostra.editorial.services.calendar_filters import CalendarFilters, filter_choices
from mostra.editorial.services.calendar_time import local_today, workspace_zone
from mostra.editorial.views.calendar import page_context, render_in_zone

PER_PAGE = 50
WHEN = {"upcoming": _("Upcoming"), "past": _("Past"), "unplanned": _("Without a date")}


@workspace_view()
def post_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    filters = CalendarFilters.from_params(request.GET)
    when = request.GET.get("when", "upcoming")
    when = when if when in WHEN else "upcoming"
    now = timezone.now()
    posts = calendar_posts(membership, filters)
    if when == "upcoming":
        posts = posts.filter(scheduled_at__gte=now).order_by("scheduled_at", "id")
    elif when == "past":
        posts = posts.filter(scheduled_at__lt=now).order_by("-scheduled_at", "-id")
    else:
        posts = posts.filter(scheduled_at__isnull=True).order_by("-created_at", "-id")
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    zone = workspace_zone(membership.workspace)
    context = page_context(membership, filters, "list", local_today(zone, now))
    context.update(
        {
            "when": when,
            "page": page,
            "chips": make_chips(page.object_list, membership, zone),
            "choices": filter_choices(membership.workspace),
            "when_choices": list(WHEN.items()),
        }
    )
    return render_in_zone(request, membership, "editorial/calendar/list.html", context)
