"""Metrics from a whole local Bluesky network (dev-env: PDS + AppView).

A second account likes, reposts, replies to and quotes the post, and follows the
Fromagerie; the AppView indexes the PDS's firehose asynchronously, so the test polls
(with a deadline) until the counts arrive, through mostra's integration.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from mostra.integrations.base import Outgoing, TransportError
from mostra.integrations.bluesky import BlueskyIntegration
from mostra.integrations.bluesky.records import now_iso
from mostra.publishing.models import SocialAccount
from tests.publishing.conftest_bluesky import *  # noqa: F403
from tests.publishing.conftest_bluesky import connected

pytestmark = [pytest.mark.django_db, pytest.mark.peer]
T = TypeVar("T")


def poll(read: Callable[[], T], done: Callable[[T], bool], deadline: float = 60) -> T:
    """Read until ``done`` (the AppView indexes asynchronously); the last value."""
    end = time.monotonic() + deadline
    while True:
        try:
            value = read()
        except TransportError:
            if time.monotonic() > end:
                raise
        else:
            if done(value) or time.monotonic() > end:
                return value
        time.sleep(0.3)


def test_likes_reposts_replies_quotes_and_followers_are_real(bluesky_network, owner_membership):
    assert bluesky_network.has_appview
    fromagerie = bluesky_network.new_account("fromagerie")
    fan = bluesky_network.new_account("fan")
    account = connected(bluesky_network, fromagerie, owner_membership)
    integration = BlueskyIntegration(SocialAccount.objects.get(pk=account.pk))

    ref = integration.publish(Outgoing(key="v-metrics", text="Le comté du mois #fromage"))
    post = bluesky_network.record(ref.uri)
    subject = {"uri": ref.uri, "cid": post["cid"]}
    bluesky_network.write(fan, "app.bsky.feed.like", {"subject": subject, "createdAt": now_iso()})
    bluesky_network.write(fan, "app.bsky.feed.repost", {"subject": subject, "createdAt": now_iso()})
    bluesky_network.write(
        fan,
        "app.bsky.feed.post",
        {"text": "Miam", "createdAt": now_iso(), "reply": {"root": subject, "parent": subject}},
    )
    bluesky_network.write(
        fan,
        "app.bsky.feed.post",
        {
            "text": "À goûter",
            "createdAt": now_iso(),
            "embed": {"$type": "app.bsky.embed.record", "record": subject},
        },
    )
    bluesky_network.write(
        fan, "app.bsky.graph.follow", {"subject": fromagerie.did, "createdAt": now_iso()}
    )

    snapshots = poll(
        lambda: integration.fetch_metrics([ref]),
        lambda found: bool(found) and found[0].quotes == 1 and found[0].replies == 1,
    )
    assert len(snapshots) == 1
    snapshot = snapshots[0]
    assert snapshot.remote_id == ref.remote_id
    assert (snapshot.likes, snapshot.reposts, snapshot.replies, snapshot.quotes) == (1, 1, 1, 1)
    assert snapshot.impressions is None  # Bluesky gives no impressions: no figure, not 0
    assert snapshot.raw["likeCount"] == 1

    figures = poll(integration.fetch_account, lambda f: f.followers == 1)
    assert figures.followers == 1 and figures.following == 0
    assert figures.posts == 1


def test_a_post_the_appview_does_not_know_gets_no_snapshot(bluesky_network, owner_membership):
    fromagerie = bluesky_network.new_account("fromagerie")
    account = connected(bluesky_network, fromagerie, owner_membership)
    integration = BlueskyIntegration(SocialAccount.objects.get(pk=account.pk))
    ref = integration.publish(Outgoing(key="v-gone", text="Bientôt effacé"))
    poll(lambda: integration.fetch_metrics([ref]), bool)
    integration.delete(ref)
    after = poll(lambda: integration.fetch_metrics([ref]), lambda found: found == [])
    assert after == []
