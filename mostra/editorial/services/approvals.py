"""Approvals: who has approved which version of a post, and what waits for whom.

An :class:`~mostra.editorial.models.Approval` is one approver's decision on one
version of a post. Only decisions on the post's current version count: a change of
content bumps the version (see :func:`mostra.editorial.workflow.content_changed`),
so earlier approvals stop counting without being deleted (they stay as history).

Who may approve is decided in :mod:`mostra.core.permissions` (:func:`approval_refusal`)
from what :func:`review_of` reads here: the author, the members who changed the content
(the post's :class:`~mostra.editorial.models.Revision` rows) and who approved its
current version. The approval queue lists the posts that rule lets the member approve.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from mostra.core import permissions
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Review
from mostra.editorial.models import Approval, Decision, Post, PostStatus, PostVariant, Revision


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


def approvers_of_versions(posts: Iterable[Post]) -> dict[int, list[int]]:
    """:func:`approvers_of_version` of many posts, by post id, in one query (none when
    every post's approvals were prefetched)."""
    posts = list(posts)
    found: dict[int, set[int]] = {post.pk: set() for post in posts}
    versions = {post.pk: post.version for post in posts}
    unread = []
    for post in posts:
        rows = _prefetched(post)
        if rows is None:
            unread.append(post.pk)
            continue
        found[post.pk].update(
            a.approver_id
            for a in rows
            if a.version == post.version and a.decision == Decision.APPROVED and a.approver_id
        )
    if unread:
        decided = (
            Approval.objects.filter(post_id__in=unread, decision=Decision.APPROVED)
            .exclude(approver=None)
            .values_list("post_id", "version", "approver_id")
        )
        for post_id, version, approver_id in decided:
            if version == versions[post_id]:
                found[post_id].add(approver_id)
    return {pk: sorted(ids) for pk, ids in found.items()}


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


def editors_of(post: Post) -> list[int]:
    """Ids of the users who changed the post's content, at any version (distinct)."""
    cache = getattr(post, "_prefetched_objects_cache", {})
    if "revisions" in cache:
        return sorted({r.editor_id for r in cache["revisions"] if r.editor_id})
    return list(
        Revision.objects.filter(post=post)
        .exclude(editor=None)
        .values_list("editor_id", flat=True)
        .distinct()
    )


def review_of(post: Post) -> Review:
    """What the approval rules of :mod:`mostra.core.permissions` read of the post.

    Uses the post's prefetched ``approvals`` and ``revisions`` when there are.
    """
    return Review(
        author_id=post.author_id,
        editor_ids=frozenset(editors_of(post)),
        approver_ids=frozenset(approvers_of_version(post)),
    )


def possible_approvers(post: Post) -> int:
    """How many members could approve the post: approvers who did not write nor change it."""
    team = Membership.objects.filter(workspace_id=post.workspace_id, is_approver=True)
    return len(permissions.possible_approvers(team, review_of(post)))


def _in_review(membership: Membership) -> QuerySet[Post]:
    """The workspace's posts in review, the longest waiting first, with their decisions
    and revisions. A post's ``updated_at`` is the moment it entered review (any later
    change of content restarts the review)."""
    return (
        Post.objects.filter(workspace_id=membership.workspace_id, status=PostStatus.IN_REVIEW)
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=Approval.objects.select_related("approver").order_by("created_at"),
            ),
            "revisions",
        )
        .order_by("updated_at", "id")
    )


def _waiting(membership: Membership, posts: QuerySet[Post]) -> list[Post]:
    """The posts the member may approve now (:func:`permissions.approval_refusal`)."""
    if not membership.is_approver:
        return []  # a shortcut: the rule refuses every post to a non-approver
    return [p for p in posts if permissions.approval_refusal(membership, review_of(p)) is None]


def waiting_for(membership: Membership) -> list[Post]:
    """Posts in review that wait for this member's decision, the longest waiting first.

    Those the member may approve now: not for a non-approver, not their own posts nor
    those whose content they changed, not those whose current version they approved.
    """
    return _waiting(membership, _in_review(membership))


def queue(membership: Membership) -> list[Post]:
    """The approval queue's rows: posts with their author, tactic, pillar, and variants
    with their media (the approver sees everything that goes out before deciding)."""
    posts = (
        _in_review(membership)
        .select_related("author", "tactic", "pillar", "workspace")
        .prefetch_related(
            Prefetch(
                "variants",
                queryset=PostVariant.objects.order_by("position", "id").prefetch_related("media"),
            )
        )
    )
    return _waiting(membership, posts)


def waiting_count(membership: Membership | None) -> int:
    """How many posts wait for this member's decision (0 for non-approvers)."""
    if membership is None:
        return 0
    return len(waiting_for(membership))


def changed_in_review(membership: Membership) -> QuerySet[Post]:
    """Posts in review whose content the member changed but did not write: they wait
    for another approver (listed on the approval queue's page)."""
    return (
        Post.objects.filter(
            workspace_id=membership.workspace_id,
            status=PostStatus.IN_REVIEW,
            revisions__editor_id=membership.user_id,
        )
        .exclude(author_id=membership.user_id)
        .distinct()
        .order_by("updated_at", "id")
    )


def in_review(workspace: Workspace) -> QuerySet[Post]:
    return Post.objects.filter(workspace=workspace, status=PostStatus.IN_REVIEW)
