"""A decimal typed with a comma in a browser whose language is English is read as a
decimal in a French workspace (the browser's number field sent "3,2" as 32)."""

from __future__ import annotations

import pytest

from mostra.strategy.models import Objective
from tests.browser.test_strategy_in_browser import log_in, open_form
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db(transaction=True)
FIELD = "[name=objective-o-notoriete-ig-baseline_value]"


def test_a_decimal_comma_in_an_english_browser(
    page, live_server, workspace, owner_membership, screenshot
):
    build_strategy(owner_membership)
    assert page.evaluate("navigator.language").startswith("en")
    log_in(page, live_server, owner_membership.user.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/strategy/")

    form = open_form(page, "o-notoriete-ig")
    field = form.locator(FIELD)
    field.fill("")
    field.press_sequentially("3,2")
    assert field.input_value() == "3,2"  # this browser's number field held "32"
    form.locator("button[type=submit]").click()
    page.locator("#strategy-status", has_text="Objective saved.").wait_for()
    assert Objective.objects.get(key="o-notoriete-ig").baseline_value == 3.2

    form = open_form(page, "o-notoriete-ig")
    assert form.locator(FIELD).input_value() == "3,2"
    form.locator(FIELD).fill("3,200")
    form.locator("button[type=submit]").click()
    page.locator("form#objective-o-notoriete-ig .errorlist").wait_for()
    assert "“3,200” could mean 3,2 or 3200" in form.inner_text()
    screenshot(page, "numbers-ambiguous")
    assert Objective.objects.get(key="o-notoriete-ig").baseline_value == 3.2
