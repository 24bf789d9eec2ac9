"""The approval conversation: the note that sent a post back (post page, calendar chip),
the decisions' history, comments with mentions, what the approver sees on the queue,
approving a dated post schedules it, and an approved post's edit passes the charter."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostra.charter.services import save_charter
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Workspace
from mostra.editorial import workflow
from mostra.editorial.models import Approval, Post, PostComment, PostStatus, PostVariant
from mostra.editorial.services import posts as service
from mostra.editorial.signals import comment_posted
from mostra.publishing.models import Publication, PublicationState
from tests.conftest import client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import fresh, soon
from tests.publishing.fake_network import connect

S = PostStatus


@pytest.fixture(autouse=True)
def connected_accounts(workspace):
    """Scheduling needs a connected account per network: the Fromagerie has them."""
    for network in ("facebook", "instagram", "linkedin"):
        connect(workspace, network)


@pytest.fixture
def make_post(make_post):
    """Posts on Facebook: the charter wants no image there, unlike Instagram."""

    def make(**fields):
        fields.setdefault("networks", ("facebook",))
        return make_post(**fields)

    return make


@pytest.fixture
def in_review(strategy, make_post, set_policy, bob_approver) -> Post:
    """Alice's post in review, dated, under the policy "one" (Bob approves)."""
    set_policy("one")
    return make_post(title="Tomme de printemps", when=soon(), status=S.IN_REVIEW)


@pytest.fixture
def sent_back(in_review, bob_approver) -> Post:
    workflow.apply(in_review, "request_changes", bob_approver, note="Photo <floue>: @alice")
    return fresh(in_review)


def post_url(post: Post, slug: str = "fromagerie") -> str:
    return reverse("editorial:post", args=[slug, post.pk])


# --- The note that sent the post back, and the decisions -------------------------------


def test_the_post_page_shows_the_note_that_sent_it_back(sent_back, owner, teammate):
    for user in (owner, teammate):
        html = client_for(user).get(post_url(sent_back)).content.decode()
        note = html.split('id="sent-back-note"')[1].split("</section>")[0]
        assert "Sent back: changes requested" in note
        assert "By Bob Durand on" in note and "on version 1" in note
        assert "Photo &lt;floue&gt;: @alice" in note  # escaped
        history = html.split('id="decisions"')[1].split("</section>")[0]
        assert 'data-decision="changes_requested"' in history and "Sent back" in history
        assert "Photo &lt;floue&gt;" in history


def test_the_outsider_sees_no_post(sent_back, outsider):
    assert client_for(outsider).get(post_url(sent_back)).status_code == 404


def test_the_note_goes_once_the_post_is_submitted_again(sent_back, owner_membership, owner):
    workflow.apply(sent_back, "submit", owner_membership)
    html = client_for(owner).get(post_url(sent_back)).content.decode()
    assert 'id="sent-back-note"' not in html
    assert "Photo &lt;floue&gt;" in html.split('id="decisions"')[1]  # still in the history


def test_the_history_lists_every_decision_latest_first(
    in_review, bob_approver, dana, owner_membership, owner, set_policy
):
    set_policy("two")
    workflow.apply(in_review, "request_changes", bob_approver, note="Trop long")
    workflow.apply(in_review, "submit", owner_membership)
    workflow.apply(in_review, "approve", dana, note="Parfait")
    html = client_for(owner).get(post_url(in_review)).content.decode()
    history = html.split('id="decisions"')[1].split("</section>")[0]
    assert history.index("Dana Petit") < history.index("Bob Durand")
    assert "Parfait" in history and "Trop long" in history


def test_the_calendar_chip_reads_sent_back_with_the_note(sent_back, owner, workspace):
    local = sent_back.scheduled_at
    url = reverse("editorial:calendar_month", args=[workspace.slug, local.year, local.month])
    html = client_for(owner).get(url).content.decode()
    chip = html.split(f'id="post-{sent_back.pk}"')[1].split("</article>")[0]
    assert (
        '<span class="chip-status" title="Sent back by Bob Durand: Photo &lt;floue&gt;: @alice">'
        "Sent back</span>"
    ) in chip


def test_the_calendar_reads_the_notes_in_one_query(
    strategy, make_post, bob_approver, set_policy, owner, workspace
):
    set_policy("one")
    when = soon(10)
    url = reverse("editorial:calendar_month", args=[workspace.slug, when.year, when.month])
    client = client_for(owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    post = make_post(when=when, status=S.IN_REVIEW)
    workflow.apply(post, "request_changes", bob_approver, note="Non")
    client.get(url)
    few = count()
    for _ in range(4):
        post = make_post(when=when, status=S.IN_REVIEW)
        workflow.apply(post, "request_changes", bob_approver, note="Non")
    assert count() == few


# --- Comments with mentions -------------------------------------------------------------


@pytest.fixture
def sent():
    received = []

    def receiver(sender, comment, mentioned, **kwargs):
        received.append((comment.pk, mentioned))

    comment_posted.connect(receiver)
    yield received
    comment_posted.disconnect(receiver)


def comment_url(post: Post, slug: str = "fromagerie") -> str:
    return reverse("editorial:post_comment", args=[slug, post.pk])


@pytest.mark.django_db(transaction=True)
def test_a_teammate_comments_with_a_mention(sent_back, teammate, owner, outsider, sent):
    client = client_for(teammate)
    response = client.post(
        comment_url(sent_back), {"body": "C'est mieux ? @Alice Martin <script>x</script> @charlie"}
    )
    comment = PostComment.objects.get()
    assert response["Location"] == post_url(sent_back) + f"#comment-{comment.pk}"
    assert sent == [(comment.pk, [owner.pk])]  # not Charlie, an outsider
    html = client.get(post_url(sent_back)).content.decode()
    assert "Comment added; mentioned: Alice Martin." in html
    body = html.split(f'id="comment-{comment.pk}"')[1].split("</li>")[0]
    assert f'<strong class="mention" data-user="{owner.pk}"' in body
    assert "&lt;script&gt;x&lt;/script&gt; @charlie" in body
    assert "<script>x" not in html


def test_the_comment_form_says_how_to_mention(sent_back, owner):
    html = client_for(owner).get(post_url(sent_back)).content.decode()
    form = html.split('id="comment-form"')[1].split("</form>")[0]
    assert "write @ and their name or the start of their e-mail address" in form
    assert "<code>@bob</code>" in form and 'aria-describedby="comment-help"' in form


def test_who_may_comment(sent_back, viewer, outsider):
    assert client_for(outsider).post(comment_url(sent_back), {"body": "x"}).status_code == 404
    assert client_for(viewer.user).post(comment_url(sent_back), {"body": "x"}).status_code == 404
    assert (
        client_for(outsider).post(comment_url(sent_back, "other-brand"), {"body": "x"}).status_code
        == 404
    )
    assert PostComment.objects.count() == 0


def test_an_empty_comment_says_what_to_do(sent_back, owner):
    client = client_for(owner)
    response = client.post(comment_url(sent_back), {"body": "   "}, follow=True)
    assert "Write something before sending the comment." in response.content.decode()
    assert PostComment.objects.count() == 0


def test_the_post_page_reads_comments_in_few_queries(sent_back, owner, teammate_membership):
    client = client_for(owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(post_url(sent_back)).status_code == 200
        return len(captured)

    service.add_comment(teammate_membership, sent_back, "@alice un avis ?")
    client.get(post_url(sent_back))
    few = count()
    for n in range(5):
        service.add_comment(teammate_membership, sent_back, f"@alice encore {n}")
    assert count() == few


# --- The API: comments and decisions ----------------------------------------------------


def api(post: Post, what: str, slug: str = "fromagerie") -> str:
    return f"/api/workspaces/{slug}/posts/{post.pk}/{what}"


@pytest.mark.django_db(transaction=True)
def test_the_api_comments(sent_back, owner, teammate, outsider, sent):
    client = client_for(teammate)
    response = client.post(
        api(sent_back, "comments"), {"body": "@alice @bob voilà"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["mentioned"] == [owner.pk]
    assert sent == [(response.json()["id"], [owner.pk])]
    listed = client_for(owner).get(api(sent_back, "comments")).json()
    assert [(c["author"], c["body"], c["mentioned"]) for c in listed] == [
        ("Bob Durand", "@alice @bob voilà", [owner.pk])
    ]
    assert client_for(outsider).get(api(sent_back, "comments")).status_code == 404
    refused = client_for(outsider).post(
        api(sent_back, "comments"), {"body": "x"}, content_type="application/json"
    )
    assert refused.status_code == 404
    empty = client.post(api(sent_back, "comments"), {"body": " "}, content_type="application/json")
    assert empty.status_code == 422
    assert "Write something" in empty.content.decode()
    assert PostComment.objects.count() == 1


def test_the_api_decisions(sent_back, owner, teammate, outsider):
    for user in (owner, teammate):
        decisions = client_for(user).get(api(sent_back, "decisions")).json()
        assert [
            (d["decision"], d["approver"], d["version"], d["current"], d["note"]) for d in decisions
        ] == [("changes_requested", "Bob Durand", 1, True, "Photo <floue>: @alice")]
    assert client_for(outsider).get(api(sent_back, "decisions")).status_code == 404


# --- The approver sees everything before deciding ----------------------------------------


def test_the_queue_shows_every_variant_whole(in_review, teammate, bob_approver):
    PostVariant.objects.filter(post=in_review).update(
        text="Tomme <b>longue</b> " + "très " * 100,
        link="https://fromagerie.example/tomme",
        first_comment="#fromage",
    )
    PostVariant.objects.create(
        post=in_review, network="linkedin", text="Version LinkedIn", position=1
    )
    html = (
        client_for(teammate)
        .get(reverse("editorial:approvals", args=["fromagerie"]))
        .content.decode()
    )
    item = html.split(f'id="approval-{in_review.pk}"')[1]
    variants = item.split(f'id="review-variants-{in_review.pk}"')[1]
    assert "Tomme &lt;b&gt;longue&lt;/b&gt; " + "très " * 99 in variants  # whole, escaped
    assert "https://fromagerie.example/tomme" in variants and "#fromage" in variants
    assert f'id="review-{in_review.pk}-linkedin"' in variants and "Version LinkedIn" in variants
    assert f'id="note-{in_review.pk}"' in item
    assert 'data-action="approve"' in item and 'data-action="request_changes"' in item


def test_the_queue_costs_the_same_with_more_variants_and_media(
    strategy, make_post, set_policy, bob_approver, teammate
):
    set_policy("one")
    client = client_for(teammate)
    url = reverse("editorial:approvals", args=["fromagerie"])
    make_post(when=soon(), status=S.IN_REVIEW)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)
    few = count()
    for _ in range(3):
        make_post(when=soon(), status=S.IN_REVIEW, networks=("facebook", "linkedin"))
    assert count() == few


# --- Approving a dated post schedules it ----------------------------------------------


def test_approving_a_dated_post_schedules_it(in_review, bob_approver, teammate):
    response = client_for(teammate).post(
        reverse("editorial:transition", args=["fromagerie", in_review.pk, "approve"]),
        {"note": "Bon pour moi"},
        follow=True,
    )
    assert "Done: the post is approved and scheduled for its date." in response.content.decode()
    assert fresh(in_review).status == S.SCHEDULED
    planned = Publication.objects.filter(variant__post=in_review)
    assert [p.state for p in planned] == [PublicationState.PENDING]
    assert planned[0].due_at == in_review.scheduled_at
    events = AuditEvent.objects.filter(object_type="post", object_id=str(in_review.pk))
    steps = [(e.changes["transition"], e.changes["status"]) for e in events.order_by("pk")]
    assert steps == [
        ("approve", ["in_review", "approved"]),
        ("schedule", ["approved", "scheduled"]),
    ]
    assert all(e.actor == teammate for e in events)


def test_the_separate_scheduling_step_keeps_it_approved(in_review, bob_approver, workspace):
    Workspace.objects.filter(pk=workspace.pk).update(separate_scheduling=True)
    post = workflow.apply(Post.objects.get(pk=in_review.pk), "approve", bob_approver)
    assert post.status == S.APPROVED == fresh(in_review).status
    assert not Publication.objects.filter(variant__post=in_review).exists()


def test_a_post_that_cannot_be_scheduled_stays_approved_and_says_why(
    in_review, bob_approver, teammate, workspace
):
    """Not ready for X (no account, nothing in the strategy): approved all the same, and
    told what to do."""
    PostVariant.objects.create(post=in_review, network="x", text="Sur X", position=1)
    response = client_for(teammate).post(
        reverse("editorial:transition", args=["fromagerie", in_review.pk, "approve"]), follow=True
    )
    html = response.content.decode()
    assert "Done: the post is approved, but not scheduled yet: " in html
    assert fresh(in_review).status == S.APPROVED
    assert not Publication.objects.filter(variant__post=in_review).exists()
    assert Approval.objects.filter(post=in_review, decision="approved").count() == 1


def test_a_post_without_date_or_past_stays_approved(in_review, bob_approver):
    Post.objects.filter(pk=in_review.pk).update(scheduled_at=None)
    assert workflow.apply(fresh(in_review), "approve", bob_approver).status == S.APPROVED


def test_the_setting_on_the_organisation_page(owner, teammate, workspace, bob_approver):
    url = reverse("core:save_policy", args=[workspace.slug])
    page = client_for(owner).get(reverse("core:organisation", args=[workspace.slug]))
    assert "Separate scheduling step" in page.content.decode()
    data = {"approval_policy": "one", "sensitive_topics": "", "separate_scheduling": "on"}
    assert client_for(owner).post(url, data).status_code == 302
    assert fresh(workspace).separate_scheduling is True
    event = AuditEvent.objects.filter(object_type="workspace").latest("pk")
    assert event.changes["separate_scheduling"] == [False, True]
    assert client_for(teammate).post(url, {**data, "separate_scheduling": ""}).status_code == 404
    assert fresh(workspace).separate_scheduling is True
    html = client_for(teammate).get(reverse("core:organisation", args=[workspace.slug])).content
    assert b"Approved posts wait for an editor to schedule them." in html


# --- An approved post's edit passes the charter first -----------------------------------


def edit_data(post: Post, text: str) -> dict[str, object]:
    return {
        "tactic": str(post.tactic_id),
        "pillar": "",
        "title": post.title,
        "date": post.scheduled_at.date().isoformat(),
        "time": post.scheduled_at.strftime("%H:%M"),
        "networks": ["facebook"],
        "v-facebook-text": text,
        "v-facebook-link": "",
        "v-facebook-first_comment": "",
        "upload_everywhere": "on",
    }


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.APPROVED, S.SCHEDULED])
def test_an_edit_with_a_forbidden_word_is_refused_and_nothing_saved(
    status, strategy, tactic, make_post, owner_membership, owner
):
    save_charter(owner_membership, {"forbidden_words": "pas cher"}, {})
    post = make_post(tactic=tactic, when=soon(), status=status, text="Tomme affinée")
    audited = AuditEvent.objects.filter(object_type="post")
    before = (fresh(post).version, fresh(post).updated_at, audited.count())
    response = client_for(owner).post(post_url(post), edit_data(post, "Tomme PAS CHER du tout"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"The change was not saved: this post is {S(status).label.lower()}" in html
    assert "charter check found problems" in html
    post = fresh(post)
    assert post.status == status
    assert (post.version, post.updated_at, audited.count()) == before
    assert post.variants.get().text == "Tomme affinée"


def test_the_api_edit_is_refused_too(strategy, tactic, make_post, owner_membership, owner):
    save_charter(owner_membership, {"forbidden_words": "pas cher"}, {})
    post = make_post(tactic=tactic, when=soon(), status=S.SCHEDULED, text="Tomme affinée")
    response = client_for(owner).patch(
        f"/api/workspaces/fromagerie/posts/{post.pk}",
        {"variants": [{"network": "facebook", "text": "Pas cher !"}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "The change was not saved" in response.content.decode()
    assert fresh(post).status == S.SCHEDULED and fresh(post).variants.get().text == "Tomme affinée"


def test_a_clean_edit_goes_back_to_review(strategy, tactic, make_post, owner_membership, owner):
    save_charter(owner_membership, {"forbidden_words": "pas cher"}, {})
    post = make_post(tactic=tactic, when=soon(), status=S.APPROVED, text="Tomme affinée")
    assert (
        client_for(owner).post(post_url(post), edit_data(post, "Tomme de caractère")).status_code
        == 302
    )
    assert fresh(post).status == S.IN_REVIEW and fresh(post).version == 2


def test_a_draft_may_hold_a_forbidden_word_until_submitted(
    strategy, tactic, make_post, owner_membership
):
    save_charter(owner_membership, {"forbidden_words": "pas cher"}, {})
    post = make_post(tactic=tactic, when=soon(), text="Tomme affinée")
    data = service.PostInput(
        tactic=tactic,
        scheduled_at=post.scheduled_at,
        variants=[service.VariantInput(network="facebook", text="Pas cher")],
    )
    service.save_post(owner_membership, data, fresh(post))
    assert fresh(post).variants.get().text == "Pas cher"
    with pytest.raises(DomainError):
        workflow.apply(fresh(post), "submit", owner_membership)
