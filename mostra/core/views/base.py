"""What every workspace view shares: resolving the member, or 404 for outsiders; and
the archive's rule, an archived workspace refusing every change."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from mostra.core.models import Membership
from mostra.core.permissions import Perm, membership_or_404, require
from mostra.core.services.archive import WorkspaceArchived, ensure_writable
from mostra.core.views import two_factor_gate

#: Methods that read: an archived workspace still answers them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def workspace_view(
    perm: Perm = Perm.VIEW, *, when_archived: bool = False
) -> Callable[..., Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, membership, ...)`` from a URL with ``slug``.

    In an archived workspace, a request that changes something (any method but GET,
    HEAD and OPTIONS) is refused: the member is sent back with the message saying to
    restore it. ``when_archived`` lets through the few views made for an archived
    workspace (restoring it, deleting it).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_or_404(request.user, slug)
            require(membership, perm)
            request.membership = membership  # type: ignore[attr-defined]
            if two_factor_first := two_factor_gate.refusal(request, membership):
                return two_factor_first
            if request.method not in SAFE_METHODS and not when_archived:
                try:
                    ensure_writable(membership.workspace)
                except WorkspaceArchived as exc:
                    return archived_refusal(request, membership, exc)
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


def archived_refusal(
    request: HttpRequest, membership: Membership, exc: WorkspaceArchived
) -> HttpResponse:
    """Back to the page the member came from (else the overview), with the message."""
    messages.error(request, exc.message)
    target = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("core:workspace", args=[membership.workspace.slug])
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(target)
    return redirect(target)


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
