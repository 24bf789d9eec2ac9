from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role
from mostra.core.services import members


def test_owner_changes_a_role_and_it_is_audited(workspace, owner_client, teammate_membership):
    response = owner_client.post(
        f"/w/{workspace.slug}/members/{teammate_membership.pk}/",
        {
            "role": "manager",
            "is_approver": "on",
            "title": "Chargée de com",
            "department": "Com",
            "org_level": "staff",
        },
    )
    assert response.status_code == 302
    teammate_membership.refresh_from_db()
    assert teammate_membership.role == "manager"
    assert teammate_membership.is_approver
    event = AuditEvent.objects.get(workspace=workspace, action="role_change")
    assert event.changes == {"role": ["editor", "manager"]}


def test_last_owner_cannot_be_demoted(workspace, owner_client, owner_membership):
    response = owner_client.post(
        f"/w/{workspace.slug}/members/{owner_membership.pk}/",
        {"role": "manager", "org_level": "staff"},
    )
    assert response.status_code == 400
    assert "last owner" in response.content.decode()
    owner_membership.refresh_from_db()
    assert owner_membership.role == "owner"


def test_last_owner_cannot_be_removed_or_leave(workspace, owner_client, owner_membership):
    owner_client.post(f"/w/{workspace.slug}/members/{owner_membership.pk}/remove/")
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_manager_cannot_touch_owners(workspace, owner_membership, teammate_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    with pytest.raises(DomainError, match="Only an owner"):
        members.update_member(teammate_membership, owner_membership, role=Role.VIEWER)
    with pytest.raises(DomainError, match="Only an owner"):
        members.update_member(teammate_membership, teammate_membership, role=Role.OWNER)


def test_editor_cannot_manage_members(workspace, teammate_client, owner_membership):
    response = teammate_client.post(
        f"/w/{workspace.slug}/members/{owner_membership.pk}/", {"role": "viewer"}
    )
    assert response.status_code == 404
    owner_membership.refresh_from_db()
    assert owner_membership.role == "owner"


def test_member_can_leave(workspace, teammate_client, teammate_membership):
    response = teammate_client.post(f"/w/{workspace.slug}/members/{teammate_membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=teammate_membership.pk).exists()


def test_accountable_member_cannot_be_removed(workspace, owner_membership, teammate_membership):
    activity = workspace.activities.first()
    activity.assignments.update(membership=teammate_membership)
    with pytest.raises(DomainError, match="Accountable for"):
        members.remove_member(owner_membership, teammate_membership)
    assert Membership.objects.filter(pk=teammate_membership.pk).exists()


def test_needed_approver_cannot_be_unmarked(workspace, owner_membership, teammate_membership):
    teammate_membership.is_approver = True
    teammate_membership.save()
    workspace.approval_policy = "one"
    workspace.save()
    with pytest.raises(DomainError, match="approval policy needs"):
        members.update_member(owner_membership, teammate_membership, is_approver=False)
    teammate_membership.refresh_from_db()
    assert teammate_membership.is_approver
