"""The reply service's rules, without a network: the charter and the network's length
refuse a reply (nothing written), the workspace's approval policy sends it to its
approvers (then out on the chosen account once approved), roles that may not write are
refused, and an item mostra cannot answer says why."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mostra.charter.services import save_charter
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role, Workspace
from mostra.editorial import workflow
from mostra.editorial.models import Post, PostStatus
from mostra.listening.models import MentionReply
from mostra.listening.services import replies
from mostra.notifications.models import Notification
from mostra.publishing.models import AccountStatus, Publication, PublicationState, SocialAccount
from tests.listening.reply_support import already_posting, item

pytestmark = pytest.mark.django_db
PARENT = "at://did:plc:fan/app.bsky.feed.post/3kparent"


def account(workspace: Workspace, handle: str, network: str = "bluesky", **fields):
    return SocialAccount.objects.create(
        workspace=workspace,
        network=network,
        handle=handle,
        external_id=f"did:plc:{handle.split('.')[0]}",
        status=fields.pop("status", AccountStatus.CONNECTED),
        **fields,
    )


@pytest.fixture
def alice(owner_membership):
    already_posting(owner_membership.workspace, "bluesky")
    return owner_membership


@pytest.fixture
def mention(workspace):
    return item(workspace, "bluesky", PARENT)


def nothing_written() -> None:
    assert not MentionReply.objects.exists()
    assert not Post.objects.filter(title__startswith="Reply").exists()
    assert not Publication.objects.exists()


def test_no_approval_needed_plans_the_reply_at_once(alice, mention, workspace):
    ours = account(workspace, "atelier.test")
    reply = replies.send_reply(alice, mention.pk, "Merci pour le message", "atelier.test")
    publication = Publication.objects.get(variant__post=reply.post)
    assert (publication.account, publication.reply_to) == (ours, PARENT)
    assert publication.state == PublicationState.PENDING
    assert publication.due_at <= timezone.now()
    assert reply.post.variants.get().text == "Merci pour le message"
    assert AuditEvent.objects.filter(object_id=str(mention.pk), changes__reply__1=reply.post_id)
    [shown] = replies.replies_of([mention.pk])[mention.pk]
    assert (shown.state, shown.account, shown.text) == (
        "sending",
        "atelier.test",
        reply.post.main_text,
    )


def test_a_forbidden_word_refuses_the_reply(alice, mention, workspace):
    account(workspace, "atelier.test")
    save_charter(alice, {"forbidden_words": "pas cher"}, {})
    with pytest.raises(DomainError) as refused:
        replies.send_reply(alice, mention.pk, "Nos vélos pas cher !", "atelier.test")
    assert "charter" in refused.value.message and "pas cher" in refused.value.message
    nothing_written()


def test_a_reply_longer_than_the_network_allows_is_refused(alice, mention, workspace):
    account(workspace, "atelier.test")
    with pytest.raises(DomainError) as refused:
        replies.send_reply(alice, mention.pk, "vélo " * 80, "atelier.test")
    assert "300" in refused.value.message
    nothing_written()


def test_the_approval_policy_sends_the_reply_to_its_approvers_first(
    alice, mention, workspace, teammate_membership, django_capture_on_commit_callbacks
):
    account(workspace, "first.test")
    chosen = account(workspace, "second.test")
    Workspace.objects.filter(pk=workspace.pk).update(approval_policy="one")
    Membership.objects.filter(pk=teammate_membership.pk).update(is_approver=True)
    alice.workspace.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send_reply(alice, mention.pk, "Nous regardons", "second.test")
    reply.post.refresh_from_db()
    assert reply.post.status == PostStatus.IN_REVIEW
    assert not Publication.objects.exists()
    assert Notification.objects.filter(recipient=teammate_membership.user, post=reply.post)
    [shown] = replies.replies_of([mention.pk])[mention.pk]
    assert shown.state == "waiting_approval"

    bob = Membership.objects.select_related("workspace").get(pk=teammate_membership.pk)
    post = workflow.apply(reply.post, "approve", bob)
    assert post.status == PostStatus.SCHEDULED
    publication = Publication.objects.get(variant__post=post)
    # The account chosen for the reply, not the network's first one.
    assert (publication.account, publication.reply_to) == (chosen, PARENT)
    assert publication.state == PublicationState.PENDING
    assert replies.replies_of([mention.pk])[mention.pk][0].state == "sending"


def test_a_viewer_may_not_reply(workspace, teammate_membership, mention):
    account(workspace, "atelier.test")
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.VIEWER)
    teammate_membership.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        replies.send_reply(teammate_membership, mention.pk, "Merci", "atelier.test")
    assert "does not let you reply" in refused.value.message
    nothing_written()


def test_a_contributor_reply_waits_for_an_editor(alice, workspace, teammate_membership, mention):
    account(workspace, "atelier.test")
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.CONTRIBUTOR)
    teammate_membership.refresh_from_db()
    reply = replies.send_reply(teammate_membership, mention.pk, "Merci", "atelier.test")
    reply.post.refresh_from_db()
    assert reply.post.status == PostStatus.APPROVED
    assert not Publication.objects.exists()
    assert replies.replies_of([mention.pk])[mention.pk][0].state == "approved"


@pytest.mark.parametrize(
    ("network", "guid", "words"),
    [
        ("feed", "https://blog.example/post", "only to Bluesky and Mastodon"),
        ("bluesky", "bsky-search-123", "no address on its network"),
        ("mastodon", "https://piaille.fr/@x/1", "no connected Mastodon account"),
    ],
)
def test_an_item_mostra_cannot_answer_says_why(alice, workspace, network, guid, words):
    account(workspace, "atelier.test")
    mention = item(workspace, network, guid)
    with pytest.raises(DomainError) as refused:
        replies.send_reply(alice, mention.pk, "Merci", "")
    assert words in refused.value.message
    nothing_written()


def test_the_account_must_be_chosen_among_several(alice, mention, workspace):
    account(workspace, "first.test")
    account(workspace, "second.test")
    account(workspace, "gone.test", status=AccountStatus.NEEDS_RECONNECT)
    with pytest.raises(DomainError) as refused:
        replies.send_reply(alice, mention.pk, "Merci", "")
    assert "first.test, second.test" in refused.value.message
    with pytest.raises(DomainError) as refused:
        replies.send_reply(alice, mention.pk, "Merci", "gone.test")
    assert "not a connected account" in refused.value.message
    nothing_written()


def test_the_same_reply_twice_is_one_reply(alice, mention, workspace):
    account(workspace, "atelier.test")
    replies.send_reply(alice, mention.pk, "Merci !", "atelier.test")
    with pytest.raises(DomainError) as refused:
        replies.send_reply(alice, mention.pk, "  Merci !  ", "atelier.test")
    assert "already on its way" in refused.value.message
    assert Publication.objects.count() == 1
    replies.send_reply(alice, mention.pk, "Et bonne journée", "atelier.test")
    assert Publication.objects.count() == 2


def test_a_reply_is_no_first_post_the_readiness_gate_neither_holds_it_nor_counts_it(
    owner_membership, mention, workspace
):
    """Answering someone on a network the strategy has not prepared yet is allowed (the
    community is already talking there); the first real post stays held by the gate."""
    from mostra.editorial.models import PostVariant
    from mostra.editorial.services import readiness

    account(workspace, "atelier.test")  # no post on Bluesky yet: a first network
    reply = replies.send_reply(owner_membership, mention.pk, "Merci !", "atelier.test")
    assert Publication.objects.get(variant__post=reply.post).reply_to == PARENT
    Post.objects.filter(pk=reply.post_id).update(status=PostStatus.PUBLISHED)
    post = Post.objects.create(workspace=workspace, title="Portes ouvertes")
    PostVariant.objects.create(post=post, network="bluesky", text="Samedi 14 h")
    assert readiness.first_networks(post) == ["bluesky"]  # the reply does not count
    assert [r.network for r in readiness.unready(post)] == ["bluesky"]
    assert readiness.unready(reply.post) == []


def test_a_reply_stays_out_of_the_calendar_and_its_exports_but_waits_for_approval(
    owner_membership, mention, workspace
):
    """The calendar is the editorial plan: answers are followed from the inbox."""
    from mostra.editorial.services.calendar import calendar_posts
    from mostra.editorial.services.calendar_filters import CalendarFilters
    from mostra.editorial.services.ics import posts_query

    account(workspace, "atelier.test")
    reply = replies.send_reply(owner_membership, mention.pk, "Merci !", "atelier.test")
    planned = Post.objects.create(workspace=workspace, title="Portes ouvertes")
    assert reply.post.is_reply and not planned.is_reply
    shown = [row["id"] for row in calendar_posts(owner_membership, CalendarFilters())]
    assert shown == [planned.pk]
    assert list(posts_query(workspace)) == [planned]
