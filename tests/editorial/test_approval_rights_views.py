"""Who may approve and submit, from the pages, with CSRF checks on (issue 12, items 2, 9).

Bob (editor, approver) rewrites Alice's post in review from its page, then tries to
approve it: refused with a message, and the page offers him no Approve button but says
why. Dana, the other approver, approves it. Charlie, outsider, gets 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mostra.core.models import Membership, Role, User
from mostra.editorial.models import Post, PostStatus
from mostra.editorial.services import media
from tests.editorial.test_media import png, upload
from tests.editorial.test_posts import form_data
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, soon

S = PostStatus
CHANGED = "You changed this post&#x27;s content: another approver must approve it."


def strict(user: User) -> Client:
    """A logged-in client that, like a browser, must send the CSRF token back."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def page_url(post: Post) -> str:
    return reverse("editorial:post", args=[post.workspace.slug, post.pk])


def send(client: Client, post: Post, url: str, data: dict[str, Any] | None = None) -> Any:
    """POST to ``url`` with the token of the post's page, as its forms do."""
    assert client.get(page_url(post)).status_code == 200
    token = client.cookies["csrftoken"].value
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


def transition_url(post: Post, action: str) -> str:
    return reverse("editorial:transition", args=[post.workspace.slug, post.pk, action])


@pytest.fixture
def in_review(make_post, tactic, set_policy, bob_approver, dana, settings, tmp_path) -> Post:
    set_policy("one")
    settings.MEDIA_ROOT = str(tmp_path)
    post = make_post(tactic=tactic, when=soon(), status=S.IN_REVIEW)
    # Instagram publishes only with an image (a JPEG): with one, an edit passes the charter.
    photo = upload("tomme.jpg", png(1080, 1080, "JPEG"), "image/jpeg")
    media.attach(media.inspect(photo), [post.variants.get()], "Une tomme")
    return post


def test_bob_rewrites_then_cannot_approve_from_the_page(in_review, tactic, teammate, dana):
    bob = strict(teammate)
    data = form_data(tactic, **{"v-instagram-text": "Le texte de Bob"})
    saved = send(bob, in_review, page_url(in_review), data)
    assert saved.status_code == 302
    assert (fresh(in_review).version, fresh(in_review).status) == (2, S.IN_REVIEW)

    refused = send(bob, in_review, transition_url(in_review, "approve"))
    assert refused.status_code == 302
    assert fresh(in_review).status == S.IN_REVIEW
    page = bob.get(refused["Location"]).content.decode()
    assert CHANGED in page  # the refusal, as a message
    assert 'data-action="approve"' not in page

    again = bob.get(page_url(in_review)).content.decode()
    assert 'data-action="approve"' not in again
    assert 'data-action="request_changes"' in again
    assert CHANGED in again  # the page says why there is no Approve button

    dana_page = strict(dana.user).get(page_url(in_review)).content.decode()
    assert 'data-action="approve"' in dana_page and CHANGED not in dana_page
    approved = send(strict(dana.user), in_review, transition_url(in_review, "approve"))
    assert approved.status_code == 302
    assert fresh(in_review).status == S.APPROVED


def test_with_htmx_the_refusal_is_in_the_answer(in_review, bob_approver, teammate):
    from mostra.editorial import workflow

    workflow.content_changed(in_review, bob_approver)
    bob = strict(teammate)
    bob.get(page_url(in_review))
    response = bob.post(
        transition_url(in_review, "approve"),
        {"csrfmiddlewaretoken": bob.cookies["csrftoken"].value},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert CHANGED in response.content.decode()
    assert fresh(in_review).status == S.IN_REVIEW


def test_the_approval_queue_tells_him_who_must_approve(in_review, bob_approver, teammate):
    from mostra.editorial import workflow

    in_review.title = "Tomme de printemps"
    in_review.save()
    workflow.content_changed(in_review, bob_approver)
    html = strict(teammate).get("/w/fromagerie/approvals/").content.decode()
    queue, _sep, held = html.partition("Posts you changed")
    assert "Tomme de printemps" not in queue
    assert "Tomme de printemps" in held
    assert "another approver must approve" in held


def test_the_author_sees_why_she_cannot_approve(in_review, owner, owner_membership):
    from tests.editorial.workflow_fixtures import make_approver

    make_approver(owner_membership)
    page = strict(owner).get(page_url(in_review)).content.decode()
    assert 'data-action="approve"' not in page
    assert "You wrote this post: another approver must approve it." in page


def test_the_outsider_gets_404(in_review, tactic, outsider):
    charlie = strict(outsider)
    assert charlie.get(page_url(in_review)).status_code == 404
    charlie.get("/w/other-brand/")  # a page of his own, for a CSRF token
    token = charlie.cookies.get("csrftoken")
    data = {"csrfmiddlewaretoken": token.value if token else ""}
    assert charlie.post(transition_url(in_review, "approve"), data).status_code in (403, 404)
    assert fresh(in_review).status == S.IN_REVIEW


@pytest.fixture
def contributor(teammate_membership) -> Membership:
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.CONTRIBUTOR)
    teammate_membership.refresh_from_db()
    return teammate_membership


def test_a_contributor_cannot_submit_alices_draft_from_the_page(
    make_post, set_policy, contributor, teammate, owner
):
    set_policy("none")
    draft = make_post(when=soon(), networks=("facebook",))
    bob = strict(teammate)
    assert 'data-action="submit"' not in bob.get(page_url(draft)).content.decode()
    refused = send(bob, draft, transition_url(draft, "submit"))
    assert refused.status_code == 302
    page = bob.get(refused["Location"]).content.decode()
    assert "Only its author, an editor, a manager or the owner can submit this post" in page
    assert fresh(draft).status == S.DRAFT
    # Alice, its author (and owner), may.
    alice = strict(owner)
    assert 'data-action="submit"' in alice.get(page_url(draft)).content.decode()
    assert send(alice, draft, transition_url(draft, "submit")).status_code == 302
    assert fresh(draft).status == S.APPROVED
