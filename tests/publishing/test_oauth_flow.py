"""Connecting LinkedIn, X, Facebook, Instagram and Threads accounts with OAuth 2:
authorisation address, state, PKCE, code exchange, refusal, and who may do it."""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import respx
from django.core import signing
from django.test import RequestFactory
from django.urls import reverse

from mostra.core.crypto import decrypt
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.integrations.api_versions import GRAPH
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.oauth import (
    SESSION_KEY,
    STATE_SALT,
    redirect_uri,
    start_connect,
)
from tests.publishing.networks_support import SECRET, _no_dns, app, form  # noqa: F401

X_TOKEN = "https://api.x.com/2/oauth2/token"


def start(client, membership, network: str) -> dict[str, list[str]]:
    """Start from a real session, the way the accounts page does; the query sent."""
    request = RequestFactory().get("/")
    request.user = membership.user
    request.session = client.session
    url = start_connect(request, membership, network)
    request.session.save()
    return parse_qs(urlsplit(url).query) | {"_url": [url]}


def test_the_x_authorisation_address_has_a_signed_state_and_an_s256_challenge(
    owner_client, owner_membership
):
    app("x")
    query = start(owner_client, owner_membership, "x")
    assert query["_url"][0].startswith("https://x.com/i/oauth2/authorize?")
    assert query["response_type"] == ["code"] and query["client_id"] == ["x-client-id"]
    assert query["redirect_uri"] == [redirect_uri("x")]
    assert redirect_uri("x").endswith("/oauth/x/callback/")
    assert query["scope"] == ["tweet.read tweet.write users.read offline.access media.write"]
    assert "scope=tweet.read%20tweet.write%20" in query["_url"][0]  # spaces as %20
    assert query["code_challenge_method"] == ["S256"]
    state = signing.loads(query["state"][0], salt=STATE_SALT)
    assert state["w"] == owner_membership.workspace_id and state["k"] == "x"
    pending = owner_client.session[SESSION_KEY][state["n"]]
    assert pending["verifier"].startswith("fernet:")  # kept encrypted in the session


def test_the_challenge_is_the_s256_of_the_verifier(owner_client, owner_membership):
    app("x")
    query = start(owner_client, owner_membership, "x")
    state = signing.loads(query["state"][0], salt=STATE_SALT)
    verifier = decrypt(owner_client.session[SESSION_KEY][state["n"]]["verifier"])
    assert re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", verifier)  # RFC 7636's unreserved
    digest = hashlib.sha256(verifier.encode()).digest()
    assert query["code_challenge"] == [base64.urlsafe_b64encode(digest).rstrip(b"=").decode()]
    assert verifier not in query["_url"][0]


def test_the_callback_exchanges_the_code_with_the_verifier_and_stores_the_account(
    owner_client, owner_membership
):
    app("x")
    query = start(owner_client, owner_membership, "x")
    state = query["state"][0]
    with respx.mock(assert_all_called=True) as net:
        token = net.post(X_TOKEN).respond(
            200,
            json={
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": "tok-fresh-81",
                "refresh_token": "ref-fresh-82",
                "scope": "tweet.read tweet.write users.read offline.access media.write",
            },
        )
        net.get("https://api.x.com/2/users/me").respond(
            200,
            json={
                "data": {"id": "1500", "name": "Fromagerie du Lac", "username": "fromagerie_lac"}
            },
        )
        response = owner_client.get(
            reverse("oauth:callback", args=["x"]), {"state": state, "code": "code-123"}
        )
    assert response.status_code == 302
    sent = form(token.calls.last.request)
    verifier = owner_client.session.get(SESSION_KEY, {})  # the pending entry is gone
    assert verifier == {}
    assert sent["grant_type"] == "authorization_code" and sent["code"] == "code-123"
    assert sent["redirect_uri"] == redirect_uri("x")
    digest = hashlib.sha256(sent["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == query["code_challenge"][0]
    account = SocialAccount.objects.get(workspace=owner_membership.workspace, network="x")
    assert (account.handle, account.external_id) == ("fromagerie_lac", "1500")
    assert account.credentials["access_token"] == "tok-fresh-81"
    assert account.credentials["expires_at"]
    page = owner_client.get(response["Location"])
    assert "fromagerie_lac" in page.content.decode()
    # No token in the audit log, the page, or the database's raw rows.
    logged = " ".join(str(e.changes) + e.object_label for e in AuditEvent.objects.all())
    assert "tok-fresh-81" not in logged and "ref-fresh-82" not in logged
    assert "tok-fresh-81" not in page.content.decode()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM publishing_socialaccount")
        assert all("tok-fresh" not in row[0] for row in cursor.fetchall())


def test_a_refusal_says_so_and_stores_nothing(owner_client, owner_membership):
    app("x")
    state = start(owner_client, owner_membership, "x")["state"][0]
    with respx.mock(assert_all_mocked=True):
        response = owner_client.get(
            reverse("oauth:callback", args=["x"]),
            {"state": state, "error": "access_denied"},
            follow=True,
        )
    assert "You did not allow mostra to use your X account" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_bad_state_is_refused(owner_client, owner_membership):
    app("x")
    start(owner_client, owner_membership, "x")
    response = owner_client.get(
        reverse("oauth:callback", args=["x"]), {"state": "forged", "code": "c"}
    )
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_state_from_another_session_is_refused(owner_client, owner_membership, owner):
    """The same user in another browser: the signature is good, the session lacks it."""
    app("x")
    state = start(owner_client, owner_membership, "x")["state"][0]
    from tests.conftest import client_for

    other_browser = client_for(owner)
    response = other_browser.get(
        reverse("oauth:callback", args=["x"]), {"state": state, "code": "c"}, follow=True
    )
    assert "another browser session" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_expired_state_is_refused(owner_client, owner_membership, time_machine):
    app("x")
    time_machine.move_to("2026-11-30 09:00:00+00:00", tick=False)
    state = start(owner_client, owner_membership, "x")["state"][0]
    time_machine.shift(11 * 60)
    response = owner_client.get(
        reverse("oauth:callback", args=["x"]), {"state": state, "code": "c"}, follow=True
    )
    assert "more than ten minutes" in response.content.decode()


def test_a_teammate_cannot_connect_and_an_outsider_cannot_use_a_state(
    owner_client, owner_membership, teammate_membership, outsider_client
):
    app("x")
    with pytest.raises(DomainError):
        start(owner_client, teammate_membership, "x")
    state = start(owner_client, owner_membership, "x")["state"][0]
    response = outsider_client.get(
        reverse("oauth:callback", args=["x"]), {"state": state, "code": "c"}
    )
    assert response.status_code == 400  # Charlie's session never started it
    assert not SocialAccount.objects.exists()


def test_without_the_application_the_member_is_told_to_ask_an_administrator(
    owner_client, owner_membership
):
    with pytest.raises(DomainError) as caught:
        start(owner_client, owner_membership, "linkedin")
    assert "administrator" in caught.value.message


def test_an_anonymous_callback_goes_to_the_login_page(client):
    response = client.get(reverse("oauth:callback", args=["x"]), {"state": "s", "code": "c"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_facebook_connects_each_page_with_its_page_token(owner_client, owner_membership):
    app("meta")
    query = start(owner_client, owner_membership, "facebook")
    assert query["_url"][0].startswith(f"https://www.facebook.com/{GRAPH.version}/dialog/oauth?")
    assert query["scope"] == [
        "pages_show_list,pages_read_engagement,pages_manage_posts,"
        "pages_manage_engagement,read_insights"
    ]
    g = f"https://graph.facebook.com/{GRAPH.version}"
    with respx.mock(assert_all_called=True) as net:
        exchange = net.get(f"{g}/oauth/access_token").mock(
            side_effect=[
                respx.MockResponse(
                    200,
                    json={"access_token": "short-1", "token_type": "bearer", "expires_in": 3600},
                ),
                respx.MockResponse(
                    200,
                    json={"access_token": "long-1", "token_type": "bearer", "expires_in": 5183944},
                ),
            ]
        )
        pages = net.get(f"{g}/me/accounts").respond(
            200,
            json={
                "data": [
                    {"id": "101", "name": "Fromagerie du Lac", "access_token": "page-tok-101"},
                    {
                        "id": "102",
                        "name": "Cave à Tommes",
                        "username": "cave",
                        "access_token": "page-tok-102",
                    },
                ]
            },
        )
        owner_client.get(
            reverse("oauth:callback", args=["meta"]),
            {"state": query["state"][0], "code": "fb-code"},
        )
    first, second = (call.request.url.params for call in exchange.calls)
    assert first["code"] == "fb-code" and first["client_secret"] == SECRET
    assert first["redirect_uri"] == redirect_uri("meta")
    assert second["grant_type"] == "fb_exchange_token" and second["fb_exchange_token"] == "short-1"
    assert pages.calls.last.request.headers["Authorization"] == "Bearer long-1"
    accounts = SocialAccount.objects.filter(network="facebook").order_by("external_id")
    assert [(a.external_id, a.credentials["access_token"]) for a in accounts] == [
        ("101", "page-tok-101"),
        ("102", "page-tok-102"),
    ]
    assert all(a.token_expires_at is None for a in accounts)


def test_instagram_without_a_professional_account_says_what_is_needed(
    owner_client, owner_membership
):
    app("meta")
    state = start(owner_client, owner_membership, "instagram")["state"][0]
    g = f"https://graph.facebook.com/{GRAPH.version}"
    with respx.mock() as net:
        net.get(f"{g}/oauth/access_token").respond(
            200, json={"access_token": "t", "expires_in": 60}
        )
        net.get(f"{g}/me/accounts").respond(
            200, json={"data": [{"id": "101", "name": "Fromagerie", "access_token": "p"}]}
        )
        response = owner_client.get(
            reverse("oauth:callback", args=["meta"]), {"state": state, "code": "c"}, follow=True
        )
    assert "professional account" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_linkedin_connects_the_member_and_the_pages_they_administer(owner_client, owner_membership):
    app("linkedin")
    query = start(owner_client, owner_membership, "linkedin")
    assert query["_url"][0].startswith("https://www.linkedin.com/oauth/v2/authorization?")
    assert "w_organization_social" in query["scope"][0].split()
    with respx.mock(assert_all_called=True) as net:
        token = net.post("https://www.linkedin.com/oauth/v2/accessToken").respond(
            200,
            json={
                "access_token": "li-tok",
                "expires_in": 5184000,
                "scope": "openid,profile,w_member_social,"
                "rw_organization_admin,w_organization_social",
            },
        )
        net.get("https://api.linkedin.com/v2/userinfo").respond(
            200, json={"sub": "782bbtaQ", "name": "Alice Martin"}
        )
        acls = net.get("https://api.linkedin.com/rest/organizationAcls").respond(
            200,
            json={
                "elements": [
                    {
                        "organization": "urn:li:organization:2414183",
                        "role": "ADMINISTRATOR",
                        "state": "APPROVED",
                    }
                ]
            },
        )
        net.get("https://api.linkedin.com/rest/organizations/2414183").respond(
            200, json={"localizedName": "Fromagerie du Lac", "vanityName": "fromagerie-du-lac"}
        )
        owner_client.get(
            reverse("oauth:callback", args=["linkedin"]),
            {"state": query["state"][0], "code": "li-code"},
        )
    assert form(token.calls.last.request) == {
        "grant_type": "authorization_code",
        "code": "li-code",
        "redirect_uri": redirect_uri("linkedin"),
        "client_id": "linkedin-client-id",
        "client_secret": SECRET,
    }
    assert acls.calls.last.request.headers["X-Restli-Protocol-Version"] == "2.0.0"
    ids = set(
        SocialAccount.objects.filter(network="linkedin").values_list("external_id", flat=True)
    )
    assert ids == {"urn:li:person:782bbtaQ", "urn:li:organization:2414183"}


def test_threads_exchanges_for_a_long_lived_token(owner_client, owner_membership):
    app("threads")
    query = start(owner_client, owner_membership, "threads")
    assert query["_url"][0].startswith("https://threads.net/oauth/authorize?")
    with respx.mock(assert_all_called=True) as net:
        short = net.post("https://graph.threads.net/oauth/access_token").respond(
            200, json={"access_token": "th-short", "user_id": 2560001}
        )
        long = net.get("https://graph.threads.net/access_token").respond(
            200, json={"access_token": "th-long", "token_type": "bearer", "expires_in": 5183944}
        )
        net.get("https://graph.threads.net/v1.0/me").respond(
            200, json={"id": "2560001", "username": "fromagerie"}
        )
        owner_client.get(
            reverse("oauth:callback", args=["threads"]),
            {"state": query["state"][0], "code": "th-code"},
        )
    assert form(short.calls.last.request)["grant_type"] == "authorization_code"
    params = long.calls.last.request.url.params
    assert params["grant_type"] == "th_exchange_token" and params["access_token"] == "th-short"
    account = SocialAccount.objects.get(network="threads")
    assert account.credentials["access_token"] == "th-long"
    assert account.token_expires_at is not None  # reconnect in 60 days unless refreshed


def test_a_teammate_reaching_the_callback_connects_nothing(teammate_client, workspace):
    app("x")
    response = teammate_client.get(
        reverse("oauth:callback", args=["x"]), {"state": "forged", "code": "c"}
    )
    assert response.status_code == 400
    assert not SocialAccount.objects.exists()


def test_an_unknown_provider_is_404(owner_client):
    assert owner_client.get("/oauth/myspace/callback/", {"code": "c"}).status_code == 404


def test_a_scope_the_application_lacks_points_to_the_settings(owner_client, owner_membership):
    app("linkedin")
    state = start(owner_client, owner_membership, "linkedin")["state"][0]
    response = owner_client.get(
        reverse("oauth:callback", args=["linkedin"]),
        {
            "state": state,
            "error": "unauthorized_scope_error",
            "error_description": "Scope &quot;r_organization_social&quot; is not authorized",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "lacks a permission" in text and "Network applications page" in text
    assert not SocialAccount.objects.exists()
