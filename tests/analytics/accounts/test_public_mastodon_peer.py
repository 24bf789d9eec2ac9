"""A competitor's public Mastodon profile read from a real peer (mastodon-mock), no token.

A second account favourites, boosts and answers the competitor's status and follows
it; the competitor posts, answers and boosts. mostra reads the profile without a token
and must find each post's kind and the counts, then read it again without duplicating.
"""

from __future__ import annotations

import pytest

from mostra.analytics import public_profiles
from mostra.analytics.models import AccountPost, FollowerCount, ImportRun, TrackedAccount
from tests.peers import mastodon as peer

mastodon_mock = peer.mastodon_mock
pytestmark = [pytest.mark.django_db, pytest.mark.peer]


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


def test_a_public_profile_is_read_without_a_token(mastodon_mock, workspace, owner):
    rival = mastodon_mock.new_user()
    fan = mastodon_mock.new_user()
    own = mastodon_mock.as_user(
        rival,
        "POST",
        "/api/v1/statuses",
        json={"status": "Notre comté 24 mois", "visibility": "public"},
    ).json()
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{own['id']}/favourite")
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{own['id']}/reblog")
    other = mastodon_mock.as_user(
        fan,
        "POST",
        "/api/v1/statuses",
        json={"status": "Le beaufort d'été", "visibility": "public"},
    ).json()
    mastodon_mock.as_user(
        rival,
        "POST",
        "/api/v1/statuses",
        json={"status": "Merci !", "in_reply_to_id": other["id"], "visibility": "public"},
    )
    mastodon_mock.as_user(rival, "POST", f"/api/v1/statuses/{other['id']}/reblog")
    mastodon_mock.as_user(fan, "POST", f"/api/v1/accounts/{rival.id}/follow")

    account, counts = public_profiles.add_competitor(
        workspace, "mastodon", f"{mastodon_mock.url}/@{rival.username}", user=owner
    )

    assert account.is_competitor and account.network == "mastodon"
    assert account.handle == f"{rival.username}@127.0.0.1:{mastodon_mock.port}"
    assert counts["posts"] == 3
    assert (counts["originals"], counts["replies"], counts["reposts"]) == (1, 1, 1)
    posts = {p.kind: p for p in AccountPost.objects.filter(account=account)}
    original = posts["original"]
    assert original.text == "Notre comté 24 mois"
    assert (original.likes, original.reposts, original.replies) == (1, 1, 0)
    assert original.impressions is None and original.source == "public-profile"
    assert posts["repost"].likes is None  # the boosted post's counts are not the rival's
    assert FollowerCount.objects.get(account=account).followers == 1

    # Reading again after a like: same rows, the liked one updated, nothing duplicated.
    mastodon_mock.as_user(rival, "POST", f"/api/v1/statuses/{own['id']}/favourite")
    again = public_profiles.refresh(TrackedAccount.objects.get(pk=account.pk), user=owner)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 1, 2)
    assert AccountPost.objects.filter(account=account).count() == 3
    assert AccountPost.objects.get(pk=original.pk).likes == 2
    assert ImportRun.objects.filter(account=account, kind="public-profile").count() == 2


def test_an_unknown_profile_is_refused_with_nothing_stored(mastodon_mock, workspace):
    with pytest.raises(public_profiles.ProfileUnavailable) as refused:
        public_profiles.add_competitor(workspace, "mastodon", f"{mastodon_mock.url}/@nobody_here")
    assert "No public profile" in refused.value.message
    assert not TrackedAccount.objects.exists()
