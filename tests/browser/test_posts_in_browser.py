"""The post editor in a browser: the tactic ticks its networks, slots fill the date,
the charter checks a variant while it is typed, and the post is saved whole."""

from __future__ import annotations

import pytest

from mostra.editorial.models import Post
from mostra.strategy.models import Tactic
from tests.conftest import PASSWORD
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db(transaction=True)


def test_write_a_post_with_the_tactics_networks_and_next_free_slot(
    page,
    live_server,
    workspace,
    owner,
    owner_membership,
    screenshot,
):
    build_strategy(owner_membership)
    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/**")
    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/new/")

    # Only chosen networks show their fieldset; the tactic ticks its own.
    assert page.locator("#variant-instagram").is_hidden()
    page.select_option("#id_tactic", str(tactic.pk))
    page.locator("#variant-facebook").wait_for(state="visible")
    page.locator("#variant-instagram").wait_for(state="visible")
    assert page.locator("#variant-linkedin").is_hidden()
    # A network just shown is checked at once, before anything is typed.
    page.locator("#findings-facebook .findings .counter").wait_for()

    # The tactic's slots are offered; the button fills the next free one.
    page.locator(".slot-suggestions summary").wait_for()
    page.click("#next-slot")
    page.locator(".slot-message").wait_for()
    assert page.input_value("#id_date") and page.input_value("#id_time") in {"09:00", "12:00"}

    # The charter checks the variant while it is typed (customised: its own text).
    page.check("#id_v-instagram-overridden")
    page.check("#id_v-facebook-overridden")
    page.fill("#id_v-instagram-text", "#a #b #c #d #e #f #g Arrivage du jour")
    page.locator("#findings-instagram .findings[data-errors]:not([data-errors='0'])").wait_for()
    page.fill("#id_v-facebook-text", "Arrivage de comté 24 mois ce matin.")
    page.locator("#findings-facebook .findings .counter").wait_for()
    screenshot(page, "post-editor")

    page.click("#post-form button[type=submit]")
    page.wait_for_url("**/posts/*/")
    post = Post.objects.get(workspace=workspace)
    assert post.tactic == tactic and post.scheduled_at is not None
    assert sorted(v.network for v in post.variants.all()) == ["facebook", "instagram"]
    assert "The post is saved as a draft." in page.inner_text("main")


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    page, live_server, workspace, owner, owner_membership, settings
):
    settings.MOSTRA_MAX_UPLOAD_BYTES = 1000
    build_strategy(owner_membership)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/w/**")
    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/new/")
    page.set_input_files(
        "#id_upload",
        files=[{"name": "huge.png", "mimeType": "image/png", "buffer": bytes(5000)}],
    )
    note = page.locator("#upload-too-large")
    note.wait_for()
    assert "“huge.png” is larger than" in note.inner_text()
    assert page.eval_on_selector("#id_upload", "el => el.files.length") == 0
