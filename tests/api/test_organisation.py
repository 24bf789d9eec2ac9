"""The organisation summary and the RACI matrix."""

from __future__ import annotations

import pytest

from mostra.core.models import AuditEvent, Membership, OrgLevel, Role
from mostra.core.services.organisation import current_matrix
from tests.api.conftest import error_locs


@pytest.fixture
def team(workspace, django_user_model) -> list[Membership]:
    return [
        Membership.objects.create(
            workspace=workspace,
            user=django_user_model.objects.create_user(f"m{n}@example.org", "x" * 12),
            role=Role.CONTRIBUTOR,
            is_approver=n % 2 == 0,
        )
        for n in range(6)
    ]


def test_organisation_shows_policy_sponsor_and_approvers(
    bob, workspace, teammate_membership, owner_membership, team, django_assert_max_num_queries
):
    owner_membership.is_approver = True
    owner_membership.save()
    teammate_membership.is_sponsor = True
    teammate_membership.title = "Head of marketing"
    teammate_membership.department = "Marketing"
    teammate_membership.org_level = OrgLevel.DIRECTOR
    teammate_membership.save()
    workspace.approval_policy = "one"
    workspace.sensitive_topics = "Prices\nStrikes"
    workspace.save()
    bob.get("/me")
    with django_assert_max_num_queries(3):
        response = bob.get("/workspaces/fromagerie/organisation")
    assert response.status_code == 200
    body = response.json()
    assert body["approval_policy"] == "one"
    assert body["required_approvals"] == 1
    assert body["sensitive_topics"] == ["Prices", "Strikes"]
    assert body["sponsor"] == {
        "id": teammate_membership.pk,
        "name": "Bob Durand",
        "title": "Head of marketing",
        "department": "Marketing",
        "org_level": "director",
    }
    assert len(body["approvers"]) == 4
    assert owner_membership.pk in {a["id"] for a in body["approvers"]}


def test_organisation_without_sponsor(alice, workspace):
    body = alice.get("/workspaces/fromagerie/organisation").json()
    assert body["sponsor"] is None
    assert body["approvers"] == []


RACI = "/workspaces/fromagerie/organisation/raci"


def test_raci_lists_activities_members_and_letters(
    bob, workspace, owner_membership, team, django_assert_max_num_queries
):
    bob.get("/me")
    with django_assert_max_num_queries(6):
        response = bob.get(RACI)
    assert response.status_code == 200
    body = response.json()
    assert [a["key"] for a in body["activities"]][:3] == ["strategy", "calendar", "writing"]
    assert body["activities"][0]["name"] == "Strategy"
    assert len(body["members"]) == 8
    # A new workspace makes its owner Accountable for everything.
    assert len(body["cells"]) == 10
    assert {(c["member"], c["letter"]) for c in body["cells"]} == {(owner_membership.pk, "A")}


def _cells(workspace, **overrides: list[tuple[int, str]]) -> list[dict]:
    """The current matrix as cells, with some activities' rows replaced."""
    cells = []
    for activity in workspace.activities.all():
        row = overrides.get(activity.key)
        if row is None:
            row = list(current_matrix(workspace)[activity.pk].items())
        cells += [{"activity": activity.pk, "member": m, "letter": letter} for m, letter in row]
    return cells


def test_the_owner_replaces_the_matrix(alice, workspace, owner_membership, teammate_membership):
    cells = _cells(workspace, writing=[(teammate_membership.pk, "A"), (owner_membership.pk, "C")])
    response = alice.put(RACI, {"cells": cells})
    assert response.status_code == 200
    writing = workspace.activities.get(key="writing")
    assert current_matrix(workspace)[writing.pk] == {
        teammate_membership.pk: "A",
        owner_membership.pk: "C",
    }
    returned = {
        (c["member"], c["letter"]) for c in response.json()["cells"] if c["activity"] == writing.pk
    }
    assert returned == {(teammate_membership.pk, "A"), (owner_membership.pk, "C")}
    assert AuditEvent.objects.filter(workspace=workspace, object_label="RACI matrix").exists()


def test_two_accountables_are_refused_and_nothing_changes(
    alice, workspace, owner_membership, teammate_membership
):
    before = current_matrix(workspace)
    events = AuditEvent.objects.count()
    cells = _cells(
        workspace,
        strategy=[(owner_membership.pk, "A"), (teammate_membership.pk, "A")],
        writing=[(teammate_membership.pk, "A")],
    )
    response = alice.put(RACI, {"cells": cells})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "cells"]
    assert "Strategy has 2 Accountables" in error["msg"]
    assert current_matrix(workspace) == before
    assert AuditEvent.objects.count() == events


def test_an_activity_without_accountable_is_named(alice, workspace, teammate_membership):
    before = current_matrix(workspace)
    cells = _cells(workspace, visuals=[(teammate_membership.pk, "R")], reporting=[])
    response = alice.put(RACI, {"cells": cells})
    assert response.status_code == 422
    messages = [e["msg"] for e in response.json()["detail"]]
    assert any(m.startswith("Visuals has no Accountable") for m in messages)
    assert any(m.startswith("Reporting has no Accountable") for m in messages)
    assert current_matrix(workspace) == before


def test_bad_cells_are_refused(alice, workspace, outsider):
    before = current_matrix(workspace)
    strategy = workspace.activities.get(key="strategy").pk
    cells = _cells(workspace)
    response = alice.put(
        RACI, {"cells": [*cells, {"activity": strategy, "member": 1, "letter": "X"}]}
    )
    assert response.status_code == 422
    assert ["body", "payload", "cells", len(cells), "letter"] in error_locs(response)

    stranger = Membership.objects.get(user=outsider)  # a member of Charlie's workspace
    response = alice.put(
        RACI, {"cells": [*cells, {"activity": strategy, "member": stranger.pk, "letter": "I"}]}
    )
    assert response.status_code == 422
    assert "unknown member" in response.json()["detail"][0]["msg"]

    response = alice.put(RACI, {"cells": [*cells, {**cells[0], "letter": "R"}]})
    assert response.status_code == 422
    assert error_locs(response) == [["body", "cells"]]

    foreign = outsider.memberships.get().workspace.activities.first().pk
    response = alice.put(
        RACI, {"cells": [*cells, {"activity": foreign, "member": 1, "letter": "R"}]}
    )
    assert response.status_code == 422
    assert current_matrix(workspace) == before
