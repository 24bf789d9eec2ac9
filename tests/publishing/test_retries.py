"""After a failure: the backoff, and a person's retry, "retry anyway" and "mark as published"."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role
from mostra.editorial import workflow
from mostra.editorial.models import PostStatus
from mostra.integrations.base import TransportError
from mostra.publishing.models import PublicationState
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import retries
from tests.editorial.workflow_fixtures import soon
from tests.publishing import fake_network
from tests.publishing.conftest import fresh

S = PublicationState


def failed(make_publication, server, moment, **fields):
    publication = make_publication(due=moment(), **fields)
    server.answers.append(TransportError("The text is too long", permanent=True))
    assert publish_one(publication.pk, "w").state == S.FAILED
    return fresh(publication)


def unknown(workspace, make_publication, server, moment):
    plain = fake_network.connect(workspace, "fakenet_plain")
    publication = make_publication(due=moment(), account=plain, error_code="interrupted")
    assert publish_one(publication.pk, "w").state == S.UNKNOWN
    return fresh(publication)


def test_backoff_doubles_within_its_jitter_and_is_capped():
    rng = random.Random(5)
    for attempts, minutes in [(1, 1), (2, 2), (3, 4), (5, 16), (6, 30), (12, 30)]:
        wait = retries.backoff(attempts, rng).total_seconds()
        assert 0.8 * minutes * 60 <= wait <= 1.2 * minutes * 60


def test_a_retry_after_the_fix_publishes_the_kept_content(
    make_publication, fake_server, moment, owner_membership
):
    publication = failed(make_publication, fake_server, moment)
    assert publication.variant.post.status == PostStatus.FAILED
    retried = retries.retry(publication, owner_membership)
    assert (retried.state, retried.attempts, retried.error_message) == (S.PENDING, 0, "")
    assert fresh(publication).variant.post.status == PostStatus.SCHEDULED
    assert publish_one(publication.pk, "w").state == S.PUBLISHED
    assert fresh(publication).variant.post.status == PostStatus.PUBLISHED
    assert fresh(publication).variant.text == "Nouvelle tomme en cave 🧀"
    event = AuditEvent.objects.filter(actor=owner_membership.user).latest("id")
    assert event.changes["publication"] == [S.FAILED, S.PENDING]


def test_retry_anyway_sends_a_publication_whose_outcome_is_unknown(
    workspace, make_publication, fake_server, moment, teammate_membership
):
    publication = unknown(workspace, make_publication, fake_server, moment)
    retries.retry(publication, teammate_membership)  # Bob checked: it is not there
    assert publish_one(publication.pk, "w").state == S.PUBLISHED
    assert len(fake_server.requests) == 1


def test_marking_an_unknown_outcome_as_published(
    workspace, make_publication, fake_server, moment, owner_membership
):
    publication = unknown(workspace, make_publication, fake_server, moment)
    marked = retries.mark_published(publication, owner_membership, "https://fake.example/p/7")
    assert (marked.state, marked.remote_url) == (S.PUBLISHED, "https://fake.example/p/7")
    assert fresh(publication).variant.post.status == PostStatus.PUBLISHED
    assert fake_server.requests == []


def test_a_failed_publication_cannot_be_marked_as_published(
    make_publication, fake_server, moment, owner_membership
):
    publication = failed(make_publication, fake_server, moment)
    with pytest.raises(DomainError, match="Only a publication whose outcome is unknown"):
        retries.mark_published(publication, owner_membership)
    assert fresh(publication).state == S.FAILED


def test_a_published_publication_is_not_retried(
    make_publication, fake_server, moment, owner_membership
):
    publication = make_publication(due=moment())
    publish_one(publication.pk, "w")
    with pytest.raises(DomainError, match="not failed any more"):
        retries.retry(fresh(publication), owner_membership)
    assert len(fake_server.posts) == 1


def test_a_contributor_cannot_retry(make_publication, fake_server, moment, teammate_membership):
    publication = failed(make_publication, fake_server, moment)
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.CONTRIBUTOR)
    teammate_membership.refresh_from_db()
    with pytest.raises(DomainError, match="does not allow retrying"):
        retries.retry(publication, teammate_membership)
    assert fresh(publication).state == S.FAILED


def test_an_outsider_cannot_retry(make_publication, fake_server, moment, outsider):
    publication = failed(make_publication, fake_server, moment)
    charlie = Membership.objects.get(user=outsider)
    with pytest.raises(DomainError, match="another workspace"):
        retries.retry(publication, charlie)
    with pytest.raises(DomainError, match="another workspace"):
        retries.mark_published(publication, charlie)
    assert fresh(publication).state == S.FAILED


# --- The workflow's retry (failed → scheduled, at a date to come) ----------------------


def test_the_workflows_retry_plans_the_failed_publications_again(
    make_publication, fake_server, moment, owner_membership
):
    publication = failed(make_publication, fake_server, moment)
    post = publication.variant.post
    type(post).objects.filter(pk=post.pk).update(scheduled_at=soon())
    post.refresh_from_db()
    workflow.apply(post, "retry", owner_membership)
    publication = fresh(publication)
    assert (publication.state, publication.due_at) == (S.PENDING, post.scheduled_at)
    assert publication.attempts == 0


def test_the_workflows_retry_waits_for_a_decision_on_an_unknown_outcome(
    workspace, make_publication, fake_server, moment, owner_membership
):
    publication = unknown(workspace, make_publication, fake_server, moment)
    post = publication.variant.post
    type(post).objects.filter(pk=post.pk).update(scheduled_at=soon())
    with pytest.raises(DomainError, match="mark it as published or retry it anyway"):
        workflow.apply(post, "retry", owner_membership)
    assert fresh(publication).state == S.UNKNOWN
    post.refresh_from_db()
    assert post.status == PostStatus.FAILED


def test_a_rate_limit_far_beyond_a_day_is_refused_early():
    """The day counts from the publication's time, not from the last try."""

    class Row:
        due_at = dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC)
        attempts = 1

    error = TransportError("Slow down", retry_after=3600)
    inside = retries.after_error(error, Row, Row.due_at + dt.timedelta(hours=22), idempotent=True)
    assert inside.state == S.PENDING and not inside.counts
    beyond = retries.after_error(
        error, Row, Row.due_at + dt.timedelta(hours=23, minutes=30), idempotent=True
    )
    assert beyond.state == S.FAILED
