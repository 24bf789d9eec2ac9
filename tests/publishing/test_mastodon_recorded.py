"""Mastodon with recorded responses (respx), for what the local imitation lacks: the
exact requests (address, headers with the token and the Idempotency-Key, body), a retry
meeting the first status, rate limits with Mastodon's headers, an instance with its own
character limit, refusals in the instance's words, a revoked token, addresses that are
not Mastodon, media still processing, the OAuth registration and code exchange.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
import time_machine
from django.db import connection
from django.utils import timezone
from PIL import Image

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent
from mostra.integrations.base import (
    CredentialsRejected,
    Outgoing,
    OutgoingMedia,
    RemoteRef,
    TransportError,
    integration_for,
)
from mostra.integrations.mastodon import NotMastodon, connect_mastodon
from mostra.integrations.mastodon.api import idempotency_key
from mostra.publishing.models import (
    AccountStatus,
    MastodonApp,
    MastodonInstance,
    SocialAccount,
)
from mostra.publishing.services import mastodon_oauth
from mostra.publishing.services.accounts import text_limit_for

BASE = "https://mastodon.example"
TOKEN = "Zq8-secret-token-nobody-should-read-4711"

INSTANCE_V2: dict[str, Any] = {
    "domain": "mastodon.example",
    "title": "Mastodon Example",
    "version": "4.3.2",
    "configuration": {
        "statuses": {
            "max_characters": 1000,
            "max_media_attachments": 4,
            "characters_reserved_per_url": 23,
        },
        "media_attachments": {
            "supported_mime_types": ["image/jpeg", "image/png", "video/mp4"],
            "image_size_limit": 16777216,
            "video_size_limit": 103809024,
        },
    },
}
ACCOUNT: dict[str, Any] = {
    "id": "109348729384756",
    "username": "atelier",
    "acct": "atelier",
    "display_name": "Atelier Vélo Solidaire",
    "followers_count": 321,
    "following_count": 12,
    "statuses_count": 87,
}
#: The token's application, as Mastodon 4.3 describes it.
APP: dict[str, Any] = {"name": "mostra", "scopes": ["read", "write:statuses", "write:media"]}
STATUS: dict[str, Any] = {
    "id": "113456789012345678",
    "uri": "https://mastodon.example/users/atelier/statuses/113456789012345678",
    "url": "https://mastodon.example/@atelier/113456789012345678",
    "visibility": "public",
    "favourites_count": 7,
    "reblogs_count": 3,
    "replies_count": 2,
}


@pytest.fixture(autouse=True)
def _no_dns(settings):
    """mastodon.example does not resolve here: the address guard is tested elsewhere."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def api():
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def account(workspace) -> SocialAccount:
    return SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="atelier@mastodon.example",
        external_id=ACCOUNT["id"],
        service_url=BASE,
        credentials={"access_token": TOKEN},
        text_limit=1000,
    )


def instance_routes(api, v2: Any = INSTANCE_V2) -> None:
    api.get("/api/v2/instance").respond(200, json=v2)
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json=APP)


# Connecting ------------------------------------------------------------------------


def test_connect_asks_whose_the_token_is_and_keeps_the_instance_limit(workspace, api, caplog):
    caplog.set_level("DEBUG")
    instance_routes(api)

    account = connect_mastodon(None, "mastodon.example/@atelier", TOKEN, workspace=workspace)

    asked = [str(c.request.url) for c in api.calls]
    assert asked == [
        f"{BASE}/api/v2/instance",
        f"{BASE}/api/v1/accounts/verify_credentials",
        f"{BASE}/api/v1/apps/verify_credentials",
    ]
    who = api.calls[1].request
    assert who.url == f"{BASE}/api/v1/accounts/verify_credentials"
    assert who.headers["Authorization"] == f"Bearer {TOKEN}"
    assert who.headers["Accept"] == "application/json"
    assert who.headers["User-Agent"].startswith("mostra/")
    assert account.handle == "atelier@mastodon.example"
    assert account.external_id == "109348729384756"
    assert account.display_name == "Atelier Vélo Solidaire"
    assert account.service_url == BASE
    assert account.text_limit == 1000
    assert account.status == AccountStatus.CONNECTED
    assert MastodonInstance.objects.get(url=BASE).limits["video_max_bytes"] == 103809024
    assert TOKEN not in caplog.text
    assert TOKEN not in json.dumps(list(AuditEvent.objects.values()), default=str)


def test_an_older_instance_is_read_from_api_v1(workspace, api):
    api.get("/api/v2/instance").respond(404, json={"error": "Record not found"})
    api.get("/api/v1/instance").respond(
        200,
        json={
            "uri": "mastodon.example",
            "version": "3.5.3",
            "configuration": {"statuses": {"max_characters": 500}},
        },
    )
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json=APP)

    account = connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert account.text_limit == 500
    assert account.handle == "atelier@mastodon.example"


def test_a_pleroma_style_limit_is_read_too(workspace, api):
    api.get("/api/v2/instance").respond(404)
    api.get("/api/v1/instance").respond(
        200, json={"uri": "https://mastodon.example", "version": "2.7.2", "max_toot_chars": 5000}
    )
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json=APP)

    assert connect_mastodon(None, BASE, TOKEN, workspace=workspace).text_limit == 5000


def test_an_instance_that_answers_a_web_page_is_refused(workspace, api):
    page = "<!doctype html><html><body>Welcome to my blog</body></html>"
    api.get("/api/v2/instance").respond(200, html=page)
    api.get("/api/v1/instance").respond(200, html=page)
    who = api.get("/api/v1/accounts/verify_credentials")

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert "mastodon.example answers with a web page, not with the Mastodon API" in str(
        refused.value
    )
    assert not who.called
    assert not SocialAccount.objects.exists()


def test_a_json_server_that_is_not_mastodon_is_refused(workspace, api):
    api.get("/api/v2/instance").respond(200, json={"status": "ok", "service": "shop"})
    api.get("/api/v1/instance").respond(200, json={"name": "shop"})

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert "answers, but not as a Mastodon server does" in refused.value.message
    assert not SocialAccount.objects.exists()


def test_an_address_without_the_mastodon_api_is_refused(workspace, api):
    api.get("/api/v2/instance").respond(404)
    api.get("/api/v1/instance").respond(404)

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert refused.value.message == (
        "mastodon.example is not a Mastodon instance: it has no Mastodon API "
        "(/api/v2/instance and /api/v1/instance answer HTTP 404/404)."
    )


@pytest.mark.parametrize("address", ["", "ftp://mastodon.example", "https://"])
def test_what_is_not_an_address_is_refused_before_any_request(workspace, api, address):
    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, address, TOKEN, workspace=workspace)

    assert "give it as https://mastodon.example" in refused.value.message
    assert not api.calls


def test_a_revoked_token_is_refused_at_connect(workspace, api, caplog):
    caplog.set_level("DEBUG")
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(
        401, json={"error": "The access token was revoked"}
    )

    with pytest.raises(CredentialsRejected) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert refused.value.permanent and refused.value.http_status == 401
    assert "“The access token was revoked”" in refused.value.message
    assert TOKEN not in str(refused.value) and TOKEN not in caplog.text
    assert (
        not SocialAccount.objects.exists()
        and not AuditEvent.objects.filter(object_type="socialaccount").exists()
    )


def test_an_editor_may_not_connect_and_nothing_is_asked(teammate_membership, api):
    with pytest.raises(DomainError):
        connect_mastodon(teammate_membership, BASE, TOKEN)

    assert not api.calls


# Publishing ------------------------------------------------------------------------


def test_publish_sends_the_status_with_its_idempotency_key(account, api):
    route = api.post("/api/v1/statuses").respond(200, json=STATUS)

    ref = integration_for(account).publish(
        Outgoing(
            key="variant-42",
            text="Atelier ouvert samedi",
            link="https://velo.example/atelier",
            language="fr-FR",
        )
    )

    sent = route.calls.last.request
    assert sent.url == f"{BASE}/api/v1/statuses"
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Idempotency-Key"] == idempotency_key("variant-42", 0)
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == {
        "status": "Atelier ouvert samedi\n\nhttps://velo.example/atelier",
        "visibility": "public",
        "language": "fr",
    }
    assert ref == RemoteRef(remote_id=STATUS["id"], uri=STATUS["uri"], url=STATUS["url"])


def test_the_idempotency_key_is_stable_per_variant_and_part():
    assert idempotency_key("variant-42", 0) == idempotency_key("variant-42", 0)
    keys = {
        idempotency_key("variant-42", 0),
        idempotency_key("variant-42", 1),
        idempotency_key("variant-42", "comment"),
        idempotency_key("variant-43", 0),
    }
    assert len(keys) == 4
    assert all(k.startswith("mostra-") and len(k) == 47 for k in keys)


def replaying_instance(api) -> list[dict[str, Any]]:
    """POST /api/v1/statuses as Mastodon answers it: a key seen before returns the status
    it made then, whatever the body."""
    made: dict[str, dict[str, Any]] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        key = request.headers["Idempotency-Key"]
        if key not in made:
            number = str(113456789012345678 + len(made))
            made[key] = {**STATUS, "id": number, "url": f"{BASE}/@atelier/{number}"}
        return httpx.Response(200, json=made[key])

    api.post("/api/v1/statuses").mock(side_effect=answer)
    return list(made.values())


def test_idempotency_key_replay_returns_the_same_status(account, api):
    replaying_instance(api)
    integration = integration_for(account)
    assert integration.idempotent

    first = integration.publish(Outgoing(key="variant-42", text="Une fois"))
    again = integration.publish(Outgoing(key="variant-42", text="Une fois"))
    other = integration.publish(Outgoing(key="variant-43", text="Une autre"))

    assert again == first
    assert other.remote_id != first.remote_id
    keys = [c.request.headers["Idempotency-Key"] for c in api.calls]
    assert keys[0] == keys[1] != keys[2]


def test_a_timeout_after_sending_is_an_unknown_outcome_and_the_retry_meets_it(account, api):
    route = api.post("/api/v1/statuses")
    route.side_effect = [httpx.ReadTimeout("read timed out"), httpx.Response(200, json=STATUS)]
    integration = integration_for(account)
    outgoing = Outgoing(key="variant-42", text="Atelier ouvert samedi")

    with pytest.raises(TransportError) as lost:
        integration.publish(outgoing)
    ref = integration.publish(outgoing)

    assert lost.value.unknown_outcome and not lost.value.permanent
    assert "the post may have gone out" in lost.value.message
    assert ref.remote_id == STATUS["id"]
    first, second = (c.request.headers["Idempotency-Key"] for c in route.calls)
    assert first == second == idempotency_key("variant-42", 0)


def test_a_thread_and_its_first_comment_reply_in_order(account, api):
    ids = iter(["200", "201", "202", "203"])
    route = api.post("/api/v1/statuses").mock(
        side_effect=lambda request: httpx.Response(200, json={**STATUS, "id": next(ids)})
    )

    ref = integration_for(account).publish(
        Outgoing(key="v7", text="1/3", thread=("2/3", "3/3"), first_comment="Infos en réponse")
    )

    bodies = [json.loads(c.request.content) for c in route.calls]
    assert [b["status"] for b in bodies] == ["1/3", "2/3", "3/3", "Infos en réponse"]
    assert [b.get("in_reply_to_id") for b in bodies] == [None, "200", "201", "200"]
    assert [c.request.headers["Idempotency-Key"] for c in route.calls] == [
        idempotency_key("v7", 0),
        idempotency_key("v7", 1),
        idempotency_key("v7", 2),
        idempotency_key("v7", "comment"),
    ]
    assert ref.remote_id == "200"


@time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False)
def test_rate_limited_with_x_ratelimit_reset_waits_until_the_reset(account, api):
    api.post("/api/v1/statuses").respond(
        429,
        json={"error": "Too many requests"},
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "2026-11-30T10:04:30.123Z",
        },
    )

    with pytest.raises(TransportError) as limited:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert not limited.value.permanent
    assert limited.value.code == "rate_limited"
    assert limited.value.retry_after == 271.0
    assert limited.value.http_status == 429


def test_rate_limited_with_retry_after(account, api):
    api.get(f"/api/v1/statuses/{STATUS['id']}").respond(
        429, headers={"Retry-After": "42"}, json={"error": "Too many requests"}
    )

    with pytest.raises(TransportError) as limited:
        integration_for(account).fetch_metrics([RemoteRef(STATUS["id"])])

    assert limited.value.retry_after == 42.0 and not limited.value.permanent


def test_a_text_over_the_instance_limit_is_refused_in_plain_words(account, api):
    api.post("/api/v1/statuses").respond(
        422, json={"error": "Validation failed: Text character limit of 500 exceeded"}
    )

    with pytest.raises(TransportError) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="x" * 600))

    assert refused.value.permanent
    assert refused.value.code == "text_too_long"
    assert refused.value.message == (
        "The instance refused the text: it is longer than the 500 characters this "
        "instance accepts. Shorten it, then publish again."
    )


def test_other_refusals_keep_the_instance_words(account, api):
    api.post("/api/v1/statuses").respond(
        422, json={"error": "Validation failed: Media attachments are not valid"}
    )

    with pytest.raises(TransportError) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert refused.value.permanent and refused.value.code == "refused"
    assert "“Validation failed: Media attachments are not valid”" in refused.value.message


def test_a_revoked_token_when_publishing_needs_reconnecting(account, api, caplog):
    caplog.set_level("DEBUG")
    api.post("/api/v1/statuses").respond(401, json={"error": "The access token is invalid"})

    with pytest.raises(CredentialsRejected) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert refused.value.permanent and refused.value.code == "credentials_rejected"
    assert TOKEN not in str(refused.value) and TOKEN not in caplog.text


def test_a_missing_scope_needs_reconnecting_too(account, api):
    api.post("/api/v1/statuses").respond(
        403, json={"error": "This action is outside the authorized scopes"}
    )

    with pytest.raises(CredentialsRejected) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert "read write:statuses write:media" in refused.value.message


def test_an_account_without_a_token_needs_reconnecting(account, api):
    account.credentials = None

    with pytest.raises(CredentialsRejected):
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert not api.calls


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried(account, api, status):
    api.post("/api/v1/statuses").respond(status, html="<h1>Bad gateway</h1>")

    with pytest.raises(TransportError) as failed:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert not failed.value.permanent and not failed.value.unknown_outcome
    assert failed.value.message == (
        f"The instance had a problem (HTTP {status}); mostra will try again."
    )


def test_an_unreachable_instance_is_retried_and_nothing_was_sent(account, api):
    api.post("/api/v1/statuses").mock(side_effect=httpx.ConnectError("connection refused"))

    with pytest.raises(TransportError) as failed:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert not failed.value.permanent and not failed.value.unknown_outcome
    assert failed.value.code == "unreachable"


def test_an_instance_echoing_the_token_does_not_get_it_into_the_message(account, api):
    api.post("/api/v1/statuses").respond(400, json={"error": f"Bad token {TOKEN}"})

    with pytest.raises(TransportError) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert TOKEN not in refused.value.message
    assert "Bad token ***" in refused.value.message


# Media -----------------------------------------------------------------------------


@pytest.fixture
def picture(tmp_path: Path) -> OutgoingMedia:
    path = tmp_path / "atelier.png"
    Image.new("RGB", (32, 24), (20, 120, 200)).save(path)
    return OutgoingMedia(path=path, mime_type="image/png", alt_text="Deux vélos réparés")


class FakeTime:
    """The integration's clock and sleep: each sleep moves the clock, nobody waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def test_an_image_is_uploaded_with_its_alternative_text_and_waited_for(account, api, picture):
    upload = api.post("/api/v2/media").respond(202, json={"id": "m1", "url": None})
    api.get("/api/v1/media/m1").mock(
        side_effect=[
            httpx.Response(206, json={"id": "m1", "url": None}),
            httpx.Response(200, json={"id": "m1", "url": f"{BASE}/files/m1.png"}),
        ]
    )
    post = api.post("/api/v1/statuses").respond(200, json=STATUS)
    integration = integration_for(account)
    time = FakeTime()
    integration.sleep, integration.clock = time.sleep, time.clock

    integration.publish(Outgoing(key="v1", text="Réparés !", media=(picture,)))

    sent = upload.calls.last.request
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="description"\r\n\r\nDeux v\xc3\xa9los r\xc3\xa9par\xc3\xa9s' in sent.content
    assert b'filename="atelier.png"' in sent.content
    assert b"Content-Type: image/png" in sent.content
    assert picture.path.read_bytes() in sent.content
    assert time.slept == [1.0, 1.0]
    assert json.loads(post.calls.last.request.content)["media_ids"] == ["m1"]


def test_media_still_processing_past_the_deadline_is_retried_later(account, api, picture):
    api.post("/api/v2/media").respond(202, json={"id": "m1", "url": None})
    api.get("/api/v1/media/m1").respond(206, json={"id": "m1", "url": None})
    post = api.post("/api/v1/statuses")
    integration = integration_for(account)
    time = FakeTime()
    integration.sleep, integration.clock = time.sleep, time.clock

    with pytest.raises(TransportError) as slow:
        integration.publish(Outgoing(key="v1", text="Réparés !", media=(picture,)))

    assert slow.value.code == "media_processing" and not slow.value.permanent
    assert "still processing atelier.png after 120 seconds" in slow.value.message
    assert not post.called


def test_an_image_the_instance_refuses_is_a_permanent_failure(account, api, picture):
    api.post("/api/v2/media").respond(
        422, json={"error": "Validation failed: File content type is invalid"}
    )

    with pytest.raises(TransportError) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="x", media=(picture,)))

    assert refused.value.permanent
    assert "File content type is invalid" in refused.value.message


# Reading back, deleting --------------------------------------------------------------


def test_metrics_give_none_for_what_mastodon_does_not_count(account, api):
    api.get(f"/api/v1/statuses/{STATUS['id']}").respond(200, json=STATUS)

    [snapshot] = integration_for(account).fetch_metrics([RemoteRef(STATUS["id"])])

    assert (snapshot.likes, snapshot.reposts, snapshot.replies) == (7, 3, 2)
    assert snapshot.quotes is None and snapshot.impressions is None and snapshot.reach is None
    assert snapshot.raw == {"favourites_count": 7, "reblogs_count": 3, "replies_count": 2}


def test_metrics_are_read_twenty_statuses_per_call(account, api):
    ids = [str(1000 + n) for n in range(25)]
    batch = api.get("/api/v1/statuses").mock(
        side_effect=lambda request: httpx.Response(
            200,
            json=[
                {**STATUS, "id": i, "favourites_count": int(i) - 1000}
                for i in request.url.params.get_list("id[]")
                if i != "1003"  # deleted on the instance
            ],
        )
    )
    one = api.get("/api/v1/statuses/1003").respond(404, json={"error": "Record not found"})

    snapshots = integration_for(account).fetch_metrics([RemoteRef(i) for i in ids])

    assert [len(c.request.url.params.get_list("id[]")) for c in batch.calls] == [20, 5]
    assert batch.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert one.call_count == 1
    assert [s.remote_id for s in snapshots] == [i for i in ids if i != "1003"]
    assert snapshots[5].remote_id == "1006" and snapshots[5].likes == 6


def test_an_instance_without_the_batch_call_is_read_status_by_status(account, api):
    api.get("/api/v1/statuses").respond(404, json={"error": "Record not found"})
    api.get("/api/v1/statuses/1").respond(200, json={**STATUS, "id": "1"})
    api.get("/api/v1/statuses/2").respond(200, json={**STATUS, "id": "2", "quotes_count": 4})

    snapshots = integration_for(account).fetch_metrics([RemoteRef("1"), RemoteRef("2")])

    assert [(s.remote_id, s.likes, s.quotes) for s in snapshots] == [("1", 7, None), ("2", 7, 4)]


def test_followers_come_from_the_account(account, api):
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)

    figures = integration_for(account).fetch_account()

    assert (figures.followers, figures.following, figures.posts) == (321, 12, 87)


def test_delete_removes_the_thread_but_not_the_conversation(account, api):
    api.get("/api/v1/statuses/200/context").respond(
        200,
        json={
            "ancestors": [],
            "descendants": [
                {"id": "201", "in_reply_to_id": "200", "account": {"id": ACCOUNT["id"]}},
                {"id": "300", "in_reply_to_id": "201", "account": {"id": "someone-else"}},
                # The account answering someone: a conversation, not the thread.
                {"id": "301", "in_reply_to_id": "300", "account": {"id": ACCOUNT["id"]}},
                {"id": "202", "in_reply_to_id": "201", "account": {"id": ACCOUNT["id"]}},
            ],
        },
    )
    api.delete("/api/v1/statuses/201").respond(404, json={"error": "Record not found"})
    deleted = api.delete(url__regex=r"/api/v1/statuses/\d+$").respond(200, json={})

    integration_for(account).delete(RemoteRef("200"))

    paths = [c.request.url.path for c in api.calls if c.request.method == "DELETE"]
    assert paths == ["/api/v1/statuses/202", "/api/v1/statuses/201", "/api/v1/statuses/200"]
    assert deleted.call_count == 2


def test_limits_are_the_instance_own(account, api):
    MastodonInstance.objects.create(
        url=BASE,
        domain="mastodon.example",
        text_limit=1000,
        limits={"max_media": 6, "image_max_bytes": 8_000_000, "mime_types": ["image/png"]},
    )

    limits = integration_for(account).limits()

    assert limits.text_max == 1000
    assert (limits.max_items, limits.max_images, limits.image_max_bytes) == (6, 6, 8_000_000)
    assert limits.mime_types == ("image/png",)
    assert limits.counting == "mastodon"


def test_text_limit_for_is_the_smallest_of_the_connected_accounts(workspace, account):
    SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="atelier@small.example",
        external_id="1",
        service_url="https://small.example",
        text_limit=500,
    )
    gone = SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="old@tiny.example",
        external_id="2",
        text_limit=300,
        status=AccountStatus.DISCONNECTED,
    )

    assert text_limit_for(workspace, "mastodon") == 500
    assert text_limit_for(workspace.pk, "bluesky") is None
    gone.delete()
    SocialAccount.objects.filter(external_id="1").delete()
    assert text_limit_for(workspace, "mastodon") == 1000


# OAuth ---------------------------------------------------------------------------------

REDIRECT = "https://mostra.example/w/fromagerie/accounts/mastodon/callback/"


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
        "code_challenge": mastodon_oauth._pkce_challenge(started.code_verifier),
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


@time_machine.travel(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_retry_past_the_key_lifetime_meets_the_status_found_on_the_account(account, api):
    due = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    html = (
        "<p>Fermeture exceptionnelle lundi.</p><p>Réouverture mardi &amp; mercredi : "
        '<a href="https://fromagerie.example/horaires" rel="nofollow noopener" '
        'target="_blank"><span class="invisible">https://</span><span class="">'
        'fromagerie.example/horaires</span><span class="invisible"></span></a> '
        '<a href="https://mastodon.example/tags/tomme" class="mention hashtag" '
        'rel="tag">#<span>tomme</span></a></p>'
    )
    listed = api.get(f"/api/v1/accounts/{ACCOUNT['id']}/statuses").respond(
        200,
        json=[
            {
                **STATUS,
                "id": "3",
                "content": html,
                "in_reply_to_id": "1",
                "created_at": "2026-11-30T10:00:05.000Z",
                "media_attachments": [],
            },
            {
                **STATUS,
                "id": "2",
                "content": html,
                "in_reply_to_id": None,
                "created_at": "2026-11-30T10:00:04.000Z",
                "media_attachments": [],
            },
            {
                **STATUS,
                "id": "1",
                "content": html,
                "in_reply_to_id": None,
                "created_at": "2026-11-29T10:00:00.000Z",
                "media_attachments": [],
            },
        ],
    )
    post = api.post("/api/v1/statuses")

    ref = integration_for(account).publish(
        Outgoing(
            key="v1",
            text="Fermeture exceptionnelle lundi.\n\nRéouverture mardi & mercredi : "
            "https://fromagerie.example/horaires #tomme",
            created_at=due,
        )
    )

    assert ref.remote_id == "2"
    assert not post.called
    assert dict(listed.calls.last.request.url.params) == {
        "limit": "40",
        "exclude_reblogs": "true",
    }


@time_machine.travel(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_retry_past_the_key_lifetime_posts_when_nothing_is_found(account, api):
    api.get(f"/api/v1/accounts/{ACCOUNT['id']}/statuses").respond(200, json=[])
    post = api.post("/api/v1/statuses").respond(200, json=STATUS)
    due = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)

    ref = integration_for(account).publish(Outgoing(key="v1", text="Bonjour", created_at=due))

    assert ref.remote_id == STATUS["id"] and post.call_count == 1


def test_a_publication_due_recently_does_not_look_first(account, api):
    listed = api.get(f"/api/v1/accounts/{ACCOUNT['id']}/statuses")
    api.post("/api/v1/statuses").respond(200, json=STATUS)

    integration_for(account).publish(
        Outgoing(key="v1", text="Bonjour", created_at=timezone.now() - dt.timedelta(minutes=5))
    )

    assert not listed.called


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("mastodon.social", "https://mastodon.social"),
        ("https://Mastodon.Social/", "https://mastodon.social"),
        ("https://mastodon.social/@atelier", "https://mastodon.social"),
        ("@atelier@mastodon.social", "https://mastodon.social"),
        ("atelier@mastodon.social", "https://mastodon.social"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
    ],
)
def test_an_instance_address_is_read_as_people_type_it(typed, origin):
    from mostra.integrations.mastodon.instance import instance_origin

    assert instance_origin(typed) == origin


def run_connect(*args: str, env: dict[str, str] | None = None):
    from click.testing import CliRunner

    from mostra.cli import mostra

    return CliRunner().invoke(mostra, ["accounts", "connect", "mastodon", *args], env=env)


def test_the_command_refuses_a_web_page_with_exit_status_2(workspace, api):
    api.get("/api/v2/instance").respond(200, html="<html>Blog</html>")
    api.get("/api/v1/instance").respond(200, html="<html>Blog</html>")

    result = run_connect("--workspace", "fromagerie", "--instance", BASE, "--token", TOKEN)

    assert result.exit_code == 2
    assert "Error: mastodon.example answers with a web page" in result.output
    assert TOKEN not in result.output
    assert not SocialAccount.objects.exists()


def test_the_command_refuses_a_revoked_token(workspace, api):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(
        401, json={"error": "The access token was revoked"}
    )

    result = run_connect("--workspace", "fromagerie", "--instance", BASE, "--token", TOKEN)

    assert result.exit_code == 2
    assert "refused the access token" in result.output and TOKEN not in result.output


def test_the_command_reads_the_token_from_the_environment(workspace, api):
    instance_routes(api)

    result = run_connect(
        "--workspace",
        "fromagerie",
        "--instance",
        "mastodon.example",
        env={"MOSTRA_MASTODON_TOKEN": TOKEN},
    )

    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Mastodon account atelier@mastodon.example connected to fromagerie; its instance "
        "accepts 1000 characters per post."
    )
    assert api.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_the_command_is_listed_with_the_networks(db):
    from click.testing import CliRunner

    from mostra.cli import mostra

    result = CliRunner().invoke(mostra, ["accounts", "connect", "--help"])

    assert "mastodon" in result.output
    help_text = CliRunner().invoke(mostra, ["accounts", "connect", "mastodon", "--help"]).output
    assert "--instance URL" in help_text and "MOSTRA_MASTODON_TOKEN" in help_text


def test_a_private_address_is_refused_unless_an_administrator_allows_it(workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(TransportError) as refused:
        connect_mastodon(None, "http://127.0.0.1:3000", TOKEN, workspace=workspace)

    assert refused.value.permanent and refused.value.code == "address_refused"
    assert "MOSTRA_ALLOW_PRIVATE_ADDRESSES=1" in refused.value.message


def test_connecting_again_renews_the_token_of_the_same_account(workspace, api):
    instance_routes(api)
    first = connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    again = connect_mastodon(None, BASE, "another-token-0042", workspace=workspace)

    assert again.pk == first.pk
    assert SocialAccount.objects.get().credentials == {"access_token": "another-token-0042"}
    audit = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert TOKEN not in audit and "another-token-0042" not in audit


def test_the_same_id_on_another_instance_is_refused(workspace, api, account):
    other = "https://other.example"
    with respx.mock(base_url=other, assert_all_called=False) as elsewhere:
        elsewhere.get("/api/v2/instance").respond(
            200, json={**INSTANCE_V2, "domain": "other.example"}
        )
        elsewhere.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
        elsewhere.get("/api/v1/apps/verify_credentials").respond(200, json=APP)

        with pytest.raises(DomainError) as refused:
            connect_mastodon(None, other, TOKEN, workspace=workspace)

    assert "atelier@mastodon.example" in refused.value.message
    assert SocialAccount.objects.get().service_url == BASE


def test_a_disabled_account_needs_attention_on_the_instance(account, api):
    api.post("/api/v1/statuses").respond(403, json={"error": "Your login is currently disabled"})

    with pytest.raises(CredentialsRejected) as refused:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert refused.value.message == (
        "The instance does not let this account act (the instance said: “Your login is "
        "currently disabled”): check the account on the instance, then reconnect it."
    )


def test_a_success_that_is_not_json_is_retried(account, api):
    api.post("/api/v1/statuses").respond(200, html="<html>maintenance</html>")

    with pytest.raises(TransportError) as odd:
        integration_for(account).publish(Outgoing(key="v1", text="Bonjour"))

    assert not odd.value.permanent
    assert odd.value.message == (
        "mastodon.example answered /api/v1/statuses with something that is not JSON "
        "(HTTP 200); mostra will try again."
    )


@pytest.mark.parametrize(
    ("scopes", "lacking"),
    [
        (["read"], "write:statuses, write:media"),
        (["read", "write:statuses"], "write:media"),
        (["write", "follow"], "read"),
    ],
)
def test_a_token_without_the_scopes_mostra_needs_is_refused(workspace, api, scopes, lacking):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").respond(200, json={**APP, "scopes": scopes})

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, BASE, TOKEN, workspace=workspace)

    assert refused.value.message == (
        f"The token's application lacks the scopes {lacking}, which mostra needs: "
        "create a token with the scopes read, write:statuses, write:media."
    )
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("answer", [httpx.Response(404), httpx.Response(200, json={"name": "x"})])
def test_an_instance_that_does_not_say_the_scopes_lets_the_token_through(workspace, api, answer):
    api.get("/api/v2/instance").respond(200, json=INSTANCE_V2)
    api.get("/api/v1/accounts/verify_credentials").respond(200, json=ACCOUNT)
    api.get("/api/v1/apps/verify_credentials").mock(return_value=answer)

    assert connect_mastodon(None, BASE, TOKEN, workspace=workspace).external_id == ACCOUNT["id"]


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
