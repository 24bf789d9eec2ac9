"""From the workflow to publications: schedule, unschedule, cancel, move, edit,
publish now, and the post's status following its publications."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import Membership, Role
from mostra.editorial import workflow
from mostra.editorial.models import PostStatus
from mostra.editorial.services.reschedule import reschedule
from mostra.integrations.base import REGISTRY
from mostra.publishing.loop import Loop
from mostra.publishing.models import AccountStatus, Publication, PublicationState
from mostra.publishing.services import claims
from mostra.publishing.services.publications import post_status_for, publish_now
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, soon
from tests.publishing.fake_network import FakeNetwork, connect

S = PublicationState
P = PostStatus


@pytest.fixture
def facebook(workspace, fake_server, monkeypatch):
    """The Fromagerie's Facebook page, published to through the fake network."""
    monkeypatch.setitem(REGISTRY, "facebook", FakeNetwork)
    monkeypatch.setitem(REGISTRY, "linkedin", FakeNetwork)
    return connect(workspace, "facebook", "fromagerie-page")


@pytest.fixture
def approved(make_post, strategy):
    def make(*networks: str, when: dt.datetime | None = None):
        return make_post(networks=networks or ("facebook",), when=when or soon(), status=P.APPROVED)

    return make


def publications(post) -> list[Publication]:
    return list(Publication.objects.filter(variant__post=post).order_by("variant__position"))


def test_scheduling_plans_one_publication_per_variant(
    approved, facebook, workspace, owner_membership
):
    linkedin = connect(workspace, "linkedin", "fromagerie-in")
    connect(workspace, "linkedin", "second-page")  # connected later: not chosen
    post = approved("facebook", "linkedin")
    workflow.apply(post, "schedule", owner_membership)
    planned = publications(post)
    assert [(p.account, p.state, p.due_at) for p in planned] == [
        (facebook, S.PENDING, post.scheduled_at),
        (linkedin, S.PENDING, post.scheduled_at),
    ]
    assert all(p.next_attempt_at == post.scheduled_at for p in planned)


def test_scheduling_without_a_connected_account_is_refused(
    approved, facebook, workspace, owner_membership
):
    SocialAccount = type(facebook)
    SocialAccount.objects.filter(pk=facebook.pk).update(status=AccountStatus.NEEDS_RECONNECT)
    post = approved("facebook", "linkedin")
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "schedule", owner_membership)
    assert refused.value.message == (
        "No connected account on Facebook, LinkedIn: connect one on the Network accounts page (or "
        "reconnect it), then schedule again."
    )
    assert fresh(post).status == P.APPROVED
    assert not Publication.objects.exists()


@pytest.mark.parametrize("action", ["unschedule", "cancel"])
def test_unscheduling_or_cancelling_cancels_the_pending_publications(
    action, approved, facebook, owner_membership
):
    post = approved()
    workflow.apply(post, "schedule", owner_membership)
    workflow.apply(post, action, owner_membership, note="Rupture de stock")
    assert [p.state for p in publications(post)] == [S.CANCELLED]
    assert Loop("w").tick().published == 0


def test_a_post_scheduled_again_is_planned_again(approved, facebook, owner_membership):
    post = approved()
    workflow.apply(post, "schedule", owner_membership)
    workflow.apply(post, "unschedule", owner_membership)
    workflow.apply(post, "schedule", owner_membership)
    assert [p.state for p in publications(post)] == [S.PENDING]


def test_a_post_being_published_cannot_be_unscheduled(approved, facebook, owner_membership):
    post = approved()
    workflow.apply(post, "schedule", owner_membership)
    publication = publications(post)[0]
    Publication.objects.filter(pk=publication.pk).update(next_attempt_at=publication.due_at)
    assert claims.claim(publication.pk, "w", publication.due_at)
    with pytest.raises(DomainError, match="being published right now"):
        workflow.apply(post, "unschedule", owner_membership)
    assert fresh(post).status == P.SCHEDULED
    assert publications(post)[0].state == S.PUBLISHING


def test_moving_a_scheduled_post_moves_its_publications(approved, facebook, owner_membership):
    post = approved()
    workflow.apply(post, "schedule", owner_membership)
    later = soon(days=5)
    reschedule(post, owner_membership, later.date(), dt.time(9, 30))
    planned = publications(post)[0]
    assert planned.due_at == planned.next_attempt_at == fresh(post).scheduled_at
    assert planned.due_at.astimezone(dt.UTC).date() == later.date()


def test_editing_a_scheduled_post_sends_it_back_to_review_and_cancels(
    approved, facebook, owner_membership
):
    post = approved()
    workflow.apply(post, "schedule", owner_membership)
    workflow.content_changed(post, owner_membership)
    assert fresh(post).status == P.IN_REVIEW
    assert [p.state for p in publications(post)] == [S.CANCELLED]


# --- Publish now ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [P.APPROVED, P.SCHEDULED])
def test_publish_now_sends_the_post_at_the_next_tick(
    status,
    approved,
    facebook,
    owner_membership,
    teammate_membership,
    fake_server,
    django_capture_on_commit_callbacks,
):
    post = approved()
    if status == P.SCHEDULED:
        workflow.apply(post, "schedule", owner_membership)
    with django_capture_on_commit_callbacks(execute=False):
        publish_now(post, teammate_membership)  # Bob, an editor
    post = fresh(post)
    assert post.status == P.SCHEDULED
    planned = publications(post)[0]
    assert planned.due_at == post.scheduled_at
    assert Loop("w").tick().published == 1
    assert fresh(post).status == P.PUBLISHED
    assert len(fake_server.posts) == 1


def test_publish_now_needs_an_editor(approved, facebook, workspace, teammate_membership):
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.CONTRIBUTOR)
    teammate_membership.refresh_from_db()
    post = approved()
    with pytest.raises(DomainError, match="does not allow"):
        publish_now(post, teammate_membership)
    assert fresh(post).status == P.APPROVED
    assert not Publication.objects.exists()


def test_publish_now_refuses_a_draft(make_post, facebook, owner_membership):
    post = make_post(networks=("facebook",), when=soon())
    with pytest.raises(DomainError):
        publish_now(post, owner_membership)
    assert not Publication.objects.exists()


# --- The post follows its publications ----------------------------------------------------------


@pytest.mark.parametrize(
    ("states", "status"),
    [
        ({S.PENDING}, P.SCHEDULED),
        ({S.PENDING, S.PUBLISHING}, P.PUBLISHING),
        ({S.PENDING, S.PUBLISHED}, P.PUBLISHING),
        ({S.PUBLISHED}, P.PUBLISHED),
        ({S.PUBLISHED, S.CANCELLED}, P.PUBLISHED),
        ({S.PUBLISHED, S.FAILED}, P.FAILED),
        ({S.PENDING, S.UNKNOWN}, P.FAILED),
        ({S.CANCELLED}, None),
    ],
)
def test_the_posts_status_follows_its_publications(states, status):
    assert post_status_for(set(states)) == status


def test_two_variants_are_published_then_the_post_is(
    approved, facebook, workspace, owner_membership, fake_server
):
    connect(workspace, "linkedin", "fromagerie-in")
    post = approved("facebook", "linkedin")
    workflow.apply(post, "schedule", owner_membership)
    Publication.objects.update(next_attempt_at=post.scheduled_at - dt.timedelta(days=10))
    loop = Loop("w")
    first = publications(post)[0]
    from mostra.publishing.scheduler.publisher import publish_one

    publish_one(first.pk, "w")
    assert fresh(post).status == P.PUBLISHING
    assert loop.tick().published == 1
    assert fresh(post).status == P.PUBLISHED
    assert len(fake_server.posts) == 2
