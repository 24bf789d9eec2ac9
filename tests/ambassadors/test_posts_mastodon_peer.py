"""Two ambassadors' and an influencer's posts read from a real Mastodon (mastodon-mock),
without a token: the member's public feed and a status added by its address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.ambassadors.models import (
    Collaboration,
    Compensation,
    InfluenceCampaign,
    Member,
    MemberAccount,
    TrackedPost,
)
from mostra.ambassadors.services import tracked_posts
from tests.peers import mastodon as peer

mastodon_mock = peer.mastodon_mock
pytestmark = [pytest.mark.django_db, pytest.mark.peer]


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


def _member(workspace, mock, user, name: str, compensation: str) -> Member:  # noqa: ANN001
    member = Member.objects.create(workspace=workspace, name=name, compensation=compensation)
    MemberAccount.objects.create(
        workspace=workspace,
        member=member,
        network="mastodon",
        handle=f"{user.username}@127.0.0.1:{mock.port}".lower(),
        profile_url=f"{mock.url}/@{user.username}",
    )
    return member


def test_members_posts_read_from_mastodon(mastodon_mock, workspace, owner_membership):
    paid_user, volunteer_user, fan = (mastodon_mock.new_user() for _ in range(3))
    paid = _member(workspace, mastodon_mock, paid_user, "Influenceuse", Compensation.PAID)
    volunteer = _member(workspace, mastodon_mock, volunteer_user, "Bénévole", Compensation.NONE)
    today = timezone.localdate()
    campaign = InfluenceCampaign.objects.create(
        workspace=workspace,
        name="Fête du vélo",
        start=today - dt.timedelta(days=3),
        end=today + dt.timedelta(days=3),
        hashtags=["FeteDuVelo"],
    )
    for member in (paid, volunteer):
        Collaboration.objects.create(
            campaign=campaign, member=member, compensation=member.compensation
        )

    def status(user, text: str) -> dict:  # noqa: ANN001
        return mastodon_mock.as_user(
            user, "POST", "/api/v1/statuses", json={"status": text, "visibility": "public"}
        ).json()

    undisclosed = status(paid_user, "Mon vélo tout neuf pour la #FeteDuVelo, merci l'atelier !")
    status(volunteer_user, "Venez à la #FeteDuVelo samedi !")
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{undisclosed['id']}/favourite")
    mastodon_mock.as_user(fan, "POST", f"/api/v1/accounts/{paid_user.id}/follow")

    done = tracked_posts.refresh_campaign(owner_membership, campaign)

    assert (done.new, done.errors) == (2, [])
    flagged = TrackedPost.objects.get(member=paid)
    assert (flagged.source, flagged.campaign, flagged.network) == (
        "public-feed",
        campaign,
        "mastodon",
    )
    assert flagged.text == "Mon vélo tout neuf pour la #FeteDuVelo, merci l'atelier !"
    assert (flagged.likes, flagged.reach) == (1, 1)
    assert flagged.compliance == "non-compliant"
    assert flagged.findings[0]["code"] == "missing"
    assert TrackedPost.objects.get(member=volunteer).compliance == "n/a"

    # The same status by its address: the same row, nothing duplicated.
    again = tracked_posts.track_url(owner_membership, undisclosed["url"])
    assert again.pk == flagged.pk and TrackedPost.objects.count() == 2
    # A new disclosed status by its address.
    fixed = status(paid_user, "Collaboration commerciale · Mon vélo pour la #FeteDuVelo")
    post = tracked_posts.track_url(owner_membership, fixed["url"])
    assert (post.source, post.campaign, post.compliance) == ("url", campaign, "compliant")
