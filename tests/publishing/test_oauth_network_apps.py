"""The administrators' Network applications page: superusers only, secrets never shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mostra.core.models import AuditEvent, User
from mostra.publishing.models import OAuthClient
from tests.conftest import PASSWORD, client_for

PAGE = "/admin-settings/networks/"


@pytest.fixture
def admin_client(db):
    admin = User.objects.create_superuser("admin@mostra.local", PASSWORD)
    return client_for(admin)


def save(client, provider: str, **fields: str):
    data = {f"{provider}-{k}": v for k, v in fields.items()}
    return client.post(reverse("oauth:save_network_app", args=[provider]), data)


def test_the_page_address_is_stable():
    assert reverse("oauth:network_apps") == PAGE


def test_only_superusers_see_it(
    admin_client, owner_client, teammate_client, outsider_client, client, workspace
):
    assert admin_client.get(PAGE).status_code == 200
    for member in (owner_client, teammate_client, outsider_client):
        assert member.get(PAGE).status_code == 404
        assert save(member, "x", client_id="id", client_secret="s").status_code == 404
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page
    assert not OAuthClient.objects.exists()


def test_the_page_lists_the_redirect_addresses_and_the_scopes(admin_client):
    page = admin_client.get(PAGE).content.decode()
    for provider in ("linkedin", "x", "meta", "threads"):
        assert f"/oauth/{provider}/callback/" in page
    assert "tweet.read tweet.write users.read offline.access" in page
    assert "instagram_content_publish" in page


def test_saving_stores_the_secret_encrypted_and_never_shows_it(admin_client):
    response = save(admin_client, "x", client_id="x-id-123", client_secret="very-secret-9")
    assert response.status_code == 302
    app = OAuthClient.objects.get(network="x")
    assert (app.client_id, app.client_secret) == ("x-id-123", "very-secret-9")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM publishing_oauthclient")
        assert cursor.fetchone()[0].startswith("fernet:")
    page = admin_client.get(PAGE).content.decode()
    assert "x-id-123" in page and "very-secret-9" not in page
    events = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    assert "very-secret-9" not in events


def test_an_empty_secret_keeps_the_saved_one(admin_client):
    save(admin_client, "linkedin", client_id="li-1", client_secret="s1")
    save(admin_client, "linkedin", client_id="li-2", client_secret="", api_version="202611")
    app = OAuthClient.objects.get(network="linkedin")
    assert (app.client_id, app.client_secret, app.extra) == (
        "li-2",
        "s1",
        {"api_version": "202611"},
    )


def test_bad_input_is_refused_with_a_message_and_nothing_saved(admin_client):
    response = save(admin_client, "x", client_id="has space", client_secret="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "without spaces" in text and "Enter the client secret" in text
    response = save(
        admin_client, "linkedin", client_id="li", client_secret="s", api_version="2026-11"
    )
    assert "for example 202611" in response.content.decode()
    assert not OAuthClient.objects.exists()


def test_scopes_can_be_narrowed(admin_client):
    save(
        admin_client,
        "linkedin",
        client_id="li",
        client_secret="s",
        scopes="openid, profile w_member_social",
    )
    assert OAuthClient.objects.get().extra == {"scopes": "openid profile w_member_social"}


def test_remove(admin_client):
    save(admin_client, "threads", client_id="th", client_secret="s")
    response = admin_client.post(reverse("oauth:remove_network_app", args=["threads"]))
    assert response.status_code == 302 and not OAuthClient.objects.exists()


def test_unknown_provider_is_404(admin_client):
    assert save(admin_client, "myspace", client_id="a", client_secret="b").status_code == 404


def test_the_page_is_in_french(admin_client):
    response = admin_client.get(PAGE, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200 and 'lang="fr"' in response.content.decode()


def test_an_unset_base_url_is_pointed_out(admin_client, settings):
    import dataclasses

    settings.CONFIG = dataclasses.replace(settings.CONFIG, base_url_explicit=False)
    assert "MOSTRA_BASE_URL is not set" in admin_client.get(PAGE).content.decode()
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, base_url="https://mostra.example.org", base_url_explicit=True
    )
    page = admin_client.get(PAGE).content.decode()
    assert "MOSTRA_BASE_URL is not set" not in page
    assert "https://mostra.example.org/oauth/meta/callback/" in page
