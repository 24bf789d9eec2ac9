"""The publishing engine with the Bluesky integration and a real PDS, in one process:
a scheduled variant goes out once, with its image and alt text, and its link."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile

from mostra.editorial.models import PostMedia, PostStatus
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import clock
from mostra.publishing.scheduler.publisher import publish_one
from tests.publishing.conftest_bluesky import *  # noqa: F403
from tests.publishing.conftest_bluesky import image_file

pytestmark = [pytest.mark.django_db, pytest.mark.peer]


@pytest.fixture
def scheduled(make_publication, bsky_account, tmp_path, settings) -> Publication:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    publication = make_publication(
        account=bsky_account, text="La tomme de printemps est là #tomme https://fromagerie.example"
    )
    picture = image_file(tmp_path)
    data = picture.path.read_bytes()
    media = PostMedia(
        variant=publication.variant,
        original_name="tomme.png",
        kind="image",
        mime_type="image/png",
        size=len(data),
        width=picture.width,
        height=picture.height,
        sha256=hashlib.sha256(data).hexdigest(),
        alt_text="Une tomme entière, croûte grise",
    )
    media.file.save("tomme.png", ContentFile(data), save=False)
    media.save()
    return publication


def test_a_scheduled_variant_is_published_once_with_its_image(bluesky_pds, scheduled):
    result = publish_one(scheduled.pk, "worker-a")
    assert result is not None and result.state == PublicationState.PUBLISHED

    publication = Publication.objects.select_related("variant__post").get(pk=scheduled.pk)
    assert publication.state == PublicationState.PUBLISHED
    assert publication.variant.post.status == PostStatus.PUBLISHED
    record = bluesky_pds.record(publication.remote_uri)
    assert record["value"]["text"] == scheduled.variant.text
    [image] = record["value"]["embed"]["images"]
    assert image["alt"] == "Une tomme entière, croûte grise"
    assert publication.remote_url.endswith(f"/post/{publication.remote_id}")

    # The outcome was lost: the same publication claimed and sent again.
    Publication.objects.filter(pk=scheduled.pk).update(
        state=PublicationState.PENDING, next_attempt_at=clock.now(), error_code="unknown_outcome"
    )
    again = publish_one(scheduled.pk, "worker-b")
    assert again is not None and again.state == PublicationState.PUBLISHED
    assert Publication.objects.get(pk=scheduled.pk).remote_uri == publication.remote_uri
    assert len(bluesky_pds.records(publication.account.external_id)) == 1
