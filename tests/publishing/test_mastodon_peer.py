"""Mastodon against a real local server imitating its API (mastodon-mock on 127.0.0.1):
connect, publish text, an image with its alternative text, a thread, delete, the
counts another account makes, the followers, a revoked token, the OAuth flow.

What the imitation lacks (Mastodon's rate-limit headers, another character limit, its
exact refusals) is in tests/publishing/mastodon_recorded/.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from django.db import connection
from django.utils import timezone
from PIL import Image

from mostra.core.models import AuditEvent, Membership
from mostra.integrations.base import CredentialsRejected, Outgoing, OutgoingMedia, integration_for
from mostra.integrations.mastodon import MastodonIntegration, NotMastodon
from mostra.publishing.connect.mastodon import connect_mastodon
from mostra.publishing.models import MastodonApp, MastodonInstance, SocialAccount
from mostra.publishing.services import mastodon_oauth
from tests.peers import mastodon as peer
from tests.peers.mastodon import MastodonMock

pytestmark = pytest.mark.peer
mastodon_mock = peer.mastodon_mock


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def user(mastodon_mock: MastodonMock):
    return mastodon_mock.new_user()


@pytest.fixture
def account(workspace, mastodon_mock: MastodonMock, user) -> SocialAccount:
    return connect_mastodon(None, mastodon_mock.url, user.token, workspace=workspace)


def read_status(mock: MastodonMock, user, status_id: str) -> httpx.Response:
    return mock.as_user(user, "GET", f"/api/v1/statuses/{status_id}")


def test_connect_reads_the_account_and_the_instance_limit(
    workspace, mastodon_mock: MastodonMock, user, caplog
):
    caplog.set_level("DEBUG")
    domain = httpx.get(f"{mastodon_mock.url}/api/v2/instance").json()["domain"]

    account = connect_mastodon(None, mastodon_mock.url, user.token, workspace=workspace)

    assert account.network == "mastodon"
    assert account.handle == f"{user.username}@{domain}"
    assert account.external_id == user.id
    assert account.service_url == mastodon_mock.url
    assert account.text_limit == 500
    assert account.credentials == {"access_token": user.token}
    instance = MastodonInstance.objects.get(url=mastodon_mock.url)
    assert instance.limits["max_media"] == 4
    assert instance.limits["image_max_bytes"] == 10485760
    assert "image/png" in instance.limits["mime_types"]
    # The token is nowhere but in the encrypted column.
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM publishing_socialaccount")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored[0].startswith("fernet:")
    assert user.token not in json.dumps(stored)
    audit = list(AuditEvent.objects.values())
    assert audit and user.token not in json.dumps(audit, default=str)
    assert user.token not in caplog.text


def test_connect_from_the_command_line(workspace, mastodon_mock: MastodonMock, user):
    from mostra.cli import mostra

    result = CliRunner().invoke(
        mostra,
        [
            "accounts",
            "connect",
            "mastodon",
            "--workspace",
            workspace.slug,
            "--instance",
            mastodon_mock.url,
            "--token",
            user.token,
        ],
    )

    assert result.exit_code == 0, result.output
    assert f"{user.username}@" in result.output
    assert "500 characters" in result.output
    assert user.token not in result.output
    assert SocialAccount.objects.get(workspace=workspace, network="mastodon").external_id == user.id


def test_a_revoked_token_is_refused(workspace, mastodon_mock: MastodonMock, user):
    httpx.post(f"{mastodon_mock.url}/oauth/revoke", data={"token": user.token})

    with pytest.raises(CredentialsRejected) as refused:
        connect_mastodon(None, mastodon_mock.url, user.token, workspace=workspace)

    assert refused.value.permanent
    assert "Reconnect the account" in refused.value.message
    assert user.token not in str(refused.value)
    assert not SocialAccount.objects.filter(workspace=workspace).exists()


def test_publish_text(account, mastodon_mock: MastodonMock, user):
    integration = integration_for(account)
    assert isinstance(integration, MastodonIntegration)

    ref = integration.publish(
        Outgoing(key="variant-1", text="Nouvelle tomme en cave 🧀", language="fr")
    )

    status = read_status(mastodon_mock, user, ref.remote_id).json()
    assert "Nouvelle tomme en cave 🧀" in status["content"]
    assert status["visibility"] == "public"
    assert status["language"] == "fr"
    assert ref.url == status["url"]
    assert ref.uri == status["uri"]


def test_publishing_again_with_the_same_key_meets_the_first_status(
    account, mastodon_mock: MastodonMock, user
):
    integration = integration_for(account)
    outgoing = Outgoing(key="variant-twice", text="Une seule fois")

    first = integration.publish(outgoing)
    second = integration.publish(outgoing)

    assert second.remote_id == first.remote_id
    mine = mastodon_mock.as_user(user, "GET", f"/api/v1/accounts/{user.id}/statuses").json()
    assert [s["id"] for s in mine] == [first.remote_id]


def test_publish_an_image_with_its_alternative_text(
    account, mastodon_mock: MastodonMock, user, tmp_path: Path
):
    picture = tmp_path / "tomme.png"
    Image.new("RGB", (64, 48), (200, 150, 60)).save(picture)
    media = OutgoingMedia(
        path=picture,
        mime_type="image/png",
        alt_text="Une tomme sur une planche en bois",
        size=picture.stat().st_size,
    )

    ref = integration_for(account).publish(
        Outgoing(key="variant-image", text="En cave depuis six mois", media=(media,))
    )

    status = read_status(mastodon_mock, user, ref.remote_id).json()
    [attachment] = status["media_attachments"]
    assert attachment["type"] == "image"
    assert attachment["description"] == "Une tomme sur une planche en bois"
    assert httpx.get(attachment["url"]).content == picture.read_bytes()


def test_publish_a_thread_with_a_first_comment_then_delete_it(
    account, mastodon_mock: MastodonMock, user
):
    integration = integration_for(account)
    ref = integration.publish(
        Outgoing(
            key="variant-thread",
            text="1/3 La tomme, de la traite à la cave",
            thread=("2/3 Le caillé est moulé à la main", "3/3 Puis six mois d'affinage"),
            first_comment="Visites le samedi : https://fromagerie.example/visites",
        )
    )

    context = mastodon_mock.as_user(user, "GET", f"/api/v1/statuses/{ref.remote_id}/context").json()
    replies = context["descendants"]
    assert len(replies) == 3
    by_text = {r["content"]: r for r in replies}
    second = next(r for c, r in by_text.items() if "2/3" in c)
    third = next(r for c, r in by_text.items() if "3/3" in c)
    comment = next(r for c, r in by_text.items() if "Visites" in c)
    assert second["in_reply_to_id"] == ref.remote_id
    assert third["in_reply_to_id"] == second["id"]
    assert comment["in_reply_to_id"] == ref.remote_id

    integration.delete(ref)

    for status_id in (ref.remote_id, second["id"], third["id"], comment["id"]):
        assert read_status(mastodon_mock, user, status_id).status_code == 404
    integration.delete(ref)  # already gone: nothing to do, no error


def test_metrics_come_from_another_account_liking_and_boosting(
    account, mastodon_mock: MastodonMock, user
):
    integration = integration_for(account)
    ref = integration.publish(Outgoing(key="variant-metrics", text="Qui aime la tomme ?"))
    fan = mastodon_mock.new_user()
    for action in ("favourite", "reblog"):
        answer = mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{ref.remote_id}/{action}")
        assert answer.status_code == 200, answer.text
    mastodon_mock.as_user(
        fan,
        "POST",
        "/api/v1/statuses",
        json={"status": "Moi !", "in_reply_to_id": ref.remote_id},
    )

    [snapshot] = integration.fetch_metrics([ref])

    assert snapshot.remote_id == ref.remote_id
    assert (snapshot.likes, snapshot.reposts, snapshot.replies) == (1, 1, 1)
    assert snapshot.impressions is None and snapshot.reach is None and snapshot.clicks is None
    assert snapshot.raw["favourites_count"] == 1


def test_followers_following_and_posts(account, mastodon_mock: MastodonMock, user):
    integration = integration_for(account)
    integration.publish(Outgoing(key="variant-count", text="Bonjour"))
    for _ in range(2):
        fan = mastodon_mock.new_user()
        mastodon_mock.as_user(fan, "POST", f"/api/v1/accounts/{user.id}/follow")

    figures = integration.fetch_account()

    assert figures.followers == 2
    assert figures.following == 0
    assert figures.posts == 1


def test_the_oauth_flow_connects_the_account_that_approved(
    workspace, owner, mastodon_mock: MastodonMock, user
):
    redirect = "http://127.0.0.1:8000/w/fromagerie/accounts/mastodon/callback"
    started = mastodon_oauth.begin(mastodon_mock.url, redirect)
    query = httpx.URL(started.url).params
    assert started.url.startswith(f"{mastodon_mock.url}/oauth/authorize?")
    assert query["state"] == started.state
    assert query["scope"] == "read write:statuses write:media"
    assert query["code_challenge_method"] == "S256"
    # The member picks their account on the instance, which sends them back.
    approved = httpx.post(
        f"{mastodon_mock.url}/oauth/authorize",
        data={
            "username": user.username,
            "redirect_uri": redirect,
            "client_id": query["client_id"],
            "scope": query["scope"],
            "state": started.state,
        },
    )
    back = httpx.URL(approved.headers["location"])
    assert back.params["state"] == started.state

    membership = Membership.objects.get(workspace=workspace, user=owner)
    account = mastodon_oauth.complete(
        membership,
        started.instance_url,
        redirect,
        back.params["code"],
        code_verifier=started.code_verifier,
    )

    assert account.external_id == user.id
    assert account.created_by == owner
    ref = integration_for(account).publish(Outgoing(key="variant-oauth", text="Par OAuth"))
    assert read_status(mastodon_mock, user, ref.remote_id).status_code == 200
    # A second member connecting on the same instance reuses mostra's registration.
    app = MastodonApp.objects.get(instance__url=mastodon_mock.url)
    assert mastodon_oauth.register_app(mastodon_mock.url, redirect)[0] == app.client_id


def test_a_retry_after_the_key_expired_finds_the_status_instead_of_posting_again(
    account, mastodon_mock: MastodonMock, user
):
    integration = integration_for(account)
    due = timezone.now() - dt.timedelta(hours=2)
    text = (
        "Fermeture exceptionnelle lundi.\n\nRéouverture mardi : https://fromagerie.example/horaires"
    )
    first = integration.publish(Outgoing(key="variant-old", text=text))

    # Two hours later, the instance has forgotten the key: a retry with another key
    # would post again, but the publication was due long ago, so mostra looks first.
    again = integration.publish(Outgoing(key="variant-old-forgotten", text=text, created_at=due))

    assert again.remote_id == first.remote_id
    mine = mastodon_mock.as_user(user, "GET", f"/api/v1/accounts/{user.id}/statuses").json()
    assert len(mine) == 1
    other = integration.find_existing(Outgoing(key="x", text="Autre chose", created_at=due))
    assert other is None


def test_metrics_of_several_statuses_in_one_call(account, mastodon_mock: MastodonMock, user):
    integration = integration_for(account)
    refs = [
        integration.publish(Outgoing(key=f"variant-many-{n}", text=f"N° {n}")) for n in range(3)
    ]
    fan = mastodon_mock.new_user()
    mastodon_mock.as_user(fan, "POST", f"/api/v1/statuses/{refs[1].remote_id}/favourite")
    integration.delete(refs[2])

    snapshots = integration.fetch_metrics(refs)

    assert [(s.remote_id, s.likes) for s in snapshots] == [
        (refs[0].remote_id, 0),
        (refs[1].remote_id, 1),
    ]


def test_a_read_only_token_is_refused(workspace, mastodon_mock: MastodonMock, user):
    redirect = "urn:ietf:wg:oauth:2.0:oob"
    app = httpx.post(
        f"{mastodon_mock.url}/api/v1/apps",
        data={"client_name": "reader", "redirect_uris": redirect, "scopes": "read"},
    ).json()
    code = httpx.URL(
        httpx.post(
            f"{mastodon_mock.url}/oauth/authorize",
            data={
                "username": user.username,
                "redirect_uri": "https://x.example/cb",
                "client_id": app["client_id"],
                "scope": "read",
            },
        ).headers["location"]
    ).params["code"]
    token = httpx.post(
        f"{mastodon_mock.url}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": redirect,
        },
    ).json()["access_token"]

    with pytest.raises(NotMastodon) as refused:
        connect_mastodon(None, mastodon_mock.url, token, workspace=workspace)

    assert "lacks the scopes write:statuses, write:media" in refused.value.message
    assert not SocialAccount.objects.filter(workspace=workspace).exists()
