"""A claim that comes back empty while publications are still due (their account busy
with another worker) is tried again within the tick after a short pause, instead of
ending the tick into the worker's idle second (issue 15: more workers drained slower)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.publishing import loop as loop_module
from mostra.publishing.loop import Loop
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import clock
from mostra.publishing.services import claims
from tests.publishing import fake_network
from tests.publishing.conftest import fresh

S = PublicationState
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_post_due_behind_another_workers_publication_goes_in_the_same_tick(
    workspace, make_publication, fake_server
):
    now = clock.now()
    account = fake_network.connect(workspace, handle="shared")
    first = make_publication(due=now - dt.timedelta(seconds=5), account=account)
    second = make_publication(due=now - dt.timedelta(seconds=1), account=account)
    # Another worker holds the first: the second waits for it.
    assert claims.claim(first.pk, "other", clock.now())
    landed = threading.Timer(
        0.1, lambda: Publication.objects.filter(pk=first.pk).update(state=S.PUBLISHED)
    )
    landed.start()
    loop = Loop("w", side_work=False, in_flight=4)
    try:
        report = loop.tick()
    finally:
        landed.join()
        loop.close()
    assert report.published == 1
    assert fresh(second).state == S.PUBLISHED


def test_nothing_due_ends_the_tick_after_one_claim(workspace, make_publication, fake_server):
    make_publication(due=clock.now() + dt.timedelta(hours=1))
    loop = Loop("w", side_work=False, in_flight=4)
    try:
        with CaptureQueriesContext(connection) as queries:
            assert loop.tick().published == 0
    finally:
        loop.close()
    table = Publication._meta.db_table
    updates = [q for q in queries.captured_queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(updates) == 1  # the claim, not tried again: nothing is due
    assert sum(loop_module.RETRY_PAUSES) < 1.0  # never longer than the idle pause
