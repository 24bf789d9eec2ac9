"""The OAuth 2 protocol is Authlib's, mostra's own parts around it: every token request
goes through mostra's outbound client (its user agent, its address guard), a network's
refusal or a strange answer is mostra's error in words, a refresh token the network did
not rotate is kept, and nothing is stored from an answer that is not a token."""

from __future__ import annotations

import datetime as dt

import pytest
import respx
from django.utils import timezone

from mostra.core.http import outbound_client
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.integrations.x.auth import XProvider
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.oauth_tokens import refresh_account
from tests.publishing.networks_support import REFRESH, TOKEN, account, app, form

LINKEDIN_TOKEN = "https://www.linkedin.com/oauth/v2/accessToken"
X_TOKEN = "https://api.x.com/2/oauth2/token"


@pytest.fixture
def allow_private(settings):
    """respx answers every call: the guard must not resolve the networks' names."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


def test_a_token_request_is_sent_by_mostra_with_its_user_agent(workspace, allow_private):
    app("x")
    acc = account(workspace, "x", "1500", expires_in=dt.timedelta(minutes=1))
    with respx.mock(assert_all_called=True) as net:
        token = net.post(X_TOKEN).respond(
            200, json={"access_token": "tok-new", "refresh_token": "ref-new", "expires_in": 7200}
        )
        with outbound_client() as client:
            assert refresh_account(acc, client) is True
    sent = token.calls.last.request
    assert sent.headers["User-Agent"].startswith("mostra/")
    assert sent.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert form(sent)["grant_type"] == "refresh_token"


def test_authlib_never_reaches_a_private_address(workspace, settings, monkeypatch):
    """The token endpoint on a private address is refused by mostra's guard: no request."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(XProvider, "token_url", "https://127.0.0.1/2/oauth2/token")
    app("x")
    acc = account(workspace, "x", "1500", expires_in=dt.timedelta(minutes=1))
    with respx.mock(assert_all_called=False) as net:
        route = net.post("https://127.0.0.1/2/oauth2/token").respond(
            200, json={"access_token": "tok-new"}
        )
        with outbound_client() as client, pytest.raises(TransportError) as caught:
            refresh_account(acc, client)
    assert not route.called
    assert "X cannot be reached" in caught.value.message
    assert "private or local address" in caught.value.message
    acc.refresh_from_db()
    assert acc.credentials["access_token"] == TOKEN


def test_an_answer_that_is_not_a_token_is_refused_and_nothing_is_stored(workspace, allow_private):
    app("linkedin")
    acc = account(workspace, "linkedin", "urn:li:person:1", expires_in=dt.timedelta(days=3))
    with respx.mock() as net:
        net.post(LINKEDIN_TOKEN).respond(200, html="<html>Maintenance</html>")
        with outbound_client() as client, pytest.raises(TransportError) as caught:
            refresh_account(acc, client)
    assert caught.value.message == "The network answered without an access token."
    assert caught.value.permanent
    acc.refresh_from_db()
    assert acc.credentials["access_token"] == TOKEN
    assert acc.credentials["refresh_token"] == REFRESH


def test_a_refused_refresh_says_to_reconnect_in_the_networks_name(workspace, allow_private):
    app("linkedin")
    acc = account(workspace, "linkedin", "urn:li:person:1", expires_in=dt.timedelta(days=3))
    with respx.mock() as net:
        net.post(LINKEDIN_TOKEN).respond(
            400,
            json={
                "error": "invalid_grant",
                "error_description": "The provided authorization grant is revoked",
            },
        )
        with outbound_client() as client, pytest.raises(CredentialsRejected) as caught:
            refresh_account(acc, client)
    assert caught.value.message == (
        "LinkedIn no longer accepts this authorisation (The provided authorization grant "
        "is revoked): reconnect the account."
    )
    assert REFRESH not in caught.value.message


def test_a_network_down_is_a_passing_error_with_its_status(workspace, allow_private):
    app("linkedin")
    acc = account(workspace, "linkedin", "urn:li:person:1", expires_in=dt.timedelta(days=3))
    with respx.mock() as net:
        net.post(LINKEDIN_TOKEN).respond(503, json={"error": "temporarily_unavailable"})
        with outbound_client() as client, pytest.raises(TransportError) as caught:
            refresh_account(acc, client)
    assert not caught.value.permanent and caught.value.http_status == 503
    assert "temporarily_unavailable" in caught.value.message


def test_a_refresh_token_the_network_did_not_rotate_is_kept_with_its_reconnect_day(
    workspace, allow_private
):
    app("linkedin")
    acc = account(workspace, "linkedin", "urn:li:person:1", expires_in=dt.timedelta(days=3))
    reconnect_by = timezone.now() + dt.timedelta(days=200)
    SocialAccount.objects.filter(pk=acc.pk).update(token_expires_at=reconnect_by)
    acc.refresh_from_db()
    with respx.mock(assert_all_called=True) as net:
        net.post(LINKEDIN_TOKEN).respond(
            200, json={"access_token": "tok-new", "expires_in": 5184000}
        )
        with outbound_client() as client:
            assert refresh_account(acc, client) is True
    acc.refresh_from_db()
    assert acc.credentials["access_token"] == "tok-new"
    assert acc.credentials["refresh_token"] == REFRESH
    assert acc.token_expires_at == reconnect_by
    expires_at = dt.datetime.fromisoformat(acc.credentials["expires_at"])
    assert expires_at - timezone.now() > dt.timedelta(days=59)
