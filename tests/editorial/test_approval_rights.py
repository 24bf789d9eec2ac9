"""Who may approve and who may submit, through the services (issue 12, items 2 and 9).

Alice (owner) writes the posts; Bob (editor) and Dana (editor) are approvers; Charlie
is an outsider. Whoever changed a post's content cannot approve it; only its author,
or an editor, a manager or the owner, may submit a draft.
"""

from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role
from mostra.editorial import workflow
from mostra.editorial.models import Approval, Post, PostMedia, PostStatus, PostVariant
from mostra.editorial.services import approvals, media
from mostra.editorial.services import posts as service
from tests.editorial.test_media import png, upload
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, make_approver, soon

S = PostStatus
CHANGED = "You changed this post's content: another approver must approve it."


@pytest.fixture
def in_review(make_post, tactic, set_policy, bob_approver, dana) -> Post:
    """Alice's post in review under the policy "one"; Bob and Dana may approve it."""
    set_policy("one")
    return make_post(tactic=tactic, when=soon(), networks=("facebook",), status=S.IN_REVIEW)


def edit(post: Post, member: Membership, **over: object) -> Post:
    """Save the post as ``member`` with its current fields, ``over`` replacing some."""
    post = fresh(post)
    variants = [
        service.VariantInput(
            network=v.network, text=v.text, link=v.link, first_comment=v.first_comment
        )
        for v in post.variants.all()
    ]
    fields: dict[str, object] = {
        "tactic": post.tactic,
        "title": post.title,
        "scheduled_at": post.scheduled_at,
        "variants": variants,
        **{flag: getattr(post, flag) for flag in service.FLAGS},
    }
    text = over.pop("text", None)
    if text is not None:
        variants[0].text = str(text)
    fields.update(over)
    return service.save_post(member, service.PostInput(**fields), post)  # type: ignore[arg-type]


def actions(post: Post, member: Membership) -> list[str]:
    return [t.action for t in workflow.allowed_actions(fresh(post), member)]


# --- Item 2: whoever changed the content does not approve it ----------------------------


def test_an_approver_who_rewrote_the_text_cannot_approve_it(in_review, bob_approver, dana):
    edit(in_review, bob_approver, text="Le texte de Bob")
    assert fresh(in_review).version == 2
    with pytest.raises(DomainError) as refused:
        workflow.apply(in_review, "approve", bob_approver)
    assert refused.value.message.startswith(CHANGED)
    assert "Members page" in refused.value.message  # what to do when nobody else can
    assert fresh(in_review).status == S.IN_REVIEW
    assert not Approval.objects.exists()
    assert "approve" not in actions(in_review, bob_approver)
    # Dana did not touch it: she approves.
    assert "approve" in actions(in_review, dana)
    assert workflow.apply(in_review, "approve", dana).status == S.APPROVED


def test_a_change_at_any_earlier_version_still_counts(in_review, bob_approver, owner_membership):
    """Bob's words may still be there after Alice's next change, or after a reopen."""
    edit(in_review, bob_approver, text="Le texte de Bob")
    edit(in_review, owner_membership, text="Le texte de Bob, relu par Alice")
    assert fresh(in_review).version == 3
    with pytest.raises(DomainError, match="You changed this post's content"):
        workflow.apply(in_review, "approve", bob_approver)
    workflow.apply(in_review, "cancel", owner_membership)
    workflow.apply(in_review, "reopen", owner_membership)  # version 4, nobody edited it
    workflow.apply(in_review, "submit", owner_membership)
    with pytest.raises(DomainError, match="You changed this post's content"):
        workflow.apply(in_review, "approve", bob_approver)


@pytest.mark.parametrize(
    "change",
    [
        {"sensitive": True},
        {"sponsored": True},
        {"image_virtual": True},
        {"text": "Nouveau texte"},
        {"variants": []},  # replaced below: a second network
    ],
)
def test_every_change_of_content_counts(change, in_review, bob_approver):
    # The charter's mentions are there already: a flag's change alone passes its check.
    PostVariant.objects.filter(post=in_review).update(
        text="Publicité · Image virtuelle · Nouvelle tomme en cave 🧀"
    )
    if change == {"variants": []}:
        change = {
            "variants": [
                service.VariantInput(network="facebook", text="Nouvelle tomme en cave 🧀"),
                service.VariantInput(network="linkedin", text="Arrivage de tomme"),
            ]
        }
    edit(in_review, bob_approver, **change)
    assert fresh(in_review).version == 2
    with pytest.raises(DomainError, match="You changed this post's content"):
        workflow.apply(in_review, "approve", bob_approver)


def test_a_link_and_a_first_comment_are_content(in_review, bob_approver):
    variant = service.VariantInput(
        network="facebook", text="Nouvelle tomme en cave 🧀", link="https://example.org/tomme"
    )
    edit(in_review, bob_approver, variants=[variant])
    with pytest.raises(DomainError, match="You changed this post's content"):
        workflow.apply(in_review, "approve", bob_approver)


def test_media_alt_text_is_content(in_review, bob_approver, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    media.attach(media.inspect(upload("a.png", png())), [in_review.variants.get()], "")
    item = PostMedia.objects.get()
    variant = service.VariantInput(
        network="facebook", text="Nouvelle tomme en cave 🧀", alt_texts={item.pk: "Une tomme"}
    )
    edit(in_review, bob_approver, variants=[variant])
    with pytest.raises(DomainError, match="You changed this post's content"):
        workflow.apply(in_review, "approve", bob_approver)


def test_the_title_tactic_and_date_are_not_content(in_review, bob_approver):
    from mostra.editorial.models import Revision

    edit(in_review, bob_approver, title="Tomme d'été", scheduled_at=soon(5))
    assert fresh(in_review).version == 1
    assert not Revision.objects.exists()
    assert workflow.apply(in_review, "approve", bob_approver).status == S.APPROVED


def test_who_changed_which_version_is_kept(in_review, bob_approver, owner_membership):
    from mostra.editorial.models import Revision

    edit(in_review, bob_approver, text="Le texte de Bob")
    edit(in_review, owner_membership, text="Le texte d'Alice")
    rows = list(Revision.objects.order_by("version").values_list("version", "editor"))
    assert rows == [(2, bob_approver.user_id), (3, owner_membership.user_id)]


def test_the_changed_post_leaves_his_queue(in_review, bob_approver, dana):
    assert approvals.queue(bob_approver) == [in_review]
    edit(in_review, bob_approver, text="Le texte de Bob")
    assert approvals.queue(bob_approver) == []
    assert approvals.waiting_count(bob_approver) == 0
    assert approvals.queue(dana) == [in_review]
    assert approvals.waiting_count(dana) == 1


def test_the_only_other_approver_changed_it_submission_says_whom_to_ask(
    make_post, tactic, set_policy, bob_approver, owner_membership
):
    """Bob is the only approver besides Alice, the author: his change leaves nobody."""
    set_policy("one")
    post = make_post(tactic=tactic, when=soon(), networks=("facebook",))
    edit(post, bob_approver, text="Le texte de Bob")
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "submit", owner_membership)
    assert refused.value.message.startswith(
        "This post needs 1 approval from an approver who did not write or change it, and "
        "the workspace has 0:"
    )
    assert "Members page" in refused.value.message
    assert fresh(post).status == S.DRAFT


def test_a_single_approver_who_edited_is_told_what_to_do(
    make_post, tactic, set_policy, bob_approver, owner_membership
):
    set_policy("one")
    post = make_post(tactic=tactic, when=soon(), networks=("facebook",), status=S.IN_REVIEW)
    edit(post, bob_approver, text="Le texte de Bob")
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "approve", bob_approver)
    assert "Members page" in refused.value.message
    assert "approval policy" in refused.value.message
    # The owner's way out: a lighter policy, then the post submitted again.
    set_policy("none")
    workflow.apply(post, "withdraw", owner_membership)
    assert workflow.apply(post, "submit", owner_membership).status == S.APPROVED


def test_he_may_still_request_changes(in_review, bob_approver):
    edit(in_review, bob_approver, text="Le texte de Bob")
    done = workflow.apply(in_review, "request_changes", bob_approver, note="Le prix ?")
    assert done.status == S.CHANGES_REQUESTED


# --- Item 9: who may submit a draft -----------------------------------------------------


@pytest.fixture
def contributor(teammate_membership) -> Membership:
    """Bob, contributor: he writes his own posts and no one else's."""
    Membership.objects.filter(pk=teammate_membership.pk).update(role=Role.CONTRIBUTOR)
    teammate_membership.refresh_from_db()
    return teammate_membership


def test_a_contributor_cannot_submit_someone_elses_draft(make_post, set_policy, contributor):
    set_policy("none")  # submitting would approve it at once
    post = make_post(when=soon(), networks=("facebook",))
    before = AuditEvent.objects.filter(object_type="post").count()
    with pytest.raises(DomainError) as refused:
        workflow.apply(post, "submit", contributor)
    assert refused.value.message.startswith("Only its author, an editor, a manager or the owner")
    assert fresh(post).status == S.DRAFT
    assert AuditEvent.objects.filter(object_type="post").count() == before
    assert "submit" not in actions(post, contributor)


def test_a_contributor_submits_his_own_draft(make_post, set_policy, contributor):
    set_policy("none")
    mine = make_post(when=soon(), networks=("facebook",), author=contributor)
    assert "submit" in actions(mine, contributor)
    assert workflow.apply(mine, "submit", contributor).status == S.APPROVED


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MANAGER, Role.OWNER])
def test_editors_managers_and_owners_submit_any_draft(role, make_post, set_policy, dana):
    set_policy("none")
    Membership.objects.filter(pk=dana.pk).update(role=role)
    dana.refresh_from_db()
    post = make_post(when=soon(), networks=("facebook",))
    assert workflow.apply(post, "submit", dana).status == S.APPROVED


def test_a_contributor_resubmitting_after_changes_requested(
    make_post, set_policy, contributor, dana
):
    set_policy("one")
    post = make_post(when=soon(), networks=("facebook",), status=S.CHANGES_REQUESTED)
    with pytest.raises(DomainError, match="Only its author"):
        workflow.apply(post, "submit", contributor)
    assert fresh(post).status == S.CHANGES_REQUESTED


def test_an_approver_contributor_still_approves_others_posts(in_review, contributor):
    make_approver(contributor)
    assert workflow.apply(in_review, "approve", contributor).status == S.APPROVED
