"""A chunk's outcomes written together (issue 15): a number of queries that does not
grow with the chunk, the same rows as one by one, and a lost claim or a failing row
written one by one so that the others still land."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mostra.core.models import AuditEvent
from mostra.editorial.models import PostStatus
from mostra.integrations.base import RemoteRef
from mostra.publishing.models import Publication, PublicationAttempt, PublicationState
from mostra.publishing.scheduler import batch, clock, outcomes, publisher
from mostra.publishing.scheduler.publisher import Sent, finished_together
from mostra.publishing.services import retries
from tests.publishing import fake_network
from tests.publishing.conftest import fresh

S = PublicationState


def chunk(workspace, make_publication, count: int, prefix: str) -> list[batch.Claimed]:
    """``count`` due publications, one per account, claimed together."""
    now = clock.now() - dt.timedelta(seconds=1)
    for index in range(count):
        account = fake_network.connect(workspace, handle=f"{prefix}{index}")
        make_publication(due=now, account=account)
    claimed = batch.claim_due("w", clock.now(), count)
    assert len(claimed) == count
    return claimed


def published(claimed: batch.Claimed) -> Sent:
    pk = claimed.publication.pk
    ref = RemoteRef(f"r{pk}", f"at://r{pk}", f"https://example.test/{pk}")
    return Sent(retries.Next(S.PUBLISHED), ref)


def write(items: list[outcomes.Outcome]) -> list[outcomes.Outcome]:
    with transaction.atomic(), finished_together():
        return outcomes.write_together(items, clock.now())


@pytest.mark.django_db
def test_a_chunks_outcomes_take_as_many_queries_whatever_their_number(
    workspace, make_publication, fake_server
):
    counts = []
    for size, prefix in ((3, "small"), (12, "large")):
        claimed = chunk(workspace, make_publication, size, prefix)
        with CaptureQueriesContext(connection) as queries:
            assert write([(c, published(c)) for c in claimed]) == []
        counts.append(len(queries.captured_queries))
        for item in claimed:
            row = fresh(item.publication)
            assert (row.state, row.remote_id, row.claimed_by) == (
                S.PUBLISHED,
                f"r{row.pk}",
                "",
            )
            assert row.remote_url == f"https://example.test/{row.pk}"
            assert row.variant.post.status == PostStatus.PUBLISHED
            assert row.log.get().outcome == S.PUBLISHED
    # The chunk's savepoint and the write's, 5 writes (one claim each), their releases.
    assert counts[0] == counts[1] <= 9
    assert AuditEvent.objects.filter(changes__publication=[S.PUBLISHING, S.PUBLISHED]).count() == 15


@pytest.mark.django_db
def test_mixed_outcomes_are_written_as_one_by_one(workspace, make_publication, fake_server):
    claimed = chunk(workspace, make_publication, 3, "mixed")
    later = clock.now() + dt.timedelta(minutes=5)
    failed = Sent(retries.Next(S.FAILED, None, "refused", "Too long"), http_status=400)
    retry = Sent(retries.Next(S.PENDING, later, "timeout", "No answer"))
    ok, ko, again = claimed
    assert write([(ok, published(ok)), (ko, failed), (again, retry)]) == []
    ok_row, ko_row, again_row = (fresh(c.publication) for c in claimed)
    assert ok_row.state == S.PUBLISHED and ok_row.account.last_ok_at is not None
    assert (ko_row.state, ko_row.error_code, ko_row.error_message) == (
        S.FAILED,
        "refused",
        "Too long",
    )
    assert ko_row.variant.post.status == PostStatus.FAILED
    assert ko_row.account.last_error == "Too long"
    assert ko_row.log.get().http_status == 400
    assert (again_row.state, again_row.next_attempt_at, again_row.attempts) == (
        S.PENDING,
        later,
        1,
    )
    assert again_row.log.get().outcome == "timeout"
    # Nothing settled for a retry: its post is still publishing, no audit event.
    assert again_row.variant.post.status == PostStatus.PUBLISHING
    assert AuditEvent.objects.filter(object_id=str(again_row.variant.post_id)).count() == 0


@pytest.mark.django_db
def test_a_lost_claim_sends_the_chunk_one_by_one(workspace, make_publication, fake_server):
    """One claim expired and was put back meanwhile: the bulk update does not match every
    row, so the caller writes each (the success still recorded on the pending row)."""
    claimed = chunk(workspace, make_publication, 3, "lost")
    Publication.objects.filter(pk=claimed[0].publication.pk).update(state=S.PENDING, claimed_by="")
    items = [(c, published(c)) for c in claimed]
    with transaction.atomic(), finished_together():
        left = outcomes.write_together(items, clock.now())
        assert left == items
        assert all(c.publication.state == S.PUBLISHING for c in claimed)  # restored
        for item, sent in left:
            publisher.record_sent(item, clock.now(), sent)
    assert {fresh(c.publication).state for c in claimed} == {S.PUBLISHED}
    assert PublicationAttempt.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_failing_row_loses_only_its_own_outcome(
    workspace, make_publication, fake_server, monkeypatch
):
    """The worker's flight: the chunk's bulk write fails on one row, which is then
    written alone and fails alone; the others land (its claim stays, taken back when its
    lease ends)."""
    from mostra.publishing.scheduler.in_flight import Flight

    claimed = chunk(workspace, make_publication, 3, "fails")
    broken = claimed[1].publication.pk
    original = publisher.settled_audit

    def audit(publication, nxt, status):
        if publication.pk == broken:
            raise RuntimeError("the audit refused this one")
        return original(publication, nxt, status)

    monkeypatch.setattr(publisher, "settled_audit", audit)
    monkeypatch.setattr(outcomes, "settled_audit", audit)
    flight = Flight(4)
    try:
        for item in claimed:
            flight.running[_done(published(item))] = item
        assert flight.record_finished() == 2
    finally:
        flight.close()
    states = {c.publication.pk: fresh(c.publication).state for c in claimed}
    assert states == {
        claimed[0].publication.pk: S.PUBLISHED,
        broken: S.PUBLISHING,
        claimed[2].publication.pk: S.PUBLISHED,
    }
    assert PublicationAttempt.objects.filter(publication_id=broken).count() == 0


def _done(sent: Sent):
    from concurrent.futures import Future

    future: Future[Sent] = Future()
    future.set_result(sent)
    return future
