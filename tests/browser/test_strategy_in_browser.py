"""A community manager edits objectives in place and sees the checks follow, no reload."""

from __future__ import annotations

import pytest

from mostra.strategy.models import Objective
from tests.conftest import PASSWORD
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/**")


def open_form(page, objective_id: str):
    """Click Edit, and wait until htmx has settled the form (it then focuses the title):
    a click on Save before that would submit the form without htmx."""
    page.click(f"#objective-{objective_id} a.edit")
    page.wait_for_function(
        "name => document.activeElement && document.activeElement.name === name",
        arg=f"objective-{objective_id}-title",
    )
    return page.locator(f"form#objective-{objective_id}")


def letter(page, objective_id: str, code: str):
    return page.locator(f"#smart-{objective_id} [data-letter={code}]")


def test_edit_objectives_in_place(page, live_server, workspace, owner_membership, screenshot):
    build_strategy(owner_membership)
    log_in(page, live_server, owner_membership.user.email)
    page.click("nav.tabs >> text=Strategy")
    page.wait_for_url(f"**/w/{workspace.slug}/strategy/")
    assert letter(page, "o-notoriete-ig", "T").get_attribute("data-state") == "ok"
    assert page.locator("#lint-panel [data-code=objective-no-deadline]").count() == 1  # flawed one
    screenshot(page, "strategy-overview")
    # A marker that a full page load would wipe out.
    page.evaluate("window.stillTheSamePage = true")

    # Remove the deadline of a good objective: T turns red, the lint says why.
    form = open_form(page, "o-notoriete-ig")  # the focus moves to the first field
    form.locator("[name=objective-o-notoriete-ig-deadline]").fill("")
    screenshot(page, "strategy-objective-form")
    form.locator("button[type=submit]").click()
    page.locator("#smart-o-notoriete-ig [data-letter=T][data-state=fail]").wait_for()
    assert page.locator("#lint-panel [data-code=objective-no-deadline]").count() == 2
    assert page.locator(
        "#lint-panel [data-ref=o-notoriete-ig][data-code=objective-no-deadline]"
    ).is_visible()
    assert Objective.objects.get(key="o-notoriete-ig").deadline is None
    assert page.evaluate("window.stillTheSamePage") is True

    # Fix the flawed objective's target value (below its baseline): M passes, amber while
    # nothing feeds its KPI (sales are recorded by the team), with the way to feed it.
    assert letter(page, "o-ventes-tiktok", "M").get_attribute("data-state") == "fail"
    assert page.locator("#lint-panel [data-code=objective-wrong-direction]").count() == 1
    form = open_form(page, "o-ventes-tiktok")
    form.locator("[name=objective-o-ventes-tiktok-target_value]").fill("60")
    form.locator("[name=objective-o-ventes-tiktok-baseline_source]").fill("Caisse")
    form.locator("button[type=submit]").click()
    page.locator("#smart-o-ventes-tiktok [data-letter=M][data-state=warn]").wait_for()
    assert page.locator("#lint-panel [data-code=objective-wrong-direction]").count() == 0
    assert page.locator("#strategy-status").inner_text() == "Objective saved."
    assert page.evaluate("window.stillTheSamePage") is True

    # A mistake comes back in place, with its message; Cancel puts the card back.
    form = open_form(page, "o-leads-linkedin")
    form.locator("[name=objective-o-leads-linkedin-baseline_date]").fill("")
    form.locator("button[type=submit]").click()
    page.locator("form#objective-o-leads-linkedin .errorlist").wait_for()
    assert "Give the date of the baseline value." in form.inner_text()
    form.locator("a", has_text="Cancel").click()
    page.locator("article#objective-o-leads-linkedin").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True
    screenshot(page, "strategy-overview-after-edits")


def test_rank_targets_and_add_a_tactic(page, live_server, workspace, owner_membership):
    build_strategy(owner_membership)
    log_in(page, live_server, owner_membership.user.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/strategy/")
    page.evaluate("window.stillTheSamePage = true")
    page.click("#target-t-touristes button[value=up]")
    page.locator("#target-t-touristes .rank", has_text="2").wait_for()
    page.click("a.add:has-text('Add a tactic')")
    form = page.locator("form#new-tactic")
    form.wait_for()
    form.locator("[name=tactic-new-title]").fill("Story du samedi")
    form.locator("[name=tactic-new-networks][value=instagram]").check()
    form.locator("[name=tactic-new-per_week]").fill("1")
    form.locator("[name=tactic-new-slot-0-day]").select_option("sat")
    form.locator("[name=tactic-new-slot-0-time]").fill("11:00")
    form.locator("button[type=submit]").click()
    page.locator("article#tactic-k-story-du-samedi").wait_for()
    assert "Sat" in page.locator("article#tactic-k-story-du-samedi").inner_text()
    assert page.evaluate("window.stillTheSamePage") is True


def test_affinity_and_summary_pages(page, live_server, workspace, owner_membership, screenshot):
    build_strategy(owner_membership)
    log_in(page, live_server, owner_membership.user.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/strategy/affinity/")
    assert page.locator("svg.heatmap").is_visible()
    assert page.locator(".alternative").count() == 3
    screenshot(page, "strategy-affinity")
    page.goto(f"{live_server.url}/w/{workspace.slug}/strategy/summary/?lang=fr")
    assert page.locator(".sheet").is_visible()
    assert "Faire connaître l'affinage sur Instagram" in page.locator(".sheet").inner_text()
    screenshot(page, "strategy-summary-fr")


@pytest.mark.parametrize("path", ["", "affinity/", "summary/"])
def test_phone_width(page, live_server, workspace, owner_membership, screenshot, path):
    build_strategy(owner_membership)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, owner_membership.user.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/strategy/{path}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    if path == "":
        page.click("#objective-o-notoriete-ig a.edit")
        page.locator("form#objective-o-notoriete-ig").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"the form scrolls sideways on a phone ({width}px)"
    screenshot(page, f"strategy-phone-{path.strip('/') or 'overview'}")
