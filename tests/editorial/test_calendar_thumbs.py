"""The first image of a post, small, on its calendar chip: no query per chip, and the
small file served to the workspace's members only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mostra.editorial.models import PostVariant
from mostra.editorial.services import media
from tests.conftest import client_for
from tests.editorial.test_calendar_queries import fill, queries_for
from tests.editorial.test_media import png

MONTH = "calendar/2026/12/"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def with_image(variant: PostVariant, name: str, colour: tuple[int, int, int] = (0, 0, 0)) -> int:
    checked = media.inspect(SimpleUploadedFile(name, png(90, 60), content_type="image/png"))
    media.attach(checked, [variant], "")
    return variant.media.latest("id").pk


def illustrate(workspace) -> None:
    for variant in PostVariant.objects.filter(post__workspace=workspace, position=0):
        with_image(variant, f"p{variant.post_id}.png")


def test_a_chip_shows_its_posts_first_image(workspace, strategy, make_post, owner):
    post = make_post(
        when=dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC), networks=("linkedin", "facebook")
    )
    plain = make_post(when=dt.datetime(2026, 12, 9, 9, 0, tzinfo=dt.UTC))
    # The first variant has no image: the second's is the post's first.
    second = PostVariant.objects.get(post=post, network="facebook")
    image = with_image(second, "tomme.png")
    html = client_for(owner).get(f"/w/{workspace.slug}/{MONTH}").content.decode()
    chip = re.search(rf'<article class="chip [^"]*" id="post-{post.pk}".*?</article>', html, re.S)
    assert f'src="/w/{workspace.slug}/media/{image}/?size=thumb"' in chip.group(0) or (
        f"/media/{image}" in chip.group(0) and "?size=thumb" in chip.group(0)
    )
    other = re.search(rf'id="post-{plain.pk}".*?</article>', html, re.S).group(0)
    assert "chip-thumb" not in other


def test_thumbnails_cost_no_query_per_chip(workspace, strategy, make_post, owner):
    client = client_for(owner)
    page = f"/w/{workspace.slug}/{MONTH}"
    client.get(page)  # warm the session
    fill(workspace, make_post, [strategy], 3)
    illustrate(workspace)
    with_few = queries_for(client, page)
    fill(workspace, make_post, [strategy], 40)
    illustrate(workspace)
    with_many = queries_for(client, page)
    assert with_many == with_few
    assert client.get(page).content.decode().count('class="chip-thumb"') == 43


def test_the_thumbnail_is_for_members_only(
    workspace, strategy, make_post, owner, teammate, outsider
):
    post = make_post(when=dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC))
    image = with_image(post.variants.get(), "tomme.png")
    html = client_for(owner).get(f"/w/{workspace.slug}/{MONTH}").content.decode()
    url = re.search(r'class="chip-thumb" src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert f"/{image}/" in url
    for user in (owner, teammate):
        response = client_for(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert client_for(outsider).get(url).status_code == 404
