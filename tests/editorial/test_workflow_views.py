"""Taking a transition from a page, with and without htmx, as the whole cast."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from mostra.core.models import AuditEvent, Membership
from mostra.editorial.models import Post, PostStatus
from tests.conftest import client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, soon

S = PostStatus
HTMX = {"HX-Request": "true"}


def url(post: Post, action: str, slug: str = "fromagerie") -> str:
    return f"/w/{slug}/posts/{post.pk}/transitions/{action}/"


@pytest.fixture
def draft(make_post, set_policy, bob_approver) -> Post:
    set_policy("one")
    return make_post(title="Tomme de printemps", when=soon(), networks=("facebook",))


def test_submit_without_htmx_redirects_to_the_post_with_a_message(draft, owner):
    client = client_for(owner)
    response = client.post(url(draft, "submit"))
    assert response.status_code == 302
    assert response["Location"] == f"/w/fromagerie/posts/{draft.pk}/"
    assert fresh(draft).status == S.IN_REVIEW
    page = client.get("/w/fromagerie/approvals/").content.decode()
    assert "Done: the post is now in review." in page


def test_with_htmx_the_answer_is_the_refreshed_actions(draft, owner, teammate):
    response = client_for(owner).post(url(draft, "submit"), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="post-actions"')
    assert 'data-status="in_review"' in html and "In review" in html
    assert "0 of 1 approval" in html
    assert 'data-action="withdraw"' in html and 'data-action="approve"' not in html
    approved = client_for(teammate).post(url(draft, "approve"), headers=HTMX).content.decode()
    assert 'data-status="approved"' in approved and ">Approved<" in approved
    assert 'data-action="schedule"' in approved


def test_cancelling_on_the_post_page_reloads_it(draft, owner):
    """The editor beside the buttons closes when the post is cancelled: reload the page."""
    client = client_for(owner)
    response = client.post(url(draft, "cancel"), headers=HTMX)
    assert (response.status_code, response["HX-Refresh"]) == (204, "true")
    assert fresh(draft).status == S.CANCELLED
    page = client.get("/w/fromagerie/approvals/").content.decode()
    assert "Done: the post is now cancelled." in page
    reopened = client.post(url(draft, "reopen"), headers=HTMX)
    assert reopened["HX-Refresh"] == "true"


def test_a_refusal_is_a_message_not_an_error_page(draft, owner):
    before = AuditEvent.objects.filter(object_type="post").count()
    response = client_for(owner).post(url(draft, "approve"), headers=HTMX)
    assert response.status_code == 200
    assert "its author must submit it first" in response.content.decode()
    client = client_for(owner)
    response = client.post(url(draft, "launch"), {"next": "/w/fromagerie/approvals/"})
    assert response.status_code == 302
    assert "Unknown action" in client.get(response["Location"]).content.decode()
    assert fresh(draft).status == S.DRAFT
    assert AuditEvent.objects.filter(object_type="post").count() == before


def test_a_note_too_long_is_refused(draft, owner):
    response = client_for(owner).post(url(draft, "cancel"), {"note": "x" * 2001}, headers=HTMX)
    assert "The note is too long" in response.content.decode()
    assert fresh(draft).status == S.DRAFT


def test_next_must_stay_on_this_site(draft, owner):
    response = client_for(owner).post(url(draft, "submit"), {"next": "https://evil.example/"})
    assert response["Location"] == f"/w/fromagerie/posts/{draft.pk}/"


@pytest.mark.parametrize("who,expected", [("owner", 302), ("teammate", 302), ("outsider", 404)])
def test_the_cast(draft, who, expected, owner, teammate, outsider):
    user = {"owner": owner, "teammate": teammate, "outsider": outsider}[who]
    response = client_for(user).post(url(draft, "submit"))
    assert response.status_code == expected
    assert fresh(draft).status == (S.IN_REVIEW if expected == 302 else S.DRAFT)


def test_anonymous_is_sent_to_log_in_and_get_is_refused(draft, owner):
    response = client_for(None).post(url(draft, "submit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(owner).get(url(draft, "submit")).status_code == 405
    assert fresh(draft).status == S.DRAFT


def test_a_post_of_another_workspace_is_404(draft, outsider, owner):
    # Charlie, in his own workspace, names Alice's post: not found there.
    assert client_for(outsider).post(url(draft, "submit", "other-brand")).status_code == 404
    assert client_for(owner).post(url(draft, "submit", "other-brand")).status_code == 404
    assert fresh(draft).status == S.DRAFT


def test_the_partial_stands_alone(draft, owner_membership, teammate_membership):
    """What the post page includes: only `post` and `membership` (and the request)."""
    request = RequestFactory().get(f"/w/fromagerie/posts/{draft.pk}/")
    request.user = AnonymousUser()
    html = render_to_string(
        "editorial/workflow/post_actions.html",
        {"post": draft, "membership": owner_membership},
        request=request,
    )
    assert 'data-action="submit"' in html and 'data-action="cancel"' in html
    assert f'formaction="/w/fromagerie/posts/{draft.pk}/transitions/submit/"' in html
    assert f'value="/w/fromagerie/posts/{draft.pk}/"' in html  # back to the same page
    assert "csrfmiddlewaretoken" in html
    viewer = Membership(workspace=draft.workspace, user=owner_membership.user, role="viewer")
    html = render_to_string(
        "editorial/workflow/post_actions.html", {"post": draft, "membership": viewer}
    )
    assert "<form" not in html and 'data-status="draft"' in html


def test_user_content_is_escaped(make_post, owner, set_policy, bob_approver, teammate, dana):
    set_policy("two")
    post = make_post(
        title="<script>alert(1)</script>", when=soon(), networks=("facebook",), status="in_review"
    )
    client_for(teammate).post(url(post, "approve"), {"note": "<img src=x onerror=alert(1)>"})
    html = client_for(dana.user).get("/w/fromagerie/approvals/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # Bob's note, shown to Dana
    assert "<script>alert(1)" not in html and "<img src=x" not in html
