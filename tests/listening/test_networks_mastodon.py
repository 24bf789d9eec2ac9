"""Mastodon listening sources read from the real mastodon-mock: statuses posted there by
test accounts, read back as a source would (no login), with the cursor kept between
fetches. The request's exact shape (``local=true``) is recorded on its way to the mock."""

from __future__ import annotations

import httpx
import pytest

from mostra.core import http
from mostra.listening.networks import mastodon
from mostra.listening.networks.calls import SourceUnavailable
from mostra.listening.networks.mastodon import Timeline, fetch_timeline, normalise_hashtag
from tests.peers import mastodon as peer

mastodon_mock = peer.mastodon_mock
pytestmark = pytest.mark.peer


@pytest.fixture
def loopback(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # the mock runs on 127.0.0.1


def post(mock: peer.MastodonMock, user: peer.MockUser, text: str, **fields: str) -> dict:
    response = mock.as_user(user, "POST", "/api/v1/statuses", data={"status": text, **fields})
    response.raise_for_status()
    return response.json()


def tag_of_this_test() -> str:
    import secrets

    return f"atelier{secrets.token_hex(3)}"


def test_a_hashtag_timeline_gives_each_status_with_its_author_counts_and_kind(
    mastodon_mock, loopback
):
    tag = tag_of_this_test()
    author, fan = mastodon_mock.new_user(), mastodon_mock.new_user()
    first = post(mastodon_mock, author, f"Réparation de vélo à l'atelier #{tag}", language="fr")
    post(mastodon_mock, author, "Sans le mot-dièse")
    reply = post(
        mastodon_mock, fan, f"@{author.username} merci ! #{tag}", in_reply_to_id=first["id"]
    )
    mastodon_mock.as_user(fan, "POST", f"/api/v1/accounts/{author.id}/follow").raise_for_status()
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{first['id']}/favourite")
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{first['id']}/reblog")

    fetched = fetch_timeline(Timeline(mastodon_mock.url, hashtag=f"#{tag}"))

    assert [item.guid for item in fetched.items] == [reply["uri"], first["uri"]]
    assert fetched.cursor == reply["id"]
    newest, oldest = fetched.items
    assert oldest.text == f"Réparation de vélo à l'atelier #{tag}"  # HTML gone
    assert oldest.author == f"@{author.username}@127.0.0.1"
    assert oldest.author_followers == 1
    assert oldest.counts == {"likes": 1, "reposts": 1, "replies": 1}
    assert (oldest.lang, oldest.kind, oldest.network) == ("fr", "post", "mastodon")
    assert oldest.url == first["url"] and oldest.published_at.tzinfo is not None
    assert newest.kind == "reply" and newest.author == f"@{fan.username}@127.0.0.1"


def test_the_cursor_brings_only_what_came_after_it_across_pages(mastodon_mock, loopback):
    tag = tag_of_this_test()
    author = mastodon_mock.new_user()
    post(mastodon_mock, author, f"Déjà lu #{tag}")
    start = fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag))
    assert len(start.items) == 1

    made = [post(mastodon_mock, author, f"Nouvelle {n} #{tag}") for n in range(45)]
    later = fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag), start.cursor)

    assert [i.guid for i in later.items] == [s["uri"] for s in reversed(made)]  # 40 + 5
    assert later.cursor == made[-1]["id"]
    again = fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag), later.cursor)
    assert again.items == [] and again.cursor == later.cursor


def test_the_first_fetch_reads_the_newest_page_only(mastodon_mock, loopback):
    tag = tag_of_this_test()
    author = mastodon_mock.new_user()
    for n in range(45):
        post(mastodon_mock, author, f"Historique {n} #{tag}")
    fetched = fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag))
    assert len(fetched.items) == mastodon.PAGE
    assert fetched.items[0].text == f"Historique 44 #{tag}"


def test_the_local_timeline_asks_for_local_statuses_only(mastodon_mock, loopback):
    author = mastodon_mock.new_user()
    made = post(mastodon_mock, author, "Sur le fil local")
    sent: list[httpx.Request] = []
    client = http.outbound_client(event_hooks={"request": [sent.append]})
    fetched = fetch_timeline(Timeline(mastodon_mock.url, local=True), client=client)

    assert fetched.items[0].guid == made["uri"]
    assert len(sent) == 1 and sent[0].method == "GET"
    assert sent[0].url.path == "/api/v1/timelines/public"
    assert dict(sent[0].url.params) == {"limit": "40", "local": "true"}
    assert "Authorization" not in sent[0].headers  # read without logging in

    fetch_timeline(Timeline(mastodon_mock.url, local=True), fetched.cursor, client=client)
    assert dict(sent[1].url.params) == {"limit": "40", "local": "true", "since_id": made["id"]}


def test_a_server_asking_to_slow_down_says_when_to_try_again(mastodon_mock, loopback):
    tag = tag_of_this_test()
    httpx.post(
        f"{mastodon_mock.url}/api/v1/_mock/faults",
        json={
            "match": {"path": f"/api/v1/timelines/tag/{tag}"},
            "effect": {"type": "ratelimit", "headers": {"Retry-After": "120"}},
            "count": 1,
        },
        timeout=10,
    ).raise_for_status()

    with pytest.raises(SourceUnavailable) as refused:
        fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag))

    assert (refused.value.code, refused.value.retry_after) == ("rate_limited", 120)
    assert str(refused.value) == (
        f"127.0.0.1:{mastodon_mock.port} asks to slow down: mostra reads "
        f"#{tag} on 127.0.0.1:{mastodon_mock.port} again in 2 minutes."
    )
    assert fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag)).items == []  # once only


def test_a_private_address_is_refused_by_the_outbound_guard(mastodon_mock, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(SourceUnavailable, match="private address") as refused:
        fetch_timeline(Timeline(mastodon_mock.url, hashtag="velo"))
    assert refused.value.code == "private_address"


def test_an_instance_that_keeps_its_timelines_for_members_says_so(mastodon_mock, loopback):
    httpx.post(
        f"{mastodon_mock.url}/api/v1/_mock/faults",
        json={
            "match": {"path": "/api/v1/timelines/public"},
            "effect": {"type": "status", "status": 401, "body": {"error": "login"}},
            "count": 1,
        },
        timeout=10,
    ).raise_for_status()
    with pytest.raises(SourceUnavailable, match="without logging in: choose another server") as no:
        fetch_timeline(Timeline(mastodon_mock.url))
    assert (no.value.code, no.value.params) == ("refused", {"status": 401})


def test_mastodons_own_words_for_members_only_timelines_are_understood(mastodon_mock, loopback):
    httpx.post(
        f"{mastodon_mock.url}/api/v1/_mock/faults",
        json={
            "match": {"path": "/api/v1/timelines/public"},
            "effect": {
                "type": "status",
                "status": 422,
                "body": {"error": "This method requires an authenticated user"},
            },
            "count": 1,
        },
        timeout=10,
    ).raise_for_status()
    with pytest.raises(SourceUnavailable, match="without logging in") as refused:
        fetch_timeline(Timeline(mastodon_mock.url, local=True))
    assert (refused.value.code, refused.value.params) == ("refused", {"status": 422})


def test_an_instance_is_read_at_its_origin_whatever_path_was_typed(mastodon_mock, loopback):
    assert Timeline(mastodon_mock.url + "/explore?x=1").base_url == mastodon_mock.url
    assert Timeline("mastodon.social", hashtag="vélo").base_url == "https://mastodon.social"
    assert Timeline("mastodon.social", hashtag="#vélo").path == "/api/v1/timelines/tag/v%C3%A9lo"


@pytest.mark.parametrize(
    ("typed", "tag"), [("#Vélo", "Vélo"), ("  atelier ", "atelier"), ("#a_b", "a_b")]
)
def test_a_hashtag_is_typed_with_or_without_its_sign(typed, tag):
    assert normalise_hashtag(typed) == tag


@pytest.mark.parametrize("typed", ["", "#", "deux mots", "a/b"])
def test_a_hashtag_that_is_not_one_is_refused(typed):
    with pytest.raises(ValueError):
        normalise_hashtag(typed)


def test_a_server_asking_to_slow_down_in_french(mastodon_mock, loopback):
    from django.utils import translation

    from tests.core.pending_french import pending

    tag = tag_of_this_test()
    httpx.post(
        f"{mastodon_mock.url}/api/v1/_mock/faults",
        json={
            "match": {"path": f"/api/v1/timelines/tag/{tag}"},
            "effect": {"type": "ratelimit", "headers": {"Retry-After": "60"}},
            "count": 1,
        },
        timeout=10,
    ).raise_for_status()
    with pending("NETSOURCES"), translation.override("fr"):
        with pytest.raises(SourceUnavailable) as refused:
            fetch_timeline(Timeline(mastodon_mock.url, hashtag=tag))
    host = f"127.0.0.1:{mastodon_mock.port}"
    assert str(refused.value) == (
        f"{host} demande de ralentir : mostra relira #{tag} sur {host} dans 1 minute."
    )


def test_an_endless_answer_is_abandoned_past_its_limit(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # no name to resolve: no network here
    sent: list[httpx.Request] = []

    def endless(request: httpx.Request) -> httpx.Response:  # a hostile instance
        sent.append(request)
        chunks = (b"[" + b" " * 1024 * 1024 for _ in range(100))
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=chunks)

    client = http.outbound_client(transport=httpx.MockTransport(endless))
    with pytest.raises(SourceUnavailable) as refused:
        fetch_timeline(Timeline("hostile.example", hashtag="velo"), client=client)
    assert (refused.value.code, refused.value.params) == ("too_big", {"max_mb": 5})
    assert "more than 5 MB for one page" in str(refused.value)
    assert str(sent[0].url) == "https://hostile.example/api/v1/timelines/tag/velo?limit=40"


def test_an_answer_that_is_not_json_says_the_server_answered_unexpectedly(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True

    def html(request: httpx.Request) -> httpx.Response:  # a maintenance page
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<html>…</html>")

    client = http.outbound_client(transport=httpx.MockTransport(html))
    with pytest.raises(SourceUnavailable, match="answered in an unexpected way") as refused:
        fetch_timeline(Timeline("busy.example"), client=client)
    assert refused.value.code == "server_error"


def test_malformed_statuses_give_no_item_and_no_error(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    statuses = [
        {"id": "9", "uri": "https://i.example/s/9", "created_at": "2026-01-01T00:00:00Z",
         "content": "<p>Bon</p>", "account": "nobody", "favourites_count": "12"},
        {"id": "8", "created_at": "2026-01-01T00:00:00Z"},  # no URI
        {"id": "7", "uri": "https://i.example/s/7", "created_at": "yesterday"},
        "not a status",
        {"uri": "https://i.example/s/6"},  # no id
    ]  # fmt: skip

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=statuses)

    client = http.outbound_client(transport=httpx.MockTransport(answer))
    fetched = fetch_timeline(Timeline("i.example"), client=client)
    (item,) = fetched.items
    assert (item.guid, item.text, item.author, item.counts) == (
        "https://i.example/s/9",
        "Bon",
        None,
        {},
    )
    assert fetched.cursor == "9"
