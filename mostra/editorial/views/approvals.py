"""The approval queue: the posts in review that wait for this member's decision."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.editorial.models import Approval, Post, PostStatus, PostVariant
from mostra.editorial.services import approvals

#: How many of the member's own posts in review the page lists.
OWN_SHOWN = 20


def _own_in_review(membership: Membership) -> list[Post]:
    """The member's own posts in review: they wait for others, not for them."""
    return list(
        Post.objects.filter(
            workspace_id=membership.workspace_id,
            status=PostStatus.IN_REVIEW,
            author_id=membership.user_id,
        )
        .select_related("workspace")
        .prefetch_related(
            Prefetch("variants", queryset=PostVariant.objects.order_by("position", "id")),
            Prefetch("approvals", queryset=Approval.objects.order_by("created_at")),
        )
        .order_by("updated_at", "id")[:OWN_SHOWN]
    )


@workspace_view()
def approval_queue(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Oldest first, each with its date, networks, author, text and the decision buttons.

    A member who is not an approver sees why the queue is not theirs and who the
    approvers are, instead of an empty list.
    """
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "posts": approvals.queue(membership),
        "own_posts": _own_in_review(membership),
        "approvers": list(
            workspace.memberships.approvers().select_related("user").order_by("user__email")
        ),
        "policy": workspace.get_approval_policy_display(),
        "queue_url": request.get_full_path(),
    }
    return render(request, "editorial/workflow/approvals.html", context)
