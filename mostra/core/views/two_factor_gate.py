"""A workspace that requires two-factor authentication: its members give a code first.

:func:`mostra.core.views.base.workspace_view` asks :func:`refusal` of every workspace
page; other workspaces open as before. The API is not concerned: a personal token is a
credential of its own (see ``docs/user-guide.md``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from mostra.core.models import Membership
from mostra.core.services import two_factor


def refusal(request: HttpRequest, membership: Membership) -> HttpResponse | None:
    """None when the session may open the workspace; else a redirection to what it lacks.

    A member who has two-factor authentication types a code (a session opened before it
    was on); one who has not is sent to turn it on. Either comes back here after.
    """
    message = two_factor.workspace_refusal(request.user, membership.workspace)
    if message is None:
        return None
    if two_factor.is_on(request.user):
        messages.info(request, message)
        page = "core:login_code"
    else:
        page = "core:two_factor"  # which names the workspaces that require it
    htmx = getattr(request, "htmx", None)
    back = (htmx.current_url_abs_path if htmx else None) or request.get_full_path()
    target = f"{reverse(page)}?{urlencode({'next': back})}"
    return HttpResponseClientRedirect(target) if htmx else redirect(target)
