"""GET/POST /workspaces and GET/PATCH/DELETE /workspaces/{slug}."""

from __future__ import annotations

from mostra.core.models import AuditEvent, Membership, Role, Workspace
from mostra.core.services.workspaces import create_workspace
from tests.api.conftest import error_locs


def test_list_shows_only_my_workspaces_with_my_role(alice, bob, charlie, workspace):
    assert [(w["slug"], w["role"]) for w in alice.get("/workspaces").json()] == [
        ("fromagerie", "owner")
    ]
    assert [(w["slug"], w["role"]) for w in bob.get("/workspaces").json()] == [
        ("fromagerie", "editor")
    ]
    assert [w["slug"] for w in charlie.get("/workspaces").json()] == ["other-brand"]


def test_list_costs_the_same_queries_however_many_workspaces(
    alice, owner, workspace, django_assert_max_num_queries
):
    for n in range(5):
        create_workspace(owner, f"Brand {n}")
    alice.get("/me")
    with django_assert_max_num_queries(2):
        response = alice.get("/workspaces")
    assert len(response.json()) == 6


def test_get_one_workspace(bob, workspace):
    body = bob.get("/workspaces/fromagerie").json()
    assert body["name"] == "Fromagerie du Lac"
    assert body["approval_policy"] == "none"
    assert body["timezone"] == "Europe/Paris"
    assert body["role"] == "editor"


def test_create_makes_me_owner_of_a_ready_workspace(charlie, outsider, workspace):
    response = charlie.post(
        "/workspaces",
        {
            "name": "Café Noir",
            "country": "be",
            "timezone": "Europe/Brussels",
            "sensitive_topics": ["Prices", " ", "Strikes"],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "cafe-noir"
    assert body["role"] == "owner"
    assert body["country"] == "BE"
    assert body["sensitive_topics"] == ["Prices", "Strikes"]
    ws = Workspace.objects.get(slug="cafe-noir")
    assert Membership.objects.get(workspace=ws, user=outsider).role == Role.OWNER
    assert ws.activities.count() == 10 and ws.crisis_levels.count() == 5
    assert AuditEvent.objects.filter(workspace=ws, action="create").exists()


def test_create_refuses_a_taken_short_name(alice, workspace):
    response = alice.post("/workspaces", {"name": "Copy", "slug": "other-brand"})
    assert response.status_code == 422
    assert error_locs(response) == [["body", "slug"]]
    assert Workspace.objects.filter(name="Copy").count() == 0


def test_create_names_the_malformed_fields(alice, workspace):
    response = alice.post("/workspaces", {"timezone": "Mars/Olympus", "country": "FRA"})
    assert response.status_code == 422
    locs = error_locs(response)
    assert ["body", "payload", "name"] in locs
    assert ["body", "payload", "timezone"] in locs
    assert ["body", "payload", "country"] in locs
    assert Workspace.objects.count() == 2


def test_a_body_that_is_not_json_is_refused(alice, workspace):
    response = alice.client.post(
        "/api/workspaces", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert Workspace.objects.count() == 2


def test_patch_changes_only_what_is_sent(alice, workspace):
    response = alice.patch(
        "/workspaces/fromagerie",
        {"description": "Cheese by the lake", "sensitive_topics": ["Health"]},
    )
    assert response.status_code == 200
    assert response.json()["sensitive_topics"] == ["Health"]
    workspace.refresh_from_db()
    assert workspace.description == "Cheese by the lake"
    assert workspace.sensitive_topics == "Health"
    assert workspace.name == "Fromagerie du Lac"
    event = AuditEvent.objects.filter(workspace=workspace, action="update").get()
    assert event.changes["description"] == ["", "Cheese by the lake"]


def test_patch_refuses_a_policy_the_team_cannot_satisfy(alice, workspace, owner_membership):
    owner_membership.is_approver = True
    owner_membership.save()
    events = AuditEvent.objects.count()
    response = alice.patch("/workspaces/fromagerie", {"approval_policy": "two", "name": "New"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "approval_policy"]
    assert "2 approvers" in detail[0]["msg"]
    workspace.refresh_from_db()
    assert (workspace.approval_policy, workspace.name) == ("none", "Fromagerie du Lac")
    assert AuditEvent.objects.count() == events


def test_patch_accepts_four_eyes_with_two_approvers(alice, workspace, teammate_membership):
    Membership.objects.filter(workspace=workspace).update(is_approver=True)
    response = alice.patch("/workspaces/fromagerie", {"approval_policy": "two"})
    assert response.status_code == 200
    assert response.json()["approval_policy"] == "two"


def test_patch_refuses_a_blank_name_and_nulls(alice, workspace):
    response = alice.patch("/workspaces/fromagerie", {"name": "   "})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"type": "domain_error", "loc": ["body", "name"], "msg": "Give the workspace a name."}
        ]
    }
    response = alice.patch("/workspaces/fromagerie", {"name": None, "approval_policy": "never"})
    assert response.status_code == 422
    locs = error_locs(response)
    assert ["body", "payload", "name"] in locs
    assert ["body", "payload", "approval_policy"] in locs
    workspace.refresh_from_db()
    assert workspace.name == "Fromagerie du Lac"


def test_a_manager_may_edit_but_not_delete(bob, workspace, teammate_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    assert bob.patch("/workspaces/fromagerie", {"name": "Lac"}).status_code == 200
    assert bob.delete("/workspaces/fromagerie").status_code == 404
    assert Workspace.objects.filter(slug="fromagerie").exists()


def test_an_editor_cannot_change_settings(bob, workspace):
    assert bob.patch("/workspaces/fromagerie", {"name": "Bob's"}).status_code == 404
    workspace.refresh_from_db()
    assert workspace.name == "Fromagerie du Lac"


def test_the_owner_deletes_the_workspace(alice, workspace):
    assert alice.post("/workspaces/fromagerie/archive").status_code == 200
    assert alice.delete("/workspaces/fromagerie?confirm_slug=fromagerie").status_code == 204
    assert not Workspace.objects.filter(slug="fromagerie").exists()
    assert Workspace.objects.filter(slug="other-brand").exists()
    assert alice.get("/workspaces/fromagerie").status_code == 404
