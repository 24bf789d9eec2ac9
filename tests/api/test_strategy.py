"""The strategy API, as Alice (owner), Bob (editor on her team) and Charlie (outsider)."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from mostra.core.models import AuditEvent, Membership, Role
from mostra.strategy import document as d
from mostra.strategy.models import Objective, Tactic, Target
from mostra.strategy.services import objects
from mostra.strategy.services.export import export_document
from tests.api.conftest import error_locs

S = "/workspaces/fromagerie/strategy"

TARGET = {
    "id": "t-gourmets",
    "name": "Gourmets du Chablais",
    "kind": "direct",
    "priority": 3,  # So that ranking it first is a change.
    "typology": "collective",
    "segments": {"age": ["30-49"], "country": "FR"},
    "behaviour": {"instagram": ["shares"]},
}
OBJECTIVE = {
    "id": "o-notoriete",
    "title": "Se faire connaître des gourmets",
    "axis": "awareness",
    "networks": ["instagram"],
    "kpi": "followers",
    "baseline": {"value": 1200, "date": "2026-09-01", "source": "Meta Business Suite"},
    "target": 3000,
    "start": "2026-10-01",
    "deadline": "2027-03-31",
    "owner": "alice@example.org",
    "targets": ["t-gourmets"],
    "alignment": "Plan de développement 2027",
}
STRATEGY = {"id": "s-blog", "objective": "o-notoriete", "plan": "Recettes sur le blog"}
TACTIC = {
    "id": "k-reels",
    "strategy": "s-blog",
    "networks": ["instagram"],
    "content_types": ["video"],
    "formats": ["reel"],
    "slots": [{"day": "tue", "time": "10:00"}, {"day": "thu", "time": "18:30"}],
    "per_week": 2,
    "targets": ["t-gourmets"],
}
PLATFORM = {"network": "instagram", "handle": "@fromagerie", "present_since": "2021-04-01"}
MISSION_NETWORK = {"network": "instagram", "why": "Montrer l'affinage", "behaviour": ["shares"]}


@pytest.fixture
def plan(workspace, owner_membership):
    """Alice's strategy: one of everything, made through the services."""
    objects.save_profile(owner_membership, vision="Le goût du lac", posts_per_week=5)
    objects.save_mission_network(owner_membership, d.MissionNetwork(**MISSION_NETWORK))
    objects.save_target(owner_membership, d.Target(**TARGET))
    objects.save_platform(owner_membership, d.Platform(**PLATFORM, stage="established"))
    objects.save_objective(owner_membership, d.Objective(**OBJECTIVE))
    objects.save_strategy(owner_membership, d.Strategy(**STRATEGY))
    objects.save_tactic(owner_membership, d.Tactic(**TACTIC))
    return workspace


def snapshot(workspace) -> tuple[dict[str, Any], int]:
    """The whole strategy and the length of the audit log: what a refusal must not change."""
    return (
        export_document(workspace).model_dump(mode="json"),
        AuditEvent.objects.filter(workspace=workspace).count(),
    )


READS = [
    "",
    "/mission",
    "/mission-networks",
    "/mission-networks/instagram",
    "/targets",
    "/targets/t-gourmets",
    "/platforms",
    "/platforms/instagram",
    "/objectives",
    "/objectives/o-notoriete",
    "/strategies",
    "/strategies/s-blog",
    "/tactics",
    "/tactics/k-reels",
]

WRITES: list[tuple[str, str, Any]] = [
    ("put", "/mission", {"vision": "Changed"}),
    ("put", "/mission-networks/linkedin", {"network": "linkedin", "why": "B2B"}),
    ("delete", "/mission-networks/instagram", None),
    ("post", "/targets", {**TARGET, "id": "t-new"}),
    ("put", "/targets/t-gourmets", {**TARGET, "name": "Changed"}),
    ("delete", "/targets/t-gourmets", None),
    ("put", "/target-ranking", {"targets": ["t-gourmets"]}),
    ("post", "/platforms", {"network": "linkedin"}),
    ("put", "/platforms/instagram", {**PLATFORM, "stage": "abandoned"}),
    ("delete", "/platforms/instagram", None),
    ("post", "/objectives", {**OBJECTIVE, "id": "o-new"}),
    ("put", "/objectives/o-notoriete", {**OBJECTIVE, "target": 4000}),
    ("delete", "/objectives/o-notoriete", None),
    ("post", "/strategies", {**STRATEGY, "id": "s-new"}),
    ("put", "/strategies/s-blog", {**STRATEGY, "paid": True}),
    ("delete", "/strategies/s-blog", None),
    ("post", "/tactics", {**TACTIC, "id": "k-new"}),
    ("put", "/tactics/k-reels", {**TACTIC, "per_week": 3}),
    ("delete", "/tactics/k-reels", None),
]


def call(api, method: str, path: str, body: Any = None):
    if body is None:
        return getattr(api, method)(S + path)
    return getattr(api, method)(S + path, body)


# --- Who may do what -----------------------------------------------------------------


@pytest.mark.parametrize("path", READS)
def test_members_read_outsiders_get_404(plan, alice, bob, charlie, path):
    assert alice.get(S + path).status_code == 200
    assert bob.get(S + path).status_code == 200
    response = charlie.get(S + path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", READS)
def test_reads_need_authentication(plan, client, path):
    assert client.get("/api" + S + path).status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_only_owners_and_managers_write(plan, alice, bob, charlie, method, path, body):
    before = snapshot(plan)
    for api in (bob, charlie):
        response = call(api, method, path, body)
        assert response.status_code == 404, response.content
        assert snapshot(plan) == before
    response = call(alice, method, path, body)
    assert response.status_code in {200, 201, 204}, response.content
    assert snapshot(plan) != before


def test_a_manager_writes(plan, bob, teammate_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    assert bob.put(S + "/mission", {"vision": "Bob's"}).status_code == 200


def test_charlie_cannot_reach_alice_s_strategy_through_his_own_workspace(plan, charlie):
    other = "/workspaces/other-brand/strategy"
    assert charlie.get(other + "/targets").json() == []
    assert charlie.get(other + "/targets/t-gourmets").status_code == 404
    assert charlie.delete(other + "/objectives/o-notoriete").status_code == 404
    assert Objective.objects.filter(key="o-notoriete").exists()


def test_a_browser_session_works_like_a_token(plan, api_as):
    alice, bob = api_as("owner", "session"), api_as("teammate", "session")
    assert bob.get(S + "/targets").status_code == 200
    assert bob.post(S + "/targets", {**TARGET, "id": "t-bob"}).status_code == 404
    assert alice.post(S + "/targets", {**TARGET, "id": "t-alice"}).status_code == 201


def test_ids_of_another_workspace_are_not_found_through_alice_s(plan, alice, outsider):
    charlie = Membership.objects.get(user=outsider)
    objects.save_target(charlie, d.Target(id="t-charlie", name="Charlie's"))
    assert alice.get(S + "/targets/t-charlie").status_code == 404
    assert alice.delete(S + "/targets/t-charlie").status_code == 404
    response = alice.put(S + "/objectives/o-notoriete", {**OBJECTIVE, "targets": ["t-charlie"]})
    assert response.status_code == 422 and error_locs(response) == [["body", "targets"]]
    assert Target.objects.filter(key="t-charlie").exists()


def test_missing_objects_are_404(plan, alice):
    for path in ("/targets/t-ghost", "/platforms/youtube", "/mission-networks/x", "/tactics/k"):
        assert alice.get(S + path).status_code == 404
        assert alice.delete(S + path).status_code == 404
    assert alice.put(S + "/targets/t-ghost", {**TARGET, "id": "t-ghost"}).status_code == 404
    assert alice.put(S + "/objectives/o-ghost", {**OBJECTIVE, "id": "o-x"}).status_code == 404
    assert alice.put(S + "/strategies/s-ghost", STRATEGY).status_code == 404
    assert alice.put(S + "/tactics/k-ghost", TACTIC).status_code == 404


# --- Reading -------------------------------------------------------------------------


def test_the_whole_document(plan, bob):
    body = bob.get(S).json()
    assert body == export_document(plan).model_dump(mode="json")
    assert body["capacity"] == {"posts_per_week": 5}
    assert body["objectives"][0] == {**OBJECTIVE, "description": ""}
    assert d.StrategyDocument.model_validate(body).tactics[0].id == "k-reels"


def test_objects_come_back_in_the_shape_of_the_file(plan, bob):
    assert bob.get(S + "/targets/t-gourmets").json() == d.Target(**TARGET).model_dump(mode="json")
    assert bob.get(S + "/objectives/o-notoriete").json() == {**OBJECTIVE, "description": ""}
    assert bob.get(S + "/strategies/s-blog").json() == {
        **STRATEGY,
        "title": "",
        "owned_channels": [],
        "paid": False,
    }
    tactic = bob.get(S + "/tactics/k-reels").json()
    assert tactic["slots"] == [
        {"day": "tue", "time": "10:00", "network": None},
        {"day": "thu", "time": "18:30", "network": None},
    ]
    assert bob.get(S + "/platforms/instagram").json() == {**PLATFORM, "stage": "established"}
    assert bob.get(S + "/mission").json() == {
        "vision": "Le goût du lac",
        "capacity": {"posts_per_week": 5},
        "checks": {"new_account_months": 6, "default_monthly_growth_max": 0.1},
        "networks": [d.MissionNetwork(**MISSION_NETWORK).model_dump(mode="json")],
    }


def test_an_empty_strategy(workspace, alice):
    body = alice.get(S).json()
    assert body["targets"] == [] and body["mission"]["vision"] == ""
    assert alice.get(S + "/mission").json()["capacity"] == {"posts_per_week": None}


@pytest.fixture
def big_plan(plan, owner_membership):
    for n in range(12):
        objects.save_target(owner_membership, d.Target(id=f"t-{n}", name=f"Cible {n}"))
        objects.save_objective(
            owner_membership,
            d.Objective(
                id=f"o-{n}",
                title=f"Objectif {n}",
                axis="liking",
                owner="bob@example.org",
                targets=[f"t-{n}", "t-gourmets"],
            ),
        )
        objects.save_strategy(owner_membership, d.Strategy(id=f"s-{n}", objective=f"o-{n}"))
        objects.save_tactic(
            owner_membership, d.Tactic(id=f"k-{n}", strategy=f"s-{n}", targets=[f"t-{n}"])
        )
    for network in ("facebook", "linkedin", "youtube", "tiktok"):
        objects.save_platform(owner_membership, d.Platform(network=network))
        objects.save_mission_network(owner_membership, d.MissionNetwork(network=network))
    return plan


@pytest.mark.parametrize(
    ("path", "count", "queries"),
    [
        ("/targets", 13, 3),
        ("/platforms", 5, 3),
        ("/mission-networks", 5, 3),
        ("/objectives", 13, 4),
        ("/strategies", 13, 3),
        ("/tactics", 13, 4),
        ("/mission", 5, 4),
        ("", 13, 11),
    ],
)
def test_lists_cost_a_fixed_number_of_queries(
    big_plan, bob, path, count, queries, django_assert_max_num_queries
):
    bob.get("/me")  # The token's last use is written once a minute: not in the count.
    with django_assert_max_num_queries(queries):
        response = bob.get(S + path)
    assert response.status_code == 200
    body = response.json()
    items = body.get("networks", body.get("tactics")) if isinstance(body, dict) else body
    assert len(items) == count


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
    assert created.json() == {**body, "description": ""}
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
        ("put", "/objectives/o-notoriete", {**OBJECTIVE, "kpi": "vanity"}, ["payload", "kpi"]),
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


# --- Checks (written in parallel: these run once mostra.strategy.checks has them) ----


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


needs_checks = pytest.mark.skipif(
    not all(_has(f"mostra.strategy.checks.{m}") for m in ("context", "smart", "lint", "readiness")),
    reason="mostra.strategy.checks (context, smart, lint, readiness) not written yet",
)
needs_affinity = pytest.mark.skipif(
    not (_has("mostra.strategy.checks.affinity") and _has("mostra.strategy.checks.context")),
    reason="mostra.strategy.checks.affinity not written yet",
)
CHECKS = ["/lint", "/readiness", "/objectives/o-notoriete/smart"]


@needs_checks
@pytest.mark.parametrize("path", CHECKS)
def test_checks_are_read_by_members_only(plan, alice, bob, charlie, path):
    assert alice.get(S + path).status_code == 200
    assert bob.get(S + path).status_code == 200
    assert charlie.get(S + path).status_code == 404


@needs_affinity
def test_affinity_is_read_by_members_only(plan, alice, bob, charlie):
    response = bob.get(S + "/affinity")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"matrix", "recommendation"}
    cells = {(c["target_id"], c["network"]): c for c in body["matrix"]["cells"]}
    instagram = cells[("t-gourmets", "instagram")]
    # Each cell says where its score comes from.
    assert instagram["score"] is not None and instagram["explanation"]
    assert charlie.get(S + "/affinity").status_code == 404


@needs_checks
def test_the_lint_lists_findings_with_stable_codes(plan, alice, owner_membership):
    objects.save_objective(
        owner_membership,
        d.Objective(id="o-bancal", title="Bancal", axis="action", targets=[]),
    )
    findings = alice.get(S + "/lint").json()
    assert findings and all(
        set(f) == {"code", "severity", "message", "ref"}
        and f["severity"] in {"error", "warning", "info"}
        for f in findings
    )
    assert any(f["ref"] == "o-bancal" and f["severity"] == "error" for f in findings)


@needs_checks
def test_smart_letters_of_an_objective(plan, bob):
    body = bob.get(S + "/objectives/o-notoriete/smart").json()
    assert body["objective_id"] == "o-notoriete"
    assert set(body["letters"]) == {"S", "M", "A", "R", "T"}
    # 1,200 -> 3,000 followers in six months: more than the default 10 % a month.
    assert body["letters"]["A"]["ok"] is False
    assert body["letters"]["T"]["ok"] is True


@needs_checks
def test_readiness_per_network(plan, bob, owner_membership):
    body = bob.get(S + "/readiness").json()
    assert body["instagram"]["ready"] is False  # Who is there was not answered.
    objects.save_mission_network(
        owner_membership,
        d.MissionNetwork(
            **MISSION_NETWORK,
            audience_present=True,
            competitors_present=False,
            partners_present=False,
            active=True,
        ),
    )
    assert bob.get(S + "/readiness").json()["instagram"]["ready"] is True


@needs_checks
def test_smart_of_a_missing_objective_is_404(plan, alice):
    assert alice.get(S + "/objectives/o-ghost/smart").status_code == 404


def test_the_checks_routes_exist_even_before_the_checks(plan, charlie):
    # Outsiders get 404 before anything else is looked at, checks written or not.
    for path in [*CHECKS, "/affinity"]:
        assert charlie.get(S + path).status_code == 404
