"""A large ingest enriched in a worker process: the same mentions, languages, sentiments
and matches as enriched in this process, in the same order; a worker that cannot start
or dies leaves the ingest to this process, nothing lost nor half-written."""

from __future__ import annotations

import datetime as dt
import random
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest
from django.utils import timezone

from mostra.core.services.workspaces import create_workspace
from mostra.listening.enrichment import worker
from mostra.listening.items import FetchedItem
from mostra.listening.models import ListeningQuery, Mention
from mostra.listening.services import matching
from mostra.listening.services.store import store

pytestmark = pytest.mark.django_db

FR = "super atelier vélo lyon je recommande pas du tout déçu service nul merci équipe".split()
EN = "great bike shop london terrible support really happy never again thanks team".split()


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    """Chunks of 7 from 20 items: several chunks, some taken back by this process."""
    monkeypatch.setattr(worker, "POOL_FROM", 20)
    monkeypatch.setattr(worker, "CHUNK", 7)
    matching.forget()
    yield
    matching.forget()


def _items(count: int) -> list[FetchedItem]:
    rng = random.Random(5)
    made = []
    for n in range(count):
        words = FR if n % 2 else EN
        text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 14)))
        if n % 5 == 0:
            text += " Acme"
        made.append(
            FetchedItem(
                guid=f"g{n}",
                text=text,
                url=f"https://x.example/{n}",
                title="Avis client" if n % 7 == 0 else None,
                lang="en" if n % 11 == 0 else None,
            )
        )
    return made


def _workspace(owner, slug: str):
    ws = create_workspace(owner, slug, slug=slug)
    ListeningQuery.objects.create(workspace=ws, name="brand", text="acme OR vélo")
    ListeningQuery.objects.create(workspace=ws, name="praise", text="great AND NOT terrible")
    return ws


def _stored(ws) -> list[tuple]:
    """What a user reads of each mention, in the order it was stored."""
    return [
        (m.guid, m.lang, m.sentiment, sorted(q.name for q in m.matched_queries.all()))
        for m in Mention.objects.filter(workspace=ws)
        .order_by("id")
        .prefetch_related("matched_queries")
    ]


def test_a_large_ingest_enriched_by_the_worker_stores_what_this_process_would(owner, monkeypatch):
    items = _items(60)
    now = timezone.now()
    pooled, here = _workspace(owner, "pooled"), _workspace(owner, "here")
    assert store(items, workspace=pooled, source=None, fetched_at=now) == 60
    assert worker.pool() is not None  # the worker was started, and is kept
    with monkeypatch.context() as patched:
        patched.setattr(worker, "POOL_FROM", 10_000)
        assert store(items, workspace=here, source=None, fetched_at=now) == 60
    stored = _stored(pooled)
    assert stored == _stored(here)
    assert [guid for guid, *_ in stored] == [item.guid for item in items]
    langs = {lang for _, lang, _, _ in stored}
    assert {"fr", "en"} <= langs
    assert any(score is not None and score > 0 for _, _, score, _ in stored)
    assert any(score is not None and score < 0 for _, _, score, _ in stored)
    assert any(queries == ["brand"] for *_, queries in stored)


def test_the_worker_answers_what_this_process_answers():
    items = _items(40)
    fields = [(i.title, i.text, i.lang) for i in items]
    future = worker.pool().submit(worker.enrich_fields, fields, ("fr", "en"))
    assert future.result(timeout=60) == [worker.values_of(*f, ("fr", "en")) for f in fields]


def test_without_a_worker_process_the_ingest_runs_here(owner, monkeypatch):
    worker.shut_down()
    monkeypatch.setenv(worker.SWITCH, "0")
    try:
        ws = _workspace(owner, "no-worker")
        assert store(_items(30), workspace=ws, source=None, fetched_at=timezone.now()) == 30
        assert worker.pool() is None
        assert Mention.objects.filter(workspace=ws, lang="fr").exists()
    finally:
        worker.shut_down()


class _Dead:
    """A worker that died: every chunk sent fails as a broken pool's does."""

    def submit(self, *args, **kwargs):
        raise BrokenProcessPool("worker died")


def test_a_dead_worker_leaves_the_chunks_to_this_process(owner, monkeypatch):
    monkeypatch.setattr(worker, "pool", lambda: _Dead())
    monkeypatch.setattr(worker, "_broken", lambda: None)  # the real worker is kept
    ws, reference = _workspace(owner, "dead"), _workspace(owner, "reference")
    now = timezone.now()
    assert store(_items(30), workspace=ws, source=None, fetched_at=now) == 30
    monkeypatch.setattr(worker, "POOL_FROM", 10_000)
    assert store(_items(30), workspace=reference, source=None, fetched_at=now) == 30
    assert _stored(ws) == _stored(reference)


class _Stalled:
    """A worker that has started every chunk and never answers (starved of CPU)."""

    def submit(self, *args, **kwargs):
        future = Future()
        future.set_running_or_notify_cancel()
        return future


def test_a_stalled_worker_does_not_hold_the_ingest_back(owner, monkeypatch):
    monkeypatch.setattr(worker, "pool", lambda: _Stalled())
    monkeypatch.setattr(worker, "FIRST_WAIT", 0.01)
    ws, reference = _workspace(owner, "stalled"), _workspace(owner, "reference")
    now = timezone.now()
    assert store(_items(30), workspace=ws, source=None, fetched_at=now) == 30
    monkeypatch.setattr(worker, "POOL_FROM", 10_000)
    assert store(_items(30), workspace=reference, source=None, fetched_at=now) == 30
    assert _stored(ws) == _stored(reference)


class _Recording:
    """A worker answering at once, each chunk it receives noted in ``events``."""

    def __init__(self, events: list[tuple[str, int]]) -> None:
        self.events = events

    def submit(self, fn, fields, languages):
        self.events.append(("enrich", len(fields)))
        future = Future()
        future.set_running_or_notify_cancel()
        future.set_result(fn(fields, languages))
        return future


def test_each_chunk_goes_to_the_worker_as_soon_as_it_is_looked_up(owner, monkeypatch):
    """The worker starts on the first chunk while the next ones are looked up (no
    lookup of the whole batch first), and never receives an item already stored."""
    from mostra.listening.services import store as store_module

    events: list[tuple[str, int]] = []
    real_known = store_module._known

    def known(workspace_id, source_id, guids, keys):
        events.append(("lookup", len(guids)))
        return real_known(workspace_id, source_id, guids, keys)

    monkeypatch.setattr(store_module, "_known", known)
    monkeypatch.setattr(worker, "pool", lambda: _Recording(events))
    ws = _workspace(owner, "pipelined")
    now = timezone.now()
    items = _items(30)
    assert store(items, workspace=ws, source=None, fetched_at=now) == 30
    assert events == [("lookup", 7), ("enrich", 7)] * 4 + [("lookup", 2), ("enrich", 2)]

    events.clear()
    again = [*items[:25], *_items(40)[30:]]  # 25 stored already, 10 new
    later = now + dt.timedelta(minutes=1)
    assert store(again, workspace=ws, source=None, fetched_at=later) == 10
    assert [e for e in events if e[0] == "enrich"] == [("enrich", 3), ("enrich", 7)]
    assert Mention.objects.filter(workspace=ws).count() == 40
