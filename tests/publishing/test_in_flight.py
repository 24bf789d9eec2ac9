"""Many publications in flight in one worker (issue 15): other accounts' posts go in
parallel, one account's posts one at a time in the order they became due, a rate-limited
account waits as a whole, and claims take one row per account.

The loop runs its publishing threads outside a transaction (``transaction=True``): in
one, it publishes in line, since other threads would not see the test's rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.cli.workers import DEFAULT_IN_FLIGHT
from mostra.integrations.base import REGISTRY, Outgoing, RemoteRef
from mostra.publishing.loop import Loop
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import batch, clock, in_flight
from mostra.publishing.services import claims
from tests.publishing import fake_network
from tests.publishing.conftest import fresh
from tests.publishing.fake_network import FakeNetwork

S = PublicationState
ACCOUNTS, EACH = 3, 4


class Recorder:
    """What a network saw: the keys per account in the order they came, how many of an
    account were in flight at once at most; the first ``parallel`` requests wait for
    each other (a barrier: they pass only when that many are in flight together)."""

    def __init__(self, parallel: int) -> None:
        self.lock = threading.Lock()
        self.order: dict[str, list[str]] = defaultdict(list)
        self.now: dict[str, int] = defaultdict(int)
        self.most: dict[str, int] = defaultdict(int)
        self.barrier = threading.Barrier(parallel)
        self.calls = 0

    def publish(self, handle: str, key: str) -> None:
        with self.lock:
            self.order[handle].append(key)
            self.now[handle] += 1
            self.most[handle] = max(self.most[handle], self.now[handle])
            self.calls += 1
            first = self.calls <= self.barrier.parties
        try:
            if first:
                self.barrier.wait(timeout=20)  # broken (an error) if they went one by one
        finally:
            with self.lock:
                self.now[handle] -= 1


@pytest.fixture
def recorder(fake_server, monkeypatch) -> Recorder:
    recorder = Recorder(parallel=ACCOUNTS)

    class Orderly(FakeNetwork):
        def publish(self, outgoing: Outgoing) -> RemoteRef:
            recorder.publish(self.account.handle, outgoing.key)
            return super().publish(outgoing)

    monkeypatch.setitem(REGISTRY, "fakenet", Orderly)
    return recorder


pytestmark = pytest.mark.django_db(transaction=True)


def test_other_accounts_go_in_parallel_and_each_accounts_posts_in_their_order(
    workspace, make_publication, recorder
):
    now = clock.now()
    expected: dict[str, list[str]] = {}
    for index in range(ACCOUNTS):
        account = fake_network.connect(workspace, handle=f"client{index}")
        # Created in reverse: the order is the due time's, not the rows'.
        made = [
            make_publication(due=now - dt.timedelta(minutes=m), account=account)
            for m in range(EACH)
        ]
        expected[account.handle] = [batch_key(p) for p in reversed(made)]
    loop = Loop("w", side_work=False, in_flight=8)
    try:
        assert not loop.in_line
        assert loop.tick().published == ACCOUNTS * EACH
    finally:
        loop.close()
    assert dict(recorder.order) == expected
    assert set(recorder.most.values()) == {1}  # never two of one account at once
    assert recorder.barrier.broken is False  # the first three were in flight together
    assert set(Publication.objects.values_list("state", flat=True)) == {S.PUBLISHED}


def batch_key(publication: Publication) -> str:
    from mostra.publishing.scheduler.outgoing import outgoing_key

    return outgoing_key(publication.variant.post_id, publication.variant_id, 1)


def test_a_claim_takes_one_publication_per_account_and_none_of_a_busy_account(
    workspace, make_publication, fake_server
):
    now = clock.now()
    first, second = (fake_network.connect(workspace, handle=h) for h in ("a", "b"))
    a1, a2 = (make_publication(due=now - dt.timedelta(seconds=s), account=first) for s in (9, 5))
    b1 = make_publication(due=now, account=second)
    claimed = batch.claim_due("w", clock.now(), 20)
    assert sorted(c.publication.pk for c in claimed) == [a1.pk, b1.pk]
    # a1 is publishing: a2 waits for it, with any worker.
    assert batch.claim_due("other", clock.now(), 20) == []
    assert fresh(a2).state == S.PENDING


def test_a_rate_limited_account_waits_as_a_whole(workspace, make_publication, fake_server):
    now = clock.now()
    account = fake_network.connect(workspace, handle="busy")
    limited, later = (make_publication(due=now, account=account) for _ in range(2))
    fake_server.answers.append(fake_network.rate_limited(30))
    loop = Loop("w", side_work=False, in_flight=4)
    try:
        loop.tick()
    finally:
        loop.close()
    limited, later = fresh(limited), fresh(later)
    assert (limited.state, limited.error_code, later.state) == (
        S.PENDING,
        "rate_limited",
        S.PENDING,
    )
    # The other one was not sent into the limit: it waits, just after the refused one.
    assert fake_server.requests == [batch_key(limited)]
    assert later.next_attempt_at == limited.next_attempt_at + claims.AFTER_DEFERRED


def test_the_claim_skips_locked_rows_on_postgresql(workspace, make_publication, fake_server):
    make_publication(due=clock.now())
    with CaptureQueriesContext(connection) as queries:
        assert claims.claim_due("w#1", clock.now(), 5) == 1
    (claim,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert ("SKIP LOCKED" in claim) == (connection.vendor == "postgresql")
    assert claims.claim_due("w#2", clock.now(), 0) == 0


def test_the_command_lines_default_is_the_engines():
    assert DEFAULT_IN_FLIGHT == in_flight.DEFAULT_SIZE
    assert in_flight.network_share(32) == 24 and in_flight.network_share(1) == 1


def test_a_stopping_worker_lands_those_in_flight_and_claims_no_more(
    workspace, make_publication, fake_server, monkeypatch
):
    """SIGTERM while publications are in flight: they finish and their outcomes are
    written; nothing more is claimed."""
    stop = threading.Event()

    class Stopping(FakeNetwork):
        def publish(self, outgoing: Outgoing) -> RemoteRef:
            stop.set()  # the worker is asked to stop while this one is in flight
            return super().publish(outgoing)

    monkeypatch.setitem(REGISTRY, "fakenet", Stopping)
    now = clock.now()
    for index in range(ACCOUNTS):
        account = fake_network.connect(workspace, handle=f"client{index}")
        for minutes in (2, 1):
            make_publication(due=now - dt.timedelta(minutes=minutes), account=account)
    loop = Loop("w", side_work=False, in_flight=8)
    try:
        report = loop.tick(keep_going=lambda: not stop.is_set())
    finally:
        loop.close()
    assert report.published == ACCOUNTS  # the first of each account, all in flight
    states = sorted(Publication.objects.values_list("state", "attempts"))
    assert states == sorted([(S.PUBLISHED, 1)] * ACCOUNTS + [(S.PENDING, 0)] * ACCOUNTS)
    assert len(fake_server.requests) == ACCOUNTS
