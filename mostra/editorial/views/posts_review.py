"""What the post's page shows of its review: the note that sent it back, the history of
the approvers' decisions, the team's conversation with its mentions, the previews.

Read from what :func:`mostra.editorial.views.posts.post_queryset` prefetched (the
approvals with their approver, the comments with their author): one query more, the
workspace's members that comments can mention.
"""

from __future__ import annotations

from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from mostra.core.models import Membership
from mostra.editorial import mentions
from mostra.editorial.models import Approval, Decision, Post, PostStatus

#: The composer's preview of one variant as its network shows it (context: ``variant``).
VARIANT_PREVIEW = "editorial/posts/partials/variant_preview.html"


def preview_template() -> str:
    """The variant preview's template, or "" while it does not exist."""
    try:
        get_template(VARIANT_PREVIEW)
    except TemplateDoesNotExist:
        return ""
    return VARIANT_PREVIEW


def decisions(post: Post) -> list[Approval]:
    """Every approver's decision on the post, the latest first (prefetched)."""
    return sorted(post.approvals.all(), key=lambda a: (a.created_at, a.pk), reverse=True)


def sent_back(post: Post, history: list[Approval] | None = None) -> Approval | None:
    """The decision that sent the post back, while its changes are requested."""
    if post.status != PostStatus.CHANGES_REQUESTED:
        return None
    history = decisions(post) if history is None else history
    return next((a for a in history if a.decision == Decision.CHANGES_REQUESTED), None)


def context(membership: Membership, post: Post) -> dict[str, Any]:
    history = decisions(post)
    return {
        "decisions": history,
        "sent_back": sent_back(post, history),
        "people": mentions.people(membership.workspace_id),
        "variant_preview": preview_template(),
    }
