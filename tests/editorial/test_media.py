"""Media: judged by their bytes, stored once by their SHA-256, served to members only."""

from __future__ import annotations

import hashlib
import io
import struct
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mostra.core.errors import DomainError
from mostra.editorial.models import Post, PostMedia
from mostra.editorial.services import media
from tests.editorial.test_posts import form_data, new_url, post_url


def png(width: int = 64, height: int = 48, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def mp4(brand: bytes = b"isom", seconds: int = 12) -> bytes:
    ftyp = struct.pack(">I4s4sI", 20, b"ftyp", brand, 0) + b"mp41"
    mvhd_body = bytes(4) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    mdat = struct.pack(">I4s", 8 + 64, b"mdat") + bytes(64)
    return ftyp + mdat + moov


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


# --- What a file really is ------------------------------------------------------------


def test_a_png_is_checked_with_its_size_and_sha256():
    data = png(64, 48)
    checked = media.inspect(upload("photo.png", data))
    assert (checked.kind, checked.mime_type, checked.extension) == ("image", "image/png", "png")
    assert (checked.width, checked.height, checked.size) == (64, 48, len(data))
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("fmt", "mime"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")]
)
def test_other_image_formats_are_recognised_whatever_the_browser_says(fmt, mime):
    checked = media.inspect(upload("image", png(fmt=fmt), content_type="text/plain"))
    assert checked.mime_type == mime


@pytest.mark.parametrize(("brand", "mime"), [(b"isom", "video/mp4"), (b"qt  ", "video/quicktime")])
def test_videos_are_recognised_by_their_ftyp_box(brand, mime):
    checked = media.inspect(upload("clip", mp4(brand), content_type="application/octet-stream"))
    assert (checked.kind, checked.mime_type, checked.duration) == ("video", mime, 12.0)


def test_text_named_png_is_refused():
    with pytest.raises(DomainError, match="is not a PNG image, whatever its name says"):
        media.inspect(upload("photo.png", b"just some text, not an image\n" * 20))


def test_a_jpeg_named_png_is_refused():
    with pytest.raises(DomainError, match="is not a PNG image"):
        media.inspect(upload("photo.png", png(fmt="JPEG")))


def test_an_svg_with_a_script_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for name, kind in [("logo.svg", "image/svg+xml"), ("logo.png", "image/png"), ("logo", "")]:
        with pytest.raises(DomainError, match="Export it as PNG"):
            media.inspect(upload(name, svg, content_type=kind))


def test_other_files_are_refused_with_the_accepted_formats():
    with pytest.raises(DomainError, match="JPEG, PNG, WebP, GIF"):
        media.inspect(upload("notes", b"%PDF-1.7 not an image", content_type="application/pdf"))


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(media, "MAX_PIXELS", 1000)
    with pytest.raises(DomainError, match="too many pixels"):
        media.inspect(upload("big.png", png(100, 100)))


def test_a_file_over_the_limit_is_refused(settings):
    settings.MOSTRA_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(DomainError, match="larger than"):
        media.inspect(upload("photo.png", png(300, 300) + bytes(2000)))


# --- Through the post form ------------------------------------------------------------


def _stored_files(root: Any) -> list[str]:
    from pathlib import Path

    return [str(p) for p in Path(root).rglob("*") if p.is_file()]


def test_a_valid_png_is_stored_once_for_every_variant(owner_client, workspace, strategy, settings):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    data = png(80, 60)
    fields = form_data(
        tactic,
        networks=["facebook", "instagram"],
        **{"v-facebook-text": "Arrivage", "v-facebook-link": "", "v-facebook-first_comment": ""},
        upload=upload("Arrivage du jour.png", data),
        upload_alt="Une meule de comté sur une planche",
    )
    response = owner_client.post(new_url(workspace), fields)
    assert response.status_code == 302
    items = list(PostMedia.objects.order_by("variant__network"))
    assert [m.variant.network for m in items] == ["facebook", "instagram"]
    digest = hashlib.sha256(data).hexdigest()
    for item in items:
        assert (item.sha256, item.size, item.width, item.height) == (digest, len(data), 80, 60)
        assert item.alt_text == "Une meule de comté sur une planche"
        assert item.mime_type == "image/png" and item.file.name.endswith(".png")
        assert digest in item.file.name
    assert len(_stored_files(settings.MEDIA_ROOT)) == 1


def test_a_file_can_go_to_one_variant_only(owner_client, workspace, strategy):
    from mostra.strategy.models import Tactic

    tactic = Tactic.objects.get(workspace=workspace, key="k-arrivages")
    fields = form_data(
        tactic,
        networks=["facebook", "instagram"],
        **{"v-facebook-text": "Arrivage", "v-facebook-link": "", "v-facebook-first_comment": ""},
        upload=upload("story.png", png()),
        upload_network="instagram",
    )
    fields.pop("upload_everywhere")
    assert owner_client.post(new_url(workspace), fields).status_code == 302
    assert [m.variant.network for m in PostMedia.objects.all()] == ["instagram"]


def test_text_named_png_is_refused_and_nothing_is_stored(owner_client, workspace, tactic, settings):
    fields = form_data(tactic, upload=upload("photo.png", b"hello, I am text" * 50))
    response = owner_client.post(new_url(workspace), fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a PNG image, whatever its name says" in page
    assert "Nothing was saved" in page
    assert not Post.objects.exists() and not PostMedia.objects.exists()
    assert _stored_files(settings.MEDIA_ROOT) == []


def test_an_svg_upload_is_refused(owner_client, workspace, tactic, settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x</script></svg>'
    fields = form_data(tactic, upload=upload("logo.svg", svg, "image/svg+xml"))
    response = owner_client.post(new_url(workspace), fields)
    assert response.status_code == 400
    assert "networks do not take SVG" in response.content.decode()
    assert not PostMedia.objects.exists() and _stored_files(settings.MEDIA_ROOT) == []


def test_an_oversize_upload_gets_a_clear_message_and_changes_nothing(
    owner_client, make_post, tactic, settings
):
    settings.MOSTRA_MAX_UPLOAD_BYTES = 10_000
    post = make_post(tactic=tactic, text="Avant")
    big = png(400, 400, fmt="PNG") + bytes(20_000)
    fields = form_data(tactic, **{"v-instagram-text": "Après"}, upload=upload("huge.png", big))
    response = owner_client.post(post_url(post), fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“huge.png” is larger than 0 MB" in page or "“huge.png” is larger than" in page
    assert "choose them again" in page
    assert post.variants.get().text == "Avant"
    assert not PostMedia.objects.exists() and _stored_files(settings.MEDIA_ROOT) == []


def test_the_upload_handler_stops_storing_a_file_past_the_limit(settings):
    from django.test import RequestFactory

    settings.MOSTRA_MAX_UPLOAD_BYTES = 5_000
    request = RequestFactory().post(
        "/", {"title": "x", "upload": upload("big.png", bytes(50_000)), "after": "kept"}
    )
    assert "upload" not in request.FILES
    assert request.POST["after"] == "kept"
    assert request.uploads_too_large == ["big.png"]


def test_alt_text_is_edited_and_media_removed(
    owner_client, make_post, tactic, django_capture_on_commit_callbacks
):
    post = make_post(tactic=tactic, networks=("instagram",))
    variant = post.variants.get()
    media.attach(media.inspect(upload("a.png", png())), [variant], "")
    media.attach(media.inspect(upload("b.png", png(10, 10))), [variant], "B")
    first, second = PostMedia.objects.order_by("position")
    fields = form_data(
        tactic,
        **{
            "v-instagram-text": variant.text,
            f"v-instagram-alt_{first.pk}": "Le fromager retourne une meule",
            f"v-instagram-remove_{second.pk}": "on",
        },
    )
    fields["v-instagram-first_comment"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client.post(post_url(post), fields).status_code == 302
    assert [(m.pk, m.alt_text) for m in PostMedia.objects.all()] == [
        (first.pk, "Le fromager retourne une meule")
    ]
    assert not default_storage.exists(second.file.name)
    assert default_storage.exists(first.file.name)


# --- Serving --------------------------------------------------------------------------


@pytest.fixture
def stored(make_post, tactic) -> PostMedia:
    post = make_post(tactic=tactic)
    media.attach(media.inspect(upload("photo.png", png())), [post.variants.get()], "Alt")
    return PostMedia.objects.get()


def media_url(item: PostMedia) -> str:
    return reverse("editorial:media", args=[item.variant.post.workspace.slug, item.pk])


def test_members_get_the_file_with_its_type_and_nosniff(owner_client, teammate_client, stored):
    for client in (owner_client, teammate_client):
        response = client.get(media_url(stored))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_outsiders_and_anonymous_visitors_get_nothing(outsider_client, client, stored):
    assert outsider_client.get(media_url(stored)).status_code == 404
    other = reverse("editorial:media", args=["other-brand", stored.pk])
    assert outsider_client.get(other).status_code == 404
    assert client.get(media_url(stored)).status_code == 302  # to the login page


def test_media_are_not_under_a_public_url(client, stored):
    assert client.get("/media/" + stored.file.name).status_code == 404


@pytest.mark.parametrize("value", ["lots", "0"])
def test_a_bad_upload_limit_stops_mostra_with_the_variables_name(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from mostra import config

    monkeypatch.setenv("MOSTRA_MAX_UPLOAD_MB", value)
    with pytest.raises(ImproperlyConfigured, match="MOSTRA_MAX_UPLOAD_MB"):
        config.load()


def test_the_upload_limit_defaults_to_200_mb(monkeypatch):
    from mostra import config

    monkeypatch.delenv("MOSTRA_MAX_UPLOAD_MB", raising=False)
    assert config.load().max_upload_mb == 200
    monkeypatch.setenv("MOSTRA_MAX_UPLOAD_MB", "50")
    assert config.load().max_upload_mb == 50
