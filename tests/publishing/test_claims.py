"""A worker killed mid-publish, a timeout after sending: never twice, never silently lost.

"Killed" is simulated the way it looks from the database: a claim that nobody
finishes (the row stays ``publishing``), with or without the post having reached
the network.
"""

from __future__ import annotations

import datetime as dt

from mostra.editorial.models import PostStatus
from mostra.notifications.models import Notification
from mostra.publishing.loop import Loop
from mostra.publishing.models import PublicationAttempt, PublicationState
from mostra.publishing.scheduler.outgoing import outgoing_key
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import claims, leases, retries
from tests.publishing import fake_network
from tests.publishing.conftest import fresh
from tests.publishing.fake_network import timeout_after_sending

S = PublicationState


def key_of(publication) -> str:
    return outgoing_key(publication.variant.post_id, publication.variant_id, 1)


def killed_mid_publish(publication, server, moment, *, reached_network: bool) -> None:
    """A worker claimed it, maybe sent it, and died before writing the outcome."""
    assert claims.claim(publication.pk, "dead-worker", moment())
    if reached_network:
        server.store(key_of(publication))


def test_a_claim_within_its_lease_is_left_to_its_worker(make_publication, fake_server, moment):
    publication = make_publication(due=moment())
    killed_mid_publish(publication, fake_server, moment, reached_network=False)
    moment.advance(seconds=leases.lease_for("fakenet").length.total_seconds())
    assert Loop("rescuer").tick().published == 0
    assert fresh(publication).state == S.PUBLISHING


def test_killed_mid_publish_on_an_idempotent_network_is_published_exactly_once(
    make_publication, fake_server, moment
):
    publication = make_publication(due=moment())
    killed_mid_publish(publication, fake_server, moment, reached_network=True)
    moment.advance(minutes=6)
    report = Loop("rescuer").tick()
    assert (report.released, report.published) == (1, 1)
    publication = fresh(publication)
    assert publication.state == S.PUBLISHED
    assert publication.variant.post.status == PostStatus.PUBLISHED
    # The retry met the first post: the network holds it once.
    assert fake_server.keys() == [key_of(publication)]
    assert publication.remote_id == "1"


def test_killed_before_sending_on_an_idempotent_network_is_sent_once(
    make_publication, fake_server, moment
):
    publication = make_publication(due=moment())
    killed_mid_publish(publication, fake_server, moment, reached_network=False)
    moment.advance(minutes=6)
    Loop("rescuer").tick()
    assert fresh(publication).state == S.PUBLISHED
    assert fake_server.keys() == [key_of(publication)]


def test_killed_mid_publish_without_idempotency_nor_reading_back_is_unknown(
    workspace, make_publication, fake_server, moment, django_capture_on_commit_callbacks
):
    plain = fake_network.connect(workspace, "fakenet_plain")
    publication = make_publication(due=moment(), account=plain)
    killed_mid_publish(publication, fake_server, moment, reached_network=True)
    moment.advance(minutes=6)
    with django_capture_on_commit_callbacks(execute=True):  # the notification, after it
        Loop("rescuer").tick()
    publication = fresh(publication)
    assert publication.state == S.UNKNOWN
    assert "cannot tell whether this post went out" in publication.error_message
    assert publication.variant.post.status == PostStatus.FAILED
    assert fake_server.requests == []  # never re-sent silently
    assert Notification.objects.filter(publication=publication, kind="publication_unknown")
    # Later ticks leave it alone: a person decides.
    moment.advance(hours=1)
    Loop("rescuer").tick()
    assert fresh(publication).state == S.UNKNOWN
    assert len(fake_server.posts) == 1


def test_killed_mid_publish_is_reconciled_by_reading_the_account_back(
    workspace, make_publication, fake_server, moment
):
    reads = fake_network.connect(workspace, "fakenet_reads")
    publication = make_publication(due=moment(), account=reads)
    killed_mid_publish(publication, fake_server, moment, reached_network=True)
    moment.advance(minutes=6)
    Loop("rescuer").tick()
    publication = fresh(publication)
    assert publication.state == S.PUBLISHED
    assert publication.remote_url == "https://fake.example/p/1"
    assert fake_server.requests == []  # found it: nothing sent again
    attempt = PublicationAttempt.objects.get(publication=publication)
    assert attempt.outcome == "reconciled"


def test_killed_before_sending_is_sent_once_after_reading_back(
    workspace, make_publication, fake_server, moment
):
    reads = fake_network.connect(workspace, "fakenet_reads")
    publication = make_publication(due=moment(), account=reads)
    killed_mid_publish(publication, fake_server, moment, reached_network=False)
    moment.advance(minutes=6)
    Loop("rescuer").tick()
    assert fresh(publication).state == S.PUBLISHED
    assert fake_server.keys() == [key_of(publication)]


def test_a_slow_worker_finishing_after_its_lease_does_not_publish_twice(
    make_publication, fake_server, moment
):
    """The first worker was slow, not dead: the second found the post already there."""
    publication = make_publication(due=moment())
    slow = fresh(publication)
    assert claims.claim(slow.pk, "slow", moment())
    slow.refresh_from_db()
    fake_server.store(key_of(slow))
    moment.advance(minutes=6)
    Loop("rescuer").tick()
    assert fresh(publication).state == S.PUBLISHED
    # The slow worker's late answer cannot overwrite the rescuer's claim…
    assert not claims.finish(slow, moment(), state=S.FAILED)
    assert fresh(publication).state == S.PUBLISHED
    assert fake_server.keys() == [key_of(slow)]


def test_a_late_success_is_kept_when_nobody_took_the_publication_again(
    make_publication, fake_server, moment
):
    publication = make_publication(due=moment())
    slow = fresh(publication)
    assert claims.claim(slow.pk, "slow", moment())
    slow.refresh_from_db()
    moment.advance(minutes=6)
    assert claims.release_stale(moment()) == 1
    assert claims.late_success(slow, moment(), state=S.PUBLISHED, remote_id="9")
    assert fresh(publication).state == S.PUBLISHED


# --- A timeout after sending ------------------------------------------------------------------


def test_a_timeout_on_an_idempotent_network_is_retried_and_met(
    make_publication, fake_server, moment
):
    publication = make_publication(due=moment())
    fake_server.store_before_error = True
    fake_server.answers.append(timeout_after_sending())
    assert publish_one(publication.pk, "w").state == S.PENDING
    moment.value = fresh(publication).next_attempt_at
    assert publish_one(publication.pk, "w").state == S.PUBLISHED
    assert len(fake_server.requests) == 2 and len(fake_server.posts) == 1


def test_a_timeout_without_idempotency_reads_back_before_any_retry(
    workspace, make_publication, fake_server, moment
):
    reads = fake_network.connect(workspace, "fakenet_reads")
    publication = make_publication(due=moment(), account=reads)
    fake_server.store_before_error = True
    fake_server.answers.append(timeout_after_sending())
    assert publish_one(publication.pk, "w").state == S.PENDING
    assert fresh(publication).error_code == claims.UNKNOWN_OUTCOME
    moment.value = fresh(publication).next_attempt_at
    assert publish_one(publication.pk, "w").state == S.PUBLISHED
    assert len(fake_server.requests) == 1 and len(fake_server.posts) == 1


def test_a_timeout_without_any_way_to_know_ends_unknown(
    workspace, make_publication, fake_server, moment
):
    plain = fake_network.connect(workspace, "fakenet_plain")
    publication = make_publication(due=moment(), account=plain)
    fake_server.answers.append(timeout_after_sending())
    assert publish_one(publication.pk, "w").state == S.PENDING
    moment.value = fresh(publication).next_attempt_at
    assert publish_one(publication.pk, "w").state == S.UNKNOWN
    assert len(fake_server.requests) == 1


def test_repeated_interruptions_stop_after_the_bound(make_publication, fake_server, moment):
    publication = make_publication(due=moment())
    for _ in range(retries.MAX_ATTEMPTS):
        assert claims.claim(publication.pk, "doomed", moment())
        moment.advance(minutes=6)
        claims.release_stale(moment())
    assert publish_one(publication.pk, "w").state == S.UNKNOWN
    assert fake_server.requests == []


def test_the_lease_uses_the_engines_clock(make_publication, moment):
    publication = make_publication(due=moment())
    claims.claim(publication.pk, "w", moment())
    lease = leases.lease_for("fakenet").length
    assert claims.release_stale(moment() + lease - dt.timedelta(seconds=1)) == 0
    assert claims.release_stale(moment() + lease + dt.timedelta(seconds=1)) == 1


# --- Claims by the chunk ------------------------------------------------------------------


def test_a_stopping_worker_gives_back_what_it_has_not_started(
    make_publication, fake_server, moment
):
    from mostra.publishing.scheduler import batch

    publications = [make_publication(due=moment()) for _ in range(3)]
    claimed = batch.claim_batch([p.pk for p in publications], "w", moment())
    assert len(claimed) == 3
    assert batch.claim_batch([p.pk for p in publications], "other", moment()) == []
    assert Loop("w")._publish(claimed, keep_going=lambda: False) == 0
    assert {(fresh(p).state, fresh(p).attempts) for p in publications} == {(S.PENDING, 0)}
    assert fake_server.requests == []


def test_a_chunk_not_started_soon_after_its_claim_is_given_back(
    make_publication, fake_server, moment
):
    from mostra.publishing.scheduler import batch

    publications = [make_publication(due=moment()) for _ in range(2)]
    claimed = batch.claim_batch([p.pk for p in publications], "w", moment())
    moment.advance(minutes=3)  # a slow network held the worker
    assert Loop("w")._publish(claimed, keep_going=lambda: True) == 0
    assert {fresh(p).state for p in publications} == {S.PENDING}
    assert Loop("w").tick().published == 2
    assert len(fake_server.posts) == 2
