"""A large ingest's inserts on a thread of their own (PostgreSQL), on the caller's
connection and in its transaction: every chunk stored once and in order, a row stored
meanwhile by another poller skipped, a failed insert leaving nothing behind and the
connection as it was. On SQLite the same calls insert at once, with the same answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from mostra.listening.enrichment import worker
from mostra.listening.items import FetchedItem
from mostra.listening.models import ListeningQuery, Mention
from mostra.listening.services import matching, mention_rows
from mostra.listening.services import store as store_module
from mostra.listening.services.store import store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    """Large from 20 items, chunks of 7: several inserts queued to the writer."""
    monkeypatch.setattr(worker, "POOL_FROM", 20)
    monkeypatch.setattr(worker, "CHUNK", 7)
    matching.forget()
    yield
    matching.forget()


def _items(count: int, start: int = 0) -> list[FetchedItem]:
    return [
        FetchedItem(
            guid=f"g{n}",
            text=f"Atelier vélo {n} : super accueil, je recommande Acme",
            url=f"https://x.example/{n}",
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def brand(workspace):
    ListeningQuery.objects.create(workspace=workspace, name="brand", text="acme")
    return workspace


def test_every_chunk_is_stored_once_in_order_with_its_matches(brand):
    assert store(_items(50), workspace=brand, source=None, fetched_at=timezone.now()) == 50
    stored = Mention.objects.filter(workspace=brand).order_by("pk")
    assert list(stored.values_list("guid", flat=True)) == [f"g{n}" for n in range(50)]
    assert all(m.matched_queries.count() == 1 for m in stored)
    assert not connection.allow_thread_sharing  # given back


def test_rows_stored_meanwhile_by_another_poller_are_skipped(brand, monkeypatch):
    """Another poller stored g10–g14 after this one looked them up: the insert meets
    them (on PostgreSQL, the writer thread's ``COPY`` fails on the unique index and the
    chunk goes through the conflict-skipping path), the rest is stored."""
    now = timezone.now()
    assert store(_items(5, start=10), workspace=brand, source=None, fetched_at=now) == 5
    monkeypatch.setattr(store_module, "unseen", lambda items, **_: list(items))
    later = now + dt.timedelta(minutes=1)
    assert store(_items(40), workspace=brand, source=None, fetched_at=later) == 35
    guids = list(
        Mention.objects.filter(workspace=brand, fetched_at=later)
        .order_by("pk")
        .values_list("guid", flat=True)
    )
    assert guids == [f"g{n}" for n in range(40) if not 10 <= n < 15]
    assert Mention.objects.filter(workspace=brand).count() == 40


def test_a_failed_insert_leaves_nothing_and_the_connection_usable(brand, monkeypatch):
    real = mention_rows.insert
    calls: list[int] = []

    def failing(rows, **kwargs):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        real(rows, **kwargs)

    monkeypatch.setattr(mention_rows, "insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        with transaction.atomic():
            store(_items(50), workspace=brand, source=None, fetched_at=timezone.now())
    assert len(calls) >= 3
    assert not Mention.objects.filter(workspace=brand).exists()
    assert not connection.allow_thread_sharing
    monkeypatch.setattr(mention_rows, "insert", real)
    assert store(_items(30), workspace=brand, source=None, fetched_at=timezone.now()) == 30


def test_the_writers_statements_are_the_callers_queries(brand, django_assert_max_num_queries):
    """Made on the caller's connection, they are counted as its own (a few statements
    per chunk of the insert, whatever the chunk's size)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as made:
        store(_items(50), workspace=brand, source=None, fetched_at=timezone.now())
    inserts = [q["sql"] for q in made.captured_queries if "SAVEPOINT" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(inserts) >= 2 * 8  # a savepoint and its release per chunk of 7
    assert len(made.captured_queries) < 60


@pytest.mark.parametrize("worker_runs", [True, False], ids=["worker", "no-worker"])
def test_every_lookup_is_made_before_the_first_insert(brand, monkeypatch, worker_runs):
    """The writer's thread shares the caller's connection: the caller's lookups are all
    made before the first chunk is inserted, with or without a worker process."""
    events: list[str] = []
    real_known, real_insert = store_module._known, mention_rows.insert

    def known(*args, **kwargs):
        events.append("lookup")
        return real_known(*args, **kwargs)

    def insert(*args, **kwargs):
        events.append("insert")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(store_module, "_known", known)
    monkeypatch.setattr(mention_rows, "insert", insert)
    if not worker_runs:
        monkeypatch.setattr(worker, "pool", lambda: None)
    assert store(_items(50), workspace=brand, source=None, fetched_at=timezone.now()) == 50
    assert events == ["lookup"] * 8 + ["insert"] * 8  # chunks of 7
