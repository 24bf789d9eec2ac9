"""From the workflow to publications, and from publications back to the post's status.

* Scheduling a post (``schedule``, ``retry``, ``send_now``) plans one publication
  per variant, to the workspace's **first connected account on that network** (the
  oldest one connected); a variant with no connected account refuses the transition.
* Unscheduling, cancelling or editing a scheduled post cancels its pending
  publications (never one being published: the transition is then refused).
* Moving a scheduled post moves its pending publications.
* The post follows its publications (:func:`post_status_for`).

:func:`on_transition` is registered in :data:`mostra.editorial.workflow.HOOKS` and
runs inside the transition's transaction: its refusal rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import AccountStatus, Publication, PublicationState, SocialAccount
from mostra.publishing.models.publication import MACHINE
from mostra.publishing.scheduler import clock
from mostra.publishing.services import webhooks

logger = logging.getLogger("mostra.publishing")
S = PublicationState
P = PostStatus

#: Publication states a new plan may reset to pending (nothing went out).
REPLANNABLE = frozenset({S.CANCELLED, S.FAILED})
#: Post statuses whose status the publications drive.
DRIVEN = (P.SCHEDULED, P.PUBLISHING, P.FAILED)


@dataclass(frozen=True)
class Target:
    """Where a variant must go instead of its network's first account: a reply goes out
    on the account chosen for it, answering the post at ``reply_to``."""

    account: SocialAccount
    reply_to: str


#: Asked by :func:`plan` for each post, in turn, before choosing accounts: the targets of
#: its variants by variant id (an empty dict: none). The listening app registers its
#: replies here (a layer above, as the workflow's hooks).
TARGETS: list[Callable[[Post], dict[int, Target]]] = []


def _targets(post: Post) -> dict[int, Target]:
    found: dict[int, Target] = {}
    for targets_of in TARGETS:
        found.update(targets_of(post))
    return found


def connected_account(workspace_id: int, network: str) -> SocialAccount | None:
    """The account a variant goes out on: the oldest connected one of its network, one
    connected through the network's API before one published by hand."""
    accounts = SocialAccount.objects.filter(
        workspace_id=workspace_id, network=network, status=AccountStatus.CONNECTED
    )
    return accounts.order_by("by_hand", "created_at", "id").first()


def _no_account(networks: list[str]) -> str:
    from mostra.strategy.catalogue import network_label

    names = ", ".join(network_label(n) for n in networks)
    return _(
        "No connected account on %(networks)s: connect one on the Network accounts page (or "
        "reconnect it), then schedule again."
    ) % {"networks": names}


def plan(post: Post, due_at: dt.datetime, now: dt.datetime) -> list[Publication]:
    """One pending publication per variant, due at ``due_at``.

    Published or publishing ones stay as they are; cancelled and failed ones start
    again (attempts cleared, the account chosen again); an unknown outcome refuses:
    a person must first say whether it went out.
    """
    variants = list(PostVariant.objects.filter(post=post).order_by("position", "id"))
    existing = {p.variant_id: p for p in Publication.objects.filter(variant__post=post)}
    unknown = [v.network for v in variants if getattr(existing.get(v.pk), "state", "") == S.UNKNOWN]
    if unknown:
        from mostra.strategy.catalogue import network_label

        raise DomainError(
            _(
                "mostra does not know whether this post went out on %(networks)s: check "
                "the account on the network, then mark it as published or retry it "
                "anyway from the post's page."
            )
            % {"networks": ", ".join(network_label(n) for n in unknown)}
        )
    targets = _targets(post)
    accounts: dict[str, SocialAccount | None] = {}
    for variant in variants:
        if variant.network not in accounts and variant.pk not in targets:
            accounts[variant.network] = connected_account(post.workspace_id, variant.network)
    missing = [n for n, a in accounts.items() if a is None]
    missing += [
        t.account.network for t in targets.values() if t.account.status != AccountStatus.CONNECTED
    ]
    if missing:
        raise DomainError(_no_account(missing), field="account")
    planned = []
    for variant in variants:
        target = targets.get(variant.pk)
        account = target.account if target else accounts[variant.network]
        assert account is not None
        publication = existing.get(variant.pk)
        fields: dict[str, object] = {"due_at": due_at, "next_attempt_at": due_at, "updated_at": now}
        if target is not None:
            fields["reply_to"] = target.reply_to
        if publication is None:
            publication = Publication.objects.create(
                variant=variant, account=account, state=S.PENDING, **fields
            )
        elif publication.state == S.PENDING:  # a new date, nothing else
            Publication.objects.filter(pk=publication.pk, state=S.PENDING).update(**fields)
        elif publication.state in REPLANNABLE:
            MACHINE.move(
                Publication.objects.filter(pk=publication.pk),
                publication.state,
                S.PENDING,
                account=account,
                attempts=0,
                error_code="",
                error_message="",
                claimed_by="",
                **fields,
            )
        else:
            continue
        planned.append(publication)
    return planned


def cancel_pending(post: Post, now: dt.datetime) -> int:
    """Cancel the post's pending publications; refuse while one is being published."""
    rows = Publication.objects.filter(variant__post=post)
    cancelled = MACHINE.move(rows, S.PENDING, S.CANCELLED, updated_at=now)
    if Publication.objects.filter(variant__post=post, state=S.PUBLISHING).exists():
        raise DomainError(
            _("This post is being published right now: wait a minute, then reload the page.")
        )
    return cancelled


def move_pending(post: Post, now: dt.datetime) -> int:
    """Follow the post's new date with its pending publications."""
    if post.scheduled_at is None:
        return 0
    return Publication.objects.filter(variant__post=post, state=S.PENDING).update(
        due_at=post.scheduled_at, next_attempt_at=post.scheduled_at, updated_at=now
    )


def on_transition(
    post: Post, action: str, before: str, after: str, membership: Membership | None
) -> None:
    """The workflow's hook (see the module's docstring)."""
    now = clock.now()
    if action == "send_now":
        Post.objects.filter(pk=post.pk).update(scheduled_at=now)
        post.scheduled_at = now
        plan(post, now, now)
    elif after == P.SCHEDULED and action in ("schedule", "retry"):
        assert post.scheduled_at is not None
        plan(post, max(post.scheduled_at, now), now)
    elif action == "move" and after == P.SCHEDULED:
        move_pending(post, now)
    elif before in (P.SCHEDULED, P.FAILED) and after not in DRIVEN:
        # unschedule, cancel, or an edit that sends the post back to review
        cancel_pending(post, now)
    if after == P.SCHEDULED and action in ("schedule", "retry", "send_now"):
        _emit_scheduled(post)


def _emit_scheduled(post: Post) -> None:
    try:
        with transaction.atomic():
            webhooks.post_scheduled(post)
    except Exception:  # noqa: BLE001 - a webhook must never refuse a schedule
        logger.exception("post %s: webhook event not recorded", post.pk)


def post_status_for(states: set[str]) -> str | None:
    """The post's status given its publications' states (cancelled ones aside).

    All published → published; any failed or unknown → failed (a person must look);
    any publishing, published or due by hand → publishing; all pending → scheduled.
    Skipped ones (by hand) count as cancelled; all skipped → cancelled.
    """
    if states and states <= {S.CANCELLED, S.SKIPPED} and S.SKIPPED in states:
        return P.CANCELLED  # every network skipped by hand: it went out nowhere
    states = states - {S.CANCELLED, S.SKIPPED}
    if not states:
        return None
    if states == {S.PUBLISHED}:
        return P.PUBLISHED
    if states & {S.FAILED, S.UNKNOWN}:
        return P.FAILED
    if states & {S.PUBLISHING, S.PUBLISHED, S.MANUAL_DUE}:
        return P.PUBLISHING
    return P.SCHEDULED


def sync_post_status(
    post_id: int, now: dt.datetime, status: str | None = None
) -> tuple[str, str] | None:
    """Bring the post's status in line with its publications.

    Only posts the publications drive (scheduled, publishing, failed) change: a
    cancelled post stays cancelled. ``status`` is the post's status when the caller
    knows it (one query less). Returns (before, after) when it changed; the caller
    audits it with what caused it.
    """
    states = set(
        Publication.objects.filter(variant__post_id=post_id).values_list("state", flat=True)
    )
    target = post_status_for(states)
    if status is None:
        status = Post.objects.filter(pk=post_id).values_list("status", flat=True).first()
    if target is None or status is None or status == target or status not in DRIVEN:
        return None
    changed = Post.objects.filter(pk=post_id, status=status).update(status=target, updated_at=now)
    return (status, target) if changed == 1 else None


def publish_now(post: Post, membership: Membership) -> Post:
    """Send an approved or scheduled post now: its date becomes now, and each variant
    goes out at the next tick of the worker's loop (within a second or two).

    The workflow's rules apply (the ``send_now`` transition: an editor's right, the
    variants, the strategy's readiness, a connected account per network).
    """
    from mostra.editorial import workflow
    from mostra.publishing import tasks

    with transaction.atomic():
        post = workflow.apply(post, "send_now", membership)
        ids = list(
            Publication.objects.filter(variant__post=post, state=S.PENDING).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: [tasks.publish_publication.enqueue(pk) for pk in ids])
    return post
