"""Conversations on the workspace's own Bluesky account, read from its notifications
through its session on the local Bluesky network (PDS + AppView): a reply, a mention and
a quote land in the inbox once each, with their kind; a like does not."""

from __future__ import annotations

import datetime as dt
import time

import httpx
import pytest
from django.utils import timezone

from mostra.core.models import Membership
from mostra.listening.models import Mention
from mostra.listening.services import polling, sources
from tests.peers.bluesky import bluesky_network  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.peer, pytest.mark.django_db]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_replies_mentions_and_quotes_of_our_account_reach_the_inbox(
    workspace,
    owner,
    bluesky_network,  # noqa: F811
    settings,
):
    from mostra.publishing.connect.bluesky import connect_bluesky

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    alice = Membership.objects.get(workspace=workspace, user=owner)
    ours = bluesky_network.new_account("atelier")
    connect_bluesky(alice, ours.handle, ours.app_password, bluesky_network.url)
    source = sources.add_source(alice, "bluesky_conversations", {"account": ours.handle})
    own = bluesky_network.write(
        ours, "app.bsky.feed.post", {"text": "Nouveaux horaires", "createdAt": now_iso()}
    )
    ref = {"uri": own["uri"], "cid": own["cid"]}
    fan = bluesky_network.new_account("fan")
    # A reply or a quote the AppView indexes before the post it answers notifies nobody
    # (its indexer reads each repository apart): the fan answers a post it can see.
    assert bluesky_network.wait_indexed(fan, own["uri"])
    reply = bluesky_network.write(
        fan,
        "app.bsky.feed.post",
        {"text": "Merci !", "reply": {"root": ref, "parent": ref}, "createdAt": now_iso()},
    )
    text = f"Allez voir @{ours.handle} pour vos vélos"
    start = text.encode().index(b"@")
    mention = bluesky_network.write(
        fan,
        "app.bsky.feed.post",
        {
            "text": text,
            "facets": [
                {
                    "index": {"byteStart": start, "byteEnd": start + 1 + len(ours.handle)},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ours.did}],
                }
            ],
            "createdAt": now_iso(),
        },
    )
    quote = bluesky_network.write(
        fan,
        "app.bsky.feed.post",
        {
            "text": "À lire",
            "embed": {"$type": "app.bsky.embed.record", "record": ref},
            "createdAt": now_iso(),
        },
    )
    bluesky_network.write(fan, "app.bsky.feed.like", {"subject": ref, "createdAt": now_iso()})

    wanted = {reply["uri"]: "reply", mention["uri"]: "mention", quote["uri"]: "quote"}
    # The AppView indexes asynchronously: read once it lists all three notifications
    # (the PDS proxies listNotifications to it), as the worker's next poll would.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        listed = httpx.get(
            bluesky_network.xrpc("app.bsky.notification.listNotifications"),
            headers=ours.auth,
            timeout=10,
        )
        uris = (
            {n["uri"] for n in listed.json().get("notifications", [])}
            if listed.is_success
            else set()
        )
        if set(wanted) <= uris:
            break
        time.sleep(0.5)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        result = polling.poll_one(source, timezone.now())
        assert result.error == "", result.error_text
        if Mention.objects.filter(source=source).count() >= len(wanted):
            break
        time.sleep(0.5)
    found = dict(Mention.objects.filter(source=source).values_list("guid", "kind"))
    assert found == wanted
    row = Mention.objects.get(guid=reply["uri"])
    assert row.text == "Merci !" and row.author == fan.handle and row.network == "bluesky"

    # Read again: nothing twice, and the cursor kept.
    source.refresh_from_db()
    assert source.etag
    assert polling.poll_one(source, timezone.now()).stored == 0
    assert Mention.objects.filter(source=source).count() == 3
