"""The notifications page moved to the notification centre (mostra.notifications): its
address stays /w/<slug>/notifications/ (served there); this name still leads to it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view


@workspace_view()
def notifications(request: HttpRequest, membership: Membership) -> HttpResponse:
    return redirect("notifications:list", membership.workspace.slug)
