"""A reply from mostra to a Bluesky item, on a real local Bluesky server: it is a reply
record (root and parent strong refs, the root read from the parent when the parent is
itself a reply) and it exists once, whether the worker claims it twice or dies after
sending it and runs it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import Membership
from mostra.listening.models import MentionState
from mostra.listening.services import replies
from mostra.publishing.loop import Loop
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import batch
from mostra.publishing.scheduler.publisher import publish_one, send
from mostra.publishing.services import claims
from tests.listening.reply_support import already_posting, item
from tests.peers.bluesky import bluesky_network  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.peer, pytest.mark.django_db]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@pytest.fixture
def thread(workspace, owner, bluesky_network, settings):  # noqa: F811
    """Our connected account; a fan's post and a second fan's answer to it (the item)."""
    from mostra.publishing.connect.bluesky import connect_bluesky

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    alice = Membership.objects.get(workspace=workspace, user=owner)
    ours = bluesky_network.new_account("atelier")
    account = connect_bluesky(alice, ours.handle, ours.app_password, bluesky_network.url)
    fan, other = bluesky_network.new_account("fan"), bluesky_network.new_account("other")
    root = bluesky_network.write(
        fan, "app.bsky.feed.post", {"text": "Qui répare les vélos ?", "createdAt": now_iso()}
    )
    ref = {"uri": root["uri"], "cid": root["cid"]}
    parent = bluesky_network.write(
        other,
        "app.bsky.feed.post",
        {
            "text": "Demandez à l'atelier",
            "reply": {"root": ref, "parent": ref},
            "createdAt": now_iso(),
        },
    )
    already_posting(workspace, "bluesky")
    mention = item(workspace, "bluesky", parent["uri"], author=other.handle)
    return alice, account, ours, root, parent, mention


def our_posts(network, did: str) -> list[dict]:
    return [r for r in network.records(did) if r["value"].get("reply")]


def test_a_reply_goes_out_once_as_a_reply_of_the_thread(
    thread,
    bluesky_network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    alice, account, ours, root, parent, mention = thread

    reply = replies.send_reply(alice, mention.pk, "Oui, passez à l'atelier !", ours.handle)

    publication = Publication.objects.get(variant__post=reply.post)
    assert publication.account == account
    assert publication.reply_to == parent["uri"]
    assert publication.state == PublicationState.PENDING
    [shown] = replies.replies_of([mention.pk])[mention.pk]
    assert shown.state == "sending"
    now = timezone.now() + dt.timedelta(seconds=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_one(publication.pk, "worker-a", now) is not None
    # The worker claims it again (another turn, another worker): nothing is sent.
    assert publish_one(publication.pk, "worker-b", now) is None

    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    [record] = our_posts(bluesky_network, ours.did)
    assert record["uri"] == publication.remote_uri
    assert record["value"]["text"] == "Oui, passez à l'atelier !"
    assert record["value"]["reply"]["parent"] == {"uri": parent["uri"], "cid": parent["cid"]}
    assert record["value"]["reply"]["root"] == {"uri": root["uri"], "cid": root["cid"]}
    # The item is handled, its response time ended when the reply went out.
    mention.refresh_from_db()
    assert mention.state == MentionState.HANDLED
    assert mention.responded_at == publication.published_at
    [shown] = replies.replies_of([mention.pk])[mention.pk]
    assert (shown.state, shown.link) == ("sent", publication.remote_url)


def test_a_worker_dying_after_sending_leaves_one_reply(
    thread,
    bluesky_network,  # noqa: F811
):
    alice, account, ours, root, parent, mention = thread
    reply = replies.send_reply(alice, mention.pk, "Avec plaisir", ours.handle)
    publication = Publication.objects.get(variant__post=reply.post)
    now = timezone.now() + dt.timedelta(seconds=10)

    # Worker A claims it and sends it, then dies before writing the outcome.
    assert claims.claim(publication.pk, "worker-a", now)
    [claimed] = batch.load(Publication.objects.filter(pk=publication.pk), now)
    assert send(claimed, now).ref is not None
    assert len(our_posts(bluesky_network, ours.did)) == 1

    # Its lease ends: the loop takes it back, and worker B runs it again.
    later = now + dt.timedelta(hours=1)
    assert claims.release_stale(later) == 1
    assert publish_one(publication.pk, "worker-b", later) is not None

    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    [record] = our_posts(bluesky_network, ours.did)
    assert record["uri"] == publication.remote_uri
    assert record["value"]["reply"]["parent"]["uri"] == parent["uri"]
    assert record["value"]["reply"]["root"]["uri"] == root["uri"]


def test_the_worker_loop_sends_it_at_its_next_turn_once(
    thread,
    bluesky_network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    alice, account, ours, root, parent, mention = thread
    replies.send_reply(alice, mention.pk, "Bonne route !", ours.handle)

    with django_capture_on_commit_callbacks(execute=True):
        Loop("w1", side_work=False).tick()
        Loop("w2", side_work=False).tick()

    [record] = our_posts(bluesky_network, ours.did)
    assert record["value"]["text"] == "Bonne route !"
    assert record["value"]["reply"]["parent"]["uri"] == parent["uri"]
    mention.refresh_from_db()
    assert mention.state == MentionState.HANDLED


def test_a_conversation_read_from_our_notifications_is_answered(
    workspace,
    owner,
    bluesky_network,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    """The whole way: a fan answers our post, the conversations source brings it into the
    inbox, mostra replies to it, the reply is in the thread under the fan's answer."""
    import time

    from mostra.listening.models import Mention
    from mostra.listening.services import polling, sources
    from mostra.publishing.connect.bluesky import connect_bluesky

    if not bluesky_network.has_appview:
        pytest.skip("notifications need the network's AppView")
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    alice = Membership.objects.get(workspace=workspace, user=owner)
    ours = bluesky_network.new_account("atelier")
    connect_bluesky(alice, ours.handle, ours.app_password, bluesky_network.url)
    already_posting(workspace, "bluesky")
    source = sources.add_source(alice, "bluesky_conversations", {"account": ours.handle})
    own = bluesky_network.write(
        ours, "app.bsky.feed.post", {"text": "Ouvert samedi", "createdAt": now_iso()}
    )
    ref = {"uri": own["uri"], "cid": own["cid"]}
    fan = bluesky_network.new_account("fan")
    # A reply indexed before the post it answers notifies nobody (see wait_indexed).
    assert bluesky_network.wait_indexed(fan, own["uri"])
    answer = bluesky_network.write(
        fan,
        "app.bsky.feed.post",
        {"text": "Et dimanche ?", "reply": {"root": ref, "parent": ref}, "createdAt": now_iso()},
    )
    deadline = time.monotonic() + 60
    while not Mention.objects.filter(source=source).exists() and time.monotonic() < deadline:
        polling.poll_one(source, timezone.now())
        time.sleep(0.5)
    mention = Mention.objects.get(source=source)

    replies.send_reply(alice, mention.pk, "Fermé le dimanche.", "")
    with django_capture_on_commit_callbacks(execute=True):
        Loop("w1", side_work=False).tick()

    [record] = our_posts(bluesky_network, ours.did)
    assert record["value"]["reply"] == {
        "root": ref,
        "parent": {"uri": answer["uri"], "cid": answer["cid"]},
    }
    mention.refresh_from_db()
    assert mention.state == MentionState.HANDLED
