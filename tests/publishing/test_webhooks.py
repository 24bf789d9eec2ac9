"""Outbound webhooks: signed deliveries received by a real server on 127.0.0.1, retries
with backoff, and addresses mostra refuses to call."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.publishing.models import DeliveryState, WebhookDelivery, WebhookEvent
from mostra.publishing.services import webhooks

T = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


class Receiver:
    """A real HTTP server that records what it receives and answers ``status``."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.received.append((dict(self.headers.items()), body))
                self.send_response(receiver.status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok thanks" if receiver.status < 300 else b"boom: database down")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/mostra"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    server = Receiver()
    yield server
    server.close()


def test_a_delivery_is_signed_with_the_secret_and_the_receiver_can_check_it(
    owner_membership, receiver
):
    webhook, secret = webhooks.create_webhook(
        owner_membership, receiver.url, [WebhookEvent.PUBLISHED]
    )
    assert webhooks.emit(owner_membership.workspace, WebhookEvent.PUBLISHED, {"post": 7}) == 1
    assert webhooks.emit(owner_membership.workspace, WebhookEvent.FAILED, {"post": 7}) == 0
    assert webhooks.deliver_due(T.replace(year=2100)) == 1
    [(headers, body)] = receiver.received
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Mostra-Signature"] == f"sha256={expected}"
    assert headers["X-Mostra-Event"] == "post.published"
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["event"] == "post.published"
    assert payload["data"] == {"post": 7}
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Mostra-Delivery"] == delivery.delivery_id == payload["id"]
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.response_status == 200
    assert delivery.response_excerpt == "ok thanks"
    assert delivery.attempts == 1


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(owner_membership, receiver):
    webhooks.create_webhook(owner_membership, receiver.url, [WebhookEvent.FAILED])
    receiver.status = 500
    with_time = T
    webhooks.emit(owner_membership.workspace, WebhookEvent.FAILED, {"post": 1})
    WebhookDelivery.objects.update(next_attempt_at=T)
    waits = []
    for _ in range(webhooks.MAX_ATTEMPTS):
        assert webhooks.deliver_due(with_time) == 1
        delivery = WebhookDelivery.objects.get()
        assert delivery.response_status == 500
        assert delivery.response_excerpt == "boom: database down"
        if delivery.state == DeliveryState.PENDING:
            assert webhooks.deliver_due(delivery.next_attempt_at - dt.timedelta(seconds=1)) == 0
            waits.append(delivery.next_attempt_at - with_time)
            with_time = delivery.next_attempt_at
    assert waits == list(webhooks.BACKOFF)
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 6
    assert len(receiver.received) == 6
    ids = {headers["X-Mostra-Delivery"] for headers, _ in receiver.received}
    assert ids == {delivery.delivery_id}, "every try carries the same delivery id"
    assert webhooks.deliver_due(with_time + dt.timedelta(days=30)) == 0


def test_a_receiver_that_recovers_gets_the_delivery(owner_membership, receiver):
    webhooks.create_webhook(owner_membership, receiver.url, [WebhookEvent.SCHEDULED])
    webhooks.emit(owner_membership.workspace, WebhookEvent.SCHEDULED, {"post": 2})
    WebhookDelivery.objects.update(next_attempt_at=T)
    receiver.status = 503
    webhooks.deliver_due(T)
    receiver.status = 204
    assert webhooks.deliver_due(T + dt.timedelta(minutes=1)) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempts == 2
    assert delivery.delivered_at == T + dt.timedelta(minutes=1)


def test_an_unreachable_receiver_is_recorded_and_retried(owner_membership, settings, receiver):
    webhooks.create_webhook(owner_membership, receiver.url, [WebhookEvent.SCHEDULED])
    receiver.close()
    webhooks.emit(owner_membership.workspace, WebhookEvent.SCHEDULED, {"post": 3})
    WebhookDelivery.objects.update(next_attempt_at=T)
    assert webhooks.deliver_due(T) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.PENDING
    assert delivery.response_status is None
    assert delivery.response_excerpt.startswith("Could not connect")
    assert delivery.next_attempt_at == T + dt.timedelta(minutes=1)


def test_a_private_address_is_refused_unless_allowed(owner_membership, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://[::1]/hook"):
        with pytest.raises(DomainError) as refused:
            webhooks.create_webhook(owner_membership, url, [WebhookEvent.PUBLISHED])
        assert "private or local address" in refused.value.message
    with pytest.raises(DomainError, match="https://"):
        webhooks.create_webhook(owner_membership, "ftp://example.org/x", [WebhookEvent.PUBLISHED])
    assert not owner_membership.workspace.webhooks.exists()


def test_a_delivery_to_an_address_that_became_private_is_refused(owner_membership, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    webhooks.create_webhook(owner_membership, "http://127.0.0.1:9/hook", [WebhookEvent.FAILED])
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    webhooks.emit(owner_membership.workspace, WebhookEvent.FAILED, {})
    WebhookDelivery.objects.update(next_attempt_at=T)
    webhooks.deliver_due(T)
    delivery = WebhookDelivery.objects.get()
    assert "private or local address" in delivery.response_excerpt
    assert delivery.state == DeliveryState.PENDING


def test_at_least_one_event_is_needed(owner_membership, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with pytest.raises(DomainError, match="at least one event"):
        webhooks.create_webhook(owner_membership, "http://127.0.0.1/h", ["post.nothing"])


def test_a_deactivated_webhook_gets_nothing_new_and_its_queue_fails(owner_membership, receiver):
    webhook, _ = webhooks.create_webhook(owner_membership, receiver.url, [WebhookEvent.FAILED])
    webhooks.emit(owner_membership.workspace, WebhookEvent.FAILED, {})
    WebhookDelivery.objects.update(next_attempt_at=T)
    webhooks.set_active(owner_membership, webhook, False)
    assert webhooks.emit(owner_membership.workspace, WebhookEvent.FAILED, {}) == 0
    webhooks.deliver_due(T)
    assert receiver.received == []
    assert WebhookDelivery.objects.get().state == DeliveryState.FAILED


def test_the_secret_is_encrypted_and_never_in_the_audit_log(owner_membership, settings):
    from django.db import connection

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    webhook, secret = webhooks.create_webhook(
        owner_membership, "http://127.0.0.1/h", [WebhookEvent.PUBLISHED]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM publishing_webhook WHERE id = %s", [webhook.pk])
        stored = cursor.fetchone()[0]
    assert secret not in stored and stored.startswith("fernet:")
    for event in AuditEvent.objects.all():
        assert secret not in json.dumps(event.changes) + event.object_label


def test_two_workers_never_send_the_same_try_twice(owner_membership, receiver):
    webhooks.create_webhook(owner_membership, receiver.url, [WebhookEvent.FAILED])
    webhooks.emit(owner_membership.workspace, WebhookEvent.FAILED, {})
    delivery = WebhookDelivery.objects.get()
    assert webhooks.claim(delivery, T)
    assert not webhooks.claim(delivery, T), "the second claim finds it taken"


def test_the_engine_events_say_which_post_and_where(owner_membership, settings):
    from tests.publishing.builders_ui import make_account, make_publication

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    workspace = owner_membership.workspace
    webhooks.create_webhook(
        owner_membership,
        "http://127.0.0.1:9/h",
        [WebhookEvent.PUBLISHED, WebhookEvent.FAILED, WebhookEvent.SCHEDULED],
    )
    account = make_account(workspace, network="bluesky", handle="lac.bsky.social")
    publication = make_publication(
        account, published_at=T, remote_url="https://bsky.app/profile/lac/post/1"
    )
    assert webhooks.post_published(publication) == 1
    data = WebhookDelivery.objects.get(event=WebhookEvent.PUBLISHED).payload["data"]
    post = publication.variant.post
    assert data["post"]["id"] == post.pk
    assert data["post"]["url"].endswith(f"/w/fromagerie/posts/{post.pk}/")
    assert data["publication"] == {
        "id": publication.pk,
        "network": "bluesky",
        "account": "lac.bsky.social",
        "state": "published",
        "due_at": T.isoformat(),
        "published_at": T.isoformat(),
        "url": "https://bsky.app/profile/lac/post/1",
        "error": "",
    }
    assert webhooks.post_failed(publication) == 1
    assert webhooks.post_scheduled(post) == 1
    scheduled = WebhookDelivery.objects.get(event=WebhookEvent.SCHEDULED).payload["data"]
    assert [p["network"] for p in scheduled["publications"]] == ["bluesky"]
    assert "credentials" not in json.dumps(scheduled) and "password" not in json.dumps(scheduled)
