"""A thread written with ``---`` lines goes out on mastodon-mock as three statuses,
each replying to the one before, through the publishing engine."""

from __future__ import annotations

import pytest

from mostra.publishing.connect.mastodon import connect_mastodon
from mostra.publishing.models import PublicationState, SocialAccount
from mostra.publishing.scheduler.publisher import publish_one
from tests.peers import mastodon as peer
from tests.peers.mastodon import MastodonMock
from tests.publishing.conftest import fresh

pytestmark = pytest.mark.peer
mastodon_mock = peer.mastodon_mock


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


def test_a_three_part_thread_is_published_as_replies(
    workspace, make_publication, moment, mastodon_mock: MastodonMock
):
    user = mastodon_mock.new_user()
    account: SocialAccount = connect_mastodon(
        None, mastodon_mock.url, user.token, workspace=workspace
    )
    text = "La tomme arrive 🧀\n---\nSix mois de cave.\n---\nDégustation le 12 !"
    publication = make_publication(account=account, text=text)

    publish_one(publication.pk, "worker-1", moment())

    published = fresh(publication)
    assert published.state == PublicationState.PUBLISHED
    statuses = mastodon_mock.as_user(user, "GET", f"/api/v1/accounts/{user.id}/statuses").json()
    by_id = {s["id"]: s for s in statuses}
    first = by_id[published.remote_id]
    assert "La tomme arrive 🧀" in first["content"] and first["in_reply_to_id"] is None
    second = next(s for s in statuses if s["in_reply_to_id"] == first["id"])
    third = next(s for s in statuses if s["in_reply_to_id"] == second["id"])
    assert "Six mois de cave." in second["content"]
    assert "Dégustation le 12 !" in third["content"]
    assert len(statuses) == 3
