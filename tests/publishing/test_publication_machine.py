"""The publication's state machine (MACHINE, beside the model): every transition its
table declares is made by the real code (the worker's claim and outcomes, a person's
retry, by-hand closing, planning, cancelling, an archived workspace restored), and a
change the table does not declare is refused with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.state_machines import RefusedTransition
from mostra.integrations.base import TransportError
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.models.publication import MACHINE
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import archived, by_hand, claims, publications, retries
from mostra.strategy.models import Platform
from tests.publishing import fake_network
from tests.publishing.conftest import fresh

S = PublicationState


@pytest.fixture
def reached():
    """The (before, after) each scenario saw in the database."""
    return set()


def step(reached, publication, action) -> Publication:
    before = fresh(publication).state
    action()
    after = fresh(publication)
    reached.add((before, after.state))
    return after


def publish(reached, publication, now) -> Publication:
    """The worker's whole turn: claimed (pending → publishing), then its outcome."""
    assert fresh(publication).state == S.PENDING
    result = publish_one(publication.pk, "w", now)
    assert result is not None
    reached.add((S.PENDING, S.PUBLISHING))
    after = fresh(publication)
    reached.add((S.PUBLISHING, after.state))
    return after


def test_every_declared_transition_is_made_by_the_real_code(
    reached, workspace, teammate, owner_membership, make_publication, fake_server, moment
):
    now = moment()
    # The worker: claim, then each outcome.
    p = make_publication(due=now)
    step(reached, p, lambda: claims.claim(p.pk, "w", now))  # pending → publishing
    step(reached, p, lambda: claims.unclaim(fresh(p), now))  # publishing → pending
    assert publish(reached, p, now).state == S.PUBLISHED
    failed = make_publication(due=now)
    fake_server.answers.append(TransportError("The text is too long", permanent=True))
    assert publish(reached, failed, now).state == S.FAILED
    plain = fake_network.connect(workspace, "fakenet_plain")
    unknown = make_publication(due=now, account=plain, error_code="interrupted")
    assert publish(reached, unknown, now).state == S.UNKNOWN
    # A lost claim whose success comes late: the released row says so.
    late = make_publication(due=now)
    claims.claim(late.pk, "w", now)
    held = fresh(late)
    lease = claims.leases.leases_of([held])[late.pk].length
    assert claims.release_stale(now + lease + dt.timedelta(seconds=1)) == 1
    published = {"remote_id": "9", "published_at": now}
    step(reached, late, lambda: claims.late_success(held, now, state=S.PUBLISHED, **published))
    # A person: retry a failed one, retry an unknown one anyway, mark one published.
    step(reached, failed, lambda: retries.retry(fresh(failed), owner_membership))
    step(reached, unknown, lambda: retries.retry(fresh(unknown), owner_membership))
    other = make_publication(due=now, account=plain, error_code="interrupted")
    publish_one(other.pk, "w", now)
    url = "https://fake.example/p/7"
    step(reached, other, lambda: retries.mark_published(fresh(other), owner_membership, url))
    # Planning: unscheduling cancels, scheduling again replans cancelled and failed ones.
    planned = make_publication(due=now)
    post = fresh(planned).variant.post
    step(reached, planned, lambda: publications.cancel_pending(post, now))
    step(reached, planned, lambda: publications.plan(post, now, now))
    again = make_publication(due=now)
    fake_server.answers.append(TransportError("Refused", permanent=True))
    publish_one(again.pk, "w", now)
    step(reached, again, lambda: publications.plan(fresh(again).variant.post, now, now))
    # An archived workspace restored: the one whose time passed fails (its post's date
    # is later, so the post is not sent back for a new date).
    waiting = make_publication(due=now - dt.timedelta(hours=1))
    type(post).objects.filter(pk=fresh(waiting).variant.post_id).update(
        scheduled_at=now + dt.timedelta(days=1)
    )
    step(reached, waiting, lambda: archived.on_restore(owner_membership))
    # Publishing by hand: made due by the worker, then published or skipped; or closed
    # early, before its time.
    Platform.objects.create(workspace=workspace, network="instagram", position=9)
    account = by_hand.add_account(owner_membership, "instagram", "@lac", teammate.email)
    link = "https://www.instagram.com/p/C8xYz12AbCd/"
    for close in (
        lambda q: by_hand.mark_published(fresh(q), owner_membership, link),
        lambda q: by_hand.skip(fresh(q), owner_membership, "Not for this audience"),
    ):
        due = make_publication(due=now, account=account)
        assert publish(reached, due, now).state == S.MANUAL_DUE
        step(reached, due, lambda q=due, c=close: c(q))
        early = make_publication(due=now + dt.timedelta(days=2), account=account)
        step(reached, early, lambda q=early, c=close: c(q))
    assert reached == set(MACHINE.transitions)


def test_an_undeclared_transition_is_refused_and_nothing_is_written(
    make_publication, fake_server, moment
):
    now = moment()
    publication = make_publication(due=now)
    assert claims.claim(publication.pk, "w", now)
    claimed = fresh(publication)
    with pytest.raises(RefusedTransition, match="publishing → cancelled"):
        claims.finish(claimed, now, state=S.CANCELLED)
    assert fresh(publication).state == S.PUBLISHING
    assert publish_one(publication.pk, "w2", now) is None  # still held: not claimed again
    done = fresh(publication)
    claims.finish(done, now, state=S.PUBLISHED)
    with pytest.raises(RefusedTransition, match="published → pending"):
        MACHINE.move(Publication.objects.filter(pk=publication.pk), S.PUBLISHED, S.PENDING)
    assert fresh(publication).state == S.PUBLISHED
    assert not MACHINE.allows(S.PUBLISHED, S.PUBLISHING)
