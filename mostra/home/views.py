"""The workspace's home page (/w/<slug>/, url name ``core:workspace``): what needs me.

Every member sees it; each section only when it is theirs (the approvals for those who
approve, the posts sent back and failed publications for those who write), and a new
workspace's first steps (a mission, an account, a post) while they are not done.
Nothing on it changes anything: each item links to the page where it is handled.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mostra.analytics.views.objectives import STATUS_CSS
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.editorial.services.calendar_time import workspace_zone
from mostra.home.sections import SHOWN, gather


@workspace_view()
def home(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    page = gather(membership)
    slug = workspace.slug
    objectives = [(item, STATUS_CSS.get(item.status, "")) for item in page.objectives]
    context = {
        "workspace": workspace,
        "home": page,
        "shown": SHOWN,
        "objectives": objectives,
        "members": workspace.memberships.count(),
        "can": {
            "strategy": has_perm(membership, Perm.EDIT_STRATEGY),
            "accounts": has_perm(membership, Perm.EDIT_WORKSPACE),
            "draft": has_perm(membership, Perm.DRAFT_CONTENT),
        },
        "links": {
            "approvals": reverse("editorial:approvals", args=[slug]),
            "posts": reverse("editorial:posts", args=[slug]),
            "calendar": reverse("editorial:calendar", args=[slug]),
            "agenda": reverse("editorial:calendar_list", args=[slug]),
            "new_post": reverse("editorial:post_new", args=[slug]),
            "strategy": reverse("strategy:overview", args=[slug]),
            "accounts": reverse("publishing:accounts", args=[slug]),
            "objectives": reverse("analytics:objectives", args=[slug]),
            "values": reverse("analytics:kpi_values_list", args=[slug]),
            "dashboard": reverse("reports:dashboard", args=[slug]),
            "notifications": reverse("notifications:list", args=[slug]),
            "members": reverse("core:members", args=[slug]),
            "organisation": reverse("core:organisation", args=[slug]),
            "crisis": reverse("core:crisis", args=[slug]),
        },
    }
    with timezone.override(workspace_zone(workspace)):
        return render(request, "home/home.html", context)
