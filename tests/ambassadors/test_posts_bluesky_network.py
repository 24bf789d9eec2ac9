"""An influencer on a whole local Bluesky network (dev-env): their paid post without
« Collaboration commerciale » is found in their public feed through the AppView (no
login), attributed to the campaign by its hashtag and flagged with the rule quoted;
the same post added by its bsky.app address is the same tracked post."""

from __future__ import annotations

import datetime as dt
import time

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
from mostra.integrations.bluesky.records import now_iso
from tests.peers.bluesky import bluesky_network  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.peer]


def test_an_influencers_paid_post_found_on_bluesky_and_flagged(
    bluesky_network,  # noqa: F811
    workspace,
    owner_membership,
    settings,
):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = bluesky_network.appview_url
    lea = bluesky_network.new_account("lea")
    fan = bluesky_network.new_account("fan")
    member = Member.objects.create(workspace=workspace, name="Léa", compensation=Compensation.PAID)
    MemberAccount.objects.create(
        workspace=workspace, member=member, network="bluesky", handle=lea.handle.lower()
    )
    today = timezone.localdate()
    campaign = InfluenceCampaign.objects.create(
        workspace=workspace,
        name="Fête du vélo",
        start=today - dt.timedelta(days=1),
        end=today + dt.timedelta(days=1),
        hashtags=["FeteDuVelo"],
    )
    Collaboration.objects.create(campaign=campaign, member=member, compensation="paid")
    text = "Mon vélo tout neuf pour la #FeteDuVelo, merci l'atelier !"
    written = bluesky_network.write(
        lea, "app.bsky.feed.post", {"text": text, "createdAt": now_iso(), "langs": ["fr"]}
    )
    bluesky_network.write(
        fan,
        "app.bsky.feed.like",
        {"subject": {"uri": written["uri"], "cid": written["cid"]}, "createdAt": now_iso()},
    )

    deadline = time.monotonic() + 60
    while True:  # the AppView indexes the PDS's firehose asynchronously
        tracked_posts.refresh_member(owner_membership, member)
        post = TrackedPost.objects.filter(network_id=written["uri"]).first()
        if (post is not None and post.likes == 1) or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    assert post is not None, "the post never appeared in the AppView's feed"
    assert (post.source, post.member, post.campaign, post.likes) == (
        "public-feed",
        member,
        campaign,
        1,
    )
    assert post.text == text
    assert post.compliance == "non-compliant"
    [finding] = post.findings
    assert finding["code"] == "missing"
    assert "“Collaboration commerciale”" in finding["rule"]
    assert "loi n° 2023-451 du 9 juin 2023, art. 5" in finding["rule"]

    rkey = written["uri"].rsplit("/", 1)[1]
    by_url = tracked_posts.track_url(
        owner_membership, f"https://bsky.app/profile/{lea.handle}/post/{rkey}"
    )
    assert by_url.pk == post.pk and TrackedPost.objects.count() == 1
