"""The listening inbox: the workspace's mentions filtered as on the page (every member),
and triage of one mention (editors, managers and owners) through the same services
(:mod:`mostra.listening.services.triage`), audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND, ValidationErrors
from mostra.api.schemas.inbox import (
    MentionFilters,
    MentionOut,
    MentionPage,
    MentionPatch,
    ReplyIn,
    ReplyOut,
)
from mostra.core.permissions import Perm
from mostra.listening.models import Mention
from mostra.listening.services import replies, response, triage
from mostra.listening.services.inbox import InboxFilter, as_data, mentions

router = Router(tags=["listening"])
BASE = "/workspaces/{slug}/listening/mentions"


@router.get(BASE, response={200: MentionPage, 422: ValidationErrors, **NOT_FOUND})
def list_mentions(
    request: HttpRequest, slug: str, filters: Query[MentionFilters]
) -> dict[str, Any]:
    """The inbox's mentions, newest first, ``limit`` from ``offset``, with their queries,
    tags, notes, state and whether they are past the response-time target."""
    membership = member(request, slug)
    workspace = membership.workspace
    values = filters.dict(exclude={"limit", "offset"})
    values["duplicates"] = "1" if filters.duplicates else ""
    given = InboxFilter.parse(values)
    rows = mentions(membership, given)
    before = response.overdue_since(workspace, timezone.now())
    page = rows[filters.offset : filters.offset + filters.limit]
    return {
        "count": rows.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "response_target_hours": response.target_hours(workspace),
        "median_response_hours": response.median_response_hours(workspace),
        "items": [as_data(m, before) for m in page],
    }


@router.patch(f"{BASE}/{{mention_id}}", response={200: MentionOut, **INVALID})
def update_mention(
    request: HttpRequest, slug: str, mention_id: int, payload: MentionPatch
) -> dict[str, Any]:
    """Change a mention's state, assignee (a member's user id, 0 for nobody) or tags
    (editors, managers, owners). Audited; all the changes or none."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    changes = payload.changes()
    try:
        with transaction.atomic():
            if "assignee" in changes:
                triage.assign(membership, [mention_id], changes["assignee"] or None)
            if "tags" in changes:
                triage.set_tags(membership, mention_id, changes["tags"])
            if "state" in changes:
                triage.set_state(membership, [mention_id], changes["state"])
    except triage.MentionNotFound as exc:
        raise Http404 from exc
    given = InboxFilter(duplicates=True)
    mention = mentions(membership, given).get(pk=mention_id)
    return as_data(mention, response.overdue_since(membership.workspace, timezone.now()))


def _reply_out(mention_id: int, shown: replies.ReplyView) -> dict[str, Any]:
    return {
        "id": shown.id,
        "mention_id": mention_id,
        "post_id": shown.post_id,
        "text": shown.text,
        "account": shown.account,
        "state": shown.state,
        "state_label": shown.label,
        "link": shown.link,
        "error": shown.error,
    }


@router.get(f"{BASE}/{{mention_id}}/replies", response={200: list[ReplyOut], **NOT_FOUND})
def list_mention_replies(request: HttpRequest, slug: str, mention_id: int) -> list[dict[str, Any]]:
    """A mention's replies from mostra, oldest first, each with its state (waiting for
    approval, sending, sent with its link, failed with the reason)."""
    membership = member(request, slug)
    if not Mention.objects.filter(pk=mention_id, workspace_id=membership.workspace_id).exists():
        raise Http404
    return [_reply_out(mention_id, r) for r in replies.replies_of([mention_id]).get(mention_id, [])]


@router.post(f"{BASE}/{{mention_id}}/reply", response={201: ReplyOut, **INVALID})
def reply_to_mention(request: HttpRequest, slug: str, mention_id: int, payload: ReplyIn) -> Status:
    """Reply to a Bluesky or Mastodon mention from one of the workspace's connected
    accounts: charter-checked, approved first when the workspace's policy asks, then
    published once by the worker (members who may write posts)."""
    membership = member(request, slug, Perm.DRAFT_CONTENT)
    try:
        reply = replies.send_reply(membership, mention_id, payload.text, payload.account or None)
    except triage.MentionNotFound as exc:
        raise Http404 from exc
    [shown] = [r for r in replies.replies_of([mention_id])[mention_id] if r.id == reply.pk]
    return Status(201, _reply_out(mention_id, shown))
