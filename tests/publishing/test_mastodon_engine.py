"""Mastodon through the publishing engine, against mastodon-mock on 127.0.0.1: a due
publication goes out once and is published with its link; the same publication run
again finds nothing to do; the counts another account makes and the followers arrive
as snapshots; a revoked token fails the publication in plain words and marks the
account for reconnecting.
"""

from __future__ import annotations

import httpx
import pytest

from mostra.publishing.connect.mastodon import connect_mastodon
from mostra.publishing.models import (
    AccountStatus,
    FollowerSnapshot,
    MetricSnapshot,
    PublicationState,
    SocialAccount,
)
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services.metrics import collect_due, collect_followers_due
from tests.peers import mastodon as peer
from tests.peers.mastodon import MastodonMock
from tests.publishing.conftest import fresh

pytestmark = pytest.mark.peer
mastodon_mock = peer.mastodon_mock


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def user(mastodon_mock: MastodonMock):
    return mastodon_mock.new_user()


@pytest.fixture
def account(workspace, mastodon_mock: MastodonMock, user) -> SocialAccount:
    return connect_mastodon(None, mastodon_mock.url, user.token, workspace=workspace)


def statuses_of(mock: MastodonMock, user) -> list[dict]:
    return mock.as_user(user, "GET", f"/api/v1/accounts/{user.id}/statuses").json()


def test_a_due_publication_goes_out_once_with_its_link(
    account, make_publication, moment, mastodon_mock: MastodonMock, user
):
    publication = make_publication(account=account, text="La tomme est prête 🧀")

    publish_one(publication.pk, "worker-1", moment())
    again = publish_one(publication.pk, "worker-2", moment())

    published = fresh(publication)
    assert published.state == PublicationState.PUBLISHED
    [status] = statuses_of(mastodon_mock, user)
    assert published.remote_id == status["id"]
    assert published.remote_url == status["url"]
    assert "La tomme est prête 🧀" in status["content"]
    assert again is None


def test_metrics_and_followers_arrive_as_snapshots(
    account, make_publication, moment, mastodon_mock: MastodonMock, user
):
    publication = make_publication(account=account, text="Qui vient samedi ?")
    publish_one(publication.pk, "worker-1", moment())
    status_id = fresh(publication).remote_id
    fan = mastodon_mock.new_user()
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{status_id}/favourite")
    mastodon_mock.as_user(fan, "POST", f"/api/v1/accounts/{user.id}/follow")

    later = moment.advance(days=1)
    assert collect_due(later) == 1
    assert collect_followers_due(later) >= 1

    snapshot = MetricSnapshot.objects.get(publication=publication)
    assert (snapshot.likes, snapshot.reposts, snapshot.replies) == (1, 0, 0)
    assert snapshot.impressions is None and snapshot.reach is None
    followers = FollowerSnapshot.objects.get(account=account)
    assert (followers.followers, followers.following, followers.posts) == (1, 0, 1)


def test_a_revoked_token_fails_the_publication_and_asks_to_reconnect(
    account, make_publication, moment, mastodon_mock: MastodonMock, user
):
    httpx.post(f"{mastodon_mock.url}/oauth/revoke", data={"token": user.token})
    publication = make_publication(account=account)

    publish_one(publication.pk, "worker-1", moment())

    failed = fresh(publication)
    assert failed.state == PublicationState.FAILED
    assert "Reconnect the account" in failed.error_message
    assert user.token not in failed.error_message
    account.refresh_from_db()
    assert account.status == AccountStatus.NEEDS_RECONNECT
    reader = mastodon_mock.new_user()
    assert mastodon_mock.as_user(reader, "GET", f"/api/v1/accounts/{user.id}/statuses").json() == []
