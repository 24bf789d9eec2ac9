"""The composer in a browser: networks follow the main text as it is typed, one is
customised; the previews show the saved post; deleting a draft asks what it says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mostra.editorial.models import Post, PostVariant
from mostra.editorial.services import media
from mostra.strategy.models import Tactic
from tests.browser.test_organisation_in_browser import log_in
from tests.editorial.test_media import png
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db(transaction=True)

LONG = (
    "La tomme de printemps sort de cave ce matin : 90 jours d'affinage, une croûte "
    "fleurie, une pâte souple. Venez la goûter samedi au marché de la Croix-Rousse, "
    "avec le comté 24 mois et la raclette fumée de la ferme des Pins. Nous ouvrons à 8 h."
)


def test_the_main_text_is_followed_and_previewed(
    page, live_server, workspace, owner_membership, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    build_strategy(owner_membership)
    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    post = Post.objects.create(
        workspace=workspace,
        author=owner_membership.user,
        tactic=tactic,
        title="Tomme de printemps",
        main_text="Avant",
        scheduled_at=timezone.now() + dt.timedelta(days=3),
    )
    for position, network in enumerate(("linkedin", "facebook", "bluesky")):
        PostVariant.objects.create(
            post=post, network=network, text="Avant", overridden=False, position=position
        )
    bluesky = PostVariant.objects.get(post=post, network="bluesky")
    checked = media.inspect(SimpleUploadedFile("tomme.png", png(400, 300), "image/png"))
    media.attach(checked, [bluesky], "Une tomme sur une planche")

    log_in(page, live_server, owner_membership.user.email)
    page.wait_for_url(f"**/w/{workspace.slug}/")
    page.goto(f"{live_server.url}/w/{workspace.slug}/posts/{post.pk}/")
    # Following networks hide their own text; typing the main text fills them.
    assert not page.is_visible("#id_v-linkedin-text")
    assert page.is_visible("#variant-linkedin .follows-note")
    page.fill("#id_main_text", LONG)
    page.fill("#id_main_link", "https://fromagerie.fr/tomme")
    assert page.input_value("#id_v-linkedin-text") == LONG
    # Bluesky gets its own thread.
    page.check("#id_v-bluesky-overridden")
    assert page.is_visible("#id_v-bluesky-text")
    assert page.input_value("#id_v-bluesky-link") == "https://fromagerie.fr/tomme"
    page.fill("#id_v-bluesky-text", "Tomme de printemps 🧀\n---\nSamedi au marché, dès 8 h.")
    with page.expect_navigation():
        page.click("#post-form button[type=submit]")
    texts = {v.network: (v.text.replace("\r\n", "\n"), v.overridden) for v in post.variants.all()}
    assert texts["linkedin"] == (LONG, False) and texts["facebook"] == (LONG, False)
    assert texts["bluesky"] == ("Tomme de printemps 🧀\n---\nSamedi au marché, dès 8 h.", True)
    preview = page.locator("#preview-linkedin")
    assert "see more" in preview.inner_text()
    assert "fromagerie.fr" in preview.inner_text().lower()
    assert page.locator("#preview-bluesky .preview-post").count() == 2
    assert "Bluesky shows no link card" in page.locator("#preview-bluesky").inner_text()
    page.locator("#previews").scroll_into_view_if_needed()
    screenshot(page, "composer-previews")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("button[data-action=delete]")
    page.wait_for_timeout(300)
    assert asked == [
        "Delete this post and its 3 variants for good? Their text and media are gone; "
        "nothing is published."
    ]
    assert Post.objects.filter(pk=post.pk).exists()
