"""The webhooks page: owners and managers only (404 to teammates and outsiders), the
secret shown once, private addresses refused, and the delivery log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.publishing.models import DeliveryState, Webhook, WebhookDelivery, WebhookEvent
from mostra.publishing.services import webhooks

BASE = "/w/fromagerie/webhooks/"


@pytest.fixture
def hook(workspace) -> Webhook:
    return Webhook.objects.create(
        workspace=workspace,
        url="https://hooks.example.org/mostra",
        secret="whsec_existing-secret-value",
        events=[WebhookEvent.PUBLISHED, WebhookEvent.FAILED],
    )


def test_only_owners_and_managers_reach_the_page(
    workspace, hook, owner_client, teammate_client, outsider_client, client
):
    assert owner_client.get(BASE).status_code == 200
    assert teammate_client.get(BASE).status_code == 404
    assert outsider_client.get(BASE).status_code == 404
    assert client.get(BASE).status_code == 302
    for path, data in (
        (BASE, {"url": "https://hooks.example.org/x", "events": ["post.published"]}),
        (f"{BASE}{hook.pk}/active/", {"active": "0"}),
        (f"{BASE}{hook.pk}/delete/", {}),
    ):
        for member in (teammate_client, outsider_client):
            assert member.post(path, data).status_code == 404
    hook.refresh_from_db()
    assert hook.active
    assert Webhook.objects.count() == 1


def test_a_webhook_of_another_workspace_is_404(workspace, owner_client):
    from mostra.core.models import Workspace

    other = Webhook.objects.create(
        workspace=Workspace.objects.get(slug="other-brand"),
        url="https://elsewhere.example.org/",
        secret="whsec_x",
        events=[WebhookEvent.PUBLISHED],
    )
    assert owner_client.post(f"{BASE}{other.pk}/delete/").status_code == 404
    assert owner_client.post(f"{BASE}{other.pk}/active/", {"active": "0"}).status_code == 404
    assert "elsewhere.example.org" not in owner_client.get(BASE).content.decode()
    assert Webhook.objects.filter(pk=other.pk, active=True).exists()


def test_adding_a_webhook_shows_its_secret_once(workspace, owner_client, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    response = owner_client.post(
        BASE, {"url": "http://127.0.0.1:9000/in", "events": ["post.published", "post.failed"]}
    )
    assert response.status_code == 200
    webhook = Webhook.objects.get()
    assert webhook.events == ["post.published", "post.failed"]
    page = response.content.decode()
    assert webhook.secret in page
    assert "shown only this once" in page
    again = owner_client.get(BASE).content.decode()
    assert "http://127.0.0.1:9000/in" in again
    assert webhook.secret not in again


def test_a_private_address_is_refused_with_what_to_do(workspace, owner_client, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    response = owner_client.post(
        BASE, {"url": "http://192.168.1.20/hook", "events": ["post.failed"]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "192.168.1.20 is a private or local address" in page
    assert "MOSTRA_ALLOW_PRIVATE_ADDRESSES" in page
    assert not Webhook.objects.exists()


def test_bad_input_is_refused(workspace, owner_client):
    response = owner_client.post(BASE, {"url": "not an address", "events": []})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid URL." in page
    assert "Choose at least one event to send." in page
    assert not Webhook.objects.exists()


def test_deactivate_reactivate_and_delete(workspace, hook, owner_client):
    response = owner_client.post(f"{BASE}{hook.pk}/active/", {"active": "0"}, follow=True)
    assert "deactivated" in response.content.decode()
    hook.refresh_from_db()
    assert not hook.active
    assert webhooks.emit(workspace, WebhookEvent.PUBLISHED, {}) == 0
    owner_client.post(f"{BASE}{hook.pk}/active/", {"active": "1"})
    hook.refresh_from_db()
    assert hook.active
    response = owner_client.post(f"{BASE}{hook.pk}/delete/", follow=True)
    assert "deleted" in response.content.decode()
    assert not Webhook.objects.exists()


def test_the_delivery_log_shows_each_delivery_and_never_the_secret(
    workspace, hook, owner_client, django_assert_max_num_queries
):
    now = timezone.now()
    for i in range(30):
        webhooks.emit(workspace, WebhookEvent.PUBLISHED, {"post": i})
    WebhookDelivery.objects.filter(pk=WebhookDelivery.objects.order_by("id").first().pk).update(
        state=DeliveryState.FAILED,
        attempts=6,
        response_status=500,
        response_excerpt="boom: database down",
    )
    WebhookDelivery.objects.filter(pk=WebhookDelivery.objects.order_by("id").last().pk).update(
        state=DeliveryState.PENDING,
        attempts=2,
        response_status=503,
        response_excerpt="busy",
        next_attempt_at=now + dt.timedelta(minutes=5),
    )
    with django_assert_max_num_queries(10):
        response = owner_client.get(BASE)
    page = response.content.decode()
    assert page.count('data-state="pending"') == 29
    assert "HTTP 503" in page and "next try" in page
    assert "Post published" in page
    assert hook.secret not in page

    assert "boom: database down" in page and 'data-state="failed"' in page
