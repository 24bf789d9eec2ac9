"""A competitor's public Bluesky profile read from a whole local network (dev-env).

The competitor posts, answers and reposts on the local PDS; a fan likes and reposts
its post and follows it. mostra reads the profile through the dev-env's AppView,
without logging in, as it reads public.api.bsky.app. The AppView indexes the PDS's
firehose asynchronously: the test polls (with a deadline) until the counts arrive.
"""

from __future__ import annotations

import time

import pytest

from mostra.analytics import public_profiles
from mostra.analytics.models import AccountPost, FollowerCount
from mostra.integrations.bluesky.records import now_iso
from tests.peers.bluesky import bluesky_network  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.peer]


def test_a_public_bluesky_profile_through_the_appview(bluesky_network, workspace, settings):  # noqa: F811
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = bluesky_network.appview_url
    rival = bluesky_network.new_account("rival")
    fan = bluesky_network.new_account("fan")
    own = bluesky_network.write(
        rival, "app.bsky.feed.post", {"text": "Notre tomme de printemps", "createdAt": now_iso()}
    )
    theirs = bluesky_network.write(
        fan, "app.bsky.feed.post", {"text": "Le marché de samedi", "createdAt": now_iso()}
    )
    own_ref = {"uri": own["uri"], "cid": own["cid"]}
    their_ref = {"uri": theirs["uri"], "cid": theirs["cid"]}
    bluesky_network.write(
        rival, "app.bsky.feed.repost", {"subject": their_ref, "createdAt": now_iso()}
    )
    bluesky_network.write(
        rival,
        "app.bsky.feed.post",
        {
            "text": "Merci !",
            "createdAt": now_iso(),
            "reply": {"root": their_ref, "parent": their_ref},
        },
    )
    bluesky_network.write(fan, "app.bsky.feed.like", {"subject": own_ref, "createdAt": now_iso()})
    bluesky_network.write(fan, "app.bsky.feed.repost", {"subject": own_ref, "createdAt": now_iso()})
    bluesky_network.write(
        fan, "app.bsky.graph.follow", {"subject": rival.did, "createdAt": now_iso()}
    )

    address = public_profiles.parse_address("bluesky", rival.handle)
    deadline = time.monotonic() + 60
    while True:
        try:
            profile = public_profiles.read(address)
        except public_profiles.ProfileUnavailable:
            profile = None
        done = (
            profile is not None
            and len(profile.posts) == 3
            and profile.followers == 1
            and any(p.likes == 1 and p.reposts == 1 for p in profile.posts)
        )
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    account, counts = public_profiles.add_competitor(workspace, "bluesky", rival.handle)
    assert (counts["originals"], counts["replies"], counts["reposts"]) == (1, 1, 1)
    assert account.external_id == rival.did
    original = AccountPost.objects.get(account=account, network_id=own["uri"])
    assert (original.likes, original.reposts, original.replies) == (1, 1, 0)
    repost = AccountPost.objects.get(account=account, kind="repost")
    assert repost.target_id == theirs["uri"] and repost.likes is None
    assert FollowerCount.objects.get(account=account).followers == 1
    again = public_profiles.refresh(account)
    assert again["new"] == 0 and AccountPost.objects.filter(account=account).count() == 3
