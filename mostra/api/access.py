"""Resolving the caller's membership: permissions are decided in mostra.core.permissions."""

from __future__ import annotations

from django.http import HttpRequest

from mostra.core.models import Membership
from mostra.core.permissions import Perm, membership_or_404, require


def member(request: HttpRequest, slug: str, perm: Perm = Perm.VIEW) -> Membership:
    """The caller's membership of ``slug`` holding ``perm``; 404 otherwise, as in the pages."""
    membership = membership_or_404(request.auth, slug)  # type: ignore[attr-defined]
    require(membership, perm)
    return membership
