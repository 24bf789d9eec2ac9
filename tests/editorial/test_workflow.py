"""Every transition of the workflow, allowed and refused, and the approval policies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role
from mostra.editorial import workflow
from mostra.editorial.models import Approval, Decision, Post, PostStatus
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, make_approver, soon
from tests.publishing.fake_network import connect

S = PostStatus


@pytest.fixture(autouse=True)
def connected_accounts(workspace):
    """Scheduling needs a connected account per network: the Fromagerie has them."""
    for network in ("facebook", "instagram", "linkedin", "tiktok"):
        connect(workspace, network)


#: Who takes each action in the table: the approver Bob decides, Alice does the rest.
BY_APPROVER = {"approve", "request_changes"}
#: Where each action leads under the policy "one" (approve: one approval is enough).
REACHES = {action: t.target for action, t in workflow.TRANSITIONS.items()}
#: Where the post ends: approved, dated and ready, it is scheduled at once.
ENDS = {**REACHES, "approve": S.SCHEDULED}


@pytest.fixture
def make_post(make_post):
    """Posts on Facebook by default: the charter wants no image there, unlike Instagram."""

    def make(**fields):
        fields.setdefault("networks", ("facebook",))
        return make_post(**fields)

    return make


def snapshot(post: Post) -> tuple[object, ...]:
    """What a refused transition must leave as it was."""
    post = Post.objects.get(pk=post.pk)
    return (
        post.status,
        post.version,
        post.updated_at,
        Approval.objects.filter(post=post).count(),
        AuditEvent.objects.filter(object_type="post").count(),
    )


@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
@pytest.mark.parametrize("status", list(S.values))
def test_every_status_and_action(
    status, action, strategy, make_post, set_policy, bob_approver, owner_membership
):
    """Allowed pairs succeed (guards satisfied); every other pair is refused, unchanged."""
    set_policy("one")
    post = make_post(status=status, when=soon())
    actor = bob_approver if action in BY_APPROVER else owner_membership
    transition = workflow.TRANSITIONS[action]
    if status in transition.sources:
        result = workflow.apply(post, action, actor, note="Voir la photo")
        assert result.status == ENDS[action]
        assert fresh(post).status == ENDS[action]
        events = AuditEvent.objects.filter(object_type="post", object_id=str(post.pk))
        event = events.filter(changes__transition=action).first()
        assert event.changes["status"] == [status, REACHES[action]]
        assert event.changes["transition"] == action
        assert event.actor == actor.user
    else:
        before = snapshot(post)
        with pytest.raises(DomainError) as refused:
            workflow.apply(post, action, actor, note="Voir la photo")
        assert refused.value.message
        assert snapshot(post) == before


def test_the_table_names_only_real_statuses():
    for transition in workflow.TRANSITIONS.values():
        assert transition.target in S.values
        assert transition.sources <= set(S.values)
        assert str(transition.label)
    # Publishing and published posts are the publisher's: no button moves them.
    movable = set().union(*(t.sources for t in workflow.TRANSITIONS.values()))
    assert not movable & {S.PUBLISHING, S.PUBLISHED}


def test_unknown_action_is_refused(make_post, owner_membership):
    post = make_post(when=soon())
    with pytest.raises(DomainError, match="Unknown action"):
        workflow.apply(post, "publish_now", owner_membership)


def test_already_published_cannot_be_approved(make_post, bob_approver):
    post = make_post(status=S.PUBLISHED, when=soon())
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "approve", bob_approver)
    assert refused.value.message == "This post is already published: it cannot be approved again."


# --- Policies -------------------------------------------------------------------------------


def test_policy_none_submits_straight_to_approved(make_post, owner_membership, set_policy):
    set_policy("none")
    post = make_post(when=soon())
    assert workflow.approvals_needed(post) == 0
    assert workflow.apply(post, "submit", owner_membership).status == S.APPROVED
    event = AuditEvent.objects.get(object_type="post", object_id=str(post.pk))
    assert event.changes["status"] == [S.DRAFT, S.APPROVED]
    assert event.changes["approval_policy"] == "none"  # why nobody approved it


def test_policy_one(make_post, owner_membership, bob_approver, set_policy):
    set_policy("one")
    post = make_post(when=soon())
    assert workflow.apply(post, "submit", owner_membership).status == S.IN_REVIEW
    assert workflow.apply(post, "approve", bob_approver, note="Parfait").status == S.APPROVED
    approval = Approval.objects.get(post=post)
    assert (approval.approver, approval.version, approval.decision, approval.note) == (
        bob_approver.user,
        1,
        Decision.APPROVED,
        "Parfait",
    )


def test_policy_two_needs_two_distinct_approvers(
    make_post, owner_membership, bob_approver, dana, set_policy
):
    set_policy("two")
    post = make_post(when=soon())
    workflow.apply(post, "submit", owner_membership)
    assert workflow.apply(post, "approve", bob_approver).status == S.IN_REVIEW
    with pytest.raises(DomainError, match="You already approved this version"):
        workflow.apply(post, "approve", bob_approver)
    assert fresh(post).status == S.IN_REVIEW
    assert workflow.apply(post, "approve", dana).status == S.APPROVED
    event = AuditEvent.objects.filter(object_type="post", changes__transition="approve").first()
    assert event.changes["approvals"] == "2/2"


def test_policy_two_counts_approvals_of_the_same_version_only(
    make_post, owner_membership, bob_approver, dana, set_policy
):
    set_policy("two")
    post = make_post(when=soon())
    workflow.apply(post, "submit", owner_membership)
    workflow.apply(post, "approve", bob_approver)
    workflow.content_changed(post, owner_membership)  # version 2: Bob's approval is of v1
    assert workflow.apply(post, "approve", dana).status == S.IN_REVIEW
    assert workflow.apply(post, "approve", bob_approver).status == S.APPROVED


def test_policy_two_refuses_submission_without_two_other_approvers(
    make_post, owner_membership, bob_approver, set_policy
):
    set_policy("two")
    post = make_post(when=soon())
    with pytest.raises(DomainError, match="needs 2 approvals from approvers who did not write"):
        workflow.apply(post, "submit", owner_membership)
    assert fresh(post).status == S.DRAFT


def test_sensitive_post_needs_an_approval_even_with_policy_none(
    make_post, owner_membership, bob_approver, set_policy
):
    set_policy("none")
    post = make_post(when=soon(), sensitive=True)
    assert workflow.approvals_needed(post) == 1
    assert workflow.apply(post, "submit", owner_membership).status == S.IN_REVIEW
    assert workflow.apply(post, "approve", bob_approver).status == S.APPROVED


def test_a_post_on_a_sensitive_topic_needs_an_approval(
    make_post, owner_membership, bob_approver, set_policy, workspace
):
    set_policy("none")
    workspace.sensitive_topics = "Listéria\nrappel de produit"
    workspace.save()
    calm = make_post(when=soon(), text="La tomme de printemps arrive samedi.")
    assert workflow.approvals_needed(calm) == 0
    recall = make_post(when=soon(), text="Information : RAPPEL DE PRODUIT, risque de listeria.")
    assert workflow.approvals_needed(recall) == 1
    assert workflow.apply(recall, "submit", owner_membership).status == S.IN_REVIEW
    event = AuditEvent.objects.get(object_type="post", object_id=str(recall.pk))
    assert event.changes["sensitive_topics"] == ["Listéria", "rappel de produit"]


def test_sensitive_post_under_policy_two_needs_two(make_post, set_policy):
    set_policy("two")
    assert workflow.approvals_needed(make_post(sensitive=True)) == 2


# --- Who may ----------------------------------------------------------------------------------


def test_nobody_approves_their_own_post(make_post, owner_membership, bob_approver, set_policy):
    set_policy("one")
    alice = make_approver(owner_membership)
    post = make_post(when=soon(), status=S.IN_REVIEW)
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "approve", alice)
    assert refused.value.message == "You wrote this post: another approver must approve it."
    with pytest.raises(DomainError, match="You wrote this post"):
        workflow.apply(post, "request_changes", alice, note="Trop long")
    assert fresh(post).status == S.IN_REVIEW
    assert not Approval.objects.exists()


def test_a_member_who_is_not_an_approver_cannot_decide(make_post, teammate_membership):
    post = make_post(when=soon(), status=S.IN_REVIEW)
    for action in ("approve", "request_changes"):
        with pytest.raises(DomainError, match="Only approvers"):
            workflow.apply(post, action, teammate_membership, note="Non")
    assert fresh(post).status == S.IN_REVIEW


def test_a_viewer_cannot_submit(make_post, viewer):
    post = make_post(when=soon(), author=viewer)
    with pytest.raises(DomainError, match="Your role \\(viewer\\) does not allow"):
        workflow.apply(post, "submit", viewer)


def test_a_contributor_cannot_withdraw_someone_elses_post(make_post, workspace, teammate):
    bob = Membership.objects.get(workspace=workspace, user=teammate)
    Membership.objects.filter(pk=bob.pk).update(role=Role.CONTRIBUTOR)
    bob.refresh_from_db()
    post = make_post(when=soon(), status=S.IN_REVIEW)
    with pytest.raises(DomainError, match="Only its author or an editor"):
        workflow.apply(post, "withdraw", bob)
    mine = make_post(when=soon(), status=S.IN_REVIEW, author=bob)
    assert workflow.apply(mine, "withdraw", bob).status == S.DRAFT


def test_requesting_changes_needs_a_note(make_post, bob_approver):
    post = make_post(when=soon(), status=S.IN_REVIEW)
    with pytest.raises(DomainError, match="Say in a note what the author should change") as e:
        workflow.apply(post, "request_changes", bob_approver, note="  ")
    assert e.value.field == "note"
    done = workflow.apply(post, "request_changes", bob_approver, note="Ajouter le prix")
    assert done.status == S.CHANGES_REQUESTED
    assert Approval.objects.get(post=post).decision == Decision.CHANGES_REQUESTED


def test_changes_requested_then_resubmitted_unchanged_can_be_approved(
    make_post, owner_membership, bob_approver, set_policy
):
    set_policy("one")
    post = make_post(when=soon(), status=S.IN_REVIEW)
    workflow.apply(post, "request_changes", bob_approver, note="Sûr ?")
    workflow.apply(post, "submit", owner_membership)  # same version, nothing changed
    assert workflow.apply(post, "approve", bob_approver).status == S.APPROVED
    assert Approval.objects.get(post=post).decision == Decision.APPROVED


def test_allowed_actions_are_the_buttons(
    make_post, owner_membership, bob_approver, outsider, set_policy
):
    set_policy("one")
    post = make_post(when=soon(), status=S.IN_REVIEW)
    names = lambda m: [t.action for t in workflow.allowed_actions(post, m)]  # noqa: E731
    assert names(bob_approver) == ["withdraw", "request_changes", "approve", "cancel"]
    assert names(owner_membership) == ["withdraw", "cancel"]  # her own post: no approve
    charlie = Membership.objects.get(user=outsider)  # member of his own workspace only
    assert names(charlie) == []
    assert names(None) == []
    workflow.apply(post, "approve", bob_approver)
    assert "approve" not in names(bob_approver)


# --- What the post needs before it is submitted -----------------------------------------------


def test_a_post_without_variant_or_date_cannot_be_submitted(make_post, owner_membership):
    empty = make_post(when=soon(), networks=())
    with pytest.raises(DomainError, match="no text for any network"):
        workflow.apply(empty, "submit", owner_membership)
    undated = make_post(when=None)
    with pytest.raises(DomainError, match="no date yet"):
        workflow.apply(undated, "submit", owner_membership)
    assert fresh(empty).status == fresh(undated).status == S.DRAFT


def test_a_charter_error_blocks_submission(make_post, owner_membership, bob_approver, set_policy):
    """A Bluesky variant over 300 graphemes is an error of the charter check."""
    set_policy("one")
    post = make_post(when=soon(), networks=("bluesky",), text="Fromage fermier. " * 20)
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "submit", owner_membership)
    assert refused.value.message.startswith(
        "The charter check found problems: fix them, then submit again. Bluesky: "
    )
    assert "300" in refused.value.message
    assert fresh(post).status == S.DRAFT
    assert not AuditEvent.objects.filter(object_type="post").exists()


# --- Editing after approval ----------------------------------------------------------------


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.APPROVED, S.SCHEDULED])
def test_changing_content_sends_the_post_back_to_review(
    status, make_post, owner_membership, bob_approver, set_policy
):
    set_policy("one")
    post = make_post(when=soon(), status=status)
    Approval.objects.create(
        post=post, approver=bob_approver.user, version=1, decision=Decision.APPROVED
    )
    workflow.content_changed(post, owner_membership)
    assert (post.status, post.version) == (S.IN_REVIEW, 2)
    assert fresh(post).status == S.IN_REVIEW
    from mostra.editorial.services.approvals import approvers_of_version

    assert approvers_of_version(post) == []  # Bob approved version 1, not version 2
    assert [t.action for t in workflow.allowed_actions(post, bob_approver)][2] == "approve"
    event = AuditEvent.objects.get(object_type="post", object_id=str(post.pk))
    assert event.changes["version"] == [1, 2]
    assert event.changes["status"] == [status, S.IN_REVIEW]


def test_changing_a_draft_only_bumps_the_version(make_post, owner_membership):
    post = make_post(when=soon())
    workflow.content_changed(post, owner_membership)
    assert (fresh(post).status, post.version) == (S.DRAFT, 2)


@pytest.mark.parametrize("status", [S.PUBLISHED, S.PUBLISHING, S.CANCELLED])
def test_a_final_post_cannot_change(status, make_post, owner_membership):
    post = make_post(when=soon(), status=status)
    with pytest.raises(DomainError):
        workflow.content_changed(post, owner_membership)
    assert fresh(post).version == 1


def test_reopening_starts_a_new_round(make_post, owner_membership, bob_approver, set_policy):
    set_policy("one")
    post = make_post(when=soon(), status=S.IN_REVIEW)
    workflow.apply(post, "approve", bob_approver)
    workflow.apply(post, "cancel", owner_membership, note="Annulé : rupture de stock")
    workflow.apply(post, "reopen", owner_membership)
    assert (post.status, post.version) == (S.DRAFT, 2)
    assert workflow.apply(post, "submit", owner_membership).status == S.IN_REVIEW


def test_scheduling_needs_a_date_to_come(make_post, owner_membership, strategy):
    past = timezone.now() - dt.timedelta(hours=1)
    post = make_post(when=past, status=S.APPROVED)
    with pytest.raises(DomainError, match="in the past"):
        workflow.apply(post, "schedule", owner_membership)
    assert fresh(post).status == S.APPROVED


def test_every_transition_is_audited_with_who_version_and_note(
    make_post, owner_membership, bob_approver, set_policy
):
    set_policy("one")
    post = make_post(when=soon())
    workflow.apply(post, "submit", owner_membership)
    workflow.apply(post, "request_changes", bob_approver, note="Le prix manque")
    events = list(
        AuditEvent.objects.filter(object_type="post", object_id=str(post.pk)).order_by("id")
    )
    assert [(e.actor, e.changes["transition"]) for e in events] == [
        (owner_membership.user, "submit"),
        (bob_approver.user, "request_changes"),
    ]
    last = events[-1]
    assert last.changes["status"] == [S.IN_REVIEW, S.CHANGES_REQUESTED]
    assert last.changes["version"] == 1
    assert last.changes["note"] == "Le prix manque"
    assert last.workspace == owner_membership.workspace
