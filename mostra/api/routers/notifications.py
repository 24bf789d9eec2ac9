"""The caller's notifications in a workspace: list them, mark some or all read."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.notifications import (
    MarkedOut,
    MarkReadIn,
    NotificationFilters,
    NotificationPage,
    notification_out,
)
from mostra.notifications.services import inbox

router = Router(tags=["notifications"])


@router.get("/workspaces/{slug}/notifications", response={200: NotificationPage, **NOT_FOUND})
def list_notifications(
    request: HttpRequest, slug: str, filters: Query[NotificationFilters]
) -> dict[str, Any]:
    """My notifications in the workspace, newest first (``unread``: only those not read)."""
    membership = member(request, slug)
    rows = inbox.notifications_for(membership.user, membership.workspace, unread=filters.unread)
    page = rows[filters.offset : filters.offset + filters.limit]
    return {
        "count": rows.count(),
        "unread": inbox.unread_count(membership.user, membership.workspace),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [notification_out(n) for n in page],
    }


@router.post("/workspaces/{slug}/notifications/read", response={200: MarkedOut, **INVALID})
def mark_notifications_read(request: HttpRequest, slug: str, payload: MarkReadIn) -> dict[str, int]:
    """Mark these notifications of mine read; 404 when one is not mine (nothing marked)."""
    membership = member(request, slug)
    marked = inbox.mark_some_read(membership, payload.ids)
    if marked is None:
        raise Http404
    return {"marked": marked, "unread": inbox.unread_count(membership.user, membership.workspace)}


@router.post("/workspaces/{slug}/notifications/read-all", response={200: MarkedOut, **INVALID})
def mark_all_notifications_read(request: HttpRequest, slug: str) -> dict[str, int]:
    """Mark every notification of mine in the workspace read."""
    membership = member(request, slug)
    return {"marked": inbox.mark_all_read(membership), "unread": 0}
