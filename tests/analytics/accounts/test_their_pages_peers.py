"""What works on their pages from real peers: a competitor's posts read from its public
Bluesky profile through the local network's AppView, and from its public Mastodon
profile (mastodon-mock), carry their formats to the page."""

from __future__ import annotations

import time

import pytest

from mostra.analytics import public_profiles
from mostra.analytics.models import AccountPost
from mostra.integrations.bluesky.records import now_iso
from tests.peers import mastodon as peer
from tests.peers.bluesky import bluesky_network  # noqa: F401  (the fixture)

mastodon_mock = peer.mastodon_mock
pytestmark = [pytest.mark.django_db, pytest.mark.peer]


def test_bluesky_formats_reach_the_page(bluesky_network, workspace, settings, owner_client):  # noqa: F811
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = bluesky_network.appview_url
    rival = bluesky_network.new_account("formats")
    card = {
        "$type": "app.bsky.embed.external",
        "external": {"uri": "https://example.org/tomme", "title": "Tomme", "description": ""},
    }
    linked = bluesky_network.write(
        rival,
        "app.bsky.feed.post",
        {"text": "Notre tomme en ligne", "createdAt": now_iso(), "embed": card},
    )
    plain = bluesky_network.write(
        rival, "app.bsky.feed.post", {"text": "Ouvert samedi", "createdAt": now_iso()}
    )
    address = public_profiles.parse_address("bluesky", rival.handle)
    deadline = time.monotonic() + 60
    while True:
        try:
            posts = public_profiles.read(address).posts
        except public_profiles.ProfileUnavailable:
            posts = []
        if len(posts) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    account, _counts = public_profiles.add_competitor(workspace, "bluesky", rival.handle)
    formats = dict(AccountPost.objects.filter(account=account).values_list("network_id", "format"))
    assert formats == {linked["uri"]: "link", plain["uri"]: "text"}
    html = owner_client.get(f"/w/{workspace.slug}/analytics/compare/their-pages/").content.decode()
    assert "Notre tomme en ligne" in html and '<tr data-format="link">' in html


def test_mastodon_formats(mastodon_mock, workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    rival = mastodon_mock.new_user()
    mastodon_mock.as_user(
        rival, "POST", "/api/v1/statuses", json={"status": "Le comté", "visibility": "public"}
    )
    account, _counts = public_profiles.add_competitor(
        workspace, "mastodon", f"{mastodon_mock.url}/@{rival.username}"
    )
    assert list(AccountPost.objects.filter(account=account).values_list("format", flat=True)) == [
        "text"
    ]
