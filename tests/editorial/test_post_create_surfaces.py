"""Creating and submitting a post at once: the command line (``mostra post create
--at``) and the API (``POST /posts`` with ``submit``) call one service
(:func:`mostra.editorial.services.post_create.create_post`) and answer the same."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mostra.cli import mostra
from mostra.core.models import ApiToken, AuditEvent
from mostra.editorial.models import Post, PostStatus
from mostra.publishing.models import Publication
from tests.api.conftest import Api, token_client
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon
from tests.publishing.fake_network import connect

API = "/workspaces/fromagerie/posts"


@pytest.fixture
def page(workspace):
    return connect(workspace, "facebook", "fromagerie-page")


@pytest.fixture
def api(owner, teammate, outsider):
    def make(user) -> Api:
        return Api(token_client(ApiToken.issue(user, "script")[1]))

    return {"owner": make(owner), "teammate": make(teammate), "outsider": make(outsider)}


def cli(tactic, text: str, when) -> object:
    return CliRunner().invoke(
        mostra,
        [
            "post", "create", "--workspace", "fromagerie", "--account", "fromagerie-page",
            "--tactic", str(tactic.pk), "--text", text, "--at", when.isoformat(),
        ],
    )  # fmt: skip


def body(tactic, text: str, when) -> dict:
    return {
        "tactic": tactic.key,
        "scheduled_at": when.isoformat(),
        "variants": [{"network": "facebook", "text": text}],
        "submit": True,
    }


def test_no_approval_needed_schedules_it_on_both(tactic, page, set_policy, api):
    set_policy("none")
    when = soon()
    assert cli(tactic, "Tomme", when).exit_code == 0
    response = api["owner"].post(API, body(tactic, "Reblochon", when))
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "scheduled"
    posts = Post.objects.order_by("id")
    assert [(p.status, p.scheduled_at) for p in posts] == [(PostStatus.SCHEDULED, when)] * 2
    assert Publication.objects.filter(variant__post__in=posts).count() == 2
    for post in posts:
        actions = AuditEvent.objects.filter(object_type="post", object_id=str(post.pk))
        assert {"create", "update"} <= set(actions.values_list("action", flat=True))


def test_one_approval_needed_submits_it_on_both(tactic, page, set_policy, bob_approver, api):
    set_policy("one")
    when = soon()
    assert cli(tactic, "Tomme", when).exit_code == 0
    assert api["owner"].post(API, body(tactic, "Reblochon", when)).json()["status"] == "in_review"
    assert set(Post.objects.values_list("status", flat=True)) == {PostStatus.IN_REVIEW}
    assert not Publication.objects.exists()


def test_a_charter_error_refuses_it_on_both_with_the_same_message(tactic, page, set_policy, api):
    set_policy("none")
    thread = "Un\n---\nDeux"
    result = cli(tactic, thread, soon())
    assert result.exit_code == 1
    assert "Facebook has no threads" in result.output
    response = api["owner"].post(API, body(tactic, thread, soon()))
    assert response.status_code == 422
    message = response.json()["detail"][0]["msg"]
    assert message.startswith("The charter check found problems")
    assert "Facebook has no threads" in message
    assert not Post.objects.exists() and not Publication.objects.exists()
    assert not AuditEvent.objects.filter(object_type="post").exists()


def test_a_teammate_may_draft_an_outsider_gets_404(tactic, page, set_policy, api):
    set_policy("none")
    assert api["outsider"].post(API, body(tactic, "Tomme", soon())).status_code == 404
    response = api["teammate"].post(API, body(tactic, "Tomme", soon()))
    assert response.status_code == 201  # an editor writes and submits; no approval needed
    assert Post.objects.get().status == PostStatus.SCHEDULED
