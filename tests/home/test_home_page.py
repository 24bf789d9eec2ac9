"""The workspace's home page (/w/<slug>/): what needs me, for each member.

Alice owns the workspace (editor rights and more), Bob is an editor and approver, Dana a
second approver, Vera a viewer, Colin a contributor, Charlie an outsider.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mostra.analytics.models import Measurement
from mostra.core.models import Membership, Role, User
from mostra.editorial.models import Approval, Decision, PostStatus
from mostra.notifications.models import Kind, Notification
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.strategy.models import Objective, StrategyProfile
from tests.conftest import PASSWORD, client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon
from tests.publishing.fake_network import connect

S = PostStatus


def home_of(user, workspace) -> str:
    response = client_for(user).get(reverse("core:workspace", args=[workspace.slug]))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, section_id: str) -> str:
    """The HTML of one section of the page ("" when it is not there)."""
    start = html.find(f'id="{section_id}"')
    if start < 0:
        return ""
    return html[start : html.find("</section>", start)]


@pytest.fixture
def colin(workspace) -> Membership:
    user = User.objects.create_user("colin@example.org", PASSWORD, display_name="Colin Fort")
    return Membership.objects.create(workspace=workspace, user=user, role=Role.CONTRIBUTOR)


def fail(post, account, state=PublicationState.FAILED, message="The token was revoked"):
    variant = post.variants.first()
    return Publication.objects.create(
        variant=variant,
        account=account,
        state=state,
        due_at=post.scheduled_at or timezone.now(),
        next_attempt_at=timezone.now(),
        error_message=message,
    )


def test_members_see_it_outsiders_do_not(workspace, owner, teammate, outsider):
    url = reverse("core:workspace", args=[workspace.slug])
    assert url == f"/w/{workspace.slug}/"
    page = home_of(owner, workspace)
    assert "<h1>Fromagerie du Lac</h1>" in page and 'id="next-days"' in page
    assert client_for(teammate).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
    assert "Other brand" not in home_of(teammate, workspace)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_new_workspace_says_what_to_do_first(workspace, owner, teammate, viewer):
    steps = section(home_of(owner, workspace), "first-steps")
    assert f'href="/w/{workspace.slug}/strategy/">Define your mission' in steps
    assert f'href="/w/{workspace.slug}/accounts/">Connect an account' in steps
    assert f'href="/w/{workspace.slug}/posts/new/">Write your first post' in steps
    # An editor writes posts but neither the mission nor the accounts; a viewer nothing.
    steps = section(home_of(teammate, workspace), "first-steps")
    assert "posts/new/" in steps and "strategy/" not in steps and "accounts/" not in steps
    assert "an owner or a manager does this" in steps
    steps = section(home_of(viewer.user, workspace), "first-steps")
    assert "Write your first post" in steps and "href" not in steps
    # Each step done is ticked; all done, the card goes.
    StrategyProfile.objects.create(workspace=workspace, vision="Faire aimer le lait cru")
    steps = section(home_of(owner, workspace), "first-steps")
    assert "Mission defined" in steps and "Connect an account" in steps
    connect(workspace)
    StrategyProfile.objects.filter(workspace=workspace).update(vision="")
    steps = section(home_of(owner, workspace), "first-steps")
    assert "Define your mission" in steps and "Account connected" in steps


def test_the_first_steps_go_once_done(workspace, owner, make_post):
    StrategyProfile.objects.create(workspace=workspace, vision="Faire aimer le lait cru")
    connect(workspace)
    make_post(title="Tomme d'hiver")
    assert 'id="first-steps"' not in home_of(owner, workspace)


def test_the_approver_sees_what_waits_for_him_and_others_do_not(
    workspace, owner, teammate, bob_approver, make_post, set_policy, colin, viewer
):
    set_policy("one")
    make_post(title="Plateau <b>d'été</b>", when=soon(), status=S.IN_REVIEW)
    make_post(title="Brouillon", when=soon())
    make_post(title="Mon post", when=soon(), status=S.IN_REVIEW, author=bob_approver)
    page = home_of(teammate, workspace)
    waiting = section(page, "waiting-approval")
    assert "Plateau &lt;b&gt;d&#x27;été&lt;/b&gt;" in waiting  # escaped
    assert "Alice Martin" in waiting
    assert "Brouillon" not in waiting and "Mon post" not in waiting  # not his to approve
    assert '<span class="count">1</span>' in waiting
    assert f'href="/w/{workspace.slug}/approvals/"' in waiting
    assert "1 thing needs you." in page
    # Who does not approve has no such section.
    for user in (owner, colin.user, viewer.user):
        assert 'id="waiting-approval"' not in home_of(user, workspace)


def test_nothing_waits_says_so(workspace, teammate, bob_approver):
    waiting = section(home_of(teammate, workspace), "waiting-approval")
    assert "Nothing waits for your decision." in waiting


def test_my_posts_sent_back_with_the_reviewer_s_latest_note(
    workspace, owner, teammate, bob_approver, dana, make_post, colin, viewer
):
    post = make_post(title="Tomme d'hiver", when=soon(), status=S.CHANGES_REQUESTED)
    Approval.objects.create(
        post=post,
        approver=dana.user,
        version=1,
        decision=Decision.CHANGES_REQUESTED,
        note="Trop long",
    )
    Approval.objects.create(
        post=post,
        approver=teammate,
        version=2,
        decision=Decision.CHANGES_REQUESTED,
        note="Ajoute le prix <b>au kilo</b>",
    )
    make_post(title="Celui de Bob", status=S.CHANGES_REQUESTED, author=bob_approver)
    make_post(title="En relecture", status=S.IN_REVIEW)
    sent_back = section(home_of(owner, workspace), "sent-back")
    assert "Tomme d&#x27;hiver" in sent_back and f"/posts/{post.pk}/" in sent_back
    assert "Ajoute le prix &lt;b&gt;au kilo&lt;/b&gt;" in sent_back  # the latest, escaped
    assert "Trop long" not in sent_back
    assert "Asked by Bob Durand" in sent_back
    assert "Celui de Bob" not in sent_back and "En relecture" not in sent_back
    assert "Celui de Bob" in section(home_of(teammate, workspace), "sent-back")
    colins = section(home_of(colin.user, workspace), "sent-back")
    assert "None of your posts was sent back." in colins
    assert 'id="sent-back"' not in home_of(viewer.user, workspace)  # writes no post


def test_failed_publications_for_who_can_act(workspace, owner, teammate, make_post, colin, viewer):
    account = connect(workspace)
    alices = make_post(title="Tomme d'hiver", when=soon(-1), status=S.FAILED)
    fail(alices, account, message="Le jeton a été <b>révoqué</b>")
    colins = make_post(title="Fête du village", when=soon(-1), status=S.FAILED, author=colin)
    fail(colins, account, state=PublicationState.UNKNOWN)
    old = make_post(title="Vieille histoire", when=soon(-30), status=S.FAILED)
    Publication.objects.filter(pk=fail(old, account).pk).update(
        updated_at=timezone.now() - dt.timedelta(days=20)
    )
    done = make_post(title="Tout va bien", when=soon(-1), status=S.PUBLISHED)
    fail(done, account, state=PublicationState.PUBLISHED)

    failed = section(home_of(teammate, workspace), "failed-publications")  # an editor
    assert "Tomme d&#x27;hiver" in failed and "Fête du village" in failed
    assert f"/posts/{alices.pk}/#publications" in failed
    assert "Le jeton a été &lt;b&gt;révoqué&lt;/b&gt;" in failed
    assert "Outcome unknown" in failed and "fromagerie.fakenet" in failed
    assert "Vieille histoire" not in failed and "Tout va bien" not in failed
    assert '<span class="count err">2</span>' in failed
    # A contributor sees the failures of their own posts; a viewer none.
    failed = section(home_of(colin.user, workspace), "failed-publications")
    assert "Fête du village" in failed and "Tomme" not in failed
    assert 'id="failed-publications"' not in home_of(viewer.user, workspace)


def due_by_hand(post, responsible, stage="due"):
    account, _new = SocialAccount.objects.get_or_create(
        workspace=post.workspace,
        network="x",
        handle=f"lac-{responsible.pk if responsible else 0}",
        defaults={"external_id": "by-hand:lac", "by_hand": True, "responsible": responsible},
    )
    now = timezone.now()
    return Publication.objects.create(
        variant=post.variants.first(),
        account=account,
        state=PublicationState.MANUAL_DUE,
        due_at=now,
        next_attempt_at=now,
        manual_since=now,
        manual_stage=stage,
    )


def test_publications_by_hand_due_for_their_responsible_and_the_managers(
    workspace, owner, teammate, make_post, colin, viewer
):
    bobs = due_by_hand(make_post(title="Pour Bob", networks=("x",), when=soon(0)), teammate)
    late = due_by_hand(
        make_post(title="En retard", networks=("x",), when=soon(0)), teammate, "escalated"
    )
    mine = section(home_of(teammate, workspace), "by-hand")  # Bob, the responsible
    assert "Pour Bob" in mine and "En retard" in mine and "Escalated" in mine
    assert f'href="/w/{workspace.slug}/publications/{bobs.pk}/by-hand/"' in mine
    assert '<span class="count err">2</span>' in mine
    alices = section(home_of(owner, workspace), "by-hand")  # the owner: the escalated one
    assert "En retard" in alices and "Pour Bob" not in alices
    assert f"/publications/{late.pk}/by-hand/" in alices
    for member in (colin, viewer):  # they do not publish
        assert 'id="by-hand"' not in home_of(member.user, workspace)


def test_the_next_seven_days_in_the_workspace_s_time_zone(workspace, owner, make_post):
    now = timezone.now()
    paris = dt.timezone(dt.timedelta(hours=1))
    tomorrow = (now.astimezone(paris) + dt.timedelta(days=1)).replace(hour=9, minute=30)
    make_post(title="Demain matin", when=tomorrow)
    make_post(title="Dans huit jours", when=tomorrow + dt.timedelta(days=8))
    make_post(title="Sans date")
    days = section(home_of(owner, workspace), "next-days")
    assert "Demain matin" in days and "09:30" in days
    assert "Dans huit jours" not in days and "Sans date" not in days
    assert '<span class="count">1</span>' in days
    assert f'href="/w/{workspace.slug}/calendar/list/"' in days


def test_objectives_status_and_the_latest_kpis(workspace, owner, teammate):
    today = timezone.localdate()
    Objective.objects.create(
        workspace=workspace,
        key="o-inscriptions",
        title="Remplir l'atelier",
        axis="conversion",
        kpi="registrations",
        baseline_value=0,
        target_value=100,
        start=today - dt.timedelta(days=10),
        deadline=today - dt.timedelta(days=1),
    )
    Objective.objects.create(
        workspace=workspace,
        key="o-portee",
        title="Se faire connaître",
        axis="awareness",
        kpi="reach",
        networks=["instagram"],
        target_value=1000,
    )
    Measurement.objects.create(workspace=workspace, kpi="registrations", date=today, value=120)
    Measurement.objects.create(
        workspace=workspace, kpi="leads", date=today - dt.timedelta(days=2), value=7
    )
    page = home_of(teammate, workspace)
    objectives = section(page, "objectives")
    assert "Remplir l&#x27;atelier" in objectives and "On track" in objectives
    assert "120% of the way" in objectives
    assert "Se faire connaître" in objectives and "Missing data" in objectives
    assert f'href="/w/{workspace.slug}/analytics/objectives/"' in objectives
    kpis = section(page, "kpis")
    assert "Registrations" in kpis and "120" in kpis and "Leads" in kpis and ">7<" in kpis


def test_no_objective_says_where_to_set_them(workspace, owner, viewer):
    assert "strategy/" in section(home_of(owner, workspace), "objectives")
    objectives = section(home_of(viewer.user, workspace), "objectives")
    assert "No objective yet." in objectives and "href" not in objectives


def test_my_unread_notifications(workspace, owner, teammate, make_post):
    post = make_post(title="Tomme <i>d'hiver</i>")
    Notification.objects.create(
        workspace=workspace,
        recipient=owner,
        kind=Kind.POST_SENT_BACK,
        post=post,
        params={"actor": "Bob Durand", "note": "Plus court"},
    )
    Notification.objects.create(
        workspace=workspace,
        recipient=owner,
        kind=Kind.POST_APPROVED,
        post=post,
        params={"actor": "Bob Durand"},
        read_at=timezone.now(),
    )
    Notification.objects.create(
        workspace=workspace,
        recipient=teammate,
        kind=Kind.MENTIONED,
        post=post,
        params={"actor": "Alice Martin"},
    )
    mine = section(home_of(owner, workspace), "notifications")
    assert "Bob Durand sent “Tomme &lt;i&gt;d&#x27;hiver&lt;/i&gt;” back for changes." in mine
    assert f'href="/w/{workspace.slug}/posts/{post.pk}/"' in mine
    assert "approved" not in mine and "mentioned" not in mine  # read; Bob's
    assert '<span class="count">1</span>' in mine
    assert f'href="/w/{workspace.slug}/notifications/"' in mine
    assert "mentioned you" in section(home_of(teammate, workspace), "notifications")
    Notification.objects.filter(recipient=owner).update(read_at=timezone.now())
    assert "You have read every notification." in home_of(owner, workspace)


def test_the_organisation_is_a_link_away(workspace, owner):
    team = section(home_of(owner, workspace), "organisation-card")
    assert "2 members" in team
    assert f'href="/w/{workspace.slug}/organisation/"' in team
    assert f'href="/w/{workspace.slug}/crisis/"' in team


def build(workspace, make_post, dana, account, count: int) -> None:
    """``count`` of everything: posts waiting for Dana, hers sent back and failed,
    objectives on a recorded KPI with their values, notifications for her."""
    for _i in range(count):
        post = make_post(title="En relecture", when=soon(1), status=S.IN_REVIEW)
        make_post(title="Renvoyé", status=S.CHANGES_REQUESTED, author=dana)
        fail(make_post(title="Raté", when=soon(-1), status=S.FAILED, author=dana), account)
        Objective.objects.create(
            workspace=workspace,
            key=f"o-{post.pk}",
            title=f"Objectif {post.pk}",
            axis="conversion",
            kpi="registrations",
            target_value=100,
        )
        Measurement.objects.create(
            workspace=workspace,
            kpi="registrations",
            date=timezone.localdate() - dt.timedelta(days=post.pk),
            value=post.pk,
        )
        Notification.objects.create(
            workspace=workspace, recipient=dana.user, kind=Kind.APPROVAL_REQUESTED, post=post
        )
        due_by_hand(make_post(title="À la main", networks=("x",)), dana.user)


def test_the_number_of_queries_does_not_grow_with_posts_or_objectives(
    workspace, make_post, dana, set_policy
):
    set_policy("one")
    account = connect(workspace)
    client = client_for(dana.user)
    url = reverse("core:workspace", args=[workspace.slug])
    build(workspace, make_post, dana, account, 2)
    client.get(url)  # the session warm
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert '<span class="count">2</span>' in section(page, "waiting-approval")
    build(workspace, make_post, dana, account, 6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert '<span class="count">8</span>' in section(page, "waiting-approval")
    assert '<span class="count">8</span>' in section(page, "sent-back")
    assert '<span class="count err">8</span>' in section(page, "failed-publications")
    assert '<span class="count">8</span>' in section(page, "objectives")
    assert '<span class="count">8</span>' in section(page, "next-days")
    assert '<span class="count">8</span>' in section(page, "notifications")
    assert '<span class="count err">8</span>' in section(page, "by-hand")
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]
