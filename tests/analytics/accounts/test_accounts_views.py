"""The tracked accounts page: who sees it, who changes it, and the figures it shows."""

from __future__ import annotations

import datetime as dt

import pytest
import respx
from django.test import Client

from mostra.analytics.models import AccountPost, ImportRun, TrackedAccount

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def url(workspace, name: str = "accounts", pk: int | None = None) -> str:
    base = f"/w/{workspace.slug}/analytics/accounts/"
    return base if name == "accounts" else f"{base}{pk}/{name}/" if pk else f"{base}{name}/"


@pytest.fixture
def own(workspace):
    account = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    for day in (3, 10, 25):
        AccountPost.objects.create(
            account=account,
            network_id=f"t{day}",
            published_at=dt.datetime(2026, 10, day, 12, tzinfo=UTC),
            source="x-archive",
            likes=day,
        )
    ImportRun.objects.create(
        workspace=workspace, account=account, kind="x-archive", filename="a.zip", sha256="0"
    )
    return account


@pytest.fixture
def rival(workspace):
    account = TrackedAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="rival@masto.example",
        is_competitor=True,
        profile_url="https://masto.example/@rival",
    )
    AccountPost.objects.create(
        account=account,
        network_id="m1",
        kind="repost",
        published_at=dt.datetime(2026, 11, 2, tzinfo=UTC),
        source="public-profile",
    )
    return account


def test_members_see_the_accounts_with_their_figures(
    owner_client, teammate_client, workspace, own, rival
):
    for client in (owner_client, teammate_client):
        page = client.get(url(workspace))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-posts="3"' in html and 'data-posts="1"' in html
        assert "Oct. 3, 2026 – Oct. 25, 2026" in html
        assert "X archive" in html and "Public profile" in html
        assert "rival@masto.example" in html


def test_only_those_who_shape_the_strategy_get_the_forms(
    owner_client, teammate_client, workspace, own, rival
):
    owner_html = owner_client.get(url(workspace)).content.decode()
    assert url(workspace, "add") in owner_html
    assert url(workspace, "delete", rival.pk) in owner_html
    assert url(workspace, "delete", own.pk) not in owner_html  # own accounts are not removed here
    assert url(workspace, "refresh", rival.pk) in owner_html
    teammate_html = teammate_client.get(url(workspace)).content.decode()
    assert url(workspace, "add") not in teammate_html
    assert url(workspace, "delete", rival.pk) not in teammate_html


def test_outsiders_get_404_everywhere(outsider_client, workspace, own, rival):
    assert outsider_client.get(url(workspace)).status_code == 404
    for name, pk in (("add", None), ("refresh", rival.pk), ("delete", rival.pk)):
        assert (
            outsider_client.post(url(workspace, name, pk), {"network": "bluesky"}).status_code
            == 404
        )
    assert TrackedAccount.objects.filter(pk=rival.pk).exists()


def test_a_teammate_cannot_add_refresh_or_remove(teammate_client, workspace, rival):
    assert teammate_client.post(url(workspace, "delete", rival.pk)).status_code == 404
    assert teammate_client.post(url(workspace, "refresh", rival.pk)).status_code == 404
    answer = teammate_client.post(
        url(workspace, "add"), {"network": "bluesky", "profile": "a.example"}
    )
    assert answer.status_code == 404
    assert TrackedAccount.objects.count() == 1


def test_the_owner_removes_a_competitor_but_not_an_own_account(owner_client, workspace, own, rival):
    assert owner_client.post(url(workspace, "delete", own.pk)).status_code == 404
    answer = owner_client.post(url(workspace, "delete", rival.pk), follow=True)
    assert "no longer tracked" in answer.content.decode()
    assert not TrackedAccount.objects.filter(pk=rival.pk).exists()
    assert not AccountPost.objects.filter(account_id=rival.pk).exists()
    assert TrackedAccount.objects.filter(pk=own.pk).exists()


def test_forms_need_the_csrf_token(owner, workspace, rival):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(url(workspace, "delete", rival.pk)).status_code == 403
    assert client.post(url(workspace, "refresh", rival.pk)).status_code == 403
    assert (
        client.post(
            url(workspace, "add"), {"network": "bluesky", "profile": "x.example"}
        ).status_code
        == 403
    )
    assert TrackedAccount.objects.filter(pk=rival.pk).exists()


def test_adding_from_a_public_profile(owner_client, workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with respx.mock(base_url="https://masto.example", assert_all_called=True) as mock:
        mock.get("/api/v1/accounts/lookup").respond(
            json={"id": "7", "display_name": "Rival", "followers_count": 12}
        )
        mock.get("/api/v1/accounts/7/statuses").respond(json=[])
        answer = owner_client.post(
            url(workspace, "add"),
            {"network": "mastodon", "profile": "@rival@masto.example"},
            follow=True,
        )
    assert answer.status_code == 200
    assert "rival@masto.example is now tracked as a competitor" in answer.content.decode()
    account = TrackedAccount.objects.get(handle="rival@masto.example")
    assert account.is_competitor and account.follower_counts.get().followers == 12


def test_a_refused_profile_comes_back_with_the_reason(owner_client, workspace, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with respx.mock(base_url="https://masto.example") as mock:
        mock.get("/api/v1/accounts/lookup").respond(404, json={"error": "Record not found"})
        answer = owner_client.post(
            url(workspace, "add"), {"network": "mastodon", "profile": "rival@masto.example"}
        )
    assert answer.status_code == 400
    assert "No public profile @rival@masto.example was found" in answer.content.decode()
    bad = owner_client.post(url(workspace, "add"), {"network": "mastodon", "profile": "rival"})
    assert bad.status_code == 400 and "@name@instance.social" in bad.content.decode()
    assert not TrackedAccount.objects.exists()


def test_refresh_failure_is_a_message_not_an_error(owner_client, workspace, rival, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with respx.mock(base_url="https://masto.example") as mock:
        mock.get("/api/v1/accounts/lookup").respond(503)
        answer = owner_client.post(url(workspace, "refresh", rival.pk), follow=True)
    assert answer.status_code == 200
    assert "unexpected way (503)" in answer.content.decode()
    assert AccountPost.objects.filter(account=rival).count() == 1


def test_the_list_takes_a_bounded_number_of_queries(
    owner_client, workspace, django_assert_max_num_queries
):
    def load(n: int) -> None:
        for i in range(n):
            account = TrackedAccount.objects.create(
                workspace=workspace,
                network="bluesky",
                handle=f"a{n}-{i}.example",
                is_competitor=bool(i % 2),
            )
            AccountPost.objects.create(
                account=account,
                network_id="p",
                published_at=dt.datetime(2026, 1, 1, tzinfo=UTC),
                source="csv",
            )
            ImportRun.objects.create(
                workspace=workspace, account=account, kind="csv", filename="f", sha256="0"
            )

    load(2)
    with django_assert_max_num_queries(12) as few:
        owner_client.get(url(workspace))
    load(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = owner_client.get(url(workspace))
    assert page.content.decode().count('data-posts="1"') == 20
