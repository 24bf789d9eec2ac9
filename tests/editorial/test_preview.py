"""The preview of a variant: where each network folds the text, the posts of a thread,
the link card and the images, as the post page shows them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from mostra.editorial.models import PostVariant
from mostra.editorial.services import media
from mostra.editorial.services.preview import SEE_MORE, preview_of
from tests.editorial.test_media import png
from tests.editorial.test_posts import post_url

LONG = "Affinage " * 80  # 720 characters


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def variant_of(post, network: str) -> PostVariant:
    return PostVariant.objects.prefetch_related("media").get(post=post, network=network)


def add_image(variant: PostVariant, name: str = "tomme.png") -> None:
    checked = media.inspect(SimpleUploadedFile(name, png(), content_type="image/png"))
    media.attach(checked, [variant], "Une tomme sur une planche")


@pytest.mark.parametrize(
    ("network", "at"), [("linkedin", 210), ("instagram", 125), ("facebook", 480)]
)
def test_the_text_is_folded_where_the_network_shows_see_more(make_post, network, at):
    post = make_post(networks=(network,), text=LONG)
    preview = preview_of(variant_of(post, network))
    part = preview.parts[0]
    assert SEE_MORE[network] == at
    assert len(part.shown) <= at and part.shown == LONG[:at].rstrip()
    assert part.shown + part.folded == LONG.strip()[: len(part.shown + part.folded)]
    assert part.folded


def test_a_short_text_and_a_network_without_fold_are_shown_whole(make_post):
    post = make_post(networks=("linkedin", "mastodon"), text="Comté 24 mois 🧀")
    assert preview_of(variant_of(post, "linkedin")).parts[0].folded == ""
    post = make_post(networks=("mastodon",), text=LONG[:400])
    assert preview_of(variant_of(post, "mastodon")).parts[0].folded == ""


def test_emoji_count_as_one_character_where_the_text_is_folded(make_post):
    text = "👩🏽‍🍳" * 130
    post = make_post(networks=("instagram",), text=text)
    part = preview_of(variant_of(post, "instagram")).parts[0]
    assert part.shown == "👩🏽‍🍳" * 125


@pytest.mark.parametrize("network", ["bluesky", "mastodon", "x"])
def test_a_thread_is_split_as_publishing_splits_it(make_post, network):
    post = make_post(networks=(network,), text="Premier message\n---\nDeuxième\n---\nTroisième")
    preview = preview_of(variant_of(post, network))
    assert preview.is_thread and [p.shown for p in preview.parts] == [
        "Premier message",
        "Deuxième",
        "Troisième",
    ]
    assert not preview.thread_ignored


def test_a_thread_part_over_the_limit_is_marked(make_post):
    post = make_post(networks=("bluesky",), text="Court\n---\n" + "x" * 310)
    parts = preview_of(variant_of(post, "bluesky")).parts
    assert (parts[0].over, parts[1].over, parts[1].limit) == (0, 10, 300)


def test_a_network_without_threads_shows_the_separator_warning(make_post):
    post = make_post(networks=("linkedin",), text="Un\n---\nDeux")
    preview = preview_of(variant_of(post, "linkedin"))
    assert not preview.is_thread and preview.thread_ignored


def test_a_link_without_image_shows_a_card_with_its_domain(make_post):
    post = make_post(networks=("linkedin",), text="Nos arrivages")
    PostVariant.objects.filter(post=post).update(link="https://www.fromagerie.fr/arrivages")
    preview = preview_of(variant_of(post, "linkedin"))
    assert preview.card.domain == "fromagerie.fr" and preview.card.path == "/arrivages"
    assert preview.card_note == ""


def test_bluesky_with_images_shows_no_card_and_says_so(make_post):
    post = make_post(networks=("bluesky", "facebook"), text="Nos arrivages")
    PostVariant.objects.filter(post=post).update(link="https://fromagerie.fr/arrivages")
    for network in ("bluesky", "facebook"):
        add_image(PostVariant.objects.get(post=post, network=network))
    bluesky = preview_of(variant_of(post, "bluesky"))
    assert bluesky.card is None and len(bluesky.images) == 1
    assert "Bluesky shows no link card with images" in bluesky.card_note
    assert "write it in the text" in bluesky.card_note
    facebook = preview_of(variant_of(post, "facebook"))
    assert facebook.card is None and "shows them and no link card" in facebook.card_note


def test_instagram_links_are_not_clickable(make_post):
    post = make_post(networks=("instagram",), text="Nos arrivages")
    PostVariant.objects.filter(post=post).update(link="https://fromagerie.fr/arrivages")
    preview = preview_of(variant_of(post, "instagram"))
    assert preview.card is None and "not clickable" in preview.card_note


def test_the_partial_renders_without_query(make_post, workspace):
    post = make_post(networks=("linkedin", "bluesky"), text=LONG)
    add_image(PostVariant.objects.get(post=post, network="bluesky"))
    variants = list(PostVariant.objects.filter(post=post).prefetch_related("media"))
    with CaptureQueriesContext(connection) as queries:
        html = "".join(
            render_to_string(
                "editorial/posts/partials/variant_preview.html",
                {"variant": v, "workspace": workspace},
            )
            for v in variants
        )
    assert len(queries) == 0
    assert 'id="preview-linkedin"' in html and "see more" in html
    assert "?size=thumb" in html and 'alt="Une tomme sur une planche"' in html


def test_the_post_page_shows_the_previews_to_every_member(
    make_post, owner_client, teammate_client, outsider_client
):
    post = make_post(networks=("instagram",), text="<b>Tomme</b> " + LONG)
    for client in (owner_client, teammate_client):
        page = client.get(post_url(post)).content.decode()
        assert 'id="preview-instagram"' in page and "Preview on Instagram" in page
        assert "&lt;b&gt;Tomme&lt;/b&gt;" in page and "<b>Tomme</b>" not in page
    assert outsider_client.get(post_url(post)).status_code == 404


def test_the_media_view_serves_a_small_version_to_members_only(
    make_post, workspace, owner_client, teammate_client, outsider_client
):
    import io

    from django.urls import reverse
    from PIL import Image

    post = make_post(networks=("instagram",))
    variant = PostVariant.objects.get(post=post)
    checked = media.inspect(SimpleUploadedFile("big.png", png(1200, 800), content_type="image/png"))
    media.attach(checked, [variant], "")
    item = variant.media.get()
    url = reverse("editorial:media", args=[workspace.slug, item.pk]) + "?size=thumb"
    for client in (owner_client, teammate_client):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/webp"
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert max(image.size) == 320 and image.size == (320, 213)
        assert response["X-Content-Type-Options"] == "nosniff"
    assert outsider_client.get(url).status_code == 404
    original = owner_client.get(url.split("?")[0])
    assert original["Content-Type"] == "image/png"
