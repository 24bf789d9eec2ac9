"""The audit log: owners and managers only, a page at a time."""

from __future__ import annotations

from mostra.core.models import AuditEvent, Role
from mostra.core.services.workspaces import update_workspace
from tests.api.conftest import error_locs

AUDIT = "/workspaces/fromagerie/audit"


def _edits(owner, workspace, count: int) -> None:
    for n in range(count):
        update_workspace(owner, workspace, description=f"Version {n}")


def test_the_owner_reads_the_log_newest_first(
    alice, owner, workspace, django_assert_max_num_queries
):
    _edits(owner, workspace, 3)
    alice.get("/me")
    with django_assert_max_num_queries(4):
        response = alice.get(AUDIT)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4  # creation + three edits; nothing from Charlie's workspace
    assert (body["limit"], body["offset"]) == (50, 0)
    first = body["items"][0]
    assert first["action"] == "update"
    assert first["action_label"] == "Updated"
    assert first["actor"] == "alice@example.org"
    assert first["actor_id"] == owner.pk
    assert first["changes"] == {"description": ["Version 1", "Version 2"]}
    assert body["items"][-1]["action"] == "create"


def test_the_log_is_paginated(alice, owner, workspace):
    _edits(owner, workspace, 5)
    page = alice.get(AUDIT, limit=2, offset=1).json()
    assert page["count"] == 6
    assert [i["changes"]["description"][1] for i in page["items"]] == ["Version 3", "Version 2"]
    everything = alice.get(AUDIT).json()["items"]
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything[1:3]]


def test_the_log_filters_by_action_and_actor(alice, owner, teammate, workspace):
    _edits(owner, workspace, 2)
    assert alice.get(AUDIT, action="create").json()["count"] == 1
    assert alice.get(AUDIT, actor=owner.pk).json()["count"] == 3
    assert alice.get(AUDIT, actor=teammate.pk).json()["count"] == 0


def test_bad_paging_names_the_parameter(alice, workspace):
    response = alice.get(AUDIT, limit=0)
    assert response.status_code == 422
    assert error_locs(response) == [["query", "limit"]]
    assert error_locs(alice.get(AUDIT, limit=1000)) == [["query", "limit"]]
    assert error_locs(alice.get(AUDIT, offset=-1)) == [["query", "offset"]]
    assert error_locs(alice.get(AUDIT, action="coffee")) == [["query", "action"]]


def test_a_manager_reads_it_an_editor_does_not(bob, workspace, teammate_membership):
    assert bob.get(AUDIT).status_code == 404
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    assert bob.get(AUDIT).status_code == 200


def test_reading_the_log_writes_nothing(alice, workspace):
    count = AuditEvent.objects.count()
    alice.get(AUDIT)
    assert AuditEvent.objects.count() == count
