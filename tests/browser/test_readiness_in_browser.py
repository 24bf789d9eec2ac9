"""The composer's readiness in a browser: ticking a network shows what the strategy still
needs for it; the dialog answers in place; the line turns ready."""

from __future__ import annotations

import pytest

from mostra.strategy.models import MissionNetwork
from tests.conftest import PASSWORD
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db(transaction=True)


def test_choose_a_network_answer_in_the_dialog_and_it_is_ready(
    page, live_server, workspace, owner, owner_membership, screenshot
):
    build_strategy(owner_membership)
    MissionNetwork.objects.filter(workspace=workspace, network="instagram").update(
        audience_present=None, competitors_present=None, partners_present=None
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/**")
    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/new/")

    slot = page.locator('.readiness-slot[data-network="instagram"]')
    for box in page.locator("input[name=networks]:checked").all():
        box.uncheck()
    page.check("input[name=networks][value=instagram]")
    slot.locator('.readiness-status[data-ready="no"]').wait_for()
    assert "Say whether your ideal customer" in slot.inner_text()

    slot.get_by_text("Answer these questions").click()
    dialog = page.locator("dialog#readiness-dialog")
    dialog.locator("form.readiness-form").wait_for()
    assert dialog.evaluate("d => d.open")
    dialog.locator("#id_ready-audience_present").select_option("yes")
    dialog.locator("#id_ready-competitors_present").select_option("no")
    dialog.locator("#id_ready-partners_present").select_option("no")
    screenshot(page, "readiness-dialog")
    dialog.get_by_role("button", name="Save the answers").click()
    dialog.locator('.readiness-dialog-body[data-ready="yes"]').wait_for()
    assert "The answers for Instagram are saved." in dialog.inner_text()
    # The composer's line refreshed behind the dialog.
    slot.locator('.readiness-status[data-ready="yes"]').wait_for()
    dialog.locator(".readiness-close").click()
    assert not dialog.evaluate("d => d.open")
    screenshot(page, "readiness-ready")
    entry = MissionNetwork.objects.get(workspace=workspace, network="instagram")
    assert entry.audience_present is True and entry.competitors_present is False
    assert not [e for e in errors if "Content Security Policy" in e]
