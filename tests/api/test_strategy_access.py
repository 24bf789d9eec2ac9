"""Who may use the strategy API: Alice (owner) reads and writes, Bob (editor on her team)
reads, Charlie (outsider) gets 404."""

# ruff: noqa: F811 (the plan fixture imported from strategy_support is a pytest argument)

from __future__ import annotations

from typing import Any

import pytest

from mostra.core.models import Membership, Role
from mostra.strategy import document as d
from mostra.strategy.models import Objective, Target
from mostra.strategy.services import objects
from tests.api.conftest import error_locs
from tests.api.strategy_support import (
    OBJECTIVE,
    PLATFORM,
    STRATEGY,
    TACTIC,
    TARGET,
    S,
    call,
    plan,  # noqa: F401
    snapshot,
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
