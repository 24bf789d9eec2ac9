"""The strategy that the strategy API tests start from, and the helpers they share."""

from __future__ import annotations

from typing import Any

import pytest

from mostra.core.models import AuditEvent
from mostra.strategy import document as d
from mostra.strategy.models import Target
from mostra.strategy.services import objects
from mostra.strategy.services.export import export_document

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
    # Priority 3 alone, as a strategy file may give it (the services rank without gaps):
    # so that ranking it first is a change.
    Target.objects.filter(workspace=workspace, key=TARGET["id"]).update(priority=3)
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


def call(api, method: str, path: str, body: Any = None):
    if body is None:
        return getattr(api, method)(S + path)
    return getattr(api, method)(S + path, body)
