"""The latest mentions of the workspace: what the sources found, newest first (the
full inbox, with triage, comes later)."""

from __future__ import annotations

from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.listening.models import Mention

#: How many mentions the page shows.
SHOWN = 200


@workspace_view()
def mentions(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    rows = (
        Mention.objects.filter(workspace=workspace)
        .select_related("source")
        .annotate(when=Coalesce("published_at", "fetched_at"))
        .order_by("-when", "-id")[:SHOWN]
    )
    return render(
        request,
        "listening/mentions.html",
        {"workspace": workspace, "mentions": list(rows), "shown": SHOWN},
    )
