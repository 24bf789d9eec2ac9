"""One workspace's slow receivers do not hold the others' deliveries: the workspaces take
turns in a run, each receiver has a total deadline, and a workspace whose receiver ran
out of time waits for the next run.

Alice's Fromagerie points a webhook at a tarpit (a real server on 127.0.0.1 answering a
byte at a time); Charlie's workspace, at a receiver that answers at once.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mostra.core.models import Membership
from mostra.publishing.models import DeliveryState, WebhookDelivery, WebhookEvent
from mostra.publishing.services import webhooks
from tests.tarpit import Tarpit, http_answer

T = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
EVENT = WebhookEvent.PUBLISHED


class Receiver:
    """Answers 200 after ``pause`` seconds; notes each delivery's ``data["from"]`` and
    the most calls it had at once, in all and per sender."""

    def __init__(self, pause: float = 0.0) -> None:
        self.pause = pause
        self.senders: list[str] = []
        self.at_once = 0
        self.most_at_once = 0
        self.most_from_one: dict[str, int] = {}
        self._from: dict[str, int] = {}
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                sender = json.loads(body)["data"]["from"]
                receiver._enter(sender)
                time.sleep(receiver.pause)
                receiver._leave(sender)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _enter(self, sender: str) -> None:
        with self._lock:
            self.senders.append(sender)
            self.at_once += 1
            self._from[sender] = self._from.get(sender, 0) + 1
            self.most_at_once = max(self.most_at_once, self.at_once)
            self.most_from_one[sender] = max(self.most_from_one.get(sender, 0), self._from[sender])

    def _leave(self, sender: str) -> None:
        with self._lock:
            self.at_once -= 1
            self._from[sender] -= 1

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def allow_local(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def receiver(allow_local) -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def tarpit(allow_local) -> Iterator[Tarpit]:
    """Its answer's headers at once, then a 20-byte body a byte every half second (10 s)."""
    body = b"x" * 20
    server = Tarpit(http_answer(body)[: -len(body)], body, every=0.5)
    yield server
    server.close()


@pytest.fixture
def charlie(outsider, workspace) -> Membership:
    """Charlie owns "Other brand" (made by the workspace fixture), apart from Alice's."""
    return Membership.objects.get(user=outsider, workspace__slug="other-brand")


def queue(membership: Membership, url: str, count: int, at: dt.datetime) -> list[int]:
    """``count`` deliveries of the membership's workspace to ``url``, due at ``at``."""
    webhooks.create_webhook(membership, url, [EVENT])
    sender = membership.workspace.slug
    webhooks.emit_many(membership.workspace, EVENT, [{"from": sender}] * count)
    rows = WebhookDelivery.objects.filter(webhook__workspace=membership.workspace)
    rows.update(next_attempt_at=at)
    return list(rows.order_by("id").values_list("id", flat=True))


def test_a_tarpit_holds_neither_the_others_deliveries_nor_its_own_workspace_for_long(
    owner_membership, charlie, tarpit, receiver, monkeypatch
):
    monkeypatch.setattr(webhooks, "DEADLINE", 2.0)  # 15 s in production
    slow = queue(owner_membership, tarpit.url, 3, T)  # the oldest: first in line before
    quick = queue(charlie, receiver.url, 2, T + dt.timedelta(seconds=1))

    assert webhooks.deliver_due(T + dt.timedelta(minutes=1)) == 3

    assert receiver.senders == ["other-brand", "other-brand"]
    for delivery in WebhookDelivery.objects.filter(pk__in=quick):
        assert delivery.state == DeliveryState.DELIVERED
    first, *rest = WebhookDelivery.objects.filter(pk__in=slow).order_by("id")
    assert tarpit.calls == 1, "after one receiver ran out of time, Alice's others wait"
    assert first.state == DeliveryState.PENDING and first.attempts == 1
    assert first.response_excerpt == "No complete answer within 2 seconds."
    assert first.next_attempt_at == T + dt.timedelta(minutes=2)  # the first backoff
    assert [(d.attempts, d.next_attempt_at) for d in rest] == [(0, T)] * 2, "untried, still due"


def test_a_backlog_of_one_workspace_does_not_fill_the_batch(
    owner_membership, charlie, receiver, monkeypatch
):
    monkeypatch.setattr(webhooks, "BATCH", 5)
    queue(owner_membership, receiver.url, 8, T)  # older: all of the batch, first come
    later = T + dt.timedelta(minutes=5)
    theirs = queue(charlie, receiver.url, 2, later)

    assert webhooks.deliver_due(later) == 5

    assert sorted(receiver.senders) == ["fromagerie"] * 3 + ["other-brand"] * 2
    assert {d.state for d in WebhookDelivery.objects.filter(pk__in=theirs)} == {
        DeliveryState.DELIVERED
    }


def test_receivers_are_called_side_by_side_but_one_at_a_time_per_workspace(
    owner_membership, charlie, allow_local, monkeypatch
):
    receiver = Receiver(pause=0.3)
    try:
        queue(owner_membership, receiver.url, 3, T)
        queue(charlie, receiver.url, 3, T)
        assert webhooks.deliver_due(T) == 6
    finally:
        receiver.close()
    assert receiver.most_at_once == 2
    assert receiver.most_from_one == {"fromagerie": 1, "other-brand": 1}
    assert WebhookDelivery.objects.filter(state=DeliveryState.DELIVERED).count() == 6


def test_a_delivery_due_while_a_receiver_is_slow_goes_out_without_waiting_for_it(
    owner_membership, charlie, tarpit, receiver, monkeypatch
):
    """The run looks again every second while the tarpit holds its call."""
    monkeypatch.setattr(webhooks, "DEADLINE", 3.0)
    queue(owner_membership, tarpit.url, 1, T)
    [theirs] = queue(charlie, receiver.url, 1, T + dt.timedelta(seconds=1))  # not due yet

    assert webhooks.deliver_due(T) == 2

    delivery = WebhookDelivery.objects.get(pk=theirs)
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.delivered_at >= T + dt.timedelta(seconds=1), "when it was found due"


def test_a_receiver_that_never_finishes_connecting_is_slow_too(
    owner_membership, allow_local, monkeypatch
):
    """A server that accepts the connection and never says a word of TLS."""
    monkeypatch.setattr(webhooks, "DEADLINE", 1.5)
    silent = Tarpit(b"", b"\0" * 30)
    try:
        first, second = queue(owner_membership, silent.url.replace("http:", "https:"), 2, T)
        assert webhooks.deliver_due(T) == 1
    finally:
        silent.close()
    tried = WebhookDelivery.objects.get(pk=first)
    assert tried.response_excerpt.startswith("Could not connect:")
    assert tried.state == DeliveryState.PENDING
    assert WebhookDelivery.objects.get(pk=second).attempts == 0, "waits for the next run"
