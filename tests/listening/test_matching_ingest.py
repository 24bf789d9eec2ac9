"""Matching and enrichment at ingest: each new mention gets the workspace's queries that
match it, its language and its sentiment; the queries made stay the same whatever the
number of items; a query added or changed is matched against the last 30 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from mostra.core.models import Workspace
from mostra.listening.items import FetchedItem
from mostra.listening.models import ListeningQuery, Mention, Source
from mostra.listening.services import matching, queries
from mostra.listening.services.store import store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_matchers():
    matching.forget()
    yield
    matching.forget()


def _source(workspace) -> Source:
    return Source.objects.create(workspace=workspace, kind="feed", name="f", url="https://f/rss")


def _items(n: int, start: int = 0) -> list[FetchedItem]:
    texts = [
        "Super atelier vélo à Lyon, je recommande vivement, service excellent !",
        "Terrible experience with Acme support, the bike broke after two days.",
        "Nothing to see here, just a quiet morning.",
    ]
    return [
        FetchedItem(guid=f"g{i}", text=texts[i % 3], url=f"https://x.example/{i}")
        for i in range(start, start + n)
    ]


def test_new_mentions_get_their_queries_language_and_sentiment(workspace, owner_membership):
    velo = queries.add_query(owner_membership, name="Vélo", text='"atelier velo" lyon').query
    acme = queries.add_query(
        owner_membership, name="Acme", text="acme AND (bike OR vélo)", group="competitor"
    ).query
    assert (
        store(_items(6), workspace=workspace, source=_source(workspace), fetched_at=timezone.now())
        == 6
    )
    by_guid = {m.guid: m for m in Mention.objects.prefetch_related("matched_queries")}
    assert {q.pk for q in by_guid["g0"].matched_queries.all()} == {velo.pk}
    assert {q.pk for q in by_guid["g1"].matched_queries.all()} == {acme.pk}
    assert list(by_guid["g2"].matched_queries.all()) == []
    assert by_guid["g0"].lang == "fr" and by_guid["g1"].lang == "en"
    assert by_guid["g0"].sentiment > 0 > by_guid["g1"].sentiment


def test_a_declared_language_is_kept(workspace):
    item = FetchedItem(guid="d", text="Super atelier vélo à Lyon, je recommande", lang="it")
    store([item], workspace=workspace, source=None, fetched_at=timezone.now())
    assert Mention.objects.get().lang == "it"


def test_queries_made_do_not_grow_with_the_items(
    workspace, owner_membership, django_assert_max_num_queries
):
    for i in range(30):
        queries.add_query(owner_membership, name=f"q{i}", text=f"lyon OR acme OR mot{i}")
    source = _source(workspace)
    matching.matcher_for(workspace)  # compiled once, kept
    now = timezone.now()
    # The items already stored (by guid or address), the charter's languages, the
    # matcher's key, the savepoint, the insert, the new rows' ids, the matches' insert,
    # the release: 8, for 1 item as for 40 (9 on PostgreSQL: the rows are copied to a
    # temporary table first).
    most = 9 if connection.vendor == "postgresql" else 8
    for n, start in ((1, 0), (40, 1)):
        with django_assert_max_num_queries(most):
            stored = store(
                _items(n, start),
                workspace=workspace,
                source=source,
                fetched_at=now + dt.timedelta(minutes=start),
            )
        assert stored == n
    # Beyond, one read more per 400 items and one insert more per batch of matches
    # (SQLite's limit of parameters), never one query per item: 1,000 items, 20,000
    # matches.
    with django_assert_max_num_queries(most + 1000 // 400 + 20_000 // 400):
        assert (
            store(
                _items(1000, 41),
                workspace=workspace,
                source=source,
                fetched_at=now + dt.timedelta(hours=2),
            )
            == 1000
        )
    through = Mention.matched_queries.through.objects
    matched = sum(1 for i in range(1041) if i % 3 != 2)  # the first two texts of three
    assert through.count() == matched * 30


def test_duplicates_are_not_matched_twice(workspace, owner_membership):
    queries.add_query(owner_membership, name="Lyon", text="lyon")
    source = _source(workspace)
    now = timezone.now()
    store(_items(3), workspace=workspace, source=source, fetched_at=now)
    assert (
        store(_items(3), workspace=workspace, source=source, fetched_at=now + dt.timedelta(1)) == 0
    )
    assert Mention.matched_queries.through.objects.count() == 1


def test_the_matcher_is_rebuilt_when_a_query_changes(workspace, owner_membership):
    q = queries.add_query(owner_membership, name="Q", text="lyon").query
    first = matching.matcher_for(workspace)
    assert matching.matcher_for(workspace) is first
    queries.update_query(owner_membership, q.pk, text="acme")
    second = matching.matcher_for(workspace)
    assert second is not first
    store(_items(3), workspace=workspace, source=None, fetched_at=timezone.now())
    assert [m.guid for m in q.mentions.all()] == ["g1"]
    queries.delete_query(owner_membership, q.pk)
    assert len(matching.matcher_for(workspace)) == 0


def test_a_query_added_matches_the_last_30_days(workspace, owner_membership):
    now = timezone.now()
    store(_items(3), workspace=workspace, source=None, fetched_at=now)
    old = FetchedItem(guid="old", text="Atelier vélo Lyon, il y a longtemps")
    store([old], workspace=workspace, source=None, fetched_at=now - dt.timedelta(days=40))
    saved = queries.add_query(owner_membership, name="Lyon", text="lyon")
    assert saved.matched == 1
    assert [m.guid for m in saved.query.mentions.all()] == ["g0"]
    changed = queries.update_query(owner_membership, saved.query.pk, text="acme OR quiet")
    assert changed.matched == 2
    assert sorted(m.guid for m in saved.query.mentions.all()) == ["g1", "g2"]


def test_workspaces_are_apart(workspace, owner_membership):
    queries.add_query(owner_membership, name="Lyon", text="lyon")
    other = Workspace.objects.get(slug="other-brand")
    store(_items(1), workspace=other, source=None, fetched_at=timezone.now())
    assert Mention.matched_queries.through.objects.count() == 0
    assert ListeningQuery.objects.filter(workspace=other).count() == 0
