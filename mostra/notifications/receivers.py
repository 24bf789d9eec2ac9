"""What the notification centre hears from the layers below it, and whom it tells.

* the workflow's hooks (:data:`mostra.editorial.workflow.HOOKS`): a post submitted (or
  sent back to review by an edit) asks its possible approvers; approved, sent back for
  changes or cancelled during its review (the rejection), its author hears of it;
* :data:`mostra.editorial.signals.comment_posted`: the members a comment mentions;
* :data:`mostra.publishing.signals.publication_finished`: published (the author and the
  approvers of the post), failed or unknown (the author, the owners and the managers),
  for one publication or a chunk's list at once (:mod:`.services.outcomes`);
* :data:`mostra.publishing.signals.manual_publication_due`: the recipients it names;
* :data:`mostra.core.signals.invitation_accepted`: who invited, and the owners;
* :data:`mostra.listening.signals.incident_raised`: the responders of the incident's
  level (the owners and managers when the level names none), also reminded when a
  trigger fires again on the incident while nobody acknowledged it;
* :data:`mostra.listening.signals.mentions_assigned`: the member the inbox's mentions
  were assigned to, once per assignment or bulk action (one notification for all).

A hook runs inside the change's transaction: the notifications are made after its
commit (``transaction.on_commit``), never for a change rolled back. The signals are
sent after the commit already. Nobody is told of their own action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

from mostra.core.models import Membership, Role

logger = logging.getLogger("mostra.notifications")


def _safely(make: Callable[[], object]) -> Callable[[], None]:
    """A notification that cannot be made is logged, never undoes what happened."""

    def run() -> None:
        try:
            make()
        except Exception:  # noqa: BLE001 - the change is committed whatever happens here
            logger.exception("a notification could not be made")

    return run


# --- Posts: the workflow -----------------------------------------------------------------


def on_transition(post: Any, action: str, before: str, after: str, membership: Any) -> None:
    from mostra.editorial.models import PostStatus as S

    actor = membership.user if membership is not None else None
    make: Callable[[], object] | None = None
    if after == S.IN_REVIEW and before != S.IN_REVIEW:
        make = lambda: approval_requested(post.pk, actor)  # noqa: E731
    elif action == "approve" and after == S.APPROVED:
        make = lambda: post_decided(post.pk, actor, "post_approved")  # noqa: E731
    elif action == "request_changes":
        make = lambda: post_decided(post.pk, actor, "post_sent_back")  # noqa: E731
    elif (
        action == "cancel"
        and before in (S.IN_REVIEW, S.CHANGES_REQUESTED)
        and actor is not None
        and actor.pk != post.author_id
    ):
        make = lambda: post_decided(post.pk, actor, "post_rejected")  # noqa: E731
    if make is not None:
        transaction.on_commit(_safely(make))


def approval_requested(post_id: int, actor: Any) -> list:
    """The approvers who may approve the post now (not its author nor its editors)."""
    from mostra.core.permissions import approval_refusal
    from mostra.editorial.models import Post, PostStatus
    from mostra.editorial.services.approvals import review_of
    from mostra.notifications.services import notify

    post = Post.objects.filter(pk=post_id, status=PostStatus.IN_REVIEW).first()
    if post is None:
        return []
    review = review_of(post)
    approvers = Membership.objects.filter(workspace_id=post.workspace_id, is_approver=True)
    who = [m.user_id for m in approvers if approval_refusal(m, review) is None]
    return notify(post.workspace_id, "approval_requested", who, actor=actor, post=post)


def _last_note(post: Any, actor: Any, kind: str) -> str:
    """The note the reviewer gave: their decision's (sent back), the audit's (cancel)."""
    if kind == "post_sent_back":
        from mostra.editorial.models import Approval, Decision

        note = (
            Approval.objects.filter(
                post=post,
                approver=actor,
                version=post.version,
                decision=Decision.CHANGES_REQUESTED,
            )
            .values_list("note", flat=True)
            .first()
        )
        return note or ""
    if kind == "post_rejected":
        from mostra.core.models import AuditEvent

        changes = (
            AuditEvent.objects.filter(
                object_type="post", object_id=str(post.pk), changes__transition="cancel"
            )
            .order_by("-id")
            .values_list("changes", flat=True)
            .first()
        )
        return str((changes or {}).get("note") or "")
    return ""


def post_decided(post_id: int, actor: Any, kind: str) -> list:
    """The author hears that their post was approved, sent back or cancelled."""
    from mostra.editorial.models import Post
    from mostra.notifications.services import notify

    post = Post.objects.filter(pk=post_id).first()
    if post is None or post.author_id is None:
        return []
    note = _last_note(post, actor, kind)
    return notify(
        post.workspace_id,
        kind,
        [post.author_id],
        actor=actor,
        post=post,
        params={"note": note} if note else None,
    )


# --- Comments ----------------------------------------------------------------------------


def on_comment_posted(sender: Any, comment: Any, mentioned: list[int], **kwargs: Any) -> None:
    from mostra.notifications.services import notify

    post = comment.post
    excerpt = comment.body if len(comment.body) <= 200 else comment.body[:199] + "…"
    _safely(
        lambda: notify(
            post.workspace_id,
            "mentioned",
            mentioned,
            actor=comment.author,
            post=post,
            params={"excerpt": excerpt},
        )
    )()


# --- Publications ------------------------------------------------------------------------


def _publication_params(publication: Any) -> dict[str, str]:
    return {
        "network": publication.variant.network,
        "handle": publication.account.handle,
    }


def on_publication_finished(
    sender: Any, publication: Any = None, publications: Any = (), **kwargs: Any
) -> None:
    """One publication's outcome (``publication``), or a chunk's (``publications``, a
    list, sent once after the chunk's commit): told in a fixed number of queries
    (:func:`mostra.notifications.services.outcomes.tell_outcomes`)."""
    from mostra.notifications.services.outcomes import tell_outcomes

    finished = [publication, *publications] if publication is not None else list(publications)
    if finished:
        _safely(lambda: tell_outcomes(finished, actor=kwargs.get("actor")))()


def on_manual_publication_due(
    sender: Any, publication: Any, stage: str, recipients: list[int], **kwargs: Any
) -> None:
    from mostra.notifications.services import notify

    def make() -> object:
        post = publication.variant.post
        return notify(
            post.workspace_id,
            "manual_publication_due",
            recipients,
            post=post,
            publication=publication,
            # The text to copy goes with it (the e-mail quotes it).
            params={
                **_publication_params(publication),
                "stage": stage,
                "text": publication.variant.text,
            },
        )

    _safely(make)()


# --- Members -----------------------------------------------------------------------------


def on_invitation_accepted(sender: Any, invitation: Any, user: Any, **kwargs: Any) -> None:
    from mostra.notifications.services import notify

    def make() -> object:
        owners = Membership.objects.filter(
            workspace_id=invitation.workspace_id, role=Role.OWNER
        ).values_list("user_id", flat=True)
        return notify(
            invitation.workspace_id,
            "invitation_accepted",
            [invitation.created_by_id, *owners],
            actor=user,
            params={"role": invitation.role},
        )

    _safely(make)()


def on_incident_raised(sender: Any, incident: Any, escalated: bool, **kwargs: Any) -> None:
    from mostra.notifications.services import notify

    def make() -> object:
        who: list[int] = []
        if incident.level_id is not None:
            who = list(incident.level.responders.values_list("user_id", flat=True))
        if not who:
            managers = Membership.objects.filter(
                workspace_id=incident.workspace_id, role__in=[Role.OWNER, Role.MANAGER]
            )
            who = list(managers.values_list("user_id", flat=True))
        return notify(
            incident.workspace_id,
            "incident_opened",
            who,
            params={
                "incident": incident.pk,
                "level": incident.level_name,
                "trigger": incident.trigger_text,
                "trigger_id": incident.trigger_id,
                "escalated": escalated,
                "again": bool(kwargs.get("again")),
                "slug": incident.workspace.slug,
            },
        )

    _safely(make)()


#: The most mention ids a grouped assignment notification keeps (its text says how many).
ASSIGNED_IDS_KEPT = 100


def on_mentions_assigned(
    sender: Any,
    workspace_id: int,
    assignee_id: int,
    actor: Any,
    mention_ids: list[int],
    **kwargs: Any,
) -> None:
    """One notification for the member, whatever the number of mentions: how many, and
    the first one's author, excerpt and address (two queries and the insert)."""
    from mostra.listening.models import Mention
    from mostra.notifications.services import notify

    def make() -> object:
        first = (
            Mention.objects.filter(pk__in=mention_ids[:1])
            .select_related("workspace")
            .only("title", "text", "author", "url", "workspace__slug")
            .first()
        )
        if first is None:
            return []
        words = first.title or first.text
        excerpt = words if len(words) <= 200 else words[:199] + "…"
        params: dict[str, Any] = {
            "count": len(mention_ids),
            "mentions": mention_ids[:ASSIGNED_IDS_KEPT],
            "author": first.author,
            "slug": first.workspace.slug,
        }
        if len(mention_ids) == 1:
            params.update(excerpt=excerpt, url=first.link or "")
        return notify(workspace_id, "mention_assigned", [assignee_id], actor=actor, params=params)

    _safely(make)()


def connect() -> None:
    """Register the hook and the receivers (once: :meth:`NotificationsConfig.ready`)."""
    from mostra.core.signals import invitation_accepted
    from mostra.editorial import workflow
    from mostra.editorial.signals import comment_posted
    from mostra.publishing.signals import manual_publication_due, publication_finished

    if on_transition not in workflow.HOOKS:
        workflow.HOOKS.append(on_transition)
    comment_posted.connect(on_comment_posted, dispatch_uid="notifications.comment")
    publication_finished.connect(on_publication_finished, dispatch_uid="notifications.outcome")
    manual_publication_due.connect(on_manual_publication_due, dispatch_uid="notifications.manual")
    invitation_accepted.connect(on_invitation_accepted, dispatch_uid="notifications.joined")
    from mostra.listening.signals import incident_raised

    incident_raised.connect(on_incident_raised, dispatch_uid="notifications.incident")
    from mostra.listening.signals import mentions_assigned

    mentions_assigned.connect(on_mentions_assigned, dispatch_uid="notifications.assigned")
