"""A reply from mostra to a Mastodon item, on mastodon-mock (a real local server
imitating the API): the status answers the item's (``in_reply_to_id``, the id read on
the account's instance from the item's address), once; an item the instance cannot find
fails with the reason, nothing sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import Membership
from mostra.listening.models import MentionState
from mostra.listening.services import replies, response
from mostra.publishing.connect.mastodon import connect_mastodon
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import batch
from mostra.publishing.scheduler.publisher import publish_one, send
from mostra.publishing.services import claims
from tests.listening.reply_support import already_posting, item
from tests.peers import mastodon as peer
from tests.peers.mastodon import MastodonMock

pytestmark = [pytest.mark.peer, pytest.mark.django_db]
mastodon_mock = peer.mastodon_mock


@pytest.fixture
def setup(workspace, owner, mastodon_mock: MastodonMock, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    alice = Membership.objects.get(workspace=workspace, user=owner)
    ours, fan = mastodon_mock.new_user(), mastodon_mock.new_user()
    account = connect_mastodon(None, mastodon_mock.url, ours.token, workspace=workspace)
    already_posting(workspace, "mastodon")
    return alice, account, ours, fan


def publish(publication: Publication, worker: str = "worker-a") -> Publication:
    now = timezone.now() + dt.timedelta(seconds=10)
    publish_one(publication.pk, worker, now)
    publication.refresh_from_db()
    return publication


def test_a_reply_answers_the_status_once(
    setup, mastodon_mock: MastodonMock, django_capture_on_commit_callbacks
):
    alice, account, ours, fan = setup
    status = mastodon_mock.as_user(
        fan, "POST", "/api/v1/statuses", json={"status": "Ouvert dimanche ?"}
    ).json()
    mention = item(
        alice.workspace,
        "mastodon",
        status["uri"],
        status["url"],
        published_at=timezone.now() - dt.timedelta(hours=3),
    )

    reply = replies.send_reply(alice, mention.pk, "Oui, de 10 h à 13 h.", account.handle)
    publication = Publication.objects.get(variant__post=reply.post)
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(publication)
    assert publish_one(publication.pk, "worker-b", timezone.now()) is None

    assert publication.state == PublicationState.PUBLISHED, publication.error_message
    sent = mastodon_mock.as_user(ours, "GET", f"/api/v1/statuses/{publication.remote_id}").json()
    assert str(sent["in_reply_to_id"]) == str(status["id"])
    assert "10 h à 13 h" in sent["content"]
    context = mastodon_mock.as_user(fan, "GET", f"/api/v1/statuses/{status['id']}/context")
    assert [d["id"] for d in context.json()["descendants"]] == [sent["id"]]
    mention.refresh_from_db()
    assert mention.state == MentionState.HANDLED and mention.responded_at is not None
    # The first reply's time is the item's response time, in the workspace's median.
    assert mention.responded_at == publication.published_at
    hours = (publication.published_at - mention.published_at).total_seconds() / 3600
    assert response.median_response_hours(alice.workspace) == round(hours, 2)


def test_an_item_the_instance_cannot_find_fails_with_the_reason(setup, mastodon_mock):
    alice, account, ours, fan = setup
    gone = "https://elsewhere.example/@someone/110000000000000001"
    mention = item(alice.workspace, "mastodon", gone)

    reply = replies.send_reply(alice, mention.pk, "Merci !", account.handle)
    publication = publish(Publication.objects.get(variant__post=reply.post))

    assert publication.state == PublicationState.FAILED
    assert "cannot find the post this reply answers" in publication.error_message
    statuses = mastodon_mock.as_user(ours, "GET", f"/api/v1/accounts/{ours.id}/statuses").json()
    assert statuses == []
    [shown] = replies.replies_of([mention.pk])[mention.pk]
    assert shown.state == "failed" and "cannot find" in shown.error
    mention.refresh_from_db()
    assert mention.state == MentionState.NEW


def test_a_worker_dying_after_sending_leaves_one_reply(setup, mastodon_mock: MastodonMock):
    alice, account, ours, fan = setup
    status = mastodon_mock.as_user(
        fan, "POST", "/api/v1/statuses", json={"status": "Prix ?"}
    ).json()
    mention = item(alice.workspace, "mastodon", status["uri"], status["url"])
    reply = replies.send_reply(alice, mention.pk, "Sur devis.", account.handle)
    publication = Publication.objects.get(variant__post=reply.post)
    now = timezone.now() + dt.timedelta(seconds=10)

    # Worker A sends it, then dies before writing the outcome; its lease ends.
    assert claims.claim(publication.pk, "worker-a", now)
    [claimed] = batch.load(Publication.objects.filter(pk=publication.pk), now)
    assert send(claimed, now).ref is not None
    later = now + dt.timedelta(minutes=30)
    assert claims.release_stale(later) == 1
    assert publish_one(publication.pk, "worker-b", later) is not None

    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED, publication.error_message
    statuses = mastodon_mock.as_user(ours, "GET", f"/api/v1/accounts/{ours.id}/statuses").json()
    assert [(s["id"], str(s["in_reply_to_id"])) for s in statuses] == [
        (publication.remote_id, str(status["id"]))
    ]
