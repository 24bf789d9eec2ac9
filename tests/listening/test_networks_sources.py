"""The network kinds as sources of a workspace: added through the listening's service,
read by its poller from the real mastodon-mock and the local Bluesky network, the cursor
kept between readings, a failure worded on the source."""

from __future__ import annotations

import secrets
import time

import httpx
import pytest
from django.utils import timezone

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.integrations.bluesky.records import now_iso
from mostra.listening import kinds
from mostra.listening.models import Mention, Source
from mostra.listening.services import polling, sources
from tests.peers import mastodon as peer
from tests.peers.bluesky import bluesky_network  # noqa: F401  (the fixture)

mastodon_mock = peer.mastodon_mock
pytestmark = [pytest.mark.django_db]


@pytest.fixture
def alice(workspace, owner) -> Membership:
    return Membership.objects.get(workspace=workspace, user=owner)


def test_the_network_kinds_are_registered_when_mostra_starts():
    assert {"mastodon_hashtag", "mastodon_timeline", "bluesky_search"} <= set(kinds.KINDS)
    assert kinds.get("bluesky_search").network == "bluesky"


def test_sources_are_built_from_what_the_user_types(alice, settings):
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "https://public.api.bsky.app"
    tag = sources.add_source(
        alice, "mastodon_hashtag", {"instance": "Mastodon.Social", "hashtag": "#Vélo"}
    )
    assert tag.url == "https://mastodon.social/api/v1/timelines/tag/v%C3%A9lo"
    assert (tag.name, tag.parameters) == (
        "#Vélo (mastodon.social)",
        {"instance": "https://mastodon.social", "hashtag": "Vélo"},
    )
    with pytest.raises(DomainError, match="already reads"):  # hashtags ignore case
        sources.add_source(
            alice, "mastodon_hashtag", {"instance": "mastodon.social", "hashtag": "vélo"}
        )
    local = sources.add_source(
        alice, "mastodon_timeline", {"instance": "piaille.fr", "local": "yes"}
    )
    assert local.url == "https://piaille.fr/api/v1/timelines/public?local=true"
    assert local.name == "Local timeline of piaille.fr"
    search = sources.add_source(alice, "bluesky_search", {"q": ' "atelier  vélo" ', "lang": "FR"})
    assert search.url == (
        "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=%22atelier+v%C3%A9lo%22&lang=fr"
    )
    assert search.parameters == {"q": '"atelier vélo"', "lang": "fr", "appview": ""}


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("mastodon_hashtag", {"instance": "127.1", "hashtag": "velo"}, "not an instance's address"),
        (
            "mastodon_hashtag",
            {"instance": "mastodon.social", "hashtag": "deux mots"},
            "one hashtag",
        ),
        ("bluesky_search", {"q": "x" * 301}, "300 characters at most"),
        ("bluesky_search", {"q": "vélo", "lang": "french"}, "two letters"),
        ("bluesky_search", {"q": "vélo", "appview": "ftp://x"}, "not an AppView's address"),
    ],
)
def test_what_is_not_a_source_says_what_to_type(alice, kind, values, message):
    with pytest.raises(DomainError, match=message):
        sources.add_source(alice, kind, values)
    assert not Source.objects.exists()


def test_the_builders_say_what_is_missing():
    from mostra.listening.networks import kinds as network_kinds

    with pytest.raises(DomainError, match="Type the Mastodon instance, e.g. mastodon.social."):
        network_kinds.build_hashtag({"hashtag": "velo"})
    with pytest.raises(DomainError, match="Type the words to search for on Bluesky."):
        network_kinds.build_search({"q": "  "})


def test_a_hashtag_source_is_polled_from_its_cursor(alice, mastodon_mock, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    tag = f"atelier{secrets.token_hex(3)}"
    author = mastodon_mock.new_user()

    def post(text: str) -> dict:
        response = mastodon_mock.as_user(author, "POST", "/api/v1/statuses", data={"status": text})
        return response.raise_for_status().json()

    first = post(f"Bonjour #{tag}")
    source = sources.add_source(
        alice, "mastodon_hashtag", {"instance": mastodon_mock.url, "hashtag": tag}
    )
    result = polling.poll_one(source, timezone.now())
    assert (result.ok, result.stored) == (True, 1)
    source.refresh_from_db()
    assert source.etag == first["id"]  # the cursor: the newest status read
    mention = Mention.objects.get(source=source)
    assert (mention.guid, mention.network, mention.author) == (
        first["uri"],
        "mastodon",
        f"@{author.username}@127.0.0.1",
    )

    second = post(f"Encore #{tag}")
    result = polling.poll_one(source, timezone.now())
    source.refresh_from_db()
    assert (result.stored, source.etag, source.items_stored) == (1, second["id"], 2)


def test_a_server_asking_to_slow_down_is_worded_on_the_source(alice, mastodon_mock, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    source = sources.add_source(alice, "mastodon_timeline", {"instance": mastodon_mock.url})
    httpx.post(
        f"{mastodon_mock.url}/api/v1/_mock/faults",
        json={
            "match": {"path": "/api/v1/timelines/public"},
            "effect": {"type": "ratelimit", "headers": {"Retry-After": "3600"}},
            "count": 1,
        },
        timeout=10,
    ).raise_for_status()
    now = timezone.now()
    result = polling.poll_one(source, now)
    source.refresh_from_db()
    assert result.error == source.last_error == "rate_limited"
    assert (source.next_poll_at - now).total_seconds() >= 3600
    assert "slow down" in source.error_text and "60 minutes" in source.error_text


def test_a_bluesky_search_source_is_polled_from_the_local_network(alice, bluesky_network, settings):  # noqa: F811
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = bluesky_network.appview_url
    word = f"zorglub{secrets.token_hex(3)}"
    author = bluesky_network.new_account("atelier")
    made = bluesky_network.write(
        author,
        "app.bsky.feed.post",
        {"text": f"Atelier {word}", "createdAt": now_iso(), "langs": ["fr"]},
    )
    source = sources.add_source(alice, "bluesky_search", {"q": word})
    deadline = time.monotonic() + 60
    while not Mention.objects.filter(source=source).exists() and time.monotonic() < deadline:
        polling.poll_one(source, timezone.now())
        time.sleep(0.5)
    mention = Mention.objects.get(source=source)
    assert (mention.guid, mention.network, mention.lang, mention.author) == (
        made["uri"],
        "bluesky",
        "fr",
        author.handle,
    )
    source.refresh_from_db()
    assert source.etag and source.last_error == ""
    assert polling.poll_one(source, timezone.now()).stored == 0  # read again: nothing new


BASE = "/w/fromagerie/listening"


def test_the_sources_page_offers_the_network_kinds(workspace, owner_client):
    page = owner_client.get(f"{BASE}/sources/").content.decode()
    for code, label in (
        ("mastodon_hashtag", "Mastodon hashtag"),
        ("mastodon_timeline", "Mastodon public timeline"),
        ("bluesky_search", "Bluesky search"),
    ):
        assert f'id="add-{code}"' in page and label in page
    response = owner_client.post(
        f"{BASE}/sources/add/",
        {
            "kind": "mastodon_hashtag",
            "instance": "piaille.fr",
            "hashtag": "#vélo",
            "interval_minutes": "15",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(workspace=workspace)
    assert (source.kind, source.name) == ("mastodon_hashtag", "#vélo (piaille.fr)")
    refused = owner_client.post(
        f"{BASE}/sources/add/",
        {"kind": "bluesky_search", "q": "vélo", "lang": "français", "interval_minutes": "15"},
    )
    assert "Type the language as two letters: fr, en." in refused.content.decode()
    assert Source.objects.filter(workspace=workspace).count() == 1


def test_the_teammate_and_the_outsider_cannot_add_a_network_source(
    workspace, teammate_client, outsider_client
):
    data = {"kind": "bluesky_search", "q": "vélo", "interval_minutes": "15"}
    assert teammate_client.post(f"{BASE}/sources/add/", data).status_code == 404
    assert outsider_client.post(f"{BASE}/sources/add/", data).status_code == 404
    assert not Source.objects.exists()


def test_the_api_and_the_command_add_network_sources(
    workspace, owner, teammate, outsider, mastodon_mock, settings
):
    from click.testing import CliRunner

    from mostra import cli
    from mostra.core.models import ApiToken
    from tests.api.conftest import Api, token_client

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    path = "/workspaces/fromagerie/listening/sources"
    values = {
        "kind": "mastodon_timeline",
        "values": {"instance": mastodon_mock.url, "local": "yes"},
    }

    def api(user) -> Api:
        return Api(token_client(ApiToken.issue(user, "script")[1]))

    assert api(outsider).post(path, values).status_code == 404
    assert api(teammate).post(path, values).status_code == 404
    created = api(owner).post(path, values)
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "mastodon_timeline"
    assert created.json()["url"] == f"{mastodon_mock.url}/api/v1/timelines/public?local=true"
    polled = api(owner).post(f"{path}/{created.json()['id']}/poll").json()
    assert polled["error"] == ""

    result = CliRunner().invoke(
        cli.mostra,
        ["listen", "source", "add", "--workspace", "fromagerie", "bluesky_search", '"atelier vélo"']
        + ["--param", "lang=fr"],
    )
    assert result.exit_code == 0, result.output
    search = Source.objects.get(workspace=workspace, kind="bluesky_search")
    assert search.parameters["q"] == '"atelier vélo"' and search.parameters["lang"] == "fr"
    assert f'Source {search.pk} added: Bluesky: "atelier vélo"' in result.output


def test_a_bluesky_search_goes_through_the_workspaces_connected_account(
    alice,
    bluesky_network,  # noqa: F811
    settings,
):
    from mostra.publishing.connect.bluesky import connect_bluesky

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    # No AppView answers anonymously here: only the account's session can search.
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "http://127.0.0.1:9"
    fromagerie = bluesky_network.new_account("fromagerie")
    connect_bluesky(alice, fromagerie.handle, fromagerie.app_password, bluesky_network.url)
    word = f"zorglub{secrets.token_hex(3)}"
    fan = bluesky_network.new_account("fan")
    made = bluesky_network.write(
        fan, "app.bsky.feed.post", {"text": f"Vu chez la fromagerie {word}", "createdAt": now_iso()}
    )
    source = sources.add_source(alice, "bluesky_search", {"q": word})
    deadline = time.monotonic() + 60
    while not Mention.objects.filter(source=source).exists() and time.monotonic() < deadline:
        result = polling.poll_one(source, timezone.now())
        assert result.error == "", result.error_text
        time.sleep(0.5)
    assert Mention.objects.get(source=source).guid == made["uri"]

    # A source naming an AppView reads it anonymously, whatever the accounts.
    named = sources.add_source(
        alice, "bluesky_search", {"q": word, "appview": "http://127.0.0.1:7"}
    )
    result = polling.poll_one(named, timezone.now())
    assert result.error == "unreachable"


@pytest.mark.parametrize(
    ("failure", "code", "params"),
    [
        ({"code": "rate_limited", "retry_after": 120.0, "http_status": 429}, "rate_limited", {}),
        ({"code": "", "permanent": True, "http_status": 403}, "refused", {"status": 403}),
        ({"code": "server_error", "http_status": 502}, "server_error", {"status": 502}),
        ({"code": ""}, "unreachable", {}),
    ],
)
def test_the_accounts_search_failures_are_worded_on_the_source(
    alice, workspace, monkeypatch, failure, code, params
):
    from types import SimpleNamespace

    from mostra.integrations.base import TransportError
    from mostra.publishing.models import SocialAccount

    SocialAccount.objects.create(
        workspace=workspace, network="bluesky", handle="fromagerie.test", external_id="did:x"
    )

    def refuse(*args, **kwargs):
        raise TransportError("Bluesky said no", **failure)

    fake = SimpleNamespace(session=SimpleNamespace(query=refuse))
    monkeypatch.setattr("mostra.integrations.base.integration_for", lambda account, client: fake)
    source = sources.add_source(alice, "bluesky_search", {"q": "vélo"})
    now = timezone.now()
    result = polling.poll_one(source, now)
    source.refresh_from_db()
    assert result.error == source.last_error == code
    assert params.items() <= source.last_error_params.items()
    if code == "rate_limited":
        assert (source.next_poll_at - now).total_seconds() >= 120
