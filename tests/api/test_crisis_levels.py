"""The crisis playbook's escalation levels."""

from __future__ import annotations

from typing import Any

import pytest

from mostra.core.models import CrisisLevel, Membership
from tests.api.conftest import error_locs

LEVELS = "/workspaces/fromagerie/crisis-levels"


@pytest.fixture
def level(workspace) -> CrisisLevel:
    return workspace.crisis_levels.get(key="alert")


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Red alert",
        "response_minutes": 20,
        "first_actions": ["Pause scheduled posts", "Call the sponsor"],
        "responders": [],
        "triggers": [
            {"kind": "same_issue", "threshold": 10, "window_hours": 2},
            {"kind": "author_followers", "threshold": 50000},
        ],
    }
    body.update(overrides)
    return body


def snapshot(level: CrisisLevel) -> tuple:
    level.refresh_from_db()
    return (
        level.name,
        level.response_minutes,
        level.first_actions,
        sorted(level.responders.values_list("pk", flat=True)),
        sorted(level.triggers.values_list("kind", "threshold", "window_hours")),
    )


def test_levels_are_listed_lowest_first(
    bob, workspace, owner_membership, django_assert_max_num_queries
):
    bob.get("/me")
    with django_assert_max_num_queries(6):
        response = bob.get(LEVELS)
    assert response.status_code == 200
    body = response.json()
    assert [level["key"] for level in body] == [
        "watch",
        "incident",
        "alert",
        "crisis",
        "major_crisis",
    ]
    alert = body[2]
    assert alert["name"] == "Alert"
    assert alert["response_minutes"] == 60
    assert alert["responders"] == [{"id": owner_membership.pk, "name": "Alice Martin"}]
    assert {"kind": "same_issue", "threshold": 20, "window_hours": 3} in [
        {k: t[k] for k in ("kind", "threshold", "window_hours")} for t in alert["triggers"]
    ]
    assert all(t["description"] for t in alert["triggers"])
    # Written in the workspace's language when it was made (Fromagerie du Lac is French).
    assert alert["first_actions"][0] == "Mettre en pause les publications programmées"


def test_the_owner_replaces_a_level(alice, workspace, level, teammate_membership):
    response = alice.put(f"{LEVELS}/{level.pk}", payload(responders=[teammate_membership.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Red alert"
    assert body["responders"] == [{"id": teammate_membership.pk, "name": "Bob Durand"}]
    assert snapshot(level) == (
        "Red alert",
        20,
        "Pause scheduled posts\nCall the sponsor",
        [teammate_membership.pk],
        [("author_followers", 50000, None), ("same_issue", 10, 2)],
    )


def test_a_non_numeric_threshold_is_refused_and_nothing_changes(alice, level):
    before = snapshot(level)
    triggers = [{"kind": "press", "threshold": "lots", "window_hours": 6}]
    response = alice.put(f"{LEVELS}/{level.pk}", payload(triggers=triggers))
    assert response.status_code == 422
    assert error_locs(response) == [["body", "payload", "triggers", 0, "threshold"]]
    assert snapshot(level) == before


def test_rule_breaking_numbers_name_the_field(alice, level):
    before = snapshot(level)
    response = alice.put(
        f"{LEVELS}/{level.pk}", payload(triggers=[{"kind": "press", "threshold": 0}])
    )
    assert response.status_code == 422
    assert error_locs(response) == [["body", "threshold"]]
    response = alice.put(
        f"{LEVELS}/{level.pk}", payload(triggers=[{"kind": "press", "threshold": 3}])
    )
    assert error_locs(response) == [["body", "window_hours"]]
    response = alice.put(f"{LEVELS}/{level.pk}", payload(response_minutes=0))
    assert error_locs(response) == [["body", "response_minutes"]]
    response = alice.put(f"{LEVELS}/{level.pk}", payload(response_minutes="soon"))
    assert error_locs(response) == [["body", "payload", "response_minutes"]]
    response = alice.put(
        f"{LEVELS}/{level.pk}", payload(triggers=[{"kind": "rumour", "threshold": 3}])
    )
    assert error_locs(response) == [["body", "payload", "triggers", 0, "kind"]]
    assert snapshot(level) == before


def test_responders_must_be_members(alice, level, outsider):
    before = snapshot(level)
    stranger = Membership.objects.get(user=outsider)
    response = alice.put(f"{LEVELS}/{level.pk}", payload(responders=[stranger.pk]))
    assert response.status_code == 422
    assert error_locs(response) == [["body", "responders"]]
    assert snapshot(level) == before


def test_a_level_needs_every_part(alice, level):
    response = alice.put(f"{LEVELS}/{level.pk}", {"response_minutes": 10})
    assert response.status_code == 422
    missing = {loc[-1] for loc in error_locs(response)}
    assert missing == {"name", "first_actions", "responders", "triggers"}
