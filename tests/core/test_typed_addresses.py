"""Addresses people type, mistyped or built to trick: a message saying what to type,
never a 500; nothing stored, nothing called.

The inputs (tests/core/address_support.py): an IPv4 address with a leading zero, an
unclosed IPv6 bracket, a space in the host, a port out of range, a number the system
reads as 127.0.0.1, a user@instance whose instance is not a name. Every place a person
types an address is fed each of them: the competitor form (Mastodon and Bluesky),
connecting an account on the page and on the command line (Bluesky's server, Mastodon's
instance), signing in on a Mastodon instance, the webhooks page, the charter's link
check and the Bluesky link card. (The posts API's link: tests/api/test_post_links.py.)
"""

from __future__ import annotations

import html
import socket

import httpx
import pytest
from click.testing import CliRunner
from django.urls import reverse

from mostra import cli
from mostra.analytics.models import TrackedAccount
from mostra.charter.services import save_charter
from mostra.core.errors import DomainError
from mostra.core.http import web_address
from mostra.integrations.bluesky.link_card import read_page
from mostra.publishing.models import MastodonInstance, SocialAccount, Webhook
from tests.core.address_support import HOSTILE

ACCOUNTS = "/w/fromagerie/accounts/"
PUBLIC = "93.184.215.14"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing typed here may be called: any request fails the test."""

    def refuse(self, request, **kwargs):
        raise AssertionError(f"nothing should have been called: {request.url}")

    monkeypatch.setattr(httpx.Client, "send", refuse)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("text", HOSTILE)
def test_the_shared_reader_refuses_each(text) -> None:
    with pytest.raises(ValueError):
        web_address(text)


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("https://mastodon.social/@atelier", "https://mastodon.social"),
        ("http://Été.example:8080/", "http://xn--t-9fab.example:8080"),
        ("https://[2001:db8::1]:8443/x", "https://[2001:db8::1]:8443"),
        ("https://93.184.215.14/", "https://93.184.215.14"),
        ("https://pds.internal/", "https://pds.internal"),
    ],
)
def test_the_shared_reader_keeps_real_addresses(text, origin) -> None:
    url = web_address(text)
    assert f"{url.scheme}://{url.netloc.decode()}" == origin


# --- Adding a competitor ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("network", "words"),
    [("mastodon", "Type a Mastodon address"), ("bluesky", "Type a Bluesky handle")],
)
@pytest.mark.parametrize("text", HOSTILE)
def test_adding_a_competitor_says_what_to_type(
    owner_client, teammate_client, outsider_client, workspace, network, words, text
):
    if network == "bluesky":
        text = text.replace("@someone", "profile/someone.bsky.social")
    url = reverse("analytics:account_add", args=[workspace.slug])
    response = owner_client.post(url, {"network": network, "profile": text})
    assert response.status_code == 400
    assert words in text_of(response)
    for client in (teammate_client, outsider_client):  # an editor does not shape the strategy
        assert client.post(url, {"network": network, "profile": text}).status_code == 404
    assert not TrackedAccount.objects.exists()


# --- Connecting an account ---------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_connecting_on_the_page_says_what_to_type(
    owner_client, teammate_client, outsider_client, workspace, text
):
    """The form's URL field refuses most; the network's own check the rest (a port)."""
    forms = [
        (
            "connect/bluesky/",
            {"handle": "a.bsky.social", "app_password": "p", "service_url": text},
            "is not a server's address: give it as https://bsky.social",
        ),
        (
            "connect/mastodon/",
            {"instance_url": text, "access_token": "t"},
            "is not an instance's address: give it as https://mastodon.example",
        ),
    ]
    for path, data, words in forms:
        response = owner_client.post(ACCOUNTS + path, data)
        assert response.status_code == 400
        assert "Enter a valid URL." in text_of(response) or words in text_of(response)
        for client in (teammate_client, outsider_client):
            assert client.post(ACCOUNTS + path, data).status_code == 404
    assert not SocialAccount.objects.exists()


def mostra(*args: str):
    return CliRunner().invoke(cli.mostra, list(args))


@pytest.mark.parametrize("text", HOSTILE)
def test_connecting_bluesky_on_the_command_line_says_what_to_type(workspace, text):
    result = mostra(
        "accounts", "connect", "bluesky", "--workspace", "fromagerie",
        "--handle", "a.bsky.social", "--app-password", "abcd-efgh-ijkl-mnop", "--service", text,
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "is not a server's address: give it as https://bsky.social" in result.output
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("text", HOSTILE)
def test_connecting_mastodon_on_the_command_line_says_what_to_type(workspace, text):
    result = mostra(
        "accounts", "connect", "mastodon", "--workspace", "fromagerie",
        "--instance", text, "--token", "t",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "is not an instance's address: give it as https://mastodon.example" in result.output
    assert not SocialAccount.objects.exists() and not MastodonInstance.objects.exists()


@pytest.mark.parametrize("text", HOSTILE)
def test_signing_in_on_a_mastodon_instance_says_what_to_type(workspace, text):
    from mostra.publishing.services import mastodon_oauth

    with pytest.raises(mastodon_oauth.DomainError, match="is not an instance's address"):
        mastodon_oauth.begin(text, "https://mostra.example/w/fromagerie/accounts/cb/")
    assert not MastodonInstance.objects.exists()


# --- Webhooks ------------------------------------------------------------------------------


@pytest.fixture
def public_dns(monkeypatch):
    """Every name resolves to a public address, as a real one would."""

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (PUBLIC, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_webhook_address_says_what_to_type(
    owner_client, teammate_client, outsider_client, workspace, public_dns, text
):
    url = "/w/fromagerie/webhooks/"
    data = {"url": text, "events": ["post.published"]}
    response = owner_client.post(url, data)
    assert response.status_code == 400
    assert any(
        words in text_of(response)
        for words in ("Enter a valid URL.", "Enter a web address such as https://hooks.")
    )
    for client in (teammate_client, outsider_client):
        assert client.post(url, data).status_code == 404
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("text", HOSTILE)
def test_the_webhook_service_refuses_each_too(owner_membership, public_dns, text):
    """What the page's URL field would have caught first, the service says in its words."""
    from mostra.publishing.services.webhooks import create_webhook

    with pytest.raises(DomainError, match="Enter a web address such as https://hooks."):
        create_webhook(owner_membership, text, ["post.published"])
    assert not Webhook.objects.exists()


# --- Links in posts --------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_the_link_check_says_what_to_correct(
    owner_client, teammate_client, outsider_client, owner_membership, workspace, text
):
    save_charter(owner_membership, {"tone": "Sobre"}, {"bluesky": {"utm_required": True}})
    url = reverse("charter:check", args=[workspace.slug])
    data = {"network": "bluesky", "text": f"Voir {text} ce soir", "link": text}
    words = "is not an address a browser can open" if "://" in text else "must start with https://"
    for client in (owner_client, teammate_client):
        response = client.post(url, data)
        assert response.status_code == 200
        assert words in text_of(response)
    assert outsider_client.post(url, data).status_code == 404


@pytest.mark.parametrize("text", HOSTILE)
def test_a_link_card_of_a_bad_address_is_the_address_itself(text):
    with httpx.Client() as client:
        title, description = read_page(client, text)
    assert description == "" and title
