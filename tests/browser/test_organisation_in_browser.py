"""A person logs in, switches to French and edits the RACI matrix, errors included."""

from __future__ import annotations

import pytest
from django.utils import translation

from mostra.core.models import RaciAssignment, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def fr(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_raci_matrix_in_french(
    page, live_server, workspace, owner, teammate_membership, screenshot
):
    log_in(page, live_server, owner.email)
    page.wait_for_url(f"**/w/{workspace.slug}/")
    # Switch to French with the header's language switcher.
    with page.expect_navigation():
        page.select_option("#language-select", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert User.objects.get(pk=owner.pk).language == "fr"

    page.click(f"nav.tabs >> text={fr('Organisation')}")
    page.wait_for_url(f"**/w/{workspace.slug}/organisation/")
    assert page.locator("h2", has_text="Matrice RACI").is_visible()

    writing = workspace.activities.get(key="writing")
    bob_cell = f"select[name='cell-{writing.pk}-{teammate_membership.pk}']"
    # A second Accountable: the live check (htmx) says what is wrong before saving.
    page.select_option(bob_cell, "A")
    error = page.locator("#raci-errors .errorlist")
    error.wait_for()
    assert fr("Writing") in error.inner_text()
    screenshot(page, "raci-two-accountables-fr")

    # Saving anyway is refused and nothing changes.
    with page.expect_navigation():
        page.click("#save-raci")
    assert page.locator(".errorlist").first.is_visible()
    assert not RaciAssignment.objects.filter(
        activity=writing, membership=teammate_membership
    ).exists()

    # Make Bob Responsible instead: the matrix is valid and saved.
    page.select_option(bob_cell, "R")
    page.locator("#raci-errors .alert.ok").wait_for()
    page.click("#save-raci")
    page.wait_for_url(f"**/w/{workspace.slug}/organisation/")
    assert page.locator(".msg.success").is_visible()
    assert (
        RaciAssignment.objects.get(activity=writing, membership=teammate_membership).letter == "R"
    )
    screenshot(page, "raci-saved-fr")


def test_phone_width_shows_the_playbook(page, live_server, workspace, owner, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}/w/{workspace.slug}/crisis/")
    assert page.locator("section.level").count() == 5
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "crisis-playbook-phone")
