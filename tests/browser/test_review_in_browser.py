"""Bob reads Alice's post whole on his queue and sends it back with a note; Alice finds
the note on the post's page and answers him with a mention; Bob approves the new
version and, dated, it is scheduled at once."""

from __future__ import annotations

import pytest

from mostra.core.models import Membership, Workspace
from mostra.editorial.models import Post, PostStatus, PostVariant
from tests.browser.test_approval_in_browser import log_in
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon
from tests.publishing.fake_network import connect

pytestmark = pytest.mark.django_db(transaction=True)


def test_sent_back_answered_then_approved_and_scheduled(
    browser, live_server, workspace, owner, teammate, strategy, tactic, make_post, screenshot
):
    Workspace.objects.filter(pk=workspace.pk).update(approval_policy="one")
    Membership.objects.filter(workspace=workspace, user=teammate).update(is_approver=True)
    connect(workspace, "facebook")
    post = make_post(
        title="Tomme de printemps",
        networks=("facebook",),
        text="La tomme de printemps arrive en boutique samedi.",
        when=soon(4),
        tactic=tactic,
        status=PostStatus.IN_REVIEW,
    )
    PostVariant.objects.filter(post=post).update(
        link="https://fromagerie.example/tomme", first_comment="#fromage"
    )

    bob = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = bob.new_page()
    log_in(page, live_server, teammate.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/approvals/")
    item = page.locator(f"#approval-{post.pk}")
    item.locator(f"#review-{post.pk}-facebook").get_by_text("#fromage").wait_for()
    screenshot(page, "review-queue")
    item.locator(f"#note-{post.pk}").fill("Le prix manque : ajoutez-le.")
    item.locator("button[data-action=request_changes]").click()
    page.get_by_text("Done: the post is now changes requested.").wait_for()

    alice = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    mine = alice.new_page()
    log_in(mine, live_server, owner.email)
    mine.goto(f"{live_server.url}/w/{workspace.slug}/posts/{post.pk}/")
    note = mine.locator("#sent-back-note")
    note.get_by_text("Le prix manque : ajoutez-le.").wait_for()
    assert "By Bob Durand" in note.inner_text()
    mine.locator("#comment-form textarea").fill("@bob c'est ajouté, merci")
    mine.locator("#comment-submit").click()
    mine.locator("#comments .mention").wait_for()
    assert mine.locator("#comments .mention").inner_text() == "@bob"
    screenshot(mine, "review-post-sent-back")
    Post.objects.filter(pk=post.pk).update(status=PostStatus.IN_REVIEW)  # resubmitted

    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/{post.pk}/")
    page.locator(f"#post-actions-{post.pk} button[data-action=approve]").click()
    page.locator(f"#post-actions-{post.pk} [data-status=scheduled]").wait_for()
    bob.close()
    alice.close()
