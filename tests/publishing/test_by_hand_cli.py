"""``mostra accounts add-by-hand``, ``mostra post show`` and ``mostra post published``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from mostra import cli
from mostra.core.models import AuditEvent
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.strategy.models import Platform

pytestmark = pytest.mark.django_db
S = PublicationState


def mostra(*args: str):
    return CliRunner().invoke(cli.mostra, list(args))


@pytest.fixture
def platforms(workspace) -> None:
    for network in ("instagram", "x"):
        Platform.objects.create(workspace=workspace, network=network)


def test_add_by_hand(platforms, teammate):
    result = mostra(
        "accounts", "add-by-hand", "--workspace", "fromagerie", "--network", "instagram",
        "--handle", "lac", "--responsible", "bob@example.org",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "Instagram account lac added: it is published by hand by bob@example.org." in result.output
    )
    account = SocialAccount.objects.get()
    assert account.by_hand and account.responsible == teammate
    assert AuditEvent.objects.get(object_type="socialaccount").actor is None
    listed = json.loads(
        mostra("accounts", "list", "--workspace", "fromagerie", "--format", "json").output
    )
    assert listed[0]["health"] == "by_hand"


@pytest.mark.parametrize(
    ("network", "responsible", "words"),
    [
        ("myspace", "bob@example.org", "Unknown network"),
        ("instagram", "charlie@example.org", "is not a member of this workspace"),
    ],
)
def test_add_by_hand_refuses_bad_input(platforms, network, responsible, words):
    result = mostra(
        "accounts", "add-by-hand", "--workspace", "fromagerie", "--network", network,
        "--handle", "lac", "--responsible", responsible,
    )  # fmt: skip
    assert result.exit_code == 2 and words in result.output
    assert not SocialAccount.objects.exists()


@pytest.fixture
def due(workspace, owner, teammate) -> Publication:
    account = SocialAccount.objects.create(
        workspace=workspace, network="x", handle="lac", external_id="by-hand:lac",
        by_hand=True, responsible=teammate,
    )  # fmt: skip
    now = timezone.now()
    post = Post.objects.create(
        workspace=workspace,
        author=owner,
        status=PostStatus.PUBLISHING,
        scheduled_at=now,
        title="Tomme",
    )
    variant = PostVariant.objects.create(post=post, network="x", text="Tomme")
    return Publication.objects.create(
        variant=variant, account=account, state=S.MANUAL_DUE, due_at=now, next_attempt_at=now,
        manual_since=now, manual_stage="due",
    )  # fmt: skip


def test_post_show_and_published(due):
    post = due.variant.post
    shown = mostra("post", "show", str(post.pk), "--format", "json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["status"] == "publishing"
    assert data["variants"][0]["publication"]["state"] == "manual_due"

    bad = mostra("post", "published", str(post.pk), "--network", "x", "--url", "https://x.com/lac")
    assert bad.exit_code == 2 and "https://x.com/fromagerie/status/" in bad.output
    url = "https://x.com/lac/status/1801234567890123456"
    done = mostra(
        "post", "published", str(post.pk), "--network", "x", "--url", url, "--as", "bob@example.org"
    )
    assert done.exit_code == 0, done.output
    due.refresh_from_db()
    assert due.state == S.PUBLISHED and due.remote_id == "1801234567890123456"
    event = AuditEvent.objects.get(action="publication")
    assert event.actor.email == "bob@example.org"
    table = mostra("post", "show", str(post.pk))
    assert "Published" in table.output and url in table.output


def test_post_published_refuses_an_unknown_post_or_network(due):
    assert (
        mostra("post", "published", "999999", "--network", "x", "--url", "https://x.com").exit_code
        == 2
    )
    result = mostra(
        "post", "published", str(due.variant.post_id), "--network", "instagram", "--url", "x"
    )
    assert result.exit_code == 2 and "has no publication on instagram" in result.output
