"""Mastodon, recorded: signing in with the instance (app registration, authorisation
address, code exchange)."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest
from django.db import connection

from mostra.core.errors import DomainError
from mostra.integrations.mastodon import NotMastodon
from mostra.publishing.models import (
    MastodonApp,
    MastodonInstance,
)
from mostra.publishing.services import mastodon_oauth
from tests.publishing.mastodon_recorded.recorded import (
    BASE,
    INSTANCE_V2,
    TOKEN,
)

REDIRECT = "https://mostra.example/w/fromagerie/accounts/mastodon/callback/"


def s256(verifier: str) -> str:
    """PKCE's S256 challenge of ``verifier`` (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def registered(redirect: str = REDIRECT) -> MastodonApp:
    instance, _ = MastodonInstance.objects.get_or_create(url=BASE, domain="mastodon.example")
    return MastodonApp.objects.create(
        instance=instance,
        redirect_uri=redirect,
        scopes="read write:statuses write:media",
        client_id="cid-1",
        client_secret="csecret-1",
    )


def test_register_app_registers_once_per_instance(db, api, settings):
    settings.MOSTRA_BASE_URL = "https://mostra.example"
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    apps = api.post("/api/v1/apps").respond(
        200, json={"client_id": "cid-1", "client_secret": "csecret-1", "name": "mostra"}
    )

    first = mastodon_oauth.register_app("https://Mastodon.example/", REDIRECT)
    second = mastodon_oauth.register_app(BASE, REDIRECT)

    assert first == second == ("cid-1", "csecret-1")
    assert apps.call_count == 1
    sent = apps.calls.last.request
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in sent.headers
    assert dict(httpx.QueryParams(sent.content.decode())) == {
        "client_name": "mostra",
        "redirect_uris": REDIRECT,
        "scopes": "read write:statuses write:media",
        "website": "https://mostra.example",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM publishing_mastodonapp")
        [(stored,)] = cursor.fetchall()
    assert stored.startswith("fernet:") and "csecret-1" not in stored


def test_authorize_url_asks_for_the_scopes_with_state_and_pkce(db, api):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.post("/api/v1/apps").respond(200, json={"client_id": "cid-1", "client_secret": "s"})

    started = mastodon_oauth.begin("mastodon.example", REDIRECT)

    url = httpx.URL(started.url)
    assert (url.scheme, url.host, url.path) == ("https", "mastodon.example", "/oauth/authorize")
    assert dict(url.params) == {
        "client_id": "cid-1",
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "read write:statuses write:media",
        "state": started.state,
        "code_challenge": s256(started.code_verifier),
        "code_challenge_method": "S256",
    }
    assert started.code_verifier not in started.url


def test_a_web_page_is_refused_before_registering(db, api):
    api.get("/api/v2/instance").respond(200, html="<html></html>")
    api.get("/api/v1/instance").respond(200, html="<html></html>")
    apps = api.post("/api/v1/apps")

    with pytest.raises(NotMastodon):
        mastodon_oauth.begin(BASE, REDIRECT)

    assert not apps.called


def test_exchange_code_sends_the_code_and_the_verifier(db, api):
    registered()
    token = api.post("/oauth/token").respond(
        200, json={"access_token": TOKEN, "token_type": "Bearer", "scope": "read"}
    )

    assert mastodon_oauth.exchange_code(BASE, REDIRECT, "code-1", code_verifier="v" * 50) == TOKEN
    assert dict(httpx.QueryParams(token.calls.last.request.content.decode())) == {
        "grant_type": "authorization_code",
        "code": "code-1",
        "client_id": "cid-1",
        "client_secret": "csecret-1",
        "redirect_uri": REDIRECT,
        "scope": "read write:statuses write:media",
        "code_verifier": "v" * 50,
    }


def test_a_refused_code_says_to_start_again(db, api):
    registered()
    api.post("/oauth/token").respond(
        401, json={"error": "invalid_client", "error_description": "Client authentication failed"}
    )

    with pytest.raises(DomainError) as refused:
        mastodon_oauth.exchange_code(BASE, REDIRECT, "code-1")

    assert "connect the account again" in refused.value.message
    # The instance forgot mostra's app: the next attempt registers again.
    assert not MastodonApp.objects.exists()


def test_each_callback_address_has_its_own_registration(db, api):
    registered()
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    apps = api.post("/api/v1/apps").respond(
        200, json={"client_id": "cid-2", "client_secret": "csecret-2"}
    )
    other = "https://mostra.example/w/atelier/accounts/mastodon/callback/"

    assert mastodon_oauth.register_app(BASE, other) == ("cid-2", "csecret-2")
    # The first workspace's flow, started before, still exchanges with its own app.
    assert mastodon_oauth.register_app(BASE, REDIRECT) == ("cid-1", "csecret-1")
    assert apps.call_count == 1
    assert MastodonApp.objects.count() == 2


def test_an_expired_code_keeps_the_registration(db, api):
    registered()
    api.post("/oauth/token").respond(
        400,
        json={
            "error": "invalid_grant",
            "error_description": "The provided authorization grant is invalid, expired, "
            "revoked, does not match the redirection URI used in the authorization "
            "request, or was issued to another client.",
        },
    )

    with pytest.raises(DomainError):
        mastodon_oauth.exchange_code(BASE, REDIRECT, "code-1")

    assert MastodonApp.objects.count() == 1
