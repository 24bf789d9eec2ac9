"""Several workers at once on PostgreSQL: threads with their own database connections
race on the same due publications; each is published exactly once.

Runs when DATABASE_URL points at PostgreSQL (skipped on SQLite, whose claims the
sequential test in test_scheduler.py interleaves instead).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mostra.publishing.loop import Loop
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import clock
from tests.peers.missing import peer_missing
from tests.publishing import fake_network

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        # CI's first run is on SQLite on purpose: skipped (and counted) there too.
        peer_missing(
            "postgresql",
            "needs PostgreSQL: DATABASE_URL=postgres://... (see the README)",
            required_in_ci=False,
        )


def drain(name: str, errors: list[BaseException], start: threading.Barrier) -> None:
    try:
        loop = Loop(name, batch=25)
        start.wait()
        while loop.tick().published:
            pass
    except BaseException as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connections.close_all()


def test_four_workers_publish_each_due_publication_once(workspace, make_publication, fake_server):
    # Four accounts: an account's posts go one at a time, so with one account a worker
    # that frees it and claims again at once could well take every post.
    accounts = [fake_network.connect(workspace, "fakenet_plain", f"shop{i}") for i in range(4)]
    due = clock.database_now()
    created = [make_publication(due=due, account=accounts[i % 4]) for i in range(120)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)
    threads = [threading.Thread(target=drain, args=(f"w{i}", errors, start)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    keys = fake_server.keys()
    assert len(keys) == len(set(keys)) == len(created)
    # Not idempotent: any second claim would have shown as a second request.
    assert len(fake_server.requests) == len(created)
    states = set(Publication.objects.values_list("state", flat=True))
    assert states == {PublicationState.PUBLISHED}
    workers = set(Publication.objects.values_list("log__worker", flat=True))
    assert len(workers) > 1  # they really shared the work


def test_the_clock_is_the_databases(db):
    assert connection.vendor == "postgresql"
    offset = clock.sync()
    assert abs(offset.total_seconds()) < 5


def test_a_worker_whose_clock_is_ten_minutes_ahead_publishes_nothing_early(
    make_publication, fake_server, monkeypatch
):
    """Clock skew: the engine follows the database's clock, not the machine's."""
    import datetime as dt
    import types

    from django.utils import timezone

    publication = make_publication(due=clock.database_now() + dt.timedelta(minutes=5))
    ahead = types.SimpleNamespace(now=lambda: timezone.now() + dt.timedelta(minutes=10))
    monkeypatch.setattr(clock, "timezone", ahead)
    assert Loop("skewed").tick().published == 0
    assert abs((clock.now() - clock.database_now()).total_seconds()) < 5
    assert Publication.objects.get(pk=publication.pk).state == PublicationState.PENDING
    assert fake_server.requests == []
    monkeypatch.undo()
    clock.sync()  # the machine's clock is right again: so is the offset
