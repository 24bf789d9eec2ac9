"""Against a real site: Hugo serving a live feed on this machine (tests/peers/rss).

A post added to the site appears as a mention after the next reading; a reading with
nothing new is answered 304 (If-Modified-Since) and stores nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mostra.listening.models import Mention, Source
from mostra.listening.services import polling
from tests.peers import rss as peer

hugo_feed = peer.hugo_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(workspace, hugo_feed, settings) -> Source:
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True  # the peer is on 127.0.0.1
    return Source.objects.create(
        workspace=workspace, kind="feed", name="Local site", url=hugo_feed.url
    )


def test_a_post_added_to_the_site_appears_after_a_poll(source, hugo_feed):
    first = polling.poll_one(source, timezone.now())
    assert first.ok and first.stored >= 2
    before = set(Mention.objects.filter(source=source).values_list("guid", flat=True))
    address = hugo_feed.add_post("Atelier vélo ouvert samedi", "Venez réparer votre vélo.")
    assert address not in before
    source.refresh_from_db()
    second = polling.poll_one(source, timezone.now())
    assert second.ok and second.stored == 1
    mention = Mention.objects.get(source=source, guid=address)
    assert mention.title == "Atelier vélo ouvert samedi"
    assert mention.text == "Venez réparer votre vélo."
    assert mention.url == address
    assert mention.published_at is not None


def test_a_second_poll_is_a_304_that_stores_nothing(source, hugo_feed):
    polling.poll_one(source, timezone.now())
    source.refresh_from_db()
    assert source.last_modified  # Hugo's Last-Modified, sent back as If-Modified-Since
    count = Mention.objects.filter(source=source).count()
    again = polling.poll_one(source, timezone.now())
    assert again.ok and again.not_modified and again.stored == 0
    assert Mention.objects.filter(source=source).count() == count
    source.refresh_from_db()
    assert source.last_error == "" and source.last_success_at is not None
