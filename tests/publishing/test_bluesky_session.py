"""The Bluesky session against a real PDS: refreshed before it expires, renewed when
refused, and a revoked app password that asks for reconnecting."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from mostra.integrations.base import CredentialsRejected, Outgoing
from mostra.integrations.bluesky import BlueskyIntegration
from mostra.publishing.models import SocialAccount
from tests.publishing.conftest_bluesky import *  # noqa: F403

pytestmark = [pytest.mark.django_db, pytest.mark.peer]


def with_credentials(account: SocialAccount, **changes) -> BlueskyIntegration:
    credentials = {**account.credentials, **changes}
    SocialAccount.objects.filter(pk=account.pk).update(credentials=credentials)
    return BlueskyIntegration(SocialAccount.objects.get(pk=account.pk))


def stored(account: SocialAccount) -> dict:
    return SocialAccount.objects.get(pk=account.pk).credentials


class Recorder:
    """Which XRPC methods were called, through the guarded client's event hooks."""

    def __init__(self) -> None:
        self.methods: list[str] = []

    def client(self) -> httpx.Client:
        from mostra.core.http import outbound_client

        return outbound_client(event_hooks={"request": [self.hook]})

    def hook(self, request: httpx.Request) -> None:
        self.methods.append(request.url.path.rsplit("/", 1)[1])


def test_the_access_token_is_read_for_its_expiry(bsky_account):
    expires = dt.datetime.fromisoformat(stored(bsky_account)["access_expires_at"])
    assert dt.timedelta(minutes=1) < expires - dt.datetime.now(dt.UTC) < dt.timedelta(days=1)


def test_a_token_about_to_expire_is_refreshed_before_the_call(bluesky_pds, bsky_account):
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)).isoformat()
    with_credentials(bsky_account, access_expires_at=soon)
    recorder = Recorder()
    integration = BlueskyIntegration(
        SocialAccount.objects.get(pk=bsky_account.pk), recorder.client()
    )
    old = stored(bsky_account)
    ref = integration.publish(Outgoing(key="v-refresh", text="Frais"))
    assert recorder.methods == ["com.atproto.server.refreshSession", "com.atproto.repo.putRecord"]
    new = stored(bsky_account)
    assert new["refresh_jwt"] != old["refresh_jwt"]  # rotated: the PDS gave a new session
    assert new["access_expires_at"] > soon  # (the access token may be the same within a second)
    assert bluesky_pds.record(ref.uri) is not None


def test_a_refused_access_token_is_refreshed_and_the_call_sent_again(bluesky_pds, bsky_account):
    integration = with_credentials(bsky_account, access_jwt="not-a-token")
    ref = integration.publish(Outgoing(key="v-invalid", text="Encore"))
    assert bluesky_pds.record(ref.uri) is not None
    assert stored(bsky_account)["access_jwt"] != "not-a-token"


def test_a_lost_session_is_opened_again_with_the_app_password(bluesky_pds, bsky_account):
    integration = with_credentials(bsky_account, access_jwt="gone", refresh_jwt="gone")
    ref = integration.publish(Outgoing(key="v-relogin", text="Reconnecté tout seul"))
    assert bluesky_pds.record(ref.uri) is not None
    assert stored(bsky_account)["refresh_jwt"] != "gone"


def test_a_revoked_app_password_asks_for_reconnecting(bluesky_pds, bsky_user, bsky_account):
    httpx.post(
        bluesky_pds.xrpc("com.atproto.server.revokeAppPassword"),
        json={"name": "mostra"},
        headers=bsky_user.auth,
    ).raise_for_status()
    integration = with_credentials(bsky_account, access_jwt="gone", refresh_jwt="gone")
    with pytest.raises(CredentialsRejected) as refused:
        integration.publish(Outgoing(key="v-revoked", text="Refusé"))
    assert "app password" in refused.value.message
    assert bluesky_pds.records(bsky_user.did) == []
