"""The toolbox in the API: every member lists the tools; owners and managers change them;
a refused value answers 422 naming its field; outsiders get 404."""

from __future__ import annotations

import pytest

from mostra.core.models import AuditEvent
from mostra.toolbox.models import Tool

pytestmark = pytest.mark.django_db

BASE = "/workspaces/fromagerie/tools"


def test_the_owner_adds_changes_and_removes_a_tool(alice, owner):
    created = alice.post(BASE, {"known_as": "later", "monthly_cost": "18", "owner_id": owner.pk})
    assert created.status_code == 201, created.content
    tool = created.json()
    assert (tool["name"], tool["category"], tool["monthly_cost"]) == (
        "Later",
        "distribution",
        "18.00",
    )
    assert tool["covered_by"].startswith("publishing")
    changed = alice.patch(f"{BASE}/{tool['id']}", {"renews_on": "2027-06-30", "owner_id": 0})
    assert changed.status_code == 200, changed.content
    assert changed.json()["renews_on"] == "2027-06-30"
    assert changed.json()["owner_id"] is None
    assert changed.json()["monthly_cost"] == "18.00"
    assert alice.delete(f"{BASE}/{tool['id']}").status_code == 204
    assert not Tool.objects.exists()
    assert AuditEvent.objects.filter(object_type="tool").count() == 3


def test_a_refused_value_answers_422_with_its_field(alice):
    response = alice.post(BASE, {"name": "Canva", "currency": "euros"})
    assert response.status_code == 422
    assert not Tool.objects.exists()


def test_a_teammate_lists_but_does_not_change(alice, bob):
    tool = alice.post(BASE, {"name": "Canva"}).json()
    assert [t["name"] for t in bob.get(BASE).json()] == ["Canva"]
    assert bob.post(BASE, {"name": "Later"}).status_code == 404
    assert bob.delete(f"{BASE}/{tool['id']}").status_code == 404


def test_an_outsider_gets_404(alice, api_as):
    tool = alice.post(BASE, {"name": "Canva"}).json()
    charlie = api_as("outsider")
    assert charlie.get(BASE).status_code == 404
    assert charlie.patch(f"{BASE}/{tool['id']}", {"name": "Mine"}).status_code == 404
    assert Tool.objects.get().name == "Canva"
