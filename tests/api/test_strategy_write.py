"""Writing the strategy through the API: each object's life, and bad input refused with
a 422 naming the field, nothing changed."""

# ruff: noqa: F811 (the plan fixture imported from strategy_support is a pytest argument)

from __future__ import annotations

import pytest

from mostra.core.models import AuditEvent
from mostra.strategy.models import Tactic
from tests.api.conftest import error_locs
from tests.api.strategy_support import (
    OBJECTIVE,
    STRATEGY,
    TACTIC,
    TARGET,
    S,
    call,
    plan,  # noqa: F401
    snapshot,
)

# --- Writing -------------------------------------------------------------------------


def test_a_target_s_life(plan, alice):
    created = alice.post(S + "/targets", {"id": "t-chefs", "name": "Chefs", "kind": "indirect"})
    assert created.status_code == 201
    assert created.json()["kind"] == "indirect" and created.json()["priority"] is None
    renamed = alice.put(S + "/targets/t-chefs", {"id": "t-restaurateurs", "name": "Chefs"})
    assert renamed.status_code == 200 and renamed.json()["id"] == "t-restaurateurs"
    assert alice.get(S + "/targets/t-chefs").status_code == 404
    assert alice.delete(S + "/targets/t-restaurateurs").status_code == 204
    assert [t["id"] for t in alice.get(S + "/targets").json()] == ["t-gourmets"]


def test_renaming_a_target_keeps_its_references(plan, alice):
    alice.put(S + "/targets/t-gourmets", {**TARGET, "id": "t-fins-gourmets"})
    assert alice.get(S + "/objectives/o-notoriete").json()["targets"] == ["t-fins-gourmets"]
    assert alice.get(S + "/tactics/k-reels").json()["targets"] == ["t-fins-gourmets"]


def test_ranking_targets(plan, alice):
    alice.post(S + "/targets", {"id": "t-chefs", "name": "Chefs", "priority": 2})
    alice.post(S + "/targets", {"id": "t-presse", "name": "Presse"})
    response = alice.put(S + "/target-ranking", {"targets": ["t-presse", "t-gourmets"]})
    assert response.status_code == 200
    assert [(t["id"], t["priority"]) for t in response.json()] == [
        ("t-presse", 1),
        ("t-gourmets", 2),
        ("t-chefs", 3),
    ]


def test_an_objective_s_life(plan, alice):
    body = {**OBJECTIVE, "id": "o-ventes", "axis": "action", "kpi": "sales", "owner": None}
    created = alice.post(S + "/objectives", body)
    assert created.status_code == 201
    assert created.json() == {**body, "description": "", "owner_pending": False}
    updated = alice.put(S + "/objectives/o-ventes", {**body, "owner": "bob@example.org"})
    assert updated.json()["owner"] == "bob@example.org"
    assert alice.delete(S + "/objectives/o-notoriete").status_code == 204
    assert alice.get(S + "/strategies").json() == []
    assert alice.get(S + "/tactics").json() == []


def test_strategies_and_tactics(plan, alice):
    created = alice.post(
        S + "/strategies",
        {
            "id": "s-pub",
            "objective": "o-notoriete",
            "plan": "Boosts",
            "owned_channels": ["blog", "formulaire de contact"],
            "paid": True,
        },
    )
    assert created.status_code == 201 and created.json()["paid"] is True
    moved = alice.put(S + "/tactics/k-reels", {**TACTIC, "strategy": "s-pub"})
    assert moved.status_code == 200 and moved.json()["strategy"] == "s-pub"
    created = alice.post(
        S + "/tactics",
        {"id": "k-live", "strategy": "s-pub", "slots": [{"day": "sat", "time": "11:00"}]},
    )
    assert created.status_code == 201
    assert created.json()["slots"] == [{"day": "sat", "time": "11:00", "network": None}]
    assert alice.delete(S + "/strategies/s-pub").status_code == 204
    assert not Tactic.objects.exists()


def test_platforms_and_mission_networks(plan, alice):
    created = alice.post(S + "/platforms", {"network": "linkedin", "stage": "launching"})
    assert created.status_code == 201
    again = alice.post(S + "/platforms", {"network": "linkedin"})
    assert again.status_code == 422 and error_locs(again) == [["body", "network"]]
    put = alice.put(S + "/platforms/youtube", {"network": "youtube", "stage": "candidate"})
    assert put.status_code == 200
    assert [p["network"] for p in alice.get(S + "/platforms").json()] == [
        "instagram",
        "linkedin",
        "youtube",
    ]
    mission = alice.put(
        S + "/mission-networks/linkedin",
        {"network": "linkedin", "why": "RSE", "audience_present": True, "behaviour": ["opinions"]},
    )
    assert mission.status_code == 200 and mission.json()["audience_present"] is True
    assert alice.delete(S + "/mission-networks/linkedin").status_code == 204


def test_the_mission_changes_only_what_is_sent(plan, alice):
    response = alice.put(S + "/mission", {"checks": {"new_account_months": 3}})
    assert response.json()["checks"] == {"new_account_months": 3, "default_monthly_growth_max": 0.1}
    assert response.json()["vision"] == "Le goût du lac"
    assert response.json()["capacity"] == {"posts_per_week": 5}
    response = alice.put(S + "/mission", {"capacity": {"posts_per_week": None}, "vision": "V"})
    assert response.json()["capacity"] == {"posts_per_week": None}
    assert response.json()["vision"] == "V"
    assert response.json()["checks"]["new_account_months"] == 3


def test_changes_are_in_the_audit_log(plan, alice):
    alice.put(S + "/objectives/o-notoriete", {**OBJECTIVE, "target": 4000})
    event = AuditEvent.objects.filter(workspace=plan, object_type="objective").first()
    assert event.changes == {"target": [3000, 4000]}
    assert event.actor.email == "alice@example.org"


# --- Bad input: 422 naming the field, nothing changed --------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "loc"),
    [
        ("post", "/targets", {**TARGET, "id": "t-x", "colour": "blue"}, ["payload", "colour"]),
        ("put", "/objectives/o-notoriete", {**OBJECTIVE, "kpi": "vanity"}, ["kpi"]),
        ("put", "/objectives/o-notoriete", {**OBJECTIVE, "kpi": "Vanity!"}, ["payload", "kpi"]),
        ("post", "/platforms", {"network": "myspace"}, ["payload", "network"]),
        ("put", "/platforms/myspace", {"network": "myspace"}, ["payload", "network"]),
        ("put", "/platforms/linkedin", {"network": "facebook"}, ["network"]),
        ("put", "/mission-networks/x", {"network": "myspace"}, ["payload", "network"]),
        ("put", "/mission", {"vision": "v", "mood": "good"}, ["payload", "mood"]),
        ("put", "/mission", {"capacity": {"posts_per_week": -1}}, None),
        ("post", "/targets", {**TARGET, "behaviour": {"myspace": ["posts"]}}, None),
        ("post", "/targets", {**TARGET, "id": "T X"}, ["payload", "id"]),
        ("post", "/targets", TARGET, ["id"]),
        ("post", "/targets", {**TARGET, "id": "o-notoriete"}, ["id"]),
        ("post", "/objectives", {**OBJECTIVE, "id": "o-x", "targets": ["t-ghost"]}, ["targets"]),
        (
            "post",
            "/objectives",
            {**OBJECTIVE, "id": "o-x", "owner": "charlie@example.org"},
            ["owner"],
        ),
        (
            "put",
            "/objectives/o-notoriete",
            {**OBJECTIVE, "start": "tomorrow"},
            ["payload", "start"],
        ),
        ("post", "/strategies", {**STRATEGY, "id": "s-x", "objective": "o-ghost"}, ["objective"]),
        ("post", "/tactics", {**TACTIC, "id": "k-x", "strategy": "s-ghost"}, ["strategy"]),
        ("put", "/tactics/k-reels", {**TACTIC, "targets": ["t-gourmets", "t-ghost"]}, ["targets"]),
        ("put", "/tactics/k-reels", {**TACTIC, "slots": [{"day": "tue", "time": "25:00"}]}, None),
        ("put", "/target-ranking", {"targets": ["t-ghost"]}, ["targets"]),
    ],
)
def test_bad_payloads_are_refused_naming_the_field(plan, alice, method, path, body, loc):
    before = snapshot(plan)
    response = call(alice, method, path, body)
    assert response.status_code == 422, response.content
    if loc is not None:
        assert ["body", *loc] in error_locs(response)
    assert snapshot(plan) == before


def test_a_dangling_target_is_named_in_the_message(plan, alice):
    response = alice.put(S + "/objectives/o-notoriete", {**OBJECTIVE, "targets": ["t-ghost"]})
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "targets"] and "t-ghost" in error["msg"]
