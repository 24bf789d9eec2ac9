"""The buttons that take a post off its way say what they do: delete a draft for good,
withdraw it from review or from the schedule, abandon it (cancelled, kept in the history);
each asks first, saying exactly what happens."""

from __future__ import annotations

import html
import re

import pytest

from mostra.editorial.models import Post, PostStatus
from tests.conftest import client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon


def page(client, post: Post) -> str:
    response = client.get(f"/w/{post.workspace.slug}/posts/{post.pk}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def button(text: str, action: str) -> re.Match | None:
    return re.search(rf'<button[^>]*data-action="{action}"[^>]*>([^<]*)</button>', text)


@pytest.fixture
def draft(make_post) -> Post:
    return make_post(networks=("facebook", "linkedin"), when=soon())


def test_a_draft_offers_delete_and_abandon_with_what_they_do(draft, owner, teammate):
    for user in (owner, teammate):
        text = page(client_for(user), draft)
        delete = button(text, "delete")
        assert delete.group(1) == "Delete the post…"
        assert (
            'data-confirm="Delete this post and its 2 variants for good? Their text and media '
            'are gone; nothing is published."' in delete.group(0)
        )
        abandon = button(text, "cancel")
        assert abandon.group(1) == "Abandon the post…"
        assert "Nothing is published; it stays in the history as cancelled" in abandon.group(0)
        assert ">Cancel<" not in text and "Delete this draft" not in text


def test_a_post_in_review_is_withdrawn_back_to_draft(make_post, owner):
    post = make_post(when=soon(), status=PostStatus.IN_REVIEW)
    withdraw = button(page(client_for(owner), post), "withdraw")
    assert withdraw.group(1) == "Withdraw from review…"
    assert (
        'hx-confirm="Withdraw this post from review? It goes back to draft; nothing is '
        'published."' in withdraw.group(0)
    )


def test_a_scheduled_post_is_withdrawn_from_the_schedule(make_post, owner):
    post = make_post(when=soon(), status=PostStatus.SCHEDULED)
    text = page(client_for(owner), post)
    withdraw = button(text, "unschedule")
    assert withdraw.group(1) == "Withdraw from the schedule…"
    assert "It stays approved and goes out only once scheduled again" in withdraw.group(0)
    assert button(text, "delete") is None  # only drafts are deleted


def test_deleting_a_post_that_is_not_a_draft_says_to_abandon_it(make_post, owner):
    post = make_post(when=soon(), status=PostStatus.SCHEDULED)
    client = client_for(owner)
    response = client.post(f"/w/{post.workspace.slug}/posts/{post.pk}/delete/", follow=True)
    assert "Abandon this post instead" in html.unescape(response.content.decode())
    assert Post.objects.filter(pk=post.pk).exists()


def test_the_outsider_sees_no_button(draft, outsider):
    response = client_for(outsider).get(f"/w/{draft.workspace.slug}/posts/{draft.pk}/")
    assert response.status_code == 404
