"""The publishing engine with the fake network: published once, on time, failures kept.

Each test names what a community manager would check on the post's page.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.core.models import AuditEvent
from mostra.editorial.models import PostStatus
from mostra.publishing.loop import Loop
from mostra.publishing.models import (
    AccountStatus,
    PublicationAttempt,
    PublicationState,
    SocialAccount,
)
from mostra.publishing.scheduler.outgoing import outgoing_key
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import claims, retries
from tests.publishing import fake_network
from tests.publishing.conftest import fresh
from tests.publishing.fake_network import rate_limited, server_error

S = PublicationState


def test_a_due_publication_is_published_once_with_its_link(make_publication, fake_server, moment):
    publication = make_publication(due=moment())
    result = publish_one(publication.pk, "worker-a")
    assert result is not None and result.state == S.PUBLISHED
    publication = fresh(publication)
    assert publication.state == S.PUBLISHED
    assert publication.remote_url == "https://fake.example/p/1"
    assert publication.published_at == moment()
    assert publication.attempts == 1
    assert publication.variant.post.status == PostStatus.PUBLISHED
    key = outgoing_key(publication.variant.post_id, publication.variant_id, 1)
    assert fake_server.keys() == [key]
    attempt = PublicationAttempt.objects.get(publication=publication)
    assert (attempt.outcome, attempt.worker) == (S.PUBLISHED, "worker-a")
    event = AuditEvent.objects.get(object_type="post", action="publication")
    assert event.changes["status"] == [PostStatus.PUBLISHING, PostStatus.PUBLISHED]
    assert event.changes["link"] == "https://fake.example/p/1"


def test_a_publication_not_yet_due_is_left_alone(make_publication, fake_server, moment):
    publication = make_publication(due=moment() + dt.timedelta(minutes=1))
    assert publish_one(publication.pk, "worker-a") is None
    assert fresh(publication).state == S.PENDING
    assert fake_server.requests == []


def test_a_claimed_publication_cannot_be_claimed_again(make_publication, moment):
    publication = make_publication(due=moment())
    assert claims.claim(publication.pk, "worker-a", moment())
    assert not claims.claim(publication.pk, "worker-b", moment())
    assert publish_one(publication.pk, "worker-b") is None
    assert fresh(publication).claimed_by == "worker-a"


def test_two_workers_on_the_same_due_publications_publish_each_once(
    make_publication, fake_server, moment
):
    """On SQLite the two workers' claims interleave one by one; PostgreSQL races them
    for real in test_scheduler_race.py."""
    publications = [make_publication(due=moment()) for _ in range(6)]
    first = claims.due_ids(moment())
    second = claims.due_ids(moment())
    assert sorted(first) == sorted(second) == sorted(p.pk for p in publications)
    won = {"a": 0, "b": 0}
    for pk_a, pk_b in zip(first, reversed(second), strict=True):
        won["a"] += publish_one(pk_a, "worker-a") is not None
        won["b"] += publish_one(pk_b, "worker-b") is not None
    assert won["a"] + won["b"] == 6 and won["a"] and won["b"]
    assert len(fake_server.requests) == 6
    assert sorted(fake_server.keys()) == sorted(set(fake_server.keys()))
    assert {fresh(p).state for p in publications} == {S.PUBLISHED}


def test_the_loop_publishes_what_is_due_and_only_that(make_publication, fake_server, moment):
    due = [make_publication(due=moment()) for _ in range(3)]
    later = make_publication(due=moment() + dt.timedelta(hours=1))
    report = Loop("worker-a").tick()
    assert report.published == 3
    assert [fresh(p).state for p in due] == [S.PUBLISHED] * 3
    assert fresh(later).state == S.PENDING
    moment.advance(hours=1)
    assert Loop("worker-a").tick().published == 1
    assert len(fake_server.posts) == 4


# --- Rate limits, server errors, permanent refusals -----------------------------------


def test_a_rate_limit_delays_without_failing(make_publication, fake_server, moment):
    publication = make_publication(due=moment())
    fake_server.answers.extend([rate_limited(120)] * 3)
    for _ in range(3):
        assert publish_one(publication.pk, "w").state == S.PENDING
        publication = fresh(publication)
        assert publication.next_attempt_at == moment() + dt.timedelta(seconds=120)
        assert publication.attempts == 0  # a rate limit does not use up an attempt
        assert publish_one(publication.pk, "w") is None  # not before the network said
        moment.advance(seconds=120)
    assert publish_one(publication.pk, "w").state == S.PUBLISHED
    assert fresh(publication).attempts == 1
    assert PublicationAttempt.objects.filter(publication=publication).count() == 4


def test_a_rate_limit_longer_than_a_day_fails(make_publication, fake_server, moment):
    publication = make_publication(due=moment())
    fake_server.answers.append(rate_limited(2 * 86400))
    assert publish_one(publication.pk, "w").state == S.FAILED
    assert "for too many requests" in fresh(publication).error_message


def test_server_errors_back_off_then_fail_after_the_bound(make_publication, fake_server, moment):
    publication = make_publication(due=moment())
    fake_server.answers.extend([server_error()] * retries.MAX_ATTEMPTS)
    waits = []
    for attempt in range(1, retries.MAX_ATTEMPTS):
        assert publish_one(publication.pk, "w").state == S.PENDING
        publication = fresh(publication)
        assert publication.attempts == attempt
        waits.append((publication.next_attempt_at - moment()).total_seconds())
        moment.value = publication.next_attempt_at
    assert publish_one(publication.pk, "w").state == S.FAILED
    # 1, 2, 4, 8, 16 minutes, each within 20 % (jitter)
    for wait, minutes in zip(waits, (1, 2, 4, 8, 16), strict=True):
        assert 0.8 * minutes * 60 <= wait <= 1.2 * minutes * 60
    publication = fresh(publication)
    assert publication.error_message == "The server had a problem (502)"
    assert publication.variant.post.status == PostStatus.FAILED
    assert len(fake_server.requests) == retries.MAX_ATTEMPTS


def test_a_permanent_refusal_fails_at_once_with_the_networks_words(
    make_publication, fake_server, moment
):
    from mostra.integrations.base import TransportError

    publication = make_publication(due=moment())
    fake_server.answers.append(
        TransportError("The image is larger than 1 MB", permanent=True, http_status=400)
    )
    assert publish_one(publication.pk, "w").state == S.FAILED
    publication = fresh(publication)
    assert publication.error_message == "The image is larger than 1 MB"
    assert publication.variant.post.status == PostStatus.FAILED
    assert publication.account.last_error == "The image is larger than 1 MB"
    assert PublicationAttempt.objects.get(publication=publication).http_status == 400


def test_rejected_credentials_fail_and_the_account_needs_reconnecting(
    make_publication, fake_server, moment
):
    from mostra.integrations.base import CredentialsRejected

    first = make_publication(due=moment())
    second = make_publication(due=moment())
    fake_server.answers.append(CredentialsRejected("The token was revoked", http_status=401))
    assert publish_one(first.pk, "w").state == S.FAILED
    account = fresh(first).account
    assert account.status == AccountStatus.NEEDS_RECONNECT
    assert account.last_error == "The token was revoked"
    assert "tok-SECRET" not in account.last_error
    # The next one does not even try: the account must be reconnected first.
    assert publish_one(second.pk, "w").state == S.FAILED
    assert "needs reconnecting" in fresh(second).error_message
    assert fake_server.requests == [fake_server.requests[0]]


def test_an_unexpected_error_never_leaves_the_publication_publishing(
    make_publication, fake_server, moment
):
    publication = make_publication(due=moment())
    fake_server.answers.append(KeyError("boom"))
    assert publish_one(publication.pk, "w").state == S.PENDING
    publication = fresh(publication)
    assert publication.error_code == claims.UNKNOWN_OUTCOME
    assert "unexpected error (KeyError)" in publication.error_message


# --- Query counts -------------------------------------------------------------------------


def test_the_claim_and_publish_path_has_a_bounded_number_of_queries(
    make_publication, fake_server, moment
):
    publications = [make_publication(due=moment()) for _ in range(3)]
    counts = []
    for publication in publications:
        with CaptureQueriesContext(connection) as queries:
            publish_one(publication.pk, "w")
        counts.append(len(queries))
    # The first one also notes that the account works (then at most once a minute).
    assert counts[0] == counts[1] + 1 and counts[1] == counts[2]
    assert counts[0] <= 15


def test_a_tick_costs_the_same_for_each_publication(
    make_publication, fake_server, moment, workspace
):
    loop = Loop("w", side_work=False)  # the side work reads each new account's followers
    sizes = {}
    for count in (1, 5):
        for i in range(count):  # one account each: an account's posts go one claim each
            account = fake_network.connect(workspace, handle=f"a{count}-{i}")
            SocialAccount.objects.filter(pk=account.pk).update(last_ok_at=moment())
            make_publication(due=moment(), account=account)
        with CaptureQueriesContext(connection) as queries:
            assert loop.tick().published == count
        sizes[count] = len(queries)
    # A chunk is claimed and loaded in a fixed number of queries; then each
    # publication costs its outcome, its attempt, its post's status and its audit.
    assert sizes[5] - sizes[1] <= 4 * 6
    assert sizes[1] <= 25
