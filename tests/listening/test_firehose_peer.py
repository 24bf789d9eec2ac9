"""The Bluesky firehose read from a real local PDS: accounts post on it, the consumer
reads its ``subscribeRepos`` stream and stores in each workspace reading it the posts
matching its queries, and only those."""

from __future__ import annotations

import secrets
import time

import pytest

from mostra.core.http import OutboundRefused
from mostra.integrations.bluesky.records import now_iso
from mostra.listening.firehose.consumer import Consumer
from mostra.listening.firehose.stream import service_address
from mostra.listening.models import FirehoseCursor, Mention, Source
from mostra.listening.services import matching
from mostra.listening.services.queries import add_query
from mostra.listening.services.sources import add_source
from tests.listening.firehose_support import head_seq, read_events
from tests.peers.bluesky import BlueskyPeer, bluesky_pds  # noqa: F401

pytestmark = pytest.mark.peer


@pytest.fixture
def pds(bluesky_pds, settings) -> BlueskyPeer:  # noqa: F811
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # the PDS runs on 127.0.0.1
    matching.forget()
    return bluesky_pds


def consume_until(url: str, done, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        Consumer(url, batch_wait=0.2).run(1.5)


def test_matching_posts_become_mentions_in_each_reading_workspace(pds, owner_membership):
    url = service_address(pds.url)
    word = f"zorglub{secrets.token_hex(3)}"
    source = add_source(owner_membership, "bluesky_firehose", {"service": pds.url})
    add_query(owner_membership, name="Atelier", text=f'"atelier {word}" OR #{word}')
    alice = pds.new_account("alice")  # before the cursor: her handle is asked to the PDS
    FirehoseCursor.objects.create(service_url=url, seq=head_seq(url))
    bob = pds.new_account("bob")  # after: his handle comes with the stream

    first = pds.write(
        alice,
        "app.bsky.feed.post",
        {"text": f"Atelier {word} : réparation de vélos", "createdAt": now_iso(), "langs": ["fr"]},
    )
    pds.write(bob, "app.bsky.feed.post", {"text": f"Rien à voir ({word})", "createdAt": now_iso()})
    ref = {"uri": first["uri"], "cid": first["cid"]}
    answer = pds.write(
        bob,
        "app.bsky.feed.post",
        {"text": f"Merci ! #{word}", "createdAt": now_iso(), "reply": {"root": ref, "parent": ref}},
    )
    last = pds.write(alice, "app.bsky.feed.post", {"text": "ni ceci", "createdAt": now_iso()})

    consume_until(url, lambda: Mention.objects.count() >= 2)
    consume_until(url, lambda: False, seconds=2)  # and nothing more comes

    mentions = {m.guid: m for m in Mention.objects.all()}
    assert set(mentions) == {first["uri"], answer["uri"]}
    post, reply = mentions[first["uri"]], mentions[answer["uri"]]
    rkey = first["uri"].rsplit("/", 1)[-1]
    assert (post.author, post.network, post.kind, post.lang) == (
        alice.handle,
        "bluesky",
        "post",
        "fr",
    )
    assert post.url == f"https://bsky.app/profile/{alice.handle}/post/{rkey}"
    assert post.text == f"Atelier {word} : réparation de vélos"
    assert post.source_id == source.pk and post.workspace_id == owner_membership.workspace_id
    assert reply.kind == "reply" and reply.author == bob.handle
    assert [q.name for q in post.matched_queries.all()] == ["Atelier"]
    # The cursor is past the last post; the source's health says it reads.
    cursor = FirehoseCursor.objects.get(service_url=url)
    assert cursor.seq == max(e.seq for e in read_events(url, head_seq(url) - 1) if e.seq)
    assert last["uri"] not in {p.uri for e in read_events(url, cursor.seq) for p in e.posts}
    assert cursor.last_event_at is not None and cursor.events > 0 and cursor.holder == ""
    source.refresh_from_db()
    assert source.items_stored == 2 and source.last_success_at is not None
    assert source.last_error == ""


def test_a_workspace_without_a_firehose_source_stores_nothing(pds, owner_membership):
    url = service_address(pds.url)
    word = f"zorglub{secrets.token_hex(3)}"
    source = add_source(owner_membership, "bluesky_firehose", {"service": pds.url})
    Source.objects.filter(pk=source.pk).update(enabled=False)
    add_query(owner_membership, name="Mot", text=word)
    FirehoseCursor.objects.create(service_url=url, seq=head_seq(url))
    alice = pds.new_account("alice")
    pds.write(alice, "app.bsky.feed.post", {"text": f"Un {word}", "createdAt": now_iso()})

    consume_until(url, lambda: FirehoseCursor.objects.get(service_url=url).events >= 3, 30)

    assert FirehoseCursor.objects.get(service_url=url).events >= 3
    assert not Mention.objects.exists()


def test_the_outbound_guard_refuses_a_private_service(pds, settings, owner_membership):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    url = service_address(pds.url)
    add_source(owner_membership, "bluesky_firehose", {"service": pds.url})

    with pytest.raises(OutboundRefused, match="MOSTRA_ALLOW_PRIVATE_ADDRESSES"):
        Consumer(url).run(5)

    assert "private or local address" in FirehoseCursor.objects.get(service_url=url).last_error
    source = Source.objects.get(kind="bluesky_firehose")
    assert "private or local address" in source.error_text
    assert not Mention.objects.exists()


def test_a_cursor_the_service_does_not_know_restarts_from_the_live_end(pds, owner_membership):
    """A PDS reset (its events numbered from 1 again): it answers FutureCursor."""
    url = service_address(pds.url)
    word = f"zorglub{secrets.token_hex(3)}"
    add_source(owner_membership, "bluesky_firehose", {"service": pds.url})
    add_query(owner_membership, name="Mot", text=word)
    FirehoseCursor.objects.create(service_url=url, seq=head_seq(url) + 100_000)

    report = Consumer(url).run(3)

    assert any("FutureCursor" in problem for problem in report.problems)
    assert FirehoseCursor.objects.get(service_url=url).seq is None  # from the live end
    alice = pds.new_account("alice")
    post = pds.write(alice, "app.bsky.feed.post", {"text": f"Un {word}", "createdAt": now_iso()})
    consume_until(url, lambda: Mention.objects.exists())
    assert [m.guid for m in Mention.objects.all()] == [post["uri"]]
