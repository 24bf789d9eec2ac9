"""Publications' outcomes: who hears of them, and in how many queries (a fixed number,
whether the signal carries one publication or a chunk's list)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.core.models import Membership, Role, User
from mostra.editorial.models import Approval, Decision
from mostra.notifications.models import Channel, Kind, Notification, Preference, RequiredKind
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.signals import publication_finished

S = PublicationState

#: The receiver's queries for one published publication or many: their outcomes (and
#: whether their version was approved), the approvers, the members with their choices,
#: the insert (in the test's transaction: its savepoint and release).
QUERIES = 6


def finished(publication: Publication, state: str = S.PUBLISHED, **fields: object) -> Publication:
    """The publication in its final state, as the worker's copy holds it (loaded with its
    variant, post and account)."""
    Publication.objects.filter(pk=publication.pk).update(state=state, **fields)
    return Publication.objects.select_related("variant__post", "account").get(pk=publication.pk)


def told(kind: str) -> list[tuple[int, str]]:
    rows = Notification.objects.filter(kind=kind).order_by("id")
    return [(n.publication_id, n.recipient.email) for n in rows.select_related("recipient")]


@pytest.fixture
def approver(workspace) -> User:
    user = User.objects.create_user("ines@example.org", "x" * 12, display_name="Inès Petit")
    Membership.objects.create(workspace=workspace, user=user, role=Role.MANAGER, is_approver=True)
    return user


def approve(publication: Publication, user: User, version: int | None = None) -> None:
    post = publication.variant.post
    Approval.objects.create(
        post=post,
        approver=user,
        version=post.version if version is None else version,
        decision=Decision.APPROVED,
    )


def test_a_published_post_tells_its_author_and_the_approvers_of_its_version_only(
    make_publication, moment, teammate_membership, approver, owner, outsider
):
    publication = make_publication(due=moment(), author=teammate_membership)
    approve(publication, approver)
    approve(publication, owner, version=publication.variant.post.version - 1)  # an older one
    approve(publication, outsider)  # no longer a member: never told
    copy = finished(publication, remote_url="https://fake.example/1")
    with CaptureQueriesContext(connection) as queries:
        publication_finished.send(Publication, publication=copy)
    assert told(Kind.POST_PUBLISHED) == [
        (publication.pk, "bob@example.org"),
        (publication.pk, "ines@example.org"),
    ]
    assert len(queries) == QUERIES


def test_a_chunk_of_outcomes_costs_the_queries_of_one(
    make_publication, moment, teammate_membership, approver, owner
):
    pubs = [make_publication(due=moment(), author=teammate_membership) for _ in range(10)]
    for publication in pubs[:4]:
        approve(publication, approver)
    copies = [finished(p) for p in pubs[:8]]
    copies += [finished(p, S.FAILED, error_message="Too long") for p in pubs[8:]]
    Preference.objects.create(
        workspace=pubs[0].account.workspace,
        user=approver,
        kind=Kind.POST_PUBLISHED,
        channel=Channel.OFF,
    )
    with CaptureQueriesContext(connection) as queries:
        publication_finished.send(Publication, publications=copies)
    # The approver switched it off; the failed ones: the author, then owners and managers.
    assert told(Kind.POST_PUBLISHED) == [(p.pk, "bob@example.org") for p in pubs[:8]]
    assert told(Kind.PUBLICATION_FAILED) == [
        (p.pk, who)
        for p in pubs[8:]
        for who in ("bob@example.org", "alice@example.org", "ines@example.org")
    ]
    assert Notification.objects.filter(kind=Kind.PUBLICATION_FAILED).first().message == "Too long"
    assert len(queries) == QUERIES + 1  # the owners and managers, once for all


def test_a_required_kind_switched_off_stays_in_the_app(
    make_publication, moment, teammate_membership, teammate
):
    publication = make_publication(due=moment(), author=teammate_membership)
    workspace = publication.account.workspace
    Preference.objects.create(
        workspace=workspace, user=teammate, kind=Kind.POST_PUBLISHED, channel=Channel.OFF
    )
    publication_finished.send(Publication, publication=finished(publication))
    assert told(Kind.POST_PUBLISHED) == []
    RequiredKind.objects.create(workspace=workspace, kind=Kind.POST_PUBLISHED)
    publication_finished.send(Publication, publication=finished(publication))
    assert told(Kind.POST_PUBLISHED) == [(publication.pk, "bob@example.org")]


def test_nobody_to_tell_costs_the_outcome_read_only(
    make_publication, moment, owner_membership, owner
):
    publication = make_publication(due=moment())
    copy = finished(publication)
    with CaptureQueriesContext(connection) as queries:
        # Alice marked her own post published: she is the author and the actor.
        publication_finished.send(Publication, publication=copy, actor=owner)
    assert Notification.objects.count() == 0
    assert len(queries) == 1


def test_without_approvals_the_approvers_are_not_read(
    make_publication, moment, teammate_membership
):
    copies = [
        finished(make_publication(due=moment(), author=teammate_membership)) for _ in range(3)
    ]
    with CaptureQueriesContext(connection) as queries:
        publication_finished.send(Publication, publications=copies)
    assert len(told(Kind.POST_PUBLISHED)) == 3
    assert len(queries) == QUERIES - 1


def test_a_bare_copy_is_read_with_its_post_and_a_pending_one_tells_nobody(
    make_publication, moment, teammate_membership
):
    publication = make_publication(due=moment(), author=teammate_membership)
    publication_finished.send(Publication, publication=Publication.objects.get(pk=publication.pk))
    assert told(Kind.POST_PUBLISHED) == []  # still pending: no outcome to tell
    finished(publication, S.UNKNOWN)
    publication_finished.send(Publication, publication=Publication.objects.get(pk=publication.pk))
    assert [who for _pk, who in told(Kind.PUBLICATION_UNKNOWN)] == [
        "bob@example.org",
        "alice@example.org",
    ]


def test_a_chunk_over_two_workspaces_tells_each_its_own_active_members(
    make_publication, moment, teammate_membership, teammate, outsider, fake_account
):
    from mostra.core.services.workspaces import create_workspace
    from mostra.publishing.models import SocialAccount

    other = create_workspace(outsider, "Crèmerie", slug="cremerie")
    account = SocialAccount.objects.create(
        workspace=other, network=fake_account.network, handle="cremerie", external_id="c-1"
    )
    ours = make_publication(due=moment(), author=teammate_membership)
    theirs = make_publication(
        due=moment(), account=account, author=Membership.objects.get(workspace=other, user=outsider)
    )
    copies = [finished(ours, S.FAILED), finished(theirs, S.FAILED)]
    teammate.is_active = False  # a deactivated user hears of nothing
    teammate.save(update_fields=["is_active"])
    publication_finished.send(Publication, publications=copies)
    assert told(Kind.PUBLICATION_FAILED) == [
        (ours.pk, "alice@example.org"),
        (theirs.pk, "charlie@example.org"),
    ]
