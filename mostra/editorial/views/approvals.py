"""The approval queue: the posts in review that wait for this member's decision."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.editorial.models import Approval, Post, PostStatus, PostVariant
from mostra.editorial.services import approvals
from mostra.editorial.views.posts_review import preview_template

#: How many of the member's own (or changed) posts in review the page lists.
OWN_SHOWN = 20


def _shown(posts: QuerySet[Post]) -> list[Post]:
    """The first posts of a list, with what their line shows (text, approvals)."""
    return list(
        posts.select_related("workspace").prefetch_related(
            Prefetch("variants", queryset=PostVariant.objects.order_by("position", "id")),
            Prefetch("approvals", queryset=Approval.objects.order_by("created_at")),
        )[:OWN_SHOWN]
    )


def _own_in_review(membership: Membership) -> list[Post]:
    """The member's own posts in review: they wait for others, not for them."""
    return _shown(
        Post.objects.filter(
            workspace_id=membership.workspace_id,
            status=PostStatus.IN_REVIEW,
            author_id=membership.user_id,
        ).order_by("updated_at", "id")
    )


@workspace_view()
def approval_queue(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Oldest first, each with its date, networks, author, every variant as it goes out
    (text, link, first comment, media with their alternative texts, the network's
    preview) and the decision buttons with the note.

    A member who is not an approver sees why the queue is not theirs and who the
    approvers are, instead of an empty list. An approver also sees the posts whose
    content they changed: those wait for another approver.
    """
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "posts": approvals.queue(membership),
        "own_posts": _own_in_review(membership),
        "changed_posts": (
            _shown(approvals.changed_in_review(membership)) if membership.is_approver else []
        ),
        "approvers": list(
            workspace.memberships.approvers().select_related("user").order_by("user__email")
        ),
        "policy": workspace.get_approval_policy_display(),
        "queue_url": request.get_full_path(),
        "variant_preview": preview_template(),
    }
    return render(request, "editorial/workflow/approvals.html", context)
