"""Bluesky post search read from the real local network (dev-env): test accounts post,
answer, quote, like and repost on its PDS; the AppView indexes them from the firehose
(asynchronously: each test polls until it has); mostra searches them without logging in,
as it searches public.api.bsky.app. What the dev-env's AppView cannot do (answer 429) is
a recorded response, with the exact request asserted."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mostra.core import http
from mostra.integrations.bluesky.records import now_iso
from mostra.listening.networks.bluesky import Search, search_posts
from mostra.listening.networks.calls import Fetched, SourceUnavailable
from tests.peers.bluesky import BlueskyPeer, PeerAccount, bluesky_network  # noqa: F401

pytestmark = pytest.mark.peer


@pytest.fixture
def network(bluesky_network, settings) -> BlueskyPeer:  # noqa: F811
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # the network runs on 127.0.0.1
    settings.MOSTRA_BLUESKY_APPVIEW_URL = bluesky_network.appview_url
    return bluesky_network


def say(network: BlueskyPeer, who: PeerAccount, text: str, **fields) -> dict:
    record = {"text": text, "createdAt": now_iso(), **fields}
    return network.write(who, "app.bsky.feed.post", record)


def until_indexed(search: Search, done, cursor: str | None = None, **options) -> Fetched:
    """Search again (every half second, a minute at most) until ``done(fetched)``."""
    deadline = time.monotonic() + 60
    while True:
        fetched = search_posts(search, cursor, **options)
        if done(fetched) or time.monotonic() > deadline:
            return fetched
        time.sleep(0.5)


def test_a_search_finds_posts_replies_and_quotes_with_their_counts(network):
    word = f"zorglub{secrets.token_hex(3)}"
    alice, bob, carol = (network.new_account(n) for n in ("alice", "bob", "carol"))
    original = say(network, alice, f"Atelier {word} : réparation de vélos", langs=["fr"])
    ref = {"uri": original["uri"], "cid": original["cid"]}
    reply = say(network, bob, f"Merci pour le {word}", reply={"root": ref, "parent": ref})
    quote = say(
        network,
        carol,
        f"Regardez ce {word}",
        langs=["fr-FR"],
        embed={"$type": "app.bsky.embed.record", "record": ref},
    )
    network.write(bob, "app.bsky.feed.like", {"subject": ref, "createdAt": now_iso()})
    network.write(bob, "app.bsky.feed.repost", {"subject": ref, "createdAt": now_iso()})

    counted = {"likes": 1, "reposts": 1, "replies": 1, "quotes": 1}

    def complete(fetched: Fetched) -> bool:  # indexed, and counted (asynchronously too)
        first = {i.guid: i for i in fetched.items}.get(original["uri"])
        return len(fetched.items) == 3 and first is not None and first.counts == counted

    fetched = until_indexed(Search(word), complete)

    assert [i.guid for i in fetched.items] == [quote["uri"], reply["uri"], original["uri"]]
    newest, answer, first = fetched.items
    rkey = original["uri"].rsplit("/", 1)[-1]
    assert first.url == f"https://bsky.app/profile/{alice.handle}/post/{rkey}"
    assert (first.author, first.network, first.kind, first.lang) == (
        alice.handle,
        "bluesky",
        "post",
        "fr",
    )
    assert first.text == f"Atelier {word} : réparation de vélos"
    assert first.counts == counted
    assert (answer.kind, answer.author, answer.lang) == ("reply", bob.handle, None)
    assert (newest.kind, newest.lang) == ("quote", "fr")
    assert fetched.cursor is not None
    assert datetime.fromisoformat(fetched.cursor) >= first.published_at - timedelta(seconds=1)


def test_the_cursor_brings_what_came_since_across_pages(network):
    word = f"zorglub{secrets.token_hex(3)}"
    alice = network.new_account("alice")
    old = say(network, alice, f"Ancien {word}")
    start = until_indexed(Search(word), lambda f: len(f.items) == 1)
    assert start.items[0].guid == old["uri"]
    time.sleep(0.01)
    new = [say(network, alice, f"Nouveau {n} {word}") for n in range(5)]

    wanted = {p["uri"] for p in new}
    later = until_indexed(
        Search(word), lambda f: wanted <= {i.guid for i in f.items}, start.cursor, page=2
    )  # three pages of two

    guids = [i.guid for i in later.items]
    assert guids[:5] == [p["uri"] for p in reversed(new)]
    assert set(guids[5:]) <= {old["uri"]}  # the post at the cursor's very time, at most
    assert later.cursor > start.cursor


def test_the_first_fetch_reads_the_newest_page_only(network):
    word = f"zorglub{secrets.token_hex(3)}"
    alice = network.new_account("alice")
    made = [say(network, alice, f"Message {n} {word}") for n in range(3)]
    until_indexed(Search(word), lambda f: len(f.items) == 3)  # all three indexed

    first = search_posts(Search(word), page=2)

    assert [i.guid for i in first.items] == [made[2]["uri"], made[1]["uri"]]


def test_the_request_says_what_the_source_asks(network):
    sent: list[httpx.Request] = []
    client = http.outbound_client(event_hooks={"request": [sent.append]})
    since = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    until = datetime(2026, 2, 1, tzinfo=UTC)
    search_posts(Search('"atelier vélo"', lang="fr", since=since, until=until), client=client)

    assert len(sent) == 1
    assert str(sent[0].url).startswith(network.appview_url + "/xrpc/app.bsky.feed.searchPosts?")
    assert dict(sent[0].url.params) == {
        "q": '"atelier vélo"',
        "sort": "latest",
        "limit": "100",
        "lang": "fr",
        "since": "2026-01-02T03:04:05.000Z",
        "until": "2026-02-01T00:00:00.000Z",
    }
    assert "Authorization" not in sent[0].headers
    search_posts(Search("atelier", since=since), "2026-03-01T00:00:00.000Z", client=client)
    assert sent[1].url.params["since"] == "2026-03-01T00:00:00.000Z"  # the later of the two


def test_the_appview_is_mostras_unless_the_source_names_another(settings):
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "https://appview.example.org/"
    assert Search("x").base_url == "https://appview.example.org"
    assert Search("x", appview="https://other.example.net/xrpc").base_url == (
        "https://other.example.net"
    )
    settings.MOSTRA_BLUESKY_APPVIEW_URL = ""
    assert Search("x").base_url == "https://public.api.bsky.app"


def test_an_appview_asking_to_slow_down_says_when_to_try_again(settings):
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "https://public.api.bsky.app"
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # no name to resolve: no network here
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:  # recorded from the AppView
        sent.append(request)
        return httpx.Response(
            429,
            headers={"Retry-After": "90", "Content-Type": "application/json"},
            json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        )

    client = http.outbound_client(transport=httpx.MockTransport(answer))
    with pytest.raises(SourceUnavailable) as refused:
        search_posts(Search("vélo"), client=client)
    assert (refused.value.code, refused.value.retry_after) == ("rate_limited", 90)
    assert "public.api.bsky.app asks to slow down" in str(refused.value)
    assert "again in 2 minutes." in str(refused.value)
    assert str(sent[0].url) == (
        "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=v%C3%A9lo&sort=latest&limit=100"
    )


def test_a_malformed_answer_gives_no_item_and_no_error(settings):
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "https://appview.example"
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    posts = [
        {"uri": "at://did:plc:a/app.bsky.feed.post/1", "record": "not a record"},
        {"uri": 42, "record": {"text": "x", "createdAt": "2026-01-01T00:00:00Z"}},
        {"uri": "https://not.an.at.uri", "record": {"createdAt": "2026-01-01T00:00:00Z"}},
        "not a post",
        {
            "uri": "at://did:plc:a/app.bsky.feed.post/2",
            "author": "nobody",
            "record": {
                "text": "Bon",
                "createdAt": "2026-01-01T00:00:00Z",
                "embed": [],
                "langs": "fr",
            },
            "likeCount": -1,
        },
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"posts": posts})

    client = http.outbound_client(transport=httpx.MockTransport(answer))
    fetched = search_posts(Search("bon"), client=client)
    (item,) = fetched.items
    assert (item.guid, item.author, item.text, item.lang, item.counts) == (
        "at://did:plc:a/app.bsky.feed.post/2",
        "did:plc:a",
        "Bon",
        None,
        {},
    )


def refusing(pages: list[dict]) -> tuple[list[httpx.Request], httpx.Client]:
    """An AppView as Bluesky's public one answers anonymous readers (recorded): the
    given pages, then 403 ("Request forbidden by administrative rules")."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) <= len(pages):
            return httpx.Response(200, json=pages[len(sent) - 1])
        return httpx.Response(
            403, text="403 Forbidden\nRequest forbidden by administrative rules.\n"
        )

    return sent, http.outbound_client(transport=httpx.MockTransport(answer))


def test_a_refused_anonymous_search_says_to_give_another_appview(settings):
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "https://public.api.bsky.app"
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    sent, client = refusing([])
    with pytest.raises(SourceUnavailable) as refused:
        search_posts(Search("vélo"), client=client)
    assert (refused.value.code, refused.value.params) == ("refused", {"status": 403})
    assert str(refused.value).startswith(
        "public.api.bsky.app does not let anyone search Bluesky posts without logging in"
    )
    assert "connect the workspace's Bluesky account, or give the source an AppView" in str(
        refused.value
    )


def test_following_pages_refused_keep_what_the_first_gave(settings):
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "https://public.api.bsky.app"
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    post = {
        "uri": "at://did:plc:a/app.bsky.feed.post/1",
        "author": {"handle": "a.bsky.social"},
        "record": {"text": "vélo", "createdAt": "2026-03-01T10:00:00.000Z"},
        "indexedAt": "2026-03-01T10:00:01.000Z",
    }
    sent, client = refusing([{"posts": [post], "cursor": "1"}])
    fetched = search_posts(Search("vélo"), "2026-02-01T00:00:00.000Z", client=client, page=1)
    assert [i.guid for i in fetched.items] == [post["uri"]]
    assert fetched.cursor == "2026-03-01T10:00:00.000Z"
    assert sent[1].url.params["cursor"] == "1"  # the second page was asked, and refused
