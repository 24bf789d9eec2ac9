"""What every workspace view shares: resolving the member, or 404 for outsiders."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from mostra.core.permissions import Perm, membership_or_404, require
from mostra.core.views import two_factor_gate


def workspace_view(perm: Perm = Perm.VIEW) -> Callable[..., Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, membership, ...)`` from a URL with ``slug``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_or_404(request.user, slug)
            require(membership, perm)
            request.membership = membership  # type: ignore[attr-defined]
            if two_factor_first := two_factor_gate.refusal(request, membership):
                return two_factor_first
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
