"""Mentions, publication outcomes, publications by hand and invitations: each kind made
by the real action, for the right people only."""

from __future__ import annotations

import pytest

from mostra.core.models import Membership, Role, User
from mostra.core.services import invitations
from mostra.editorial.services import posts as post_service
from mostra.integrations.base import TransportError
from mostra.notifications.models import Kind, Notification
from mostra.notifications.texts import link, quote, text
from mostra.publishing.models import PublicationState
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import retries
from mostra.publishing.signals import manual_publication_due
from tests.publishing import fake_network
from tests.publishing.conftest import fresh

S = PublicationState


def recipients(kind: str) -> list[str]:
    rows = Notification.objects.filter(kind=kind).select_related("recipient").order_by("id")
    return [n.recipient.email for n in rows]


@pytest.fixture
def manager(workspace) -> User:
    user = User.objects.create_user("mia@example.org", "x" * 12, display_name="Mia Leroy")
    Membership.objects.create(workspace=workspace, user=user, role=Role.MANAGER)
    return user


# --- Mentions ----------------------------------------------------------------------------


def test_a_mention_tells_the_member_named_not_the_writer_nor_an_outsider(
    workspace, owner_membership, teammate, outsider, make_post, django_capture_on_commit_callbacks
):
    post = make_post(title="Tomme d'hiver")
    with django_capture_on_commit_callbacks(execute=True):
        post_service.add_comment(owner_membership, post, "@bob tu relis ? @Alice et @charlie aussi")
    assert recipients(Kind.MENTIONED) == [teammate.email]
    n = Notification.objects.get(kind=Kind.MENTIONED)
    assert text(n) == "Alice Martin mentioned you in a comment on “Tomme d'hiver”."
    assert quote(n) == "@bob tu relis ? @Alice et @charlie aussi"


# --- Publications ------------------------------------------------------------------------


def test_a_refused_publication_tells_the_author_and_the_managers_with_the_networks_words(
    workspace,
    make_publication,
    fake_server,
    moment,
    teammate_membership,
    owner,
    teammate,
    manager,
    django_capture_on_commit_callbacks,
):
    Membership.objects.create(
        workspace=workspace,
        user=User.objects.create_user("vera@example.org", "x" * 12),
        role=Role.VIEWER,
    )
    publication = make_publication(due=moment(), author=teammate_membership)
    fake_server.answers.append(TransportError("The image is larger than 1 MB", permanent=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_one(publication.pk, "w").state == S.FAILED
    assert recipients(Kind.PUBLICATION_FAILED) == [teammate.email, owner.email, manager.email]
    n = Notification.objects.filter(kind=Kind.PUBLICATION_FAILED).first()
    assert n.publication_id == publication.pk
    assert quote(n) == "The image is larger than 1 MB"  # the network's words, as said
    assert "could not be published on" in text(n)


def test_an_unknown_outcome_says_what_to_do_and_marking_it_published_tells_the_author(
    workspace,
    make_publication,
    fake_server,
    moment,
    owner_membership,
    teammate_membership,
    manager,
    django_capture_on_commit_callbacks,
):
    plain = fake_network.connect(workspace, "fakenet_plain")
    publication = make_publication(
        due=moment(), account=plain, error_code="interrupted", author=teammate_membership
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_one(publication.pk, "w").state == S.UNKNOWN
    n = Notification.objects.filter(kind=Kind.PUBLICATION_UNKNOWN).first()
    assert "mark it as published or retry it" in text(n)
    with django_capture_on_commit_callbacks(execute=True):
        retries.mark_published(
            fresh(publication), manager_membership(manager), "https://x.example/1"
        )
    assert recipients(Kind.POST_PUBLISHED) == ["bob@example.org"]
    published = Notification.objects.get(kind=Kind.POST_PUBLISHED)
    assert link(published) == "https://x.example/1"
    assert published.actor == manager


def manager_membership(user: User) -> Membership:
    return Membership.objects.select_related("workspace", "user").get(user=user)


def test_a_published_post_tells_its_author_with_the_link(
    make_publication,
    fake_server,
    moment,
    teammate_membership,
    owner,
    django_capture_on_commit_callbacks,
):
    publication = make_publication(due=moment(), author=teammate_membership)
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_one(publication.pk, "w").state == S.PUBLISHED
    assert recipients(Kind.POST_PUBLISHED) == ["bob@example.org"]
    n = Notification.objects.get(kind=Kind.POST_PUBLISHED)
    assert link(n) == fresh(publication).remote_url and link(n).startswith("http")
    assert text(n).startswith("“Tomme” was published on")


# --- Publications by hand ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "words"),
    [("due", "is due: publish it by hand"), ("reminder", "Reminder:"), ("escalated", "is late")],
)
def test_a_publication_by_hand_due_tells_the_recipients_named(
    stage, words, make_publication, moment, teammate, outsider, manager
):
    publication = make_publication(due=moment())
    manual_publication_due.send(
        None,
        publication=publication,
        stage=stage,
        recipients=[teammate.pk, outsider.pk, manager.pk],
    )
    assert sorted(recipients(Kind.MANUAL_PUBLICATION_DUE)) == [teammate.email, manager.email]
    assert words in text(Notification.objects.filter(kind=Kind.MANUAL_PUBLICATION_DUE).first())


# --- Invitations -------------------------------------------------------------------------


def test_an_accepted_invitation_tells_who_invited_and_the_owners(
    workspace, owner, manager, teammate, django_capture_on_commit_callbacks
):
    inviter = manager_membership(manager)
    invitation, token = invitations.create_invitation(
        inviter, email="zoe@example.org", role=Role.EDITOR
    )
    zoe = User.objects.create_user("zoe@example.org", "x" * 12, display_name="Zoé Faure")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.accept_invitation(token, zoe)
    assert sorted(recipients(Kind.INVITATION_ACCEPTED)) == [owner.email, manager.email]
    n = Notification.objects.filter(kind=Kind.INVITATION_ACCEPTED).first()
    assert text(n) == "Zoé Faure accepted the invitation and joined as editor."
    assert n.actor == zoe
