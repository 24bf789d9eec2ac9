"""The demo workspace: a realistic French organisation, identical on every run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from mostra.core import demo
from mostra.core.models import (
    AuditAction,
    AuditEvent,
    Membership,
    OrgLevel,
    RaciAssignment,
    Role,
    User,
    Workspace,
)
from mostra.core.services.organisation import validate_matrix
from mostra.strategy import catalogue
from mostra.strategy import demo as strategy_demo
from mostra.strategy.document import reference_errors
from mostra.strategy.services.export import export_document


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_superuser("admin@mostra.local", "admin password 42")


def snapshot(workspace: Workspace) -> dict:
    """Everything the demo defines, by stable keys (no ids, no dates)."""
    members = {
        m.user.email: (m.role, m.is_approver, m.is_sponsor, m.title, m.department, m.org_level)
        for m in workspace.memberships.select_related("user")
    }
    raci = {
        (cell.activity.key, cell.membership.user.email): cell.letter
        for cell in RaciAssignment.objects.filter(activity__workspace=workspace).select_related(
            "activity", "membership__user"
        )
    }
    levels = [
        (
            level.key,
            level.rank,
            level.response_minutes,
            level.first_actions,
            sorted(level.responders.values_list("user__email", flat=True)),
            sorted((t.kind, t.threshold, t.window_hours) for t in level.triggers.all()),
        )
        for level in workspace.crisis_levels.all()
    ]
    return {
        "workspace": (
            workspace.slug,
            workspace.name,
            workspace.description,
            workspace.approval_policy,
            workspace.sensitive_topics,
            workspace.country,
            workspace.timezone,
        ),
        "members": members,
        "raci": raci,
        "levels": levels,
        "strategy": export_document(workspace).model_dump(mode="json"),
    }


def test_the_demo_is_a_french_bicycle_workshop_owned_by_the_admin(admin):
    workspace = demo.build_demo(admin)
    assert workspace.slug == "demo"
    assert workspace.name == "Atelier Vélo Solidaire"
    assert "Lyon" in workspace.description
    owner = workspace.memberships.get(role=Role.OWNER)
    assert owner.user == admin
    assert workspace.memberships.count() == 1 + len(demo.DEMO_MEMBERS) == 6


def test_the_team_has_its_titles_roles_sponsor_and_approver(admin):
    workspace = demo.build_demo(admin)
    team = {m.user.email: m for m in workspace.memberships.select_related("user")}
    for member in demo.DEMO_MEMBERS:
        membership = team[member.email]
        assert membership.user.email.endswith("@demo.mostra.local")
        assert membership.user.display_name == member.name
        assert (membership.role, membership.title) == (member.role, member.title)
    roles = sorted(m.role for m in team.values())
    assert roles == sorted(
        [Role.OWNER, Role.MANAGER, Role.EDITOR, Role.CONTRIBUTOR, Role.VIEWER, Role.VIEWER]
    )
    sponsor = workspace.memberships.get(is_sponsor=True)
    assert sponsor.title == "Directrice"
    assert sponsor.org_level == OrgLevel.EXECUTIVE
    approver = workspace.memberships.get(is_approver=True)
    assert approver.role == Role.MANAGER
    assert approver.title.startswith("Responsable communication")


def test_the_policy_needs_one_approver_and_names_sensitive_topics(admin):
    workspace = demo.build_demo(admin)
    assert workspace.approval_policy == "one"
    assert workspace.required_approvals == 1
    assert {"tarifs", "accidents", "subventions"} <= set(workspace.sensitive_topic_list)


def test_the_raci_matrix_has_exactly_one_accountable_per_activity(admin):
    workspace = demo.build_demo(admin)
    activities = list(workspace.activities.all())
    assert len(activities) == 10
    for activity in activities:
        letters = list(activity.assignments.values_list("letter", flat=True))
        assert letters.count("A") == 1, activity.key
    matrix = {a.pk: dict(a.assignments.values_list("membership_id", "letter")) for a in activities}
    assert validate_matrix(workspace, matrix) == []
    snap = snapshot(workspace)
    assert snap["raci"][("strategy", "claire.fournier@demo.mostra.local")] == "A"
    assert snap["raci"][("crisis", "claire.fournier@demo.mostra.local")] == "A"
    assert snap["raci"][("publishing", "julien.morel@demo.mostra.local")] == "A"
    assert snap["raci"][("visuals", "lucas.girard@demo.mostra.local")] == "R"


def test_every_crisis_level_has_responders_actions_and_triggers(admin):
    workspace = demo.build_demo(admin)
    levels = list(workspace.crisis_levels.all())
    assert [lvl.key for lvl in levels] == ["watch", "incident", "alert", "crisis", "major_crisis"]
    minutes = [lvl.response_minutes for lvl in levels]
    assert minutes == sorted(minutes, reverse=True)  # The higher the level, the faster.
    for level in levels:
        assert level.responders.exists(), level.key
        assert level.first_action_list, level.key
        assert level.triggers.exists(), level.key
    top = levels[-1]
    assert top.responders.filter(is_sponsor=True).exists()


def test_demo_members_cannot_log_in(admin):
    demo.build_demo(admin)
    for member in demo.DEMO_MEMBERS:
        user = User.objects.get(email=member.email)
        assert not user.has_usable_password()
        assert not user.is_superuser and not user.is_staff
        assert not Client().login(username=member.email, password="")


def test_the_demo_s_made_up_team_joining_notifies_nobody(admin, django_capture_on_commit_callbacks):
    from mostra.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        demo.build_demo(admin)
    assert not Notification.objects.filter(kind="invitation_accepted").exists()


def test_the_demo_was_built_through_the_audited_services(admin):
    workspace = demo.build_demo(admin)
    actions = set(AuditEvent.objects.for_workspace(workspace).values_list("action", flat=True))
    assert {AuditAction.CREATE, AuditAction.INVITE, AuditAction.JOIN, AuditAction.UPDATE} <= actions
    joins = AuditEvent.objects.filter(workspace=workspace, action=AuditAction.JOIN)
    assert joins.count() == len(demo.DEMO_MEMBERS)
    assert AuditEvent.objects.filter(
        workspace=workspace,
        action=AuditAction.UPDATE,
        object_label__in=["Matrice RACI", "RACI matrix"],
    ).exists()


def test_the_demo_is_deterministic_and_reset_is_idempotent(admin):
    first = snapshot(demo.build_demo(admin))
    second = snapshot(demo.reset_demo(admin))
    third = snapshot(demo.reset_demo(admin))
    assert first == second == third
    assert Workspace.objects.filter(slug="demo").count() == 1
    assert User.objects.filter(email__endswith="@demo.mostra.local").count() == len(
        demo.DEMO_MEMBERS
    )
    assert Membership.objects.filter(workspace__slug="demo").count() == 6


def test_ensure_demo_leaves_an_existing_demo_alone(admin):
    workspace, created = demo.ensure_demo(admin)
    assert created
    workspace.name = "Renamed by the team"
    workspace.save()
    again, created = demo.ensure_demo(admin)
    assert not created
    assert again.pk == workspace.pk and again.name == "Renamed by the team"


def test_reset_restores_a_demo_user_changed_by_hand(admin):
    demo.build_demo(admin)
    user = User.objects.get(email=demo.DEMO_MEMBERS[0].email)
    user.display_name = "Someone else"
    user.set_password("a password to log in")
    user.save()
    demo.reset_demo(admin)
    user.refresh_from_db()
    assert user.display_name == demo.DEMO_MEMBERS[0].name
    assert not user.has_usable_password()


def test_the_demo_lives_beside_other_workspaces(admin, workspace):
    built = demo.build_demo(admin)
    assert Workspace.objects.count() == 3
    assert not built.memberships.filter(user__email__endswith="@example.org").exists()


# --- The strategy --------------------------------------------------------------------

MANAGER = "julien.morel@demo.mostra.local"


def test_the_demo_has_a_mission_and_a_capacity(admin):
    doc = export_document(demo.build_demo(admin))
    assert "Lyon" in doc.mission.vision and "réparé" in doc.mission.vision
    assert doc.capacity.posts_per_week == 8
    assert [m.network for m in doc.mission.networks] == [
        "facebook",
        "instagram",
        "linkedin",
        "youtube",
    ]
    for mission in doc.mission.networks:
        assert mission.why and mission.behaviour, mission.network
        assert None not in (
            mission.audience_present,
            mission.competitors_present,
            mission.partners_present,
            mission.active,
        ), mission.network


def test_the_demo_targets_are_ranked_and_typed(admin):
    doc = export_document(demo.build_demo(admin))
    assert [(t.name, t.priority) for t in doc.priority_targets()] == [
        ("Cyclistes du quotidien lyonnais", 1),
        ("Entreprises RSE du territoire", 2),
        ("Collectivités et financeurs", 3),
    ]
    cyclists = doc.target("t-cyclistes-quotidien")
    assert (cyclists.kind, cyclists.typology) == ("direct", "collective")
    assert cyclists.segments.age == ["25-34", "30-49"] and cyclists.segments.country == "FR"
    assert set(cyclists.behaviour) == {"instagram", "facebook"} and cyclists.evidence
    assert doc.target("t-collectivites-financeurs").kind == "indirect"
    influencers = doc.target("t-velotafeurs-influents")
    assert (influencers.typology, influencers.priority) == ("individual", None)


def test_the_demo_platforms_have_their_stages(admin):
    doc = export_document(demo.build_demo(admin))
    assert [(p.network, p.stage, p.present_since) for p in doc.platforms] == [
        ("facebook", "established", dt.date(2019, 3, 1)),
        ("instagram", "established", dt.date(2021, 5, 1)),
        ("linkedin", "launching", dt.date(2026, 8, 1)),
        ("youtube", "candidate", None),
    ]


def test_the_demo_objectives_cover_the_three_axes(admin):
    doc = export_document(demo.build_demo(admin))
    assert {o.axis for o in doc.objectives} == {"awareness", "liking", "action"}
    sound = [o for o in doc.objectives if o.id != strategy_demo.FLAWED_OBJECTIVE]
    assert len(sound) == 4
    for o in sound:
        assert o.kpi in catalogue.KPIS and o.baseline and o.baseline.source, o.id
        assert o.target is not None and o.target > o.baseline.value, o.id
        assert o.start == dt.date(2026, 12, 1), o.id
        assert o.deadline and o.deadline <= dt.date(2027, 8, 31), o.id
        assert o.owner == MANAGER and o.targets and o.alignment and o.description, o.id
        assert doc.tactics_of_objective(o.id), o.id
        # Achievable without history: at most 10 % growth a month, compounded.
        months = (o.deadline.year - o.start.year) * 12 + o.deadline.month - o.start.month + 1
        assert (o.target / o.baseline.value) ** (1 / months) - 1 <= 0.10, o.id


def test_the_demo_plan_uses_owned_channels_paid_boosts_and_slots(admin):
    doc = export_document(demo.build_demo(admin))
    funnel = next(s for s in doc.strategies if s.id == "s-parcours-inscription")
    assert {"blog", "formulaire de contact"} <= set(funnel.owned_channels)
    boosts = [s for s in doc.strategies if s.paid]
    assert [s.id for s in boosts] == ["s-boosts-facebook"]
    assert {x.strategy for x in doc.tactics} == {s.id for s in doc.strategies}
    reels = next(x for x in doc.tactics if x.id == "k-reels-avant-apres")
    assert (reels.formats, reels.per_week) == (["reel"], 2)
    assert reels.slots[0].model_dump() == {"day": "tue", "time": "10:00", "network": "instagram"}
    for tactic in doc.tactics:
        assert tactic.networks and tactic.formats and tactic.slots and tactic.targets, tactic.id
        assert all(doc.platform(n).stage != "candidate" for n in tactic.networks), tactic.id
    assert sum(x.per_week for x in doc.tactics) <= doc.capacity.posts_per_week
    assert reference_errors(doc) == []


def test_the_flawed_objective_is_wrong_in_the_ways_the_lint_shows(admin):
    doc = export_document(demo.build_demo(admin))
    flawed = next(o for o in doc.objectives if o.id == strategy_demo.FLAWED_OBJECTIVE)
    assert (flawed.axis, flawed.networks, flawed.deadline) == ("action", ["linkedin"], None)
    assert catalogue.KPIS[flawed.kpi].direction == "up"
    assert flawed.target < flawed.baseline.value
    assert doc.platform("linkedin").stage == "launching"


def test_the_strategy_was_built_through_the_audited_services(admin):
    workspace = demo.build_demo(admin)
    created = AuditEvent.objects.filter(workspace=workspace, action=AuditAction.CREATE)
    kinds = set(created.values_list("object_type", flat=True))
    assert {"strategyprofile", "target", "platform", "objective", "strategy", "tactic"} <= kinds
    assert created.filter(object_type="tactic").count() == len(strategy_demo.TACTICS)


def test_the_lint_finds_errors_only_on_the_flawed_objective(admin):
    from mostra.strategy.checks.context import context_for_workspace
    from mostra.strategy.checks.lint import lint

    workspace = demo.build_demo(admin)
    ctx = context_for_workspace(workspace, today=strategy_demo.WRITTEN_ON)
    findings = lint(export_document(workspace), ctx)
    errors = [f for f in findings if f.severity == "error"]
    assert {f.ref for f in errors} == {strategy_demo.FLAWED_OBJECTIVE}
    codes = {f.code for f in findings if f.ref == strategy_demo.FLAWED_OBJECTIVE}
    assert {
        "objective-no-deadline",
        "objective-wrong-direction",
        "objective-action-new-account",
    } <= codes
