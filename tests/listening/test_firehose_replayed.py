"""What the real PDS will not do on demand — end a stream with ``ConsumerTooSlow``, say a
cursor is outdated, cut the connection — done by a local server replaying frames
recorded from the real PDS's stream (the exact bytes it sent), as a service does: the
events after the cursor the consumer asks."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import libipld
import pytest
from websockets.sync.client import connect
from websockets.sync.server import ServerConnection, serve

from mostra.integrations.bluesky.records import now_iso
from mostra.listening.firehose import consumer as consumer_module
from mostra.listening.firehose.consumer import Consumer
from mostra.listening.firehose.frames import decode
from mostra.listening.firehose.stream import service_address, subscription_url
from mostra.listening.models import FirehoseCursor, Mention
from mostra.listening.services import matching
from mostra.listening.services.queries import add_query
from mostra.listening.services.sources import add_source
from tests.listening.firehose_support import head_seq
from tests.peers.bluesky import BlueskyPeer, bluesky_pds  # noqa: F401

pytestmark = pytest.mark.peer


def error_frame(name: str) -> bytes:
    return libipld.encode_dag_cbor({"op": -1}) + libipld.encode_dag_cbor(
        {"error": name, "message": "recorded"}
    )


def info_frame(name: str) -> bytes:
    return libipld.encode_dag_cbor({"op": 1, "t": "#info"}) + libipld.encode_dag_cbor(
        {"name": name}
    )


@dataclass
class Replay:
    """A service sending ``frames`` (seq, bytes) after the cursor asked; the first
    connection ends after ``cut`` frames with ``ending`` (an error frame, or None: the
    connection closed)."""

    frames: list[tuple[int, bytes]]
    cut: int
    ending: bytes | None
    first: bytes | None = None
    cursors: list[int | None] = field(default_factory=list)

    def handle(self, connection: ServerConnection) -> None:
        query = parse_qs(urlsplit(connection.request.path).query) if connection.request else {}
        cursor = int(query["cursor"][0]) if "cursor" in query else None
        self.cursors.append(cursor)
        sending = [f for seq, f in self.frames if cursor is None or seq > cursor]
        if len(self.cursors) == 1:
            if self.first:
                connection.send(self.first)
            for frame in sending[: self.cut]:
                connection.send(frame)
            if self.ending:
                connection.send(self.ending)
            connection.close()
            return
        for frame in sending:
            connection.send(frame)
        try:
            connection.recv()  # until the consumer leaves
        except Exception:  # noqa: BLE001, S110 - its leaving is the end
            pass


@pytest.fixture
def recorded(bluesky_pds, settings, owner_membership) -> Iterator[tuple[list, list, int]]:  # noqa: F811
    """Three matching posts and one other, made on the real PDS, and the frames of their
    stream as it sent them."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    matching.forget()
    url = service_address(bluesky_pds.url)
    start = head_seq(url)
    word = f"zorglub{secrets.token_hex(3)}"
    add_query(owner_membership, name="Mot", text=word)
    alice = bluesky_pds.new_account("alice")
    uris = []
    for text in (f"Un {word}", "autre chose", f"Deux {word}", f"Trois {word}"):
        made = bluesky_pds.write(
            alice, "app.bsky.feed.post", {"text": text, "createdAt": now_iso()}
        )
        uris.append(made["uri"])
    frames: list[tuple[int, bytes]] = []
    with connect(subscription_url(url, start), open_timeout=10) as ws:
        while True:
            try:
                frame = ws.recv(timeout=1.5)
            except TimeoutError:
                break
            seq = decode(frame).seq
            if seq is not None:
                frames.append((seq, frame))
    yield frames, [uris[0], uris[2], uris[3]], start


def serve_replay(replay: Replay) -> tuple[str, object]:
    server = serve(replay.handle, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"ws://127.0.0.1:{server.socket.getsockname()[1]}", server


@pytest.mark.parametrize(
    ("ending", "problem"),
    [
        (error_frame("ConsumerTooSlow"), "ConsumerTooSlow"),
        (None, "the stream was cut"),
    ],
)
def test_a_stream_ended_midway_is_resumed_from_the_stored_cursor(
    recorded, owner_membership, monkeypatch, ending, problem
):
    frames, matching_uris, start = recorded
    monkeypatch.setattr(consumer_module, "FIRST_WAIT", 0.1)
    cut = len(frames) // 2
    replay = Replay(frames, cut, ending)
    url, server = serve_replay(replay)
    try:
        add_source(owner_membership, "bluesky_firehose", {"service": url})
        FirehoseCursor.objects.create(service_url=url, seq=start)

        report = Consumer(url, until_seq=frames[-1][0]).run(30)
    finally:
        server.shutdown()

    assert sorted(Mention.objects.values_list("guid", flat=True)) == sorted(matching_uris)
    assert any(problem in p for p in report.problems), report.problems
    # Subscribed again from the last event handled before the end, nothing skipped.
    assert replay.cursors[:2] == [start, frames[cut - 1][0]]
    cursor = FirehoseCursor.objects.get(service_url=url)
    assert (cursor.seq, cursor.events) == (frames[-1][0], len(frames))


def test_an_outdated_cursor_is_said_on_the_streams_health(recorded, owner_membership, owner_client):
    frames, matching_uris, start = recorded
    # The info first, then every event (the service starts from its oldest kept).
    replay = Replay(frames, len(frames), None, first=info_frame("OutdatedCursor"))
    url, server = serve_replay(replay)
    try:
        add_source(owner_membership, "bluesky_firehose", {"service": url})
        FirehoseCursor.objects.create(service_url=url, seq=start)
        report = Consumer(url, until_seq=frames[-1][0]).run(30)
    finally:
        server.shutdown()
    assert any("missed" in p for p in report.problems)
    assert Mention.objects.count() == len(matching_uris)
    # Said on the stream's health, still after the batches stored since.
    assert FirehoseCursor.objects.get(service_url=url).missed_events
    html = owner_client.get("/w/fromagerie/listening/sources/").content.decode()
    assert "Events were missed" in html
