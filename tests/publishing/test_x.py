"""X: the exact requests mostra sends (recorded responses), and what it makes of the answers."""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import base64
import datetime as dt
import time

import httpx
import pytest
import respx
from django.utils import timezone

from mostra.integrations.base import CredentialsRejected, RemoteRef, TransportError
from mostra.publishing.models import SocialAccount
from tests.publishing.networks_support import (
    REFRESH,
    SECRET,
    TOKEN,
    _no_dns,  # noqa: F401
    account,
    app,
    body,
    form,
    integration,
    jpeg,
    outgoing,
)

API = "https://api.x.com/2"


@pytest.fixture
def x_account(workspace) -> SocialAccount:
    app("x")
    return account(workspace, "x", "1500", handle="fromagerie_lac")


def test_publish_text_sends_the_documented_request(x_account):
    with respx.mock(assert_all_called=True) as net:
        route = net.post(f"{API}/tweets").respond(
            201, json={"data": {"id": "1846", "text": "Nouvelle tomme"}}
        )
        ref = integration(x_account).publish(outgoing(link="https://fromagerie.example/tomme"))
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"].startswith("mostra/")
    assert body(request) == {
        "text": "Nouvelle tomme en cave (affinée 6 mois) #fromage\n\nhttps://fromagerie.example/tomme"
    }
    assert ref == RemoteRef(remote_id="1846", url="https://x.com/fromagerie_lac/status/1846")


def test_publish_image_uploads_it_with_its_alt_text_then_attaches_it(x_account, tmp_path):
    with respx.mock(assert_all_called=True) as net:
        upload = net.post(f"{API}/media/upload").respond(
            200, json={"data": {"id": "7101", "media_key": "3_7101"}}
        )
        metadata = net.post(f"{API}/media/metadata").respond(200, json={"data": {}})
        tweet = net.post(f"{API}/tweets").respond(201, json={"data": {"id": "1847"}})
        integration(x_account).publish(outgoing(media=(jpeg(tmp_path),)))
    sent = upload.calls.last.request
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="media_category"\r\n\r\ntweet_image' in sent.content
    assert b'name="media"; filename="tomme.jpg"' in sent.content
    assert body(metadata.calls.last.request) == {
        "id": "7101",
        "metadata": {"alt_text": {"text": "Une tomme sur une planche"}},
    }
    assert body(tweet.calls.last.request)["media"] == {"media_ids": ["7101"]}


def test_a_thread_replies_to_the_previous_post(x_account):
    with respx.mock(assert_all_called=True) as net:
        route = net.post(f"{API}/tweets").mock(
            side_effect=[
                httpx.Response(201, json={"data": {"id": "1"}}),
                httpx.Response(201, json={"data": {"id": "2"}}),
                httpx.Response(201, json={"data": {"id": "3"}}),
            ]
        )
        ref = integration(x_account).publish(outgoing(thread=("Deuxième", "Troisième")))
    bodies = [body(call.request) for call in route.calls]
    assert bodies[1] == {"text": "Deuxième", "reply": {"in_reply_to_tweet_id": "1"}}
    assert bodies[2] == {"text": "Troisième", "reply": {"in_reply_to_tweet_id": "2"}}
    assert ref.remote_id == "1"


def test_a_reply_failing_after_the_first_post_is_an_unknown_outcome_never_a_resend(x_account):
    with respx.mock() as net:
        net.post(f"{API}/tweets").mock(
            side_effect=[
                httpx.Response(201, json={"data": {"id": "1"}}),
                httpx.Response(503, json={"title": "Service Unavailable"}),
            ]
        )
        with pytest.raises(TransportError) as caught:
            integration(x_account).publish(outgoing(thread=("Deuxième",)))
    assert caught.value.unknown_outcome
    assert "https://x.com/fromagerie_lac/status/1" in caught.value.message


def test_a_timeout_after_sending_is_an_unknown_outcome(x_account):
    with respx.mock() as net:
        net.post(f"{API}/tweets").mock(side_effect=httpx.ReadTimeout("slow"))
        with pytest.raises(TransportError) as caught:
            integration(x_account).publish(outgoing())
    assert caught.value.unknown_outcome and not caught.value.permanent


def test_delete(x_account):
    with respx.mock(assert_all_called=True) as net:
        route = net.delete(f"{API}/tweets/1846").respond(200, json={"data": {"deleted": True}})
        integration(x_account).delete(RemoteRef(remote_id="1846"))
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_metrics_read_public_metrics(x_account):
    with respx.mock(assert_all_called=True) as net:
        route = net.get(f"{API}/tweets").respond(
            200,
            json={
                "data": [
                    {
                        "id": "1846",
                        "public_metrics": {
                            "retweet_count": 4,
                            "reply_count": 2,
                            "like_count": 31,
                            "quote_count": 1,
                            "bookmark_count": 3,
                            "impression_count": 1200,
                        },
                    }
                ]
            },
        )
        [snapshot] = integration(x_account).fetch_metrics(
            [RemoteRef(remote_id="1846"), RemoteRef(remote_id="1847")][:1]
        )
    params = route.calls.last.request.url.params
    assert params["ids"] == "1846" and params["tweet.fields"] == "public_metrics"
    assert (snapshot.likes, snapshot.reposts, snapshot.replies, snapshot.quotes) == (31, 4, 2, 1)
    assert (snapshot.impressions, snapshot.saves) == (1200, 3)


def test_followers(x_account):
    with respx.mock(assert_all_called=True) as net:
        net.get(f"{API}/users/me", params={"user.fields": "public_metrics"}).respond(
            200,
            json={
                "data": {
                    "id": "1500",
                    "public_metrics": {
                        "followers_count": 812,
                        "following_count": 40,
                        "tweet_count": 95,
                    },
                }
            },
        )
        figures = integration(x_account).fetch_account()
    assert (figures.followers, figures.following, figures.posts) == (812, 40, 95)


def test_reconciliation_finds_the_post_in_the_recent_ones(x_account):
    sent = outgoing(text="Fromages & vins : dégustation samedi https://fromagerie.example/d")
    with respx.mock(assert_all_called=True) as net:
        route = net.get(f"{API}/users/1500/tweets").respond(
            200,
            json={
                "data": [
                    {"id": "9", "text": "Autre chose", "created_at": "2026-11-30T08:00:00.000Z"},
                    {
                        "id": "10",
                        "text": "Fromages &amp; vins : dégustation samedi https://t.co/abc",
                        "created_at": timezone.now().isoformat(),
                    },
                ]
            },
        )
        found = integration(x_account).find_existing(sent)
    assert route.calls.last.request.url.params["tweet.fields"] == "created_at,text"
    assert found is not None and found.remote_id == "10"


def test_429_waits_until_the_rate_limit_resets(x_account):
    reset = int(time.time()) + 900
    with respx.mock() as net:
        net.post(f"{API}/tweets").respond(
            429, headers={"x-rate-limit-reset": str(reset)}, json={"title": "Too Many Requests"}
        )
        with pytest.raises(TransportError) as caught:
            integration(x_account).publish(outgoing())
    error = caught.value
    assert not error.permanent and 880 <= error.retry_after <= 900


def test_a_revoked_token_means_reconnecting(x_account):
    with respx.mock() as net:
        net.post(f"{API}/tweets").respond(
            401, json={"title": "Unauthorized", "detail": "Unauthorized", "status": 401}
        )
        with pytest.raises(CredentialsRejected) as caught:
            integration(x_account).publish(outgoing())
    assert caught.value.permanent and TOKEN not in caught.value.message


def test_an_expiring_token_is_refreshed_first_and_stored_encrypted(workspace, django_db_blocker):
    app("x")
    acc = account(workspace, "x", "1500", expires_in=dt.timedelta(minutes=2))
    with respx.mock(assert_all_called=True) as net:
        token = net.post("https://api.x.com/2/oauth2/token").respond(
            200,
            json={
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": "tok-new",
                "refresh_token": "ref-new",
                "scope": "tweet.read tweet.write users.read offline.access media.write",
            },
        )
        tweet = net.post(f"{API}/tweets").respond(201, json={"data": {"id": "5"}})
        integration(acc).publish(outgoing())
    sent = token.calls.last.request
    expected = base64.b64encode(f"x-client-id:{SECRET}".encode()).decode()
    assert sent.headers["Authorization"] == f"Basic {expected}"
    assert form(sent) == {
        "refresh_token": REFRESH,
        "grant_type": "refresh_token",
        "client_id": "x-client-id",
    }
    assert tweet.calls.last.request.headers["Authorization"] == "Bearer tok-new"
    acc.refresh_from_db()
    assert acc.credentials["refresh_token"] == "ref-new"
    assert acc.token_expires_at is None  # X's refresh token keeps the account connected
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM publishing_socialaccount WHERE id = %s", [acc.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and "tok-new" not in stored


def test_a_refused_refresh_means_reconnecting(workspace):
    app("x")
    acc = account(workspace, "x", "1500", expires_in=dt.timedelta(minutes=-1))
    with respx.mock() as net:
        net.post("https://api.x.com/2/oauth2/token").respond(
            400,
            json={
                "error": "invalid_grant",
                "error_description": "Value passed for the token was invalid.",
            },
        )
        with pytest.raises(CredentialsRejected):
            integration(acc).publish(outgoing())


def test_duplicate_content_is_an_unknown_outcome_to_reconcile(x_account):
    with respx.mock() as net:
        net.post(f"{API}/tweets").respond(
            403,
            json={
                "detail": "You are not allowed to create a Tweet with duplicate content.",
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
            },
        )
        with pytest.raises(TransportError) as caught:
            integration(x_account).publish(outgoing())
    assert caught.value.unknown_outcome and not caught.value.permanent


def test_a_token_another_worker_refreshed_is_used_without_refreshing_again(workspace):
    """X's refresh tokens are single-use: the second worker must not spend the old one."""
    app("x")
    acc = account(workspace, "x", "1500", expires_in=dt.timedelta(minutes=1))
    stale = SocialAccount.objects.get(pk=acc.pk)
    later = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    acc.credentials = {
        "access_token": "tok-other",
        "refresh_token": "ref-other",
        "expires_at": later,
    }
    acc.save()
    with respx.mock(assert_all_called=True) as net:
        tweet = net.post(f"{API}/tweets").respond(201, json={"data": {"id": "6"}})
        integration(stale).publish(outgoing())
    assert tweet.calls.last.request.headers["Authorization"] == "Bearer tok-other"


def test_the_first_comment_is_a_reply_and_its_failure_does_not_fail_the_post(x_account):
    with respx.mock(assert_all_called=True) as net:
        route = net.post(f"{API}/tweets").mock(
            side_effect=[
                httpx.Response(201, json={"data": {"id": "1"}}),
                httpx.Response(503, json={"title": "Service Unavailable"}),
            ]
        )
        ref = integration(x_account).publish(outgoing(first_comment="Horaires : 9h-19h"))
    assert body(route.calls[1].request) == {
        "text": "Horaires : 9h-19h",
        "reply": {"in_reply_to_tweet_id": "1"},
    }
    assert ref.remote_id == "1"
