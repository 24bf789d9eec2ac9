"""The approval queue, as an approver, the author, a non-approver and an outsider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from mostra.core.models import Membership, Workspace
from mostra.editorial import workflow
from mostra.editorial.models import Approval, Decision, Post, PostStatus
from mostra.editorial.services import approvals
from tests.conftest import client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, soon

S = PostStatus
URL = "/w/fromagerie/approvals/"


def in_review(make_post, title: str, *, age_minutes: int = 0, **fields) -> Post:
    fields.setdefault("networks", ("facebook", "linkedin"))
    post = make_post(title=title, when=soon(), status=S.IN_REVIEW, **fields)
    if age_minutes:
        Post.objects.filter(pk=post.pk).update(
            updated_at=post.updated_at - dt.timedelta(minutes=age_minutes)
        )
    return post


@pytest.fixture
def queue_posts(make_post, bob_approver, set_policy):
    """Alice's posts in review (the oldest first), a draft, and Bob's own post in review."""
    set_policy("two")
    return {
        "recent": in_review(make_post, "Plateau de l'été", text="Le plateau <b>été</b> arrive"),
        "old": in_review(make_post, "Tomme de printemps", age_minutes=90),
        "draft": make_post(title="Brouillon", when=soon()),
        "bobs": in_review(make_post, "Mon post", author=bob_approver),
    }


def test_the_approver_sees_what_waits_for_him_oldest_first(queue_posts, teammate, bob_approver):
    response = client_for(teammate).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Tomme de printemps") < html.index("Plateau de l&#x27;été")
    assert "Brouillon" not in html.split("Your posts waiting")[0]
    assert "Mon post" not in html.split("Your posts waiting")[0]  # his own
    assert "Alice Martin" in html and "Facebook, LinkedIn" in html
    assert "Le plateau &lt;b&gt;été&lt;/b&gt; arrive" in html  # the text, escaped
    assert 'data-action="approve"' in html and 'data-action="request_changes"' in html
    assert "2 posts wait for your decision" in html
    assert [p.title for p in approvals.queue(bob_approver)] == [
        "Tomme de printemps",
        "Plateau de l'été",
    ]


def test_a_post_already_approved_by_him_leaves_his_queue(queue_posts, bob_approver, dana):
    workflow.apply(queue_posts["old"], "approve", bob_approver)
    assert fresh(queue_posts["old"]).status == S.IN_REVIEW  # policy "two": one more
    assert [p.title for p in approvals.queue(bob_approver)] == ["Plateau de l'été"]
    # ... but still waits for Dana, and Bob's own post waits for her too.
    assert [p.title for p in approvals.queue(dana)] == [
        "Tomme de printemps",
        "Plateau de l'été",
        "Mon post",
    ]


def test_approving_from_the_queue(queue_posts, teammate, bob_approver, set_policy):
    set_policy("one")
    post = queue_posts["old"]
    client = client_for(teammate)
    response = client.post(
        f"/w/fromagerie/posts/{post.pk}/transitions/approve/", {"next": URL, "note": "Bon"}
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    assert fresh(post).status == S.APPROVED
    page = client.get(URL).content.decode()
    # Approving schedules a post with a date when it can: here the strategy is not ready.
    assert "Done: the post is approved, but not scheduled yet: This would be the first" in page
    assert "Tomme de printemps" not in page


def test_the_queue_query_count_does_not_grow(make_post, teammate, bob_approver, set_policy):
    set_policy("one")
    Workspace.objects.filter(slug="fromagerie").update(sensitive_topics="listéria")
    client = client_for(teammate)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    in_review(make_post, "Un")
    few = count()
    for i in range(8):
        post = in_review(make_post, f"Post {i}", sensitive=bool(i % 2), text=f"Listéria {i}")
        Approval.objects.create(
            post=post, approver=post.author, version=1, decision=Decision.CHANGES_REQUESTED
        )
    assert count() == few


def test_a_member_who_is_not_an_approver_gets_an_explanation(queue_posts, owner, owner_membership):
    assert not owner_membership.is_approver
    html = client_for(owner).get(URL).content.decode()
    assert "You are not an approver here" in html
    assert "Approvers of this workspace: Bob Durand" in html
    # Her own posts in review are listed, with how far they are.
    assert "Your posts waiting for others" in html
    assert "Tomme de printemps — 0 of 2 approvals" in html


def test_no_approver_at_all_says_whom_to_ask(make_post, owner, teammate_membership):
    html = client_for(owner).get(URL).content.decode()
    assert "This workspace has no approver yet" in html


def test_the_outsider_gets_404_and_the_anonymous_the_login(queue_posts, outsider):
    assert client_for(outsider).get(URL).status_code == 404
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_navigation_count(queue_posts, bob_approver, owner_membership, outsider):
    template = Template(
        "{% load workflow %}[{% approvals_waiting_count %}]{% approvals_waiting as n %}{{ n }}"
    )
    bob = template.render(Context({"membership": bob_approver}))
    assert 'class="badge warn approvals-count"' in bob
    assert ">2<" in bob and "2 posts wait for your approval" in bob and bob.endswith("]2")
    assert template.render(Context({"membership": owner_membership})) == "[]0"
    assert template.render(Context({})) == "[]0"
    charlie = Membership.objects.get(user=outsider)
    assert template.render(Context({"membership": charlie})) == "[]0"
