"""Each kind about a post, made by the real action: who is told, and who is not."""

from __future__ import annotations

import pytest

from mostra.core.models import Membership, Role, User
from mostra.editorial import workflow
from mostra.notifications.models import Kind, Notification, Preference, RequiredKind
from mostra.notifications.texts import quote, text
from tests.editorial.workflow_fixtures import soon
from tests.publishing.fake_network import connect


@pytest.fixture(autouse=True)
def connected_accounts(workspace):
    for network in ("facebook", "instagram"):
        connect(workspace, network)


@pytest.fixture
def post(make_post, set_policy):
    set_policy("one")
    return make_post(networks=("facebook",), when=soon(), title="Tomme d'hiver")


def told(kind: str) -> list[str]:
    rows = Notification.objects.filter(kind=kind).select_related("recipient").order_by("id")
    return [n.recipient.email for n in rows]


def act(capture, post, action, membership, note=""):
    with capture(execute=True):
        workflow.apply(post, action, membership, note=note)


def test_submitting_asks_the_approvers_who_may_approve_not_the_author_nor_outsiders(
    post, owner_membership, bob_approver, dana, viewer, outsider, django_capture_on_commit_callbacks
):
    Membership.objects.filter(pk=owner_membership.pk).update(is_approver=True)  # the author
    other = Membership.objects.get(user=outsider)  # Charlie approves in his own workspace
    Membership.objects.filter(pk=other.pk).update(is_approver=True)
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    assert sorted(told(Kind.APPROVAL_REQUESTED)) == ["bob@example.org", "dana@example.org"]
    n = Notification.objects.filter(kind=Kind.APPROVAL_REQUESTED).first()
    assert (n.actor, n.post, n.workspace) == (owner_membership.user, post, post.workspace)
    assert text(n) == "Alice Martin asks for your approval of “Tomme d'hiver”."


def test_nothing_is_made_when_the_change_is_rolled_back(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.apply(post, "submit", owner_membership)
            raise RuntimeError
    assert not Notification.objects.exists()


def test_approved_tells_the_author_not_the_approver(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    act(django_capture_on_commit_callbacks, post, "approve", bob_approver, "Parfait")
    assert told(Kind.POST_APPROVED) == ["alice@example.org"]
    n = Notification.objects.get(kind=Kind.POST_APPROVED)
    assert text(n) == "Bob Durand approved “Tomme d'hiver”."


def test_sent_back_carries_the_reviewers_note(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    act(
        django_capture_on_commit_callbacks,
        post,
        "request_changes",
        bob_approver,
        "La photo <b>floue</b>",
    )
    n = Notification.objects.get(kind=Kind.POST_SENT_BACK)
    assert n.recipient == owner_membership.user
    assert text(n) == "Bob Durand sent “Tomme d'hiver” back for changes."
    assert quote(n) == "La photo <b>floue</b>"  # the page escapes it


def test_cancelled_in_review_by_someone_else_is_a_rejection_with_the_note(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    act(django_capture_on_commit_callbacks, post, "cancel", bob_approver, "Hors charte")
    n = Notification.objects.get(kind=Kind.POST_REJECTED)
    assert n.recipient == owner_membership.user and quote(n) == "Hors charte"


def test_the_author_cancelling_their_own_post_tells_nobody(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    act(django_capture_on_commit_callbacks, post, "cancel", owner_membership)
    assert not Notification.objects.exclude(kind=Kind.APPROVAL_REQUESTED).exists()


def test_who_switched_a_kind_off_is_not_told_unless_the_owners_require_it(
    post, owner_membership, bob_approver, dana, django_capture_on_commit_callbacks
):
    for membership in (bob_approver, dana):
        Preference.objects.create(
            user=membership.user,
            workspace=post.workspace,
            kind=Kind.APPROVAL_REQUESTED,
            channel="off",
        )
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    assert told(Kind.APPROVAL_REQUESTED) == []
    act(django_capture_on_commit_callbacks, post, "withdraw", owner_membership)
    RequiredKind.objects.create(workspace=post.workspace, kind=Kind.APPROVAL_REQUESTED)
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    assert sorted(told(Kind.APPROVAL_REQUESTED)) == ["bob@example.org", "dana@example.org"]


def test_an_inactive_user_is_not_told(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=bob_approver.user_id).update(is_active=False)
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    assert told(Kind.APPROVAL_REQUESTED) == []
    assert Notification.objects.count() == 0


def test_editing_an_approved_post_asks_again(
    post, owner_membership, bob_approver, django_capture_on_commit_callbacks
):
    from mostra.core.models import Workspace

    Workspace.objects.filter(pk=post.workspace_id).update(separate_scheduling=True)
    act(django_capture_on_commit_callbacks, post, "submit", owner_membership)
    act(django_capture_on_commit_callbacks, post, "approve", bob_approver)
    Notification.objects.all().delete()
    manager = User.objects.create_user("mia@example.org", "x" * 12, display_name="Mia")
    mia = Membership.objects.create(workspace=post.workspace, user=manager, role=Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.content_changed(post, mia)
    assert told(Kind.APPROVAL_REQUESTED) == ["bob@example.org"]
