"""Storing items: one bulk insert, duplicates (same guid from a source, same address in
a workspace) skipped, each workspace apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from mostra.core.models import Workspace
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, Source
from mostra.listening.services.store import guid_of, store, url_key

pytestmark = pytest.mark.django_db


def _source(workspace, url="https://a.example/rss") -> Source:
    return Source.objects.create(workspace=workspace, kind="feed", name=url, url=url)


def test_duplicates_are_skipped_and_counted_out(workspace, django_assert_max_num_queries):
    source = _source(workspace)
    items = [
        FetchedItem(guid=f"g{i}", text=f"t{i}", url=f"https://a.example/{i}") for i in range(50)
    ]
    # The items already stored, the charter's languages, the queries' key (none here:
    # no matching), the insert, the count (and on PostgreSQL the temporary table the
    # rows are copied to).
    with django_assert_max_num_queries(6 if connection.vendor == "postgresql" else 5):
        assert store(items, workspace=workspace, source=source, fetched_at=timezone.now()) == 50
    again = [*items, FetchedItem(guid="new", text="n", url="https://a.example/new")]
    later = timezone.now() + dt.timedelta(minutes=15)
    assert store(again, workspace=workspace, source=source, fetched_at=later) == 1
    assert Mention.objects.count() == 51


def test_the_same_address_from_two_sources_is_one_mention(workspace):
    first, second = _source(workspace), _source(workspace, "https://b.example/rss")
    item = FetchedItem(guid="x", text="Le même article", url="https://news.example/a#comments")
    same = FetchedItem(guid="y", text="Le même article", url="HTTPS://NEWS.EXAMPLE/a")
    now = timezone.now()
    assert store([item], workspace=workspace, source=first, fetched_at=now) == 1
    assert store([same], workspace=workspace, source=second, fetched_at=now) == 0
    assert url_key(item.url) == url_key(same.url)


def test_items_without_address_are_kept_apart(workspace):
    source = _source(workspace)
    items = [FetchedItem(guid="a", text="un"), FetchedItem(guid="b", text="deux")]
    assert store(items, workspace=workspace, source=source, fetched_at=timezone.now()) == 2
    assert list(Mention.objects.values_list("url_key", flat=True)) == [None, None]


def test_workspaces_are_apart(workspace):
    other = Workspace.objects.get(slug="other-brand")
    item = FetchedItem(guid="g", text="t", url="https://a.example/1")
    now = timezone.now()
    assert store([item], workspace=workspace, source=_source(workspace), fetched_at=now) == 1
    assert store([item], workspace=other, source=_source(other), fetched_at=now) == 1


def test_a_long_guid_is_hashed_and_unknowns_are_blank(workspace):
    source = _source(workspace)
    long = "urn:" + "x" * 600
    store(
        [FetchedItem(guid=long, text="t")],
        workspace=workspace,
        source=source,
        fetched_at=timezone.now(),
    )
    mention = Mention.objects.get()
    assert mention.guid == guid_of(long) and len(mention.guid) == 71
    assert mention.author == "" and mention.published_at is None and mention.state == "new"
