"""In a browser: Alice sets a rule, then types a text in "Try a text" and sees the
findings change as she types (htmx), before anything is saved."""

from __future__ import annotations

import pytest

from mostra.charter.models import CharterNetworkRule
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_set_a_rule_then_try_a_text(page, live_server, workspace, owner, screenshot) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/charter/?add=linkedin")
    page.fill("#id_forbidden_words", "pas cher")
    page.select_option("#id_rule-linkedin-emoji_policy", "max")
    page.fill("#id_rule-linkedin-emoji_max", "1")
    with page.expect_navigation():
        page.click("#charter-form button[type=submit]")
    assert page.locator(".msg.success").is_visible()
    assert CharterNetworkRule.objects.get(network="linkedin").emoji_max == 1

    page.select_option("#try select[name=network]", "linkedin")
    page.fill("#try textarea[name=text]", "Des vélos pas cher 🚲🚲")
    findings = page.locator("#try-findings .findings")
    page.locator("#try-findings [data-code=word_forbidden]").wait_for()
    assert findings.get_attribute("data-errors") == "2"
    assert page.locator("#try-findings [data-code=emoji_max]").is_visible()
    screenshot(page, "charter-try-a-text")

    page.fill("#try textarea[name=text]", "Des vélos réparés 🚲")
    page.locator("#try-findings .alert.ok").wait_for()
    assert page.locator("#try-findings .findings").get_attribute("data-errors") == "0"
    assert "19 / 3000" in page.locator("#try-findings .counter").inner_text()


def test_teammate_reads_the_charter(
    page, live_server, workspace, owner_membership, teammate, screenshot
) -> None:
    from mostra.charter.demo import seed_demo_charter

    seed_demo_charter(workspace)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", teammate.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/w/{workspace.slug}/")
    page.goto(f"{live_server.url}/w/{workspace.slug}/charter/")
    assert page.locator("#charter-form").count() == 0
    assert page.locator("#networks table").is_visible()
    page.fill("#try textarea[name=text]", "Publicité · Réparez votre vélo !")
    page.check("#try input[name=sponsored]")
    page.locator("#try-findings .findings").wait_for()
    assert page.locator("#try-findings .findings").get_attribute("data-errors") == "1"  # no photo
    screenshot(page, "charter-read-only")
