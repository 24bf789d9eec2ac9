"""Hostile and broken feeds, served by a local server: each gives its source an error in
plain words (or is read as well as it can be), and stops nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from mostra.listening.feeds import fetch as fetching
from mostra.listening.models import Mention, Source
from mostra.listening.services import polling
from tests.listening import hostile_feeds
from tests.listening.hostile_feeds import ETAG

feed_server = hostile_feeds.feed_server

pytestmark = pytest.mark.django_db


def _source(workspace, url: str, name: str = "") -> Source:
    return Source.objects.create(workspace=workspace, kind="feed", name=name or url, url=url)


def _poll(source: Source) -> polling.PollResult:
    result = polling.poll_one(source, timezone.now())
    source.refresh_from_db()
    return result


def test_a_feed_is_read_its_html_as_text_and_its_etag_kept(workspace, feed_server):
    source = _source(workspace, feed_server.url("/feed.xml"))
    result = _poll(source)
    assert result.ok and result.stored == 2
    first = Mention.objects.get(source=source, guid="atelier-1")
    assert first.title == "Réparer son vélo"
    assert first.text == "Un atelier de réparation\nà Lyon"
    assert first.url == "https://atelier.example/1"
    assert first.author == "marie@atelier.example (Marie)"
    assert first.lang == "fr"
    assert first.published_at == dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    assert source.etag == ETAG and source.last_error == "" and source.items_stored == 2


def test_a_second_reading_with_the_etag_is_a_304_and_stores_nothing(workspace, feed_server):
    source = _source(workspace, feed_server.url("/feed.xml"))
    _poll(source)
    result = _poll(source)
    assert result.ok and result.not_modified and result.stored == 0
    assert Mention.objects.filter(source=source).count() == 2
    assert source.last_success_at is not None and source.consecutive_failures == 0


@pytest.mark.parametrize("path", ["/bomb.xml", "/xxe.xml"])
def test_xml_entities_are_refused_in_words(workspace, feed_server, path):
    source = _source(workspace, feed_server.url(path))
    result = _poll(source)
    assert result.error == "unsafe_xml"
    assert source.last_error == "unsafe_xml" and source.consecutive_failures == 1
    assert "entities" in source.error_text
    assert not Mention.objects.filter(source=source).exists()


@pytest.mark.parametrize("path", ["/huge.xml", "/huge-declared.xml"])
def test_a_100_mb_body_is_abandoned_past_the_cap(workspace, feed_server, path):
    source = _source(workspace, feed_server.url(path))
    result = _poll(source)
    assert result.error == "too_big"
    assert "5 MB" in source.error_text
    # Abandoned early: far less than the 100 MB the server offered was sent.
    assert feed_server.bytes_sent < 30 * 1024 * 1024


def test_endless_redirects_stop_at_five(workspace, feed_server):
    source = _source(workspace, feed_server.url("/loop"))
    result = _poll(source)
    assert result.error == "too_many_redirects"
    assert feed_server.calls["/loop"] == fetching.MAX_REDIRECTS + 1
    assert "5 times" in source.error_text


def test_a_wrong_encoding_is_read_as_well_as_it_can(workspace, feed_server):
    source = _source(workspace, feed_server.url("/wrong-encoding.xml"))
    result = _poll(source)
    assert result.ok and result.stored == 1
    mention = Mention.objects.get(source=source)
    assert mention.title == "Café vélo"
    assert mention.text == "Crème brûlée"


def test_a_missing_encoding_is_guessed(workspace, feed_server):
    source = _source(workspace, feed_server.url("/no-encoding.xml"))
    assert _poll(source).ok
    assert Mention.objects.get(source=source).title == "L’atelier"


def test_malformed_dates_keep_the_item_without_a_date(workspace, feed_server):
    source = _source(workspace, feed_server.url("/dates.xml"))
    assert _poll(source).stored == 4
    dates = dict(Mention.objects.filter(source=source).values_list("title", "published_at"))
    assert dates["Never"] is None
    assert dates["Zero"] is None  # 1970: the feed's mistake
    assert dates["Future"] is None  # 2999: likewise
    assert dates["Fine"] == dt.datetime(2026, 3, 4, 7, 30, tzinfo=dt.UTC)


def test_an_html_page_is_not_a_feed(workspace, feed_server):
    source = _source(workspace, feed_server.url("/page.html"))
    assert _poll(source).error == "not_a_feed"
    assert "RSS or Atom" in source.error_text


def test_a_429_honours_retry_after(workspace, feed_server):
    source = _source(workspace, feed_server.url("/busy"))
    before = timezone.now()
    assert _poll(source).error == "rate_limited"
    # Two hours asked: more than the back-off's first 30 minutes.
    assert source.next_poll_at >= before + dt.timedelta(seconds=7200)
    assert "120 minutes" in source.error_text


def test_a_private_address_is_refused_without_the_setting(workspace, feed_server, settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    source = _source(workspace, feed_server.url("/feed.xml"))
    assert _poll(source).error == "private_address"
    assert feed_server.calls["/feed.xml"] == 0
    assert "MOSTRA_ALLOW_PRIVATE_ADDRESSES" in source.error_text


def test_the_error_is_worded_in_the_readers_language(workspace, feed_server):
    source = _source(workspace, feed_server.url("/gone"))
    _poll(source)
    assert source.last_error == "not_found"
    with translation.override("en"):
        assert "does not exist (410)" in source.error_text
    from tests.core.pending_french import pending

    with pending("SOURCES"), translation.override("fr"):
        assert "n’existe pas (410)" in source.error_text


def test_one_hostile_feed_stops_no_other_in_a_round(workspace, feed_server):
    """Every source of one host is read once per round; across rounds, all are read."""
    paths = ["/bomb.xml", "/huge.xml", "/loop", "/dates.xml", "/feed.xml"]
    sources = [_source(workspace, feed_server.url(p), name=p) for p in paths]
    now = timezone.now()
    read = 0
    for round_ in range(len(paths)):
        read += polling.poll_due(now + dt.timedelta(seconds=polling.HOST_GAP * round_ + 1))
    assert read == len(paths)
    for source in sources:
        source.refresh_from_db()
    errors = {s.name: s.last_error for s in sources}
    assert errors == {
        "/bomb.xml": "unsafe_xml",
        "/huge.xml": "too_big",
        "/loop": "too_many_redirects",
        "/dates.xml": "",
        "/feed.xml": "",
    }
    assert Mention.objects.filter(workspace=workspace).count() == 6


def test_a_well_formed_feed_quoting_an_entity_declaration_is_read():
    from mostra.listening.feeds.parse import parse

    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>XML</title><item>'
        b"<title>DTDs</title><link>https://x.example/1</link>"
        b'<description><![CDATA[Write <!ENTITY name "value"> in a DTD.]]></description>'
        b"</item></channel></rss>"
    )
    [item] = parse(body)
    assert item.text == 'Write <!ENTITY name "value"> in a DTD.'


def test_the_workers_side_work_reads_the_due_sources(workspace, feed_server):
    """The periodic job as the worker runs it: one side-work turn reads a due feed."""
    from mostra.publishing import side_work

    source = _source(workspace, feed_server.url("/feed.xml"))
    counts = side_work.SideWork().turn(timezone.now())
    assert counts["poll_due"] == 1
    source.refresh_from_db()
    assert source.items_stored == 2 and source.last_success_at is not None
    # Its next reading is its interval away: the next turn reads nothing.
    assert side_work.SideWork().turn(timezone.now())["poll_due"] == 0
