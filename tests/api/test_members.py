"""Members and invitations."""

from __future__ import annotations

import pytest

from mostra.core.models import AuditEvent, Invitation, Membership, RaciAssignment, Role
from mostra.core.services.invitations import find_invitation
from tests.api.conftest import error_locs


@pytest.fixture
def crowd(workspace, django_user_model) -> list[Membership]:
    """Eight more members, to show that listing them costs no extra query each."""
    return [
        Membership.objects.create(
            workspace=workspace,
            user=django_user_model.objects.create_user(f"m{n}@example.org", "x" * 12),
            role=Role.VIEWER,
        )
        for n in range(8)
    ]


def members_path(workspace, member: Membership | None = None) -> str:
    path = f"/workspaces/{workspace.slug}/members"
    return f"{path}/{member.pk}" if member else path


def test_members_are_listed_with_their_place_in_the_organisation(
    bob, workspace, crowd, django_assert_max_num_queries
):
    bob.get("/me")
    with django_assert_max_num_queries(3):
        response = bob.get(members_path(workspace))
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 10
    alice = next(m for m in body if m["email"] == "alice@example.org")
    assert alice["name"] == "Alice Martin"
    assert alice["role"] == "owner"
    assert set(alice) == {
        "id",
        "user_id",
        "email",
        "name",
        "role",
        "is_approver",
        "is_sponsor",
        "title",
        "department",
        "org_level",
        "joined_at",
    }


def test_the_owner_changes_a_role_and_details(alice, workspace, teammate_membership):
    response = alice.patch(
        members_path(workspace, teammate_membership),
        {"role": "manager", "is_approver": True, "title": "Community manager"},
    )
    assert response.status_code == 200
    assert response.json()["role"] == "manager"
    teammate_membership.refresh_from_db()
    assert teammate_membership.role == Role.MANAGER
    assert teammate_membership.is_approver
    assert teammate_membership.title == "Community manager"
    change = AuditEvent.objects.get(workspace=workspace, action="role_change")
    assert change.changes == {"role": ["editor", "manager"]}


def test_the_last_owner_cannot_be_demoted(alice, workspace, owner_membership):
    events = AuditEvent.objects.count()
    response = alice.patch(members_path(workspace, owner_membership), {"role": "manager"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "role"]
    assert "last owner" in error["msg"]
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER
    assert AuditEvent.objects.count() == events


def test_a_manager_cannot_make_an_owner(bob, workspace, teammate_membership, owner_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    response = bob.patch(members_path(workspace, teammate_membership), {"role": "owner"})
    assert response.status_code == 422
    assert error_locs(response) == [["body"]]
    response = bob.patch(members_path(workspace, owner_membership), {"role": "viewer"})
    assert response.status_code == 422
    assert Membership.objects.filter(workspace=workspace, role=Role.OWNER).count() == 1
    teammate_membership.refresh_from_db()
    assert teammate_membership.role == Role.MANAGER


def test_malformed_member_changes_name_the_field(alice, workspace, teammate_membership):
    response = alice.patch(
        members_path(workspace, teammate_membership),
        {"role": "boss", "org_level": "galactic", "is_sponsor": "maybe"},
    )
    assert response.status_code == 422
    locs = error_locs(response)
    for field in ("role", "org_level", "is_sponsor"):
        assert ["body", "payload", field] in locs
    teammate_membership.refresh_from_db()
    assert teammate_membership.role == Role.EDITOR


def test_an_editor_cannot_change_anyone(bob, workspace, teammate_membership):
    response = bob.patch(members_path(workspace, teammate_membership), {"role": "owner"})
    assert response.status_code == 404
    teammate_membership.refresh_from_db()
    assert teammate_membership.role == Role.EDITOR


def test_the_owner_removes_a_member(alice, workspace, teammate_membership):
    assert alice.delete(members_path(workspace, teammate_membership)).status_code == 204
    assert not Membership.objects.filter(pk=teammate_membership.pk).exists()
    assert AuditEvent.objects.filter(workspace=workspace, action="delete").exists()


def test_a_member_may_leave_but_not_remove_others(
    bob, workspace, teammate_membership, owner_membership
):
    assert bob.delete(members_path(workspace, owner_membership)).status_code == 404
    assert Membership.objects.filter(pk=owner_membership.pk).exists()
    assert bob.delete(members_path(workspace, teammate_membership)).status_code == 204
    assert bob.get(f"/workspaces/{workspace.slug}").status_code == 404


def test_the_last_owner_cannot_leave(alice, workspace, owner_membership):
    response = alice.delete(members_path(workspace, owner_membership))
    assert response.status_code == 422
    assert "last owner" in response.json()["detail"][0]["msg"]
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_an_accountable_member_cannot_be_removed(alice, workspace, teammate_membership):
    activity = workspace.activities.get(key="writing")
    RaciAssignment.objects.filter(activity=activity).delete()
    RaciAssignment.objects.create(activity=activity, membership=teammate_membership, letter="A")
    response = alice.delete(members_path(workspace, teammate_membership))
    assert response.status_code == 422
    assert "Writing" in response.json()["detail"][0]["msg"]
    assert Membership.objects.filter(pk=teammate_membership.pk).exists()


def invitations_path(workspace) -> str:
    return f"/workspaces/{workspace.slug}/invitations"


def test_an_invitation_returns_its_link_once(alice, workspace):
    response = alice.post(
        invitations_path(workspace), {"email": "Dave@Example.org", "role": "contributor"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "dave@example.org"
    assert body["role"] == "contributor"
    assert body["is_pending"] is True
    assert body["created_by"] == "Alice Martin"
    assert "token_hash" not in body
    raw = body["url"].rstrip("/").rsplit("/", 1)[-1]
    assert find_invitation(raw).pk == body["id"]
    listed = alice.get(invitations_path(workspace)).json()
    assert [i["id"] for i in listed] == [body["id"]]
    assert "url" not in listed[0] and "token_hash" not in listed[0]
    assert raw not in alice.get(invitations_path(workspace)).content.decode()


def test_an_invitation_without_email_is_a_shareable_link(alice, workspace):
    response = alice.post(invitations_path(workspace), {})
    assert response.status_code == 201
    assert response.json()["role"] == "editor"
    assert "/invitations/" in response.json()["url"]


def test_invitation_errors_name_the_field(alice, bob, workspace, teammate_membership):
    response = alice.post(invitations_path(workspace), {"email": "not-an-address"})
    assert error_locs(response) == [["body", "payload", "email"]]
    response = alice.post(invitations_path(workspace), {"email": "bob@example.org"})
    assert response.status_code == 422
    assert error_locs(response) == [["body", "email"]]
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    response = bob.post(invitations_path(workspace), {"role": "owner"})
    assert response.status_code == 422
    assert error_locs(response) == [["body", "role"]]
    assert not Invitation.objects.exists()


def test_invitations_list_in_constant_queries(alice, workspace, django_assert_max_num_queries):
    for n in range(6):
        alice.post(invitations_path(workspace), {"email": f"guest{n}@example.org"})
    with django_assert_max_num_queries(3):
        response = alice.get(invitations_path(workspace))
    assert len(response.json()) == 6


def test_a_new_sponsor_replaces_the_previous_one(
    alice, workspace, owner_membership, teammate_membership
):
    owner_membership.is_sponsor = True
    owner_membership.save()
    response = alice.patch(
        members_path(workspace, teammate_membership),
        {"is_sponsor": True, "org_level": "executive", "department": "Board"},
    )
    assert response.status_code == 200
    assert list(workspace.memberships.filter(is_sponsor=True)) == [teammate_membership]
    sponsor = alice.get(f"/workspaces/{workspace.slug}/organisation").json()["sponsor"]
    assert (sponsor["id"], sponsor["org_level"]) == (teammate_membership.pk, "executive")


def test_a_refused_change_leaves_the_previous_sponsor(
    alice, workspace, owner_membership, teammate_membership
):
    teammate_membership.is_sponsor = True
    teammate_membership.save()
    # Alice, the last owner, cannot step down: the whole change is refused.
    response = alice.patch(
        members_path(workspace, owner_membership), {"is_sponsor": True, "role": "manager"}
    )
    assert response.status_code == 422
    teammate_membership.refresh_from_db()
    owner_membership.refresh_from_db()
    assert teammate_membership.is_sponsor
    assert not owner_membership.is_sponsor


def test_huge_ids_are_refused_cleanly(alice, workspace):
    big = 10**20
    assert alice.patch(f"/workspaces/fromagerie/members/{big}", {"title": "x"}).status_code == 404
    assert alice.get("/workspaces/fromagerie/audit", actor=big).status_code == 422
    level = workspace.crisis_levels.first().pk
    body = {"name": "", "response_minutes": 5, "first_actions": [], "responders": [big]}
    response = alice.put(f"/workspaces/fromagerie/crisis-levels/{level}", {**body, "triggers": []})
    assert error_locs(response) == [["body", "payload", "responders", 0]]
    trigger = {"kind": "press", "threshold": big, "window_hours": 1}
    response = alice.put(
        f"/workspaces/fromagerie/crisis-levels/{level}",
        {**body, "responders": [], "triggers": [trigger]},
    )
    assert error_locs(response) == [["body", "payload", "triggers", 0, "threshold"]]
