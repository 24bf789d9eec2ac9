"""A destructive button asks first on every page, not only in the post editor: the
confirmation lives in app.js, which every page loads."""

from __future__ import annotations

import pytest

from mostra.publishing.models import Webhook
from mostra.publishing.models.webhook import new_secret
from tests.browser.test_organisation_in_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_deleting_a_webhook_asks_first(page, live_server, workspace, owner):
    hook = Webhook.objects.create(
        workspace=workspace, url="https://hooks.example.org/in", secret=new_secret(), events=[]
    )
    log_in(page, live_server, owner.email)
    page.wait_for_url(f"**/w/{workspace.slug}/")
    page.goto(f"{live_server.url}/w/{workspace.slug}/webhooks/")
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click("button[data-confirm]")
    page.wait_for_timeout(300)
    assert asked == ["Delete this webhook and its delivery log?"]
    assert Webhook.objects.filter(pk=hook.pk).exists()

    page.once("dialog", lambda dialog: answer(dialog, True))
    with page.expect_navigation():
        page.click("button[data-confirm]")
    assert len(asked) == 2
    assert not Webhook.objects.filter(pk=hook.pk).exists()
