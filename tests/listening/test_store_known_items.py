"""The store's fast path (issue 16's ingest speed): an item already stored, or repeated
in the same batch, is dropped before it is enriched; rows written by the store's insert
read back exactly as rows the ORM writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from mostra.core.models import Workspace
from mostra.listening.enrichment import worker
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, Source
from mostra.listening.services import matching
from mostra.listening.services.store import as_mention, store, unseen

pytestmark = pytest.mark.django_db


def _source(workspace) -> Source:
    return Source.objects.create(workspace=workspace, kind="feed", name="f", url="https://f/rss")


def _item(n: int, **extra) -> FetchedItem:
    text = f"Super atelier vélo numéro {n} à Lyon, je recommande vivement !"
    return FetchedItem(guid=f"g{n}", text=text, url=f"https://x.example/{n}", **extra)


@pytest.fixture
def enriched_texts(monkeypatch) -> list[str]:
    """The texts enriched, in their order (the store's enrichment, in this process)."""
    seen: list[str] = []
    real = worker.values_of

    def counting(title, text, lang, allowed):
        seen.append(text)
        return real(title, text, lang, allowed)

    monkeypatch.setattr(worker, "values_of", counting)
    return seen


def test_only_new_items_are_enriched(workspace, enriched_texts):
    source = _source(workspace)
    now = timezone.now()
    assert store([_item(0), _item(1)], workspace=workspace, source=source, fetched_at=now) == 2
    again = [
        _item(0),  # stored, same guid
        FetchedItem(guid="other", text="x", url="HTTPS://X.EXAMPLE/1"),  # stored address
        _item(2),
        _item(2),  # repeated in the batch
        FetchedItem(guid="g3", text="y", url="https://x.example/2"),  # address repeated
    ]
    later = now + dt.timedelta(minutes=5)
    assert store(again, workspace=workspace, source=source, fetched_at=later) == 1
    assert enriched_texts == [_item(n).text for n in range(3)]
    assert sorted(Mention.objects.values_list("guid", flat=True)) == ["g0", "g1", "g2"]
    # Nothing new: nothing enriched, nothing written.
    assert store(again[:2], workspace=workspace, source=source, fetched_at=later) == 1
    assert enriched_texts == [_item(n).text for n in range(3)]


def test_a_guid_of_another_source_is_not_known(workspace):
    first, second = _source(workspace), _source(workspace)
    now = timezone.now()
    store([_item(0)], workspace=workspace, source=first, fetched_at=now)
    same_guid = FetchedItem(guid="g0", text="autre", url="https://y.example/0")
    assert unseen([same_guid], workspace=workspace, source=second) == [same_guid]
    assert unseen([same_guid], workspace=workspace, source=first) == []
    assert store([same_guid], workspace=workspace, source=second, fetched_at=now) == 1


def test_rows_read_back_as_the_orm_writes_them(workspace):
    other = Workspace.objects.get(slug="other-brand")
    published = dt.datetime(2026, 12, 5, 9, 30, 0, 123456, tzinfo=dt.UTC)
    item = _item(
        7,
        title="Atelier",
        author="@velo@lyon.social",
        author_url="https://lyon.social/@velo",
        author_followers=1200,
        published_at=published,
        lang="fr",
        country="FR",
        network="mastodon",
        kind="reply",
        counts={"likes": 3, "reposts": 1},
        declared_sentiment="positive",
    )
    fetched_at = timezone.now().replace(microsecond=0)
    store([item], workspace=workspace, source=None, fetched_at=fetched_at)
    as_mention(item, other, None, fetched_at, matching.enriched(item, ("fr", "en"))).save()
    ours, orm = (Mention.objects.filter(workspace=w).values().get() for w in (workspace, other))
    for row in (ours, orm):
        del row["id"], row["workspace_id"]
    assert ours == orm
    assert ours["published_at"] == published and ours["counts"] == {"likes": 3, "reposts": 1}
    assert ours["state"] == "new" and ours["sentiment"] > 0 and ours["text_key"]


def test_a_row_stored_meanwhile_by_another_poller_is_skipped_not_failed(workspace):
    """The insert itself skips a row another poller stored since the lookup (on
    PostgreSQL its straight ``COPY`` meets the unique index and the rows go again
    through the conflict-skipping path): the others are stored, in their order, the
    transaction goes on."""
    from django.db import transaction

    from mostra.listening.services import mention_rows
    from mostra.listening.services.store import mention_values

    source = _source(workspace)
    now = timezone.now()
    store([_item(1)], workspace=workspace, source=source, fetched_at=now)
    ids = {"workspace_id": workspace.pk, "source_id": source.pk}
    rows = [ids | mention_values(_item(n), now, None) for n in range(4)]
    with transaction.atomic():
        mention_rows.insert(rows)
        # The transaction is still usable after the conflict.
        assert Mention.objects.filter(workspace=workspace).count() == 4
    stored = list(Mention.objects.filter(workspace=workspace).order_by("pk"))
    assert [m.guid for m in stored] == ["g1", "g0", "g2", "g3"]
    assert Mention.objects.filter(guid="g1").count() == 1


def test_rows_without_conflict_are_copied_in_their_order(workspace):
    from mostra.listening.services import mention_rows
    from mostra.listening.services.store import mention_values

    source = _source(workspace)
    now = timezone.now()
    ids = {"workspace_id": workspace.pk, "source_id": source.pk}
    mention_rows.insert([ids | mention_values(_item(n), now, None) for n in (5, 3, 9)])
    ordered = Mention.objects.filter(workspace=workspace).order_by("pk")
    assert list(ordered.values_list("guid", flat=True)) == ["g5", "g3", "g9"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_lookup_reads_only_the_keys_asked_whatever_the_statistics(workspace):
    """The known items are found by one index descent per key, even when the planner's
    statistics are behind the table (a firehose or an import filling a workspace faster
    than it is analysed): never by reading the workspace's every mention."""
    import json

    from mostra.listening.services import store as store_module

    other = Workspace.objects.create(name="Other", slug="other")
    store([_item(n) for n in range(300)], workspace=other, source=None, fetched_at=timezone.now())
    source = _source(workspace)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Mention._meta.db_table}")  # another workspace's rows only
    items = [_item(n) for n in range(1500)]
    assert store(items, workspace=workspace, source=source, fetched_at=now) == 1500
    asked = [f"g{n}" for n in range(1400, 1600)]
    keys = [store_module.url_key(f"https://x.example/{n}") for n in range(1400, 1600)]
    sql, params = store_module._known_query(workspace.pk, source.pk, asked, keys)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    plan = plan if isinstance(plan, list) else json.loads(plan)

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    read = [n for n in nodes(plan[0]["Plan"]) if n.get("Relation Name") == "listening_mention"]
    # Each half by its unique index, every key in its condition: no row read and dropped.
    assert [n["Index Name"] for n in read] == [
        "mention_unique_guid_per_source",
        "mention_unique_url_per_workspace",
    ]
    assert all(n.get("Rows Removed by Filter", 0) == 0 for n in read), read
    known_guids, known_keys = store_module._known(workspace.pk, source.pk, asked, keys)
    assert known_guids == {f"g{n}" for n in range(1400, 1500)}
    assert known_keys == set(keys[:100])
