"""Reading the strategy through the API: the document, its objects and the checks."""

# ruff: noqa: F811 (the plan fixture imported from strategy_support is a pytest argument)

from __future__ import annotations

import pytest

from mostra.strategy import document as d
from mostra.strategy.services import objects
from mostra.strategy.services.export import export_document
from tests.api.strategy_support import (
    MISSION_NETWORK,
    OBJECTIVE,
    PLATFORM,
    STRATEGY,
    TARGET,
    S,
    plan,  # noqa: F401
)

# --- Reading -------------------------------------------------------------------------


def test_the_whole_document(plan, bob):
    body = bob.get(S).json()
    assert body == export_document(plan).model_dump(mode="json")
    assert body["capacity"] == {"posts_per_week": 5}
    assert body["objectives"][0] == {**OBJECTIVE, "description": ""}
    assert d.StrategyDocument.model_validate(body).tactics[0].id == "k-reels"


def test_objects_come_back_in_the_shape_of_the_file(plan, bob):
    assert bob.get(S + "/targets/t-gourmets").json() == d.Target(**TARGET).model_dump(mode="json")
    assert bob.get(S + "/objectives/o-notoriete").json() == {
        **OBJECTIVE,
        "description": "",
        "owner_pending": False,  # Not a key of the file: whether the owner has joined.
    }
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
        ("", 13, 12),
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


# --- Checks (written in parallel: these run once mostra.strategy.checks has them) ----


CHECKS = ["/lint", "/readiness", "/objectives/o-notoriete/smart"]


@pytest.mark.parametrize("path", CHECKS)
def test_checks_are_read_by_members_only(plan, alice, bob, charlie, path):
    assert alice.get(S + path).status_code == 200
    assert bob.get(S + path).status_code == 200
    assert charlie.get(S + path).status_code == 404


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


def test_smart_letters_of_an_objective(plan, bob):
    body = bob.get(S + "/objectives/o-notoriete/smart").json()
    assert body["objective_id"] == "o-notoriete"
    assert set(body["letters"]) == {"S", "M", "A", "R", "T"}
    # 1,200 -> 3,000 followers in six months: more than the default 10 % a month.
    assert body["letters"]["A"]["ok"] is False
    assert body["letters"]["T"]["ok"] is True


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


def test_smart_of_a_missing_objective_is_404(plan, alice):
    assert alice.get(S + "/objectives/o-ghost/smart").status_code == 404


def test_the_checks_routes_exist_even_before_the_checks(plan, charlie):
    # Outsiders get 404 before anything else is looked at, checks written or not.
    for path in [*CHECKS, "/affinity"]:
        assert charlie.get(S + path).status_code == 404
