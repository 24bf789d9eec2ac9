"""Mastodon, recorded: the exact request with its Idempotency-Key, retries meeting the
first status, rate limits, refusals."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest
import time_machine
from django.utils import timezone

from mostra.integrations.base import (
    CredentialsRejected,
    Outgoing,
    RemoteRef,
    TransportError,
    integration_for,
)
from mostra.integrations.mastodon.api import idempotency_key
from tests.publishing.mastodon_recorded.recorded import (
    ACCOUNT,
    BASE,
    STATUS,
    TOKEN,
)


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
