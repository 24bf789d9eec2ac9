"""A server that answers the competitor form in another shape than its network's (JSON
nested 100,000 deep, a list for an object, numbers for posts): the form comes back with
the reason, nothing stored; never a 500."""

from __future__ import annotations

import html

import pytest
import respx
from django.urls import reverse

from mostra.analytics.models import ImportRun, TrackedAccount

APPVIEW = "https://appview.example"
DEEP = "[" * 100_000 + "]" * 100_000
ODD = "answered in a form mostra cannot read"
UNEXPECTED = "answered in an unexpected way (200)"


@pytest.fixture(autouse=True)
def _reachable(settings):
    """The example hosts do not resolve here; the address guard has its own tests."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = APPVIEW


def add(client, workspace, network: str, profile: str):
    url = reverse("analytics:account_add", args=[workspace.slug])
    return client.post(url, {"network": network, "profile": profile})


@pytest.mark.parametrize(
    ("lookup", "statuses", "words"),
    [
        (DEEP, "[]", UNEXPECTED),
        ("[1, 2]", "[]", ODD),
        ('{"id": "7"}', DEEP, UNEXPECTED),
        ('{"id": "7"}', '["a status", 3]', ODD),
        ('{"id": "7"}', '[{"created_at": "2026-01-01T00:00:00Z", "uri": "u", "reblog": 1}]', ODD),
    ],
)
def test_a_mastodon_instance_of_another_shape(
    owner_client, outsider_client, workspace, lookup, statuses, words
):
    with respx.mock(base_url="https://masto.example", assert_all_called=False) as mock:
        mock.get("/api/v1/accounts/lookup").respond(200, text=lookup)
        mock.get("/api/v1/accounts/7/statuses").respond(200, text=statuses)
        answer = add(owner_client, workspace, "mastodon", "@rival@masto.example")
        outsider = add(outsider_client, workspace, "mastodon", "@rival@masto.example")
    assert outsider.status_code == 404
    assert answer.status_code == 400
    assert words in html.unescape(answer.content.decode())
    assert not TrackedAccount.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("profile", "feed", "words"),
    [
        (DEEP, "{}", UNEXPECTED),
        ('["did:plc:x"]', "{}", ODD),
        ('{"did": "did:plc:x", "handle": "rival.example"}', '{"feed": [1, 2]}', ODD),
        ('{"did": "did:plc:x", "handle": "rival.example"}', '{"feed": {"a": 1}}', ODD),
    ],
)
def test_a_bluesky_appview_of_another_shape(owner_client, workspace, profile, feed, words):
    with respx.mock(base_url=APPVIEW, assert_all_called=False) as mock:
        mock.get("/xrpc/app.bsky.actor.getProfile").respond(200, text=profile)
        mock.get("/xrpc/app.bsky.feed.getAuthorFeed").respond(200, text=feed)
        answer = add(owner_client, workspace, "bluesky", "rival.example")
    assert answer.status_code == 400
    assert words in html.unescape(answer.content.decode())
    assert not TrackedAccount.objects.exists() and not ImportRun.objects.exists()
