"""Approvals: who has approved which version of a post, and what waits for whom.

An :class:`~mostra.editorial.models.Approval` is one approver's decision on one
version of a post. Only decisions on the post's current version count: a change of
content bumps the version (see :func:`mostra.editorial.workflow.content_changed`),
so earlier approvals stop counting without being deleted (they stay as history).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from mostra.core.models import Membership, Workspace
from mostra.editorial.models import Approval, Decision, Post, PostStatus, PostVariant


def sensitive_topics_in(post: Post) -> list[str]:
    """The workspace's sensitive topics that the post mentions (title, texts, first
    comments), ignoring case and accents; uses the prefetched variants when there are."""
    topics = post.workspace.sensitive_topic_list
    if not topics:
        return []
    from mostra.charter.checks.words import found

    parts = [post.title]
    for variant in post.variants.all():
        parts += [variant.text, variant.first_comment]
    return found("\n".join(parts), topics)


def approvals_needed(post: Post) -> int:
    """How many distinct approvers must approve the post: 0, 1 or 2.

    The workspace's policy (none / one / two); a sensitive post, flagged or mentioning
    one of the workspace's sensitive topics, needs at least one approval even when the
    policy is "none".
    """
    needed = post.workspace.required_approvals
    if needed == 0 and (post.sensitive or sensitive_topics_in(post)):
        return 1
    return needed


def _prefetched(post: Post) -> list[Approval] | None:
    """The post's approvals when a list page prefetched them (no query), else None."""
    cache = getattr(post, "_prefetched_objects_cache", {})
    return list(cache["approvals"]) if "approvals" in cache else None


def approvers_of_version(post: Post) -> list[int]:
    """Ids of the users who approved the post's current version (distinct)."""
    rows = _prefetched(post)
    if rows is not None:
        ids = {
            a.approver_id
            for a in rows
            if a.version == post.version and a.decision == Decision.APPROVED and a.approver_id
        }
        return sorted(ids)
    return list(
        Approval.objects.filter(post=post, version=post.version, decision=Decision.APPROVED)
        .exclude(approver=None)
        .values_list("approver_id", flat=True)
        .distinct()
    )


def record_decision(
    post: Post, membership: Membership, decision: Decision | str, note: str
) -> Approval:
    """Write (or replace) the member's decision on the post's current version.

    One decision per approver and version: an approver who asked for changes and is
    shown the same version again (withdrawn and resubmitted unchanged) may approve it.
    """
    approval, _created = Approval.objects.update_or_create(
        post=post,
        approver=membership.user,
        version=post.version,
        defaults={"decision": decision, "note": note},
    )
    return approval


def has_approved(post: Post, membership: Membership) -> bool:
    if _prefetched(post) is not None:
        return membership.user_id in approvers_of_version(post)
    return Approval.objects.filter(
        post=post, approver=membership.user, version=post.version, decision=Decision.APPROVED
    ).exists()


def possible_approvers(post: Post) -> int:
    """How many members could approve the post: approvers other than its author."""
    return (
        Membership.objects.filter(workspace_id=post.workspace_id, is_approver=True)
        .exclude(user_id=post.author_id)
        .count()
    )


def waiting_for(membership: Membership) -> QuerySet[Post]:
    """Posts in review that wait for this member's decision, the longest waiting first.

    Empty for a member who is not an approver. Leaves out the member's own posts and
    those whose current version they already approved. A post's ``updated_at`` is the
    moment it entered review (any later change of content restarts the review).
    """
    if not membership.is_approver:
        return Post.objects.none()
    already = Approval.objects.filter(
        post=OuterRef("pk"),
        approver=membership.user,
        version=OuterRef("version"),
        decision=Decision.APPROVED,
    )
    return (
        Post.objects.filter(workspace_id=membership.workspace_id, status=PostStatus.IN_REVIEW)
        .exclude(author_id=membership.user_id)
        .exclude(Exists(already))
        .order_by("updated_at", "id")
    )


def queue(membership: Membership) -> list[Post]:
    """The approval queue's rows: posts with their author, tactic, pillar and variants."""
    return list(
        waiting_for(membership)
        .select_related("author", "tactic", "pillar", "workspace")
        .prefetch_related(
            Prefetch("variants", queryset=PostVariant.objects.order_by("position", "id")),
            Prefetch(
                "approvals",
                queryset=Approval.objects.select_related("approver").order_by("created_at"),
            ),
        )
    )


def waiting_count(membership: Membership | None) -> int:
    """How many posts wait for this member's decision (0 for non-approvers)."""
    if membership is None or not membership.is_approver:
        return 0
    return waiting_for(membership).count()


def in_review(workspace: Workspace) -> QuerySet[Post]:
    return Post.objects.filter(workspace=workspace, status=PostStatus.IN_REVIEW)
