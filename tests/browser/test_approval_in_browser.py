"""Alice drags a post to another day, submits it; Bob, an approver, finds it in his
queue and approves it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from mostra.core.models import Membership, Workspace
from mostra.editorial.models import Approval, Post, PostStatus
from tests.conftest import PASSWORD
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/**")


def test_submit_then_approve_from_the_queue(
    browser, page, live_server, workspace, owner, teammate, tactic, make_post, screenshot
):
    Workspace.objects.filter(pk=workspace.pk).update(approval_policy="one")
    Membership.objects.filter(workspace=workspace, user=teammate).update(is_approver=True)
    post = make_post(
        title="Tomme de printemps",
        networks=("facebook", "linkedin"),
        text="La tomme de printemps arrive en boutique samedi.",
        when=soon(4),
        tactic=tactic,
    )

    # Alice plans it one day earlier (or later, to stay in the month) by drag and drop.
    log_in(page, live_server, owner.email)
    paris = ZoneInfo("Europe/Paris")
    local = post.scheduled_at.astimezone(paris)
    day = local.date() - dt.timedelta(days=1)
    if day.month != local.month:
        day = local.date() + dt.timedelta(days=1)
    page.goto(f"{live_server.url}/w/{workspace.slug}/calendar/{local.year}/{local.month}/")
    page.locator(f"#post-{post.pk}").drag_to(page.locator(f'td[data-drop-date="{day}"]'))
    page.locator(f'td[data-drop-date="{day}"] #post-{post.pk}').wait_for()
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(paris) == local.replace(
        year=day.year, month=day.month, day=day.day
    )

    # She opens her draft and submits it: the status changes in place (htmx).
    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/{post.pk}/")
    actions = page.locator(f"#post-actions-{post.pk}")
    actions.locator("button[data-action=submit]").click()
    actions.locator("[data-status=in_review]").wait_for()
    assert "0 of 1 approval" in page.locator(f"#post-actions-{post.pk}").inner_text()
    # Her own post: no approve button for her.
    assert page.locator(f"#post-actions-{post.pk} button[data-action=approve]").count() == 0
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW

    # Bob logs in (his own browser) and opens the approval queue.
    bob_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    bob = bob_context.new_page()
    bob.set_default_timeout(15_000)
    try:
        log_in(bob, live_server, teammate.email)
        bob.goto(f"{live_server.url}/w/{workspace.slug}/approvals/")
        item = bob.locator(f"#approval-{post.pk}")
        assert "Tomme de printemps" in item.inner_text()
        assert "Alice Martin" in item.inner_text()
        assert "Facebook, LinkedIn" in item.inner_text()
        assert "1 post waits for your decision" in bob.locator("h2#queue-title").inner_text()
        screenshot(bob, "approval-queue")

        item.locator("textarea[name=note]").fill("Parfait, merci !")
        item.locator("button[data-action=approve]").click()
        item.locator("[data-status=approved]").wait_for()
        assert "Approved" in item.locator(".post-status").inner_text()
        # No account connected: approved, not scheduled at once, and told why.
        assert "Done: the post is approved, but not scheduled yet" in item.inner_text()
        screenshot(bob, "approval-queue-approved")
    finally:
        bob_context.close()

    stored = Post.objects.get(pk=post.pk)
    assert stored.status == PostStatus.APPROVED
    assert Approval.objects.get(post=stored).note == "Parfait, merci !"

    # Alice sees it approved on the post's page.
    page.reload()
    assert page.locator(f"#post-actions-{post.pk} [data-status=approved]").is_visible()
    assert page.locator(f"#post-actions-{post.pk} button[data-action=schedule]").is_visible()
    screenshot(page, "approval-post-approved")
