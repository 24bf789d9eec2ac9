"""A Mastodon variant is checked against its instance's own limit once connected."""

from __future__ import annotations

from django.urls import reverse

from mostra.charter.checks import check_post
from mostra.editorial.models import Post, PostVariant
from mostra.publishing.models import AccountStatus, SocialAccount

TEXT = "Des nouvelles de l'atelier. " * 25  # 700 characters


def codes(findings):
    return [f.code for f in findings]


def mastodon_post(workspace) -> Post:
    post = Post.objects.create(workspace=workspace)
    PostVariant.objects.create(post=post, network="mastodon", text=TEXT)
    return post


def connect(workspace, limit, status=AccountStatus.CONNECTED):
    return SocialAccount.objects.create(
        workspace=workspace,
        network="mastodon",
        handle="atelier@piaille.fr",
        external_id=f"id-{limit}",
        text_limit=limit,
        status=status,
    )


def test_the_instance_limit_replaces_the_default(workspace):
    post = mastodon_post(workspace)
    assert "text_too_long" in codes(check_post(post)["mastodon"])
    connect(workspace, 1000)
    assert "text_too_long" not in codes(check_post(post)["mastodon"])
    connect(workspace, 600)  # the smallest of the connected accounts counts
    assert "text_too_long" in codes(check_post(post)["mastodon"])


def test_a_disconnected_account_does_not_count(workspace):
    post = mastodon_post(workspace)
    connect(workspace, 1000, status=AccountStatus.DISCONNECTED)
    assert "text_too_long" in codes(check_post(post)["mastodon"])


def test_the_live_check_counts_to_the_instance_limit(workspace, owner_client):
    connect(workspace, 1000)
    page = owner_client.post(
        reverse("charter:check", args=[workspace.slug]), {"network": "mastodon", "text": TEXT}
    ).content.decode()
    assert "700 / 1000" in page and "text_too_long" not in page
