"""Threads: two-step containers, replies, insights, th_refresh_token (recorded responses)."""

# ruff: noqa: F811 (fixtures imported from networks_support are pytest arguments)

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from mostra.integrations.base import CredentialsRejected, RemoteRef, TransportError
from mostra.integrations.threads import ThreadsAccount
from mostra.publishing.models import SocialAccount
from tests.publishing.networks_support import (
    TOKEN,
    _no_dns,  # noqa: F401
    account,
    app,
    form,
    integration,
    jpeg,
    outgoing,
    public_base,  # noqa: F401
)

T = "https://graph.threads.net/v1.0"
USER = "2560001"


@pytest.fixture
def threads(workspace, monkeypatch) -> SocialAccount:
    app("threads")
    monkeypatch.setattr(ThreadsAccount, "poll_interval", 0.0)
    return account(workspace, "threads", USER, refresh=False, expires_in=dt.timedelta(days=50))


def test_publish_text_with_a_link_in_two_steps(threads):
    with respx.mock(assert_all_called=True) as net:
        create = net.post(f"{T}/{USER}/threads").respond(200, json={"id": "c-1"})
        net.get(f"{T}/c-1").respond(200, json={"status": "FINISHED", "id": "c-1"})
        publish = net.post(f"{T}/{USER}/threads_publish").respond(200, json={"id": "p-1"})
        net.get(f"{T}/p-1").respond(200, json={"permalink": "https://www.threads.net/@f/post/X"})
        ref = integration(threads).publish(outgoing(link="https://fromagerie.example/t"))
    request = create.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert form(request) == {
        "media_type": "TEXT",
        "text": "Nouvelle tomme en cave (affinée 6 mois) #fromage",
        "link_attachment": "https://fromagerie.example/t",
    }
    assert form(publish.calls.last.request) == {"creation_id": "c-1"}
    assert ref == RemoteRef(remote_id="p-1", url="https://www.threads.net/@f/post/X")


def test_an_image_with_alt_text_and_a_thread(threads, tmp_path, public_base):
    with respx.mock(assert_all_called=True) as net:
        create = net.post(f"{T}/{USER}/threads").mock(
            side_effect=[httpx.Response(200, json={"id": c}) for c in ("c-1", "c-2")]
        )
        net.get(url__regex=rf"{T}/c-\d").respond(200, json={"status": "FINISHED"})
        net.post(f"{T}/{USER}/threads_publish").mock(
            side_effect=[httpx.Response(200, json={"id": p}) for p in ("p-1", "p-2")]
        )
        net.get(f"{T}/p-1").respond(200, json={"permalink": "https://www.threads.net/@f/post/X"})
        integration(threads).publish(outgoing(media=(jpeg(tmp_path),), thread=("La suite",)))
    first, reply = (form(c.request) for c in create.calls)
    assert first["media_type"] == "IMAGE" and first["alt_text"] == "Une tomme sur une planche"
    assert first["image_url"].startswith(f"{public_base}/media/public/")
    assert reply == {"media_type": "TEXT", "text": "La suite", "reply_to_id": "p-1"}


def test_delete(threads):
    with respx.mock(assert_all_called=True) as net:
        route = net.delete(f"{T}/p-1").respond(200, json={"success": True})
        integration(threads).delete(RemoteRef(remote_id="p-1"))
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_metrics_and_followers(threads):
    with respx.mock(assert_all_called=True) as net:
        insights = net.get(f"{T}/p-1/insights").respond(
            200,
            json={
                "data": [
                    {"name": n, "period": "lifetime", "values": [{"value": v}], "id": "x"}
                    for n, v in (
                        ("views", 800),
                        ("likes", 40),
                        ("replies", 3),
                        ("reposts", 2),
                        ("quotes", 1),
                    )
                ]
            },
        )
        followers = net.get(f"{T}/{USER}/threads_insights").respond(
            200, json={"data": [{"name": "followers_count", "total_value": {"value": 640}}]}
        )
        [snapshot] = integration(threads).fetch_metrics([RemoteRef(remote_id="p-1")])
        figures = integration(threads).fetch_account()
    assert (
        insights.calls.last.request.url.params["metric"]
        == "views,likes,replies,reposts,quotes,shares"
    )
    assert followers.calls.last.request.url.params["metric"] == "followers_count"
    assert (snapshot.impressions, snapshot.likes, snapshot.replies) == (800, 40, 3)
    assert (snapshot.reposts, snapshot.quotes) == (2, 1)
    assert figures.followers == 640


def test_reconciliation(threads):
    with respx.mock(assert_all_called=True) as net:
        net.get(f"{T}/{USER}/threads").respond(
            200,
            json={
                "data": [
                    {
                        "id": "p-9",
                        "text": "Nouvelle tomme en cave (affinée 6 mois) #fromage",
                        "timestamp": "2026-11-30T08:41:00+0000",
                        "permalink": "https://www.threads.net/@f/post/Z",
                    }
                ]
            },
        )
        found = integration(threads).find_existing(outgoing(created_at=None))
    assert found == RemoteRef(remote_id="p-9", url="https://www.threads.net/@f/post/Z")


def test_an_expiring_token_is_refreshed_with_th_refresh_token(workspace, monkeypatch):
    app("threads")
    acc = account(workspace, "threads", USER, refresh=False, expires_in=dt.timedelta(days=5))
    with respx.mock(assert_all_called=True) as net:
        refresh = net.get("https://graph.threads.net/refresh_access_token").respond(
            200, json={"access_token": "tok-new", "token_type": "bearer", "expires_in": 5184000}
        )
        delete = net.delete(f"{T}/p-1").respond(200, json={"success": True})
        integration(acc).delete(RemoteRef(remote_id="p-1"))
    params = refresh.calls.last.request.url.params
    assert params["grant_type"] == "th_refresh_token" and params["access_token"] == TOKEN
    assert delete.calls.last.request.headers["Authorization"] == "Bearer tok-new"
    acc.refresh_from_db()
    assert acc.credentials["access_token"] == "tok-new"
    assert acc.token_expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(days=59)


def test_429_waits(threads):
    with respx.mock() as net:
        net.post(f"{T}/{USER}/threads").respond(429, headers={"Retry-After": "60"}, json={})
        with pytest.raises(TransportError) as caught:
            integration(threads).publish(outgoing())
    assert not caught.value.permanent and caught.value.retry_after == 60


def test_a_revoked_token_means_reconnecting(threads):
    with respx.mock() as net:
        net.post(f"{T}/{USER}/threads").respond(
            401,
            json={
                "error": {"message": "Session has expired", "type": "OAuthException", "code": 190}
            },
        )
        with pytest.raises(CredentialsRejected):
            integration(threads).publish(outgoing())


def test_the_loop_refreshes_tokens_nobody_used_and_marks_refused_ones(workspace):
    from mostra.publishing.models import AccountStatus
    from mostra.publishing.services.oauth import refresh_expiring

    app("threads")
    soon = account(workspace, "threads", "1", refresh=False, expires_in=dt.timedelta(days=5))
    later = account(workspace, "threads", "2", refresh=False, expires_in=dt.timedelta(days=40))
    revoked = account(
        workspace,
        "threads",
        "3",
        refresh=False,
        expires_in=dt.timedelta(days=2),
        access_token="tok-revoked",
    )
    for acc in (soon, later, revoked):
        acc.token_expires_at = dt.datetime.fromisoformat(acc.credentials["expires_at"])
        acc.save()
    with respx.mock(assert_all_called=True) as net:

        def answer(request: httpx.Request) -> httpx.Response:
            if request.url.params["access_token"] == "tok-revoked":
                error = {"message": "Session has expired", "type": "OAuthException", "code": 190}
                return httpx.Response(400, json={"error": error})
            return httpx.Response(
                200, json={"access_token": "tok-new", "token_type": "bearer", "expires_in": 5184000}
            )

        net.get("https://graph.threads.net/refresh_access_token").mock(side_effect=answer)
        assert refresh_expiring() == 1
    soon.refresh_from_db()
    revoked.refresh_from_db()
    later.refresh_from_db()
    assert soon.credentials["access_token"] == "tok-new"
    assert revoked.status == AccountStatus.NEEDS_RECONNECT and "reconnect" in revoked.last_error
    assert later.credentials["access_token"] == TOKEN


def test_the_first_comment_replies_to_the_post(threads):
    with respx.mock(assert_all_called=True) as net:
        create = net.post(f"{T}/{USER}/threads").mock(
            side_effect=[httpx.Response(200, json={"id": c}) for c in ("c-1", "c-2")]
        )
        net.get(url__regex=rf"{T}/c-\d").respond(200, json={"status": "FINISHED"})
        net.post(f"{T}/{USER}/threads_publish").mock(
            side_effect=[httpx.Response(200, json={"id": p}) for p in ("p-1", "p-2")]
        )
        net.get(f"{T}/p-1").respond(200, json={"permalink": "https://www.threads.net/@f/post/X"})
        ref = integration(threads).publish(outgoing(first_comment="Horaires : 9h-19h"))
    assert form(create.calls[1].request) == {
        "media_type": "TEXT",
        "text": "Horaires : 9h-19h",
        "reply_to_id": "p-1",
    }
    assert ref.remote_id == "p-1"
