"""The accounts page: every member sees the accounts and their health; owners and
managers connect and disconnect them; outsiders get 404 everywhere.

The networks are never called: the connect functions are replaced by fakes that
answer as a network would (an account, a refused password, a server that does not
answer)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

from mostra.core.models import AuditEvent
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.publishing.models import AccountStatus, SocialAccount
from mostra.publishing.views import accounts as views
from tests.publishing.builders_ui import SECRET_PASSWORD, make_account

BASE = "/w/fromagerie/accounts/"
BLUESKY = {
    "handle": "@Fromagerie.bsky.social",
    "app_password": SECRET_PASSWORD,
    "service_url": "https://bsky.social",
}
MASTODON = {"instance_url": "https://mastodon.example", "access_token": "tok-9f8e7d-secret"}


@pytest.fixture
def network(monkeypatch):
    """A fake network login: stores the account as the real one would, or raises."""
    calls: list[tuple[str, dict]] = []
    outcome: dict[str, Exception | None] = {"error": None}

    def connect_with_form(membership, network, data):
        from mostra.publishing.services.accounts import Connection, connect_account

        calls.append((network, dict(data)))
        if outcome["error"] is not None:
            raise outcome["error"]
        handle = data.get("handle") or "fromagerie@mastodon.example"
        secret = data.get("app_password") or data.get("access_token")
        connection = Connection(
            handle=handle,
            external_id=f"did:{handle}",
            credentials={"secret": secret},
            service_url=data.get("service_url") or data.get("instance_url"),
        )
        return connect_account(membership, network, connection)

    monkeypatch.setattr(views, "connect_with_form", connect_with_form)
    return type("Network", (), {"calls": calls, "outcome": outcome})


# --- Who may do what ------------------------------------------------------------------


def test_every_member_sees_the_accounts_and_outsiders_get_404(
    workspace, owner_client, teammate_client, outsider_client, client
):
    make_account(workspace, network="bluesky", handle="lac.bsky.social")
    for member in (owner_client, teammate_client):
        response = member.get(BASE)
        assert response.status_code == 200
        assert "lac.bsky.social" in response.content.decode()
    assert outsider_client.get(BASE).status_code == 404
    assert client.get(BASE).status_code == 302  # to the login page


def test_only_managers_see_the_connect_forms_and_the_disconnect_buttons(
    workspace, owner_client, teammate_client
):
    account = make_account(workspace, network="bluesky", handle="lac.bsky.social")
    disconnect = f"{BASE}{account.pk}/disconnect/"
    owner_page = owner_client.get(BASE).content.decode()
    assert "Connect Bluesky" in owner_page and disconnect in owner_page
    teammate_page = teammate_client.get(BASE).content.decode()
    assert "Connect Bluesky" not in teammate_page and disconnect not in teammate_page
    assert "owners and managers connect them" not in teammate_page


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("connect/bluesky/", BLUESKY),
        ("connect/mastodon/", MASTODON),
        ("oauth/linkedin/", {}),
        ("mastodon/sign-in/", {"signin-instance_url": "https://mastodon.example"}),
    ],
)
def test_teammates_and_outsiders_cannot_connect(
    workspace, network, teammate_client, outsider_client, path, data
):
    for member in (teammate_client, outsider_client):
        assert member.post(BASE + path, data).status_code == 404
    assert not SocialAccount.objects.exists()
    assert network.calls == []


def test_teammates_and_outsiders_cannot_disconnect(workspace, teammate_client, outsider_client):
    account = make_account(workspace, network="bluesky", handle="lac.bsky.social")
    for member in (teammate_client, outsider_client):
        assert member.post(f"{BASE}{account.pk}/disconnect/").status_code == 404
    account.refresh_from_db()
    assert account.status == AccountStatus.CONNECTED


def test_an_account_of_another_workspace_is_404(workspace, owner_client):
    from mostra.core.models import Workspace

    other = make_account(Workspace.objects.get(slug="other-brand"), network="bluesky")
    assert owner_client.post(f"{BASE}{other.pk}/disconnect/").status_code == 404
    assert owner_client.get(f"{BASE}?reconnect={other.pk}").status_code == 200
    other.refresh_from_db()
    assert other.status == AccountStatus.CONNECTED


def test_an_unknown_network_is_404(workspace, owner_client, network):
    assert owner_client.post(BASE + "connect/myspace/", {}).status_code == 404
    assert owner_client.post(BASE + "oauth/myspace/", {}).status_code == 404


# --- Connecting -----------------------------------------------------------------------


def test_connecting_bluesky_stores_the_account_encrypted_and_never_shows_the_secret(
    workspace, owner_client, network
):
    response = owner_client.post(BASE + "connect/bluesky/", BLUESKY, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bluesky account fromagerie.bsky.social connected." in page
    account = SocialAccount.objects.get()
    assert account.handle == "fromagerie.bsky.social"  # without the @, lower-cased
    assert network.calls[0][1]["service_url"] == "https://bsky.social"
    assert account.credentials == {"secret": SECRET_PASSWORD}
    assert SECRET_PASSWORD not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM publishing_socialaccount")
        dump = repr(cursor.fetchall())
    assert SECRET_PASSWORD not in dump and "fernet:" in dump
    audit = json.dumps([(e.object_label, e.changes) for e in AuditEvent.objects.all()])
    assert SECRET_PASSWORD not in audit


def test_connecting_mastodon_with_a_token(workspace, owner_client, network):
    response = owner_client.post(BASE + "connect/mastodon/", MASTODON)
    assert response.status_code == 302
    account = SocialAccount.objects.get(network="mastodon")
    assert account.service_url == "https://mastodon.example"
    assert MASTODON["access_token"] not in owner_client.get(BASE).content.decode()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            CredentialsRejected("Invalid identifier or password"),
            "Bluesky refused the connection: Invalid identifier or password",
        ),
        (
            TransportError("pds.example does not answer (timeout after 20 s)"),
            "Bluesky refused the connection: pds.example does not answer",
        ),
    ],
)
def test_a_refused_connection_says_why_and_stores_nothing(
    workspace, owner_client, network, error, words
):
    network.outcome["error"] = error
    data = {**BLUESKY, "service_url": "https://pds.example"}
    response = owner_client.post(BASE + "connect/bluesky/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page
    assert SECRET_PASSWORD not in page, "the password is never rendered back"
    assert 'value="@Fromagerie.bsky.social"' in page, "the handle is kept for a new try"
    assert '<details id="connect-bluesky" open>' in page
    assert not SocialAccount.objects.exists()
    assert not AuditEvent.objects.filter(object_type="socialaccount").exists()


def test_a_server_that_is_not_mastodon_is_refused_with_the_reason(workspace, owner_client, network):
    from mostra.core.errors import DomainError

    network.outcome["error"] = DomainError("example.org does not answer as a Mastodon server.")
    response = owner_client.post(BASE + "connect/mastodon/", MASTODON)
    assert response.status_code == 400
    page = response.content.decode()
    assert "example.org does not answer as a Mastodon server." in page
    assert MASTODON["access_token"] not in page
    assert not SocialAccount.objects.exists()


def test_bad_input_is_refused_before_asking_the_network(workspace, owner_client, network):
    response = owner_client.post(
        BASE + "connect/bluesky/",
        {"handle": "two words", "app_password": "", "service_url": "not a url"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the handle without spaces" in page
    assert "This field is required." in page
    assert "Enter a valid URL." in page
    assert network.calls == []
    response = owner_client.post(
        BASE + "connect/mastodon/", {"instance_url": "", "access_token": ""}
    )
    assert response.status_code == 400
    assert network.calls == []


# --- Health ---------------------------------------------------------------------------


def test_each_account_shows_its_health_in_words(workspace, owner_client):
    now = timezone.now()
    make_account(workspace, network="bluesky", handle="ok.bsky.social", last_ok_at=now)
    make_account(
        workspace,
        network="mastodon",
        handle="soon@mastodon.example",
        token_expires_at=now + dt.timedelta(days=3),
    )
    make_account(
        workspace,
        network="bluesky",
        handle="revoked.bsky.social",
        status=AccountStatus.NEEDS_RECONNECT,
        last_error="The app password was revoked.",
        last_error_at=now,
    )
    make_account(
        workspace,
        network="mastodon",
        handle="flaky@mastodon.example",
        last_ok_at=now - dt.timedelta(days=1),
        last_error="The server answered 502.",
        last_error_at=now,
    )
    make_account(workspace, network="bluesky", handle="gone.bsky.social", status="disconnected")
    page = owner_client.get(BASE).content.decode()
    assert "Connected; last success on" in page
    assert "The network&#x27;s permission expires on" in page
    assert "Needs reconnecting: The app password was revoked." in page
    assert "Last error on" in page and "The server answered 502." in page
    assert "Disconnected: nothing is published to it." in page
    revoked = SocialAccount.objects.get(handle="revoked.bsky.social")
    assert f"?reconnect={revoked.pk}#connect-bluesky" in page


def test_reconnect_prefills_the_form_without_the_secret(workspace, owner_client):
    account = make_account(
        workspace,
        network="bluesky",
        handle="revoked.bsky.social",
        service_url="https://pds.example",
        status=AccountStatus.NEEDS_RECONNECT,
    )
    page = owner_client.get(f"{BASE}?reconnect={account.pk}").content.decode()
    assert 'value="revoked.bsky.social"' in page
    assert 'value="https://pds.example"' in page
    assert '<details id="connect-bluesky" open>' in page
    assert SECRET_PASSWORD not in page


def test_the_page_and_its_queries_do_not_grow_with_the_accounts(
    workspace, owner_client, django_assert_max_num_queries
):
    for i in range(12):
        make_account(workspace, network="bluesky", handle=f"a{i}.bsky.social")
    with django_assert_max_num_queries(12):
        assert owner_client.get(BASE).status_code == 200


# --- Disconnecting --------------------------------------------------------------------


def test_disconnecting_forgets_the_credentials_and_keeps_the_row(workspace, owner_client):
    account = make_account(workspace, network="bluesky", handle="lac.bsky.social")
    response = owner_client.post(f"{BASE}{account.pk}/disconnect/", follow=True)
    assert "disconnected: nothing more is published to it." in response.content.decode()
    account.refresh_from_db()
    assert account.status == AccountStatus.DISCONNECTED
    assert account.credentials is None


# --- OAuth networks -------------------------------------------------------------------


def test_oauth_networks_say_an_administrator_must_enter_the_client_id(workspace, owner_client):
    page = owner_client.get(BASE).content.decode()
    assert "an administrator must first enter the network's client id" in page
    assert f'action="{BASE}oauth/linkedin/"' not in page, "no dead button"


def test_a_configured_oauth_network_gets_a_button_that_starts_the_flow(
    workspace, owner_client, monkeypatch
):
    from mostra.publishing.models import OAuthClient
    from mostra.publishing.services import oauth

    OAuthClient.objects.create(network="linkedin", client_id="abc", client_secret="s3cr3t")
    page = owner_client.get(BASE).content.decode()
    assert f'action="{BASE}oauth/linkedin/"' in page
    assert f'action="{BASE}oauth/x/"' not in page
    seen = []

    def start_connect(request, membership, network):
        seen.append((membership.user.email, network))
        return "https://www.linkedin.com/oauth/v2/authorization?state=xyz"

    monkeypatch.setattr(oauth, "start_connect", start_connect)
    response = owner_client.post(BASE + "oauth/linkedin/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://www.linkedin.com/oauth/v2/authorization")
    assert seen == [("alice@example.org", "linkedin")]


def test_an_oauth_start_that_fails_comes_back_with_the_reason(workspace, owner_client, monkeypatch):
    response = owner_client.post(BASE + "oauth/x/", follow=True)
    assert response.status_code == 200
    assert "an administrator must enter" in response.content.decode()


# --- Signing in on a Mastodon instance ------------------------------------------------


@pytest.fixture
def sign_in(monkeypatch):
    from mostra.publishing.services import mastodon_oauth as flow

    seen: dict[str, object] = {}

    def begin(instance_url, redirect_uri, **kwargs):
        seen["redirect_uri"] = redirect_uri
        return flow.Authorization(
            url="https://mastodon.example/oauth/authorize?state=s1",
            instance_url="https://mastodon.example",
            state="s1",
            code_verifier="verifier-secret-42",
        )

    def complete(membership, instance_url, redirect_uri, code, *, code_verifier="", **kwargs):
        from mostra.publishing.services.accounts import Connection, connect_account

        seen["complete"] = (instance_url, code, code_verifier)
        return connect_account(
            membership,
            "mastodon",
            Connection("lac@mastodon.example", "42", {"access_token": "t"}),
        )

    monkeypatch.setattr(flow, "begin", begin)
    monkeypatch.setattr(flow, "complete", complete)
    return seen


CALLBACK = BASE + "mastodon/callback/"


def test_signing_in_on_an_instance_connects_the_account(workspace, owner_client, sign_in):
    response = owner_client.post(
        BASE + "mastodon/sign-in/", {"signin-instance_url": "https://mastodon.example"}
    )
    assert response.status_code == 302
    assert response["Location"] == "https://mastodon.example/oauth/authorize?state=s1"
    assert str(sign_in["redirect_uri"]).endswith(CALLBACK)
    assert "verifier-secret-42" not in json.dumps(dict(owner_client.session))
    response = owner_client.get(CALLBACK + "?code=c0de&state=s1", follow=True)
    assert "Mastodon account lac@mastodon.example connected." in response.content.decode()
    assert sign_in["complete"] == ("https://mastodon.example", "c0de", "verifier-secret-42")
    assert SocialAccount.objects.filter(network="mastodon").count() == 1
    response = owner_client.get(CALLBACK + "?code=c0de&state=s1", follow=True)
    assert "already used" in response.content.decode(), "a callback works once"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("?error=access_denied&state=s1", "did not allow mostra to publish"),
        ("?code=c0de&state=forged", "was not started here"),
        ("?state=s1", "was not started here"),
    ],
)
def test_a_refused_or_forged_sign_in_stores_nothing(workspace, owner_client, sign_in, query, words):
    owner_client.post(
        BASE + "mastodon/sign-in/", {"signin-instance_url": "https://mastodon.example"}
    )
    response = owner_client.get(CALLBACK + query, follow=True)
    assert words in response.content.decode()
    assert "complete" not in sign_in
    assert not SocialAccount.objects.exists()


def test_the_sign_in_callback_is_404_for_teammates_and_outsiders(
    workspace, teammate_client, outsider_client, sign_in
):
    for member in (teammate_client, outsider_client):
        assert member.get(CALLBACK + "?code=c&state=s1").status_code == 404
    assert not SocialAccount.objects.exists()


def test_a_bad_instance_address_is_refused_before_leaving(workspace, owner_client, sign_in):
    response = owner_client.post(BASE + "mastodon/sign-in/", {"signin-instance_url": "nope"})
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert "redirect_uri" not in sign_in
