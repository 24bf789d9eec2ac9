"""The demo workspace: a realistic French organisation, identical on every run."""

from __future__ import annotations

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
