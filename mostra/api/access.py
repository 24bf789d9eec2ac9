"""Resolving the caller's membership: permissions are decided in mostra.core.permissions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError

from mostra.core.models import Membership
from mostra.core.permissions import Perm, membership_or_404, require
from mostra.core.services import two_factor
from mostra.core.services.archive import ensure_writable

#: Methods that read: an archived workspace still answers them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def member(
    request: HttpRequest, slug: str, perm: Perm = Perm.VIEW, *, when_archived: bool = False
) -> Membership:
    """The caller's membership of ``slug`` holding ``perm``; 404 otherwise, as in the pages.

    A call that changes something (any method but GET, HEAD and OPTIONS) in an archived
    workspace is refused (409, :class:`~mostra.core.services.archive.WorkspaceArchived`),
    unless ``when_archived`` (restoring it, deleting it).
    """
    membership = membership_or_404(request.auth, slug)  # type: ignore[attr-defined]
    require(membership, perm)
    if not _by_token(request) and (
        problem := two_factor.workspace_refusal(request.user, membership.workspace)
    ):
        # A browser session meets the pages' two-factor rule; a personal token is a
        # credential of its own, made only by a person who meets it.
        raise HttpError(403, problem)
    if request.method not in SAFE_METHODS and not when_archived:
        ensure_writable(membership.workspace)
    return membership


def _by_token(request: HttpRequest) -> bool:
    """Whether a personal token authenticated the call (a wrong one never gets here)."""
    scheme, _space, _token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer"
