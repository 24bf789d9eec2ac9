"""Reply from mostra to an inbox item, through the publishing engine, exactly once.

A reply is a post of the workspace with one variant (the item's network) whose
publication goes to the account chosen for it and answers the item's post
(:attr:`~mostra.publishing.models.Publication.reply_to`). So it is charter-checked,
approved when the workspace's policy asks, and published by the worker with the same
claims as any publication (never twice after a crash or a retry).

Steps of :func:`send_reply`:

1. the item must be on Bluesky or Mastodon with its post's address, the account one of
   the workspace's connected accounts on that network (not published by hand);
2. the text is checked as the account's network sees it (the charter's words, its
   length): a blocking finding refuses it with the charter's message, nothing written;
3. the post, its variant and the :class:`MentionReply` are written and submitted
   (:func:`mostra.editorial.workflow.apply`): when no approval is needed it is
   published at once (``send_now``, a member who may publish) — else it waits for its
   approvers, the usual notifications telling them, and goes out when approved;
4. once the network has it, the item is handled and its response time ends
   (:func:`on_publication_finished`).

The inbox page, the API and the command line call :func:`send_reply`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.listening.models import Mention, MentionReply, MentionState
from mostra.listening.services.triage import MentionNotFound
from mostra.publishing.models import (
    AccountStatus,
    Publication,
    PublicationState,
    SocialAccount,
)
from mostra.publishing.services.publications import Target
from mostra.strategy import networks

#: The networks mostra answers on.
NETWORKS = networks.REPLIES
#: A reply approved later goes out this long after its approval (the schedule's checks
#: want a date to come).
AFTER_APPROVAL = dt.timedelta(seconds=5)
TITLE_LENGTH = 200


def address_of(mention: Mention) -> str:
    """The address of the item's post as its network knows it ("" when none)."""
    if mention.network == "bluesky":
        return mention.guid if mention.guid.startswith("at://") else ""
    if mention.network == "mastodon":
        for address in (mention.guid, mention.url):
            if address.startswith(("https://", "http://")):
                return address
    return ""


def accounts_for(mention: Mention) -> list[SocialAccount]:
    """The workspace's accounts that may answer the item (oldest first): connected,
    not published by hand, on its network; none when it cannot be answered."""
    if mention.network not in NETWORKS or not address_of(mention):
        return []
    rows = SocialAccount.objects.filter(
        workspace_id=mention.workspace_id,
        network=mention.network,
        status=AccountStatus.CONNECTED,
        by_hand=False,
    )
    return list(rows.order_by("created_at", "id"))


def accounts_by_network(workspace_id: int) -> dict[str, list[SocialAccount]]:
    """The workspace's accounts that may reply, by network (one query), for a page
    that lists many items: an item's are those of its network when
    :func:`address_of` gives it an address."""
    rows = SocialAccount.objects.filter(
        workspace_id=workspace_id,
        network__in=NETWORKS,
        status=AccountStatus.CONNECTED,
        by_hand=False,
    ).order_by("created_at", "id")
    found: dict[str, list[SocialAccount]] = {}
    for account in rows:
        found.setdefault(account.network, []).append(account)
    return found


def _account(mention: Mention, handle: str | None) -> SocialAccount:
    accounts = accounts_for(mention)
    if not accounts:
        if mention.network not in NETWORKS:
            raise DomainError(_("mostra replies only to Bluesky and Mastodon items."))
        if not address_of(mention):
            raise DomainError(_("This item has no address on its network to reply to."))
        raise DomainError(
            _(
                "The workspace has no connected %(network)s account to reply with: connect "
                "one on the Network accounts page."
            )
            % {"network": mention.network.capitalize()},
            field="account",
        )
    if not handle:
        if len(accounts) == 1:
            return accounts[0]
        raise DomainError(
            _("Choose the account to reply with: %(handles)s.")
            % {"handles": ", ".join(a.handle for a in accounts)},
            field="account",
        )
    wanted = handle.strip().lstrip("@").lower()
    for account in accounts:
        if account.handle.lower().lstrip("@") == wanted or str(account.pk) == wanted:
            return account
    raise DomainError(
        _("%(handle)s is not a connected account you can reply with here: use %(handles)s.")
        % {"handle": handle, "handles": ", ".join(a.handle for a in accounts)},
        field="account",
    )


def _check_text(actor: Membership, account: SocialAccount, text: str) -> None:
    from mostra.charter.checks.variant import check_variant

    if not text:
        raise DomainError(_("Write the reply's text."), field="text")
    findings = check_variant(actor.workspace, account.network, text, text_max=account.text_limit)
    errors = [str(f.message) for f in findings if f.severity == "error"]
    if errors:
        raise DomainError(
            _("The charter check refuses this reply: %(problems)s")
            % {"problems": "; ".join(errors)},
            field="text",
        )


def send_reply(
    actor: Membership, mention_id: int, text: str, account: str | None = None
) -> MentionReply:
    """Reply to mention ``mention_id`` of the actor's workspace with ``text`` from the
    account whose handle (or id) is ``account`` (may be omitted when there is one).
    All or nothing: a refusal (a DomainError saying what to do) writes nothing."""
    from mostra.editorial import workflow
    from mostra.publishing.services.publications import publish_now

    if not has_perm(actor, Perm.DRAFT_CONTENT):
        raise DomainError(
            _("Your role (%(role)s) does not let you reply: ask an editor.")
            % {"role": actor.get_role_display().lower()}
        )
    mention = Mention.objects.filter(pk=mention_id, workspace_id=actor.workspace_id).first()
    if mention is None:
        raise MentionNotFound(_("No such item in this workspace's inbox."))
    chosen = _account(mention, account)
    text = (text or "").strip()
    _check_text(actor, chosen, text)
    now = timezone.now()
    title = _("Reply to %(author)s") % {"author": mention.author or mention.network}
    with transaction.atomic():
        # The item locked while checking: a form sent twice (a double click) or two
        # members answering the same words at once make one reply, not two.
        Mention.objects.select_for_update().filter(pk=mention.pk).first()
        same = MentionReply.objects.filter(
            mention=mention, account=chosen, post__main_text=text
        ).exclude(post__status__in=[PostStatus.FAILED, PostStatus.CANCELLED])
        if same.exists():
            raise DomainError(
                _("This reply is already on its way from %(handle)s: see it on the item.")
                % {"handle": chosen.handle},
                field="text",
            )
        post = Post.objects.create(
            workspace=actor.workspace,
            author=actor.user,
            title=title[:TITLE_LENGTH],
            scheduled_at=now + AFTER_APPROVAL,
            main_text=text,
            is_reply=True,
        )
        PostVariant.objects.create(post=post, network=chosen.network, text=text)
        reply = MentionReply.objects.create(
            mention=mention, post=post, account=chosen, author=actor.user
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=mention,
            label=str(mention)[:80],
            changes={"reply": [None, post.pk], "account": chosen.handle},
        )
        post = workflow.apply(post, "submit", actor)
        if post.status == PostStatus.APPROVED and has_perm(actor, Perm.EDIT_CONTENT):
            publish_now(post, actor)
    return reply


# --- What the publishing engine and the workflow ask ---------------------------------


def targets_of(post: Post) -> dict[int, Target]:
    """The reply's target for the publishing engine's plan (one query; none for a
    post that is no reply)."""
    reply = (
        MentionReply.objects.filter(post_id=post.pk).select_related("mention", "account").first()
    )
    if reply is None:
        return {}
    address = address_of(reply.mention)
    variants = PostVariant.objects.filter(post_id=post.pk, network=reply.account.network)
    return {pk: Target(reply.account, address) for pk in variants.values_list("pk", flat=True)}


def on_transition(
    post: Post, action: str, before: str, after: str, membership: Membership | None
) -> None:
    """A reply just approved goes out now: its date moves to a few seconds ahead, so
    that scheduling on approval sends it at once."""
    if action != "approve" or after != PostStatus.APPROVED:
        return
    if not MentionReply.objects.filter(post_id=post.pk).exists():
        return
    soon = timezone.now() + AFTER_APPROVAL
    if post.scheduled_at is None or post.scheduled_at < soon:
        post.scheduled_at = soon
        Post.objects.filter(pk=post.pk).update(scheduled_at=soon)


def on_publication_finished(
    sender: Any, publication: Publication | None = None, publications: Any = (), **kwargs: Any
) -> None:
    """Replies published (one ``publication``, or a chunk's ``publications``): their
    items are handled, their response time ends (kept if it already ended). The same
    signal carries every publication's outcome: a fixed number of queries whatever the
    chunk's size, none when no reply is among them."""
    finished = [publication, *publications] if publication is not None else list(publications)
    published = {
        p.variant_id: p
        for p in finished
        if p.state == PublicationState.PUBLISHED and p.reply_to  # only replies answer
    }
    if not published:
        return
    replies = list(
        MentionReply.objects.filter(post__variants__in=list(published))
        .select_related("mention__workspace")
        .annotate(variant_id=F("post__variants"))
    )
    if not replies:
        return
    touched: set[int] = set()
    with transaction.atomic():
        for reply in replies:
            done = published[reply.variant_id]
            mention = reply.mention
            when = done.published_at or timezone.now()
            rows = Mention.objects.filter(pk=mention.pk)
            rows.update(state=MentionState.HANDLED)
            rows.filter(responded_at__isnull=True).update(responded_at=when)
            audit.record(
                AuditAction.UPDATE,
                workspace=mention.workspace,
                obj=mention,
                label=str(mention)[:80],
                changes={"state": [mention.state, MentionState.HANDLED], "reply": done.pk},
            )
            touched.add(mention.workspace_id)
    figures_cache.changed(sorted(touched))


# --- What the inbox shows ------------------------------------------------------------


@dataclass(frozen=True)
class ReplyView:
    """A reply as the inbox shows it: its text, account, state, link or reason."""

    id: int
    post_id: int
    text: str
    account: str
    #: waiting_approval, changes_requested, approved, sending, sent, failed, cancelled.
    state: str
    link: str = ""
    error: str = ""
    created_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        labels = {
            "waiting_approval": _("Waiting for approval"),
            "changes_requested": _("Changes requested by an approver"),
            "approved": _("Approved: an editor must publish it"),
            "sending": _("Sending"),
            "sent": _("Sent"),
            "failed": _("Failed"),
            "cancelled": _("Cancelled"),
        }
        return str(labels.get(self.state, self.state))


_STATES: dict[str, str] = {
    PostStatus.DRAFT: "waiting_approval",
    PostStatus.IN_REVIEW: "waiting_approval",
    PostStatus.CHANGES_REQUESTED: "changes_requested",
    PostStatus.APPROVED: "approved",
    PostStatus.SCHEDULED: "sending",
    PostStatus.PUBLISHING: "sending",
    PostStatus.PUBLISHED: "sent",
    PostStatus.FAILED: "failed",
    PostStatus.CANCELLED: "cancelled",
}


def replies_of(mention_ids: list[int]) -> dict[int, list[ReplyView]]:
    """The replies of each mention among ``mention_ids``, oldest first (two queries;
    none for an empty list)."""
    if not mention_ids:
        return {}
    replies = list(
        MentionReply.objects.filter(mention_id__in=mention_ids)
        .select_related("post", "account")
        .order_by("created_at", "id")
    )
    publications = {
        p.variant.post_id: p
        for p in Publication.objects.filter(
            variant__post_id__in=[r.post_id for r in replies]
        ).select_related("variant")
    }
    found: dict[int, list[ReplyView]] = {}
    for reply in replies:
        publication = publications.get(reply.post_id)
        state = _STATES.get(reply.post.status, "sending")
        if publication is not None and publication.state == PublicationState.PUBLISHED:
            state = "sent"
        found.setdefault(reply.mention_id, []).append(
            ReplyView(
                id=reply.pk,
                post_id=reply.post_id,
                text=reply.post.main_text,
                account=reply.account.handle,
                state=state,
                link=publication.remote_url if publication and state == "sent" else "",
                error=publication.error_message if publication and state == "failed" else "",
                created_at=reply.created_at,
            )
        )
    return found
