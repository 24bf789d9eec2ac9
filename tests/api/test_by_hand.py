"""The API of publishing by hand: adding an account (managers and owners), a post's
publications (every member), a publication by hand published or skipped (editors up);
outsiders get 404 and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.strategy.models import Platform

S = PublicationState
BASE = "/workspaces/fromagerie"


@pytest.fixture
def platforms(workspace) -> None:
    for network in ("instagram", "linkedin"):
        Platform.objects.create(workspace=workspace, network=network)


@pytest.fixture
def due(workspace, owner, teammate) -> Publication:
    account = SocialAccount.objects.create(
        workspace=workspace,
        network="linkedin",
        handle="fromagerie",
        external_id="by-hand:fromagerie",
        by_hand=True,
        responsible=teammate,
    )
    now = timezone.now()
    post = Post.objects.create(
        workspace=workspace, author=owner, status=PostStatus.PUBLISHING, scheduled_at=now
    )
    variant = PostVariant.objects.create(post=post, network="linkedin", text="Tomme")
    return Publication.objects.create(
        variant=variant,
        account=account,
        state=S.MANUAL_DUE,
        due_at=now,
        next_attempt_at=now,
        manual_since=now,
        manual_stage="due",
    )


def test_an_owner_adds_an_account_by_hand(platforms, alice, teammate):
    body = {"network": "instagram", "handle": "@lac", "responsible": "BOB@example.org"}
    response = alice.post(f"{BASE}/accounts/by-hand", body)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": SocialAccount.objects.get().pk,
        "network": "instagram",
        "handle": "lac",
        "by_hand": True,
        "responsible": "bob@example.org",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"network": "myspace", "handle": "lac", "responsible": "bob@example.org"}, "network"),
        (
            {"network": "instagram", "handle": "lac", "responsible": "charlie@example.org"},
            "responsible",
        ),
        ({"network": "instagram", "handle": " ", "responsible": "bob@example.org"}, "handle"),
    ],
)
def test_bad_accounts_answer_422_with_the_field(platforms, alice, body, field):
    response = alice.post(f"{BASE}/accounts/by-hand", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert not SocialAccount.objects.exists()


def test_a_teammate_and_an_outsider_cannot_add_one(platforms, bob, charlie):
    body = {"network": "instagram", "handle": "lac", "responsible": "bob@example.org"}
    assert bob.post(f"{BASE}/accounts/by-hand", body).status_code == 404
    assert charlie.post(f"{BASE}/accounts/by-hand", body).status_code == 404
    assert not SocialAccount.objects.exists()


def test_publications_of_a_post(due, bob, charlie):
    post = due.variant.post
    response = bob.get(f"{BASE}/posts/{post.pk}/publications")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "publishing"
    [row] = data["publications"]
    assert row["state"] == "manual_due" and row["by_hand"] is True
    assert row["network"] == "linkedin" and row["url"] is None
    assert charlie.get(f"{BASE}/posts/{post.pk}/publications").status_code == 404


def test_a_teammate_marks_it_published(due, bob):
    url = "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/"
    when = (timezone.now() - dt.timedelta(minutes=5)).replace(microsecond=0)
    response = bob.post(
        f"{BASE}/publications/{due.pk}/published", {"url": url, "published_at": when.isoformat()}
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "published" and response.json()["url"] == url
    due.refresh_from_db()
    assert due.remote_id == "urn:li:activity:7212345678901234567" and due.published_at == when
    post = due.variant.post
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    again = bob.post(f"{BASE}/publications/{due.pk}/published", {"url": url})
    assert again.status_code == 422 and "no longer waiting" in again.json()["detail"][0]["msg"]


def test_a_wrong_address_is_refused_with_an_example(due, bob):
    response = bob.post(
        f"{BASE}/publications/{due.pk}/published", {"url": "https://x.com/a/status/1"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert (
        detail["loc"] == ["body", "url"]
        and "linkedin.com/feed/update/urn:li:activity" in detail["msg"]
    )
    due.refresh_from_db()
    assert due.state == S.MANUAL_DUE


def test_skip_and_outsiders(due, bob, charlie):
    assert charlie.post(f"{BASE}/publications/{due.pk}/skip", {"reason": "x"}).status_code == 404
    assert bob.post(f"{BASE}/publications/{due.pk}/skip", {"reason": " "}).status_code == 422
    response = bob.post(f"{BASE}/publications/{due.pk}/skip", {"reason": "Page suspended"})
    assert response.status_code == 200
    assert response.json()["state"] == "skipped" and response.json()["reason"] == "Page suspended"
