"""The readiness gate: no first post on a network before the strategy answers for it.

The strategy fixture answers every question for Instagram, Facebook and LinkedIn;
TikTok is only a candidate platform, with an incomplete objective and no tactic.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from mostra.core.models import AuditEvent
from mostra.editorial import workflow
from mostra.editorial.models import PostStatus
from mostra.editorial.services import readiness
from tests.conftest import client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, soon
from tests.publishing.fake_network import connect

S = PostStatus


@pytest.fixture(autouse=True)
def connected_accounts(workspace):
    """Scheduling needs a connected account per network: the Fromagerie has them."""
    for network in ("facebook", "instagram", "linkedin", "tiktok"):
        connect(workspace, network)


def approved(make_post, *networks: str, **fields):
    return make_post(networks=networks, when=soon(), status=S.APPROVED, **fields)


def test_first_post_on_a_network_that_is_not_ready_is_refused(
    strategy, make_post, owner_membership
):
    post = approved(make_post, "tiktok")
    with pytest.raises(readiness.NotReady) as refused:
        workflow.apply(post, "schedule", owner_membership)
    message = refused.value.message
    assert "first post on TikTok" in message
    # The questions to answer first, as the strategy's readiness check words them.
    assert "Say in the mission why you are on TikTok and who is there." in message
    assert "Add a tactic on TikTok" in message
    # The strategy page by its absolute address (the CLI and the API show it), never a
    # bare path.
    assert f"{settings.CONFIG.base_url}/w/fromagerie/strategy/#readiness-title" in message
    assert "(/w/" not in message and " /w/" not in message
    assert refused.value.url == "/w/fromagerie/strategy/"
    assert [r.network for r in refused.value.missing] == ["tiktok"]
    assert fresh(post).status == S.APPROVED
    assert not AuditEvent.objects.filter(object_type="post").exists()


def test_first_post_on_a_ready_network_is_scheduled(strategy, make_post, owner_membership):
    post = approved(make_post, "facebook", "linkedin")
    assert readiness.first_networks(post) == ["facebook", "linkedin"]
    assert workflow.apply(post, "schedule", owner_membership).status == S.SCHEDULED


@pytest.mark.parametrize("status", [S.SCHEDULED, S.PUBLISHED, S.PUBLISHING])
def test_a_network_already_used_is_not_checked_again(status, strategy, make_post, owner_membership):
    make_post(networks=("tiktok",), when=soon(1), status=status)
    post = approved(make_post, "tiktok", "facebook")
    assert readiness.first_networks(post) == ["facebook"]
    assert workflow.apply(post, "schedule", owner_membership).status == S.SCHEDULED


@pytest.mark.parametrize("status", [S.DRAFT, S.APPROVED, S.CANCELLED, S.FAILED])
def test_posts_not_on_their_way_out_do_not_count(status, strategy, make_post, owner_membership):
    make_post(networks=("tiktok",), when=soon(1), status=status)
    post = approved(make_post, "tiktok")
    assert readiness.first_networks(post) == ["tiktok"]
    with pytest.raises(readiness.NotReady):
        workflow.apply(post, "schedule", owner_membership)


def test_other_workspaces_do_not_count(strategy, make_post, owner_membership, outsider):
    from mostra.core.models import Membership

    charlie = Membership.objects.get(user=outsider)
    make_post(author=charlie, networks=("tiktok",), when=soon(1), status=S.PUBLISHED)
    post = approved(make_post, "tiktok")
    assert readiness.first_networks(post) == ["tiktok"]


def test_without_a_strategy_every_first_post_is_refused(make_post, owner_membership):
    post = approved(make_post, "facebook")
    with pytest.raises(readiness.NotReady) as refused:
        workflow.apply(post, "schedule", owner_membership)
    assert "Add Facebook to your platforms" in refused.value.message


def test_the_page_shows_the_questions_and_a_link_to_the_strategy(
    strategy, make_post, owner, owner_membership
):
    post = approved(make_post, "tiktok")
    response = client_for(owner).post(
        f"/w/fromagerie/posts/{post.pk}/transitions/schedule/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "first post on TikTok" in html
    assert '<a href="/w/fromagerie/strategy/#readiness-title">the strategy page</a>' in html
    assert "(/w/" not in html and "http://" not in html
    assert fresh(post).status == S.APPROVED


def test_without_javascript_the_message_links_to_the_strategy(
    strategy, make_post, owner, owner_membership
):
    post = approved(make_post, "tiktok")
    client = client_for(owner)
    response = client.post(f"/w/fromagerie/posts/{post.pk}/transitions/schedule/", follow=True)
    html = response.content.decode()
    assert "first post on TikTok" in html
    assert '<a href="/w/fromagerie/strategy/#readiness-title">the strategy page</a>' in html
    assert "&lt;a" not in html


def test_an_owner_override_lets_the_first_post_through(strategy, make_post, owner_membership):
    from mostra.strategy.services import readiness as answers

    answers.override(owner_membership, "tiktok", "The launch cannot wait for the survey.")
    post = approved(make_post, "tiktok")
    assert workflow.apply(post, "schedule", owner_membership).status == S.SCHEDULED


def test_a_revoked_override_blocks_again(strategy, make_post, owner_membership):
    from mostra.strategy.services import readiness as answers

    answers.override(owner_membership, "tiktok", "The launch cannot wait for the survey.")
    answers.revoke_override(owner_membership, "tiktok")
    post = approved(make_post, "tiktok")
    with pytest.raises(readiness.NotReady):
        workflow.apply(post, "schedule", owner_membership)
