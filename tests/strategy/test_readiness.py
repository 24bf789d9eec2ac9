"""Readiness before the first post, and the database-aware context of the checks."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.models import Activity, RaciAssignment
from mostra.strategy.checks.context import context_for_workspace, readiness_for_workspace
from mostra.strategy.checks.readiness import READINESS_RULES, readiness, readiness_all
from mostra.strategy.document import Slot
from mostra.strategy.models import (
    MissionNetwork,
    Objective,
    Platform,
    Strategy,
    Tactic,
    Target,
)

from .builders import (
    change_objective,
    change_platform,
    change_tactic,
    coherent,
    context,
    mission_network,
    platform,
)


def missing_codes(doc, network):
    return [f.code for f in readiness(doc, context(), network).missing]


def test_a_coherent_network_is_ready():
    result = readiness(coherent(), context(), "instagram")
    assert result.ready is True and result.missing == []
    assert result.network == "instagram"


def test_readiness_all_covers_platforms_and_mission_in_catalogue_order():
    doc = coherent()
    doc = doc.model_copy(
        update={
            "mission": doc.mission.model_copy(
                update={"networks": [*doc.mission.networks, mission_network("tiktok")]}
            ),
            "platforms": [platform("youtube", stage="candidate"), *doc.platforms],
        }
    )
    results = readiness_all(doc, context())
    assert list(results) == ["instagram", "linkedin", "youtube", "tiktok"]
    assert results["instagram"].ready and results["linkedin"].ready
    assert not results["youtube"].ready and not results["tiktok"].ready


def test_a_network_with_nothing_lists_every_question():
    codes = missing_codes(coherent(), "tiktok")
    assert codes == [
        "ready-no-platform",
        "ready-no-mission",
        "ready-no-objective",
        "ready-no-tactic",
    ]
    result = readiness(coherent(), context(), "tiktok")
    assert all(f.severity == "error" and f.ref == "tiktok" for f in result.missing)
    assert all(f.message for f in result.missing)


def test_mission_questions_must_be_answered():
    doc = coherent()
    entry = mission_network("instagram", why="", audience_present=None, behaviour=[], active=None)
    doc = doc.model_copy(update={"mission": doc.mission.model_copy(update={"networks": [entry]})})
    result = readiness(doc, context(), "instagram")
    codes = [f.code for f in result.missing]
    assert codes == ["ready-mission-no-why", "ready-mission-who", "ready-mission-behaviour"]
    who = result.missing[1].message
    assert "ideal customer" in who and "competitors" not in who


def test_saying_people_are_not_active_answers_what_they_do():
    doc = coherent()
    entry = mission_network("instagram", behaviour=[], active=False)
    doc = doc.model_copy(update={"mission": doc.mission.model_copy(update={"networks": [entry]})})
    assert "ready-mission-behaviour" not in missing_codes(doc, "instagram")


def test_an_abandoned_platform_is_not_ready():
    doc = change_platform(coherent(), "instagram", stage="abandoned")
    assert missing_codes(doc, "instagram") == ["ready-platform-abandoned"]


def test_an_objective_without_kpi_baseline_target_or_deadline_is_not_enough():
    doc = change_objective(coherent(), kpi=None, deadline=None)
    result = readiness(doc, context(), "instagram")
    (finding,) = result.missing
    assert finding.code == "ready-objective-incomplete"
    assert finding.ref == "o-notoriete-ig"
    assert "a KPI" in finding.message and "a deadline" in finding.message


def test_a_strategy_is_needed():
    doc = coherent()
    doc = doc.model_copy(update={"strategies": [s for s in doc.strategies if s.id != "s-ig"]})
    assert "ready-no-strategy" in missing_codes(doc, "instagram")


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"content_types": []}, "content types"),
        ({"formats": []}, "formats"),
        ({"slots": [Slot(day="mon", time="09:00", network="linkedin")]}, "time slots"),
        ({"per_week": None}, "rhythm"),
    ],
)
def test_a_tactic_must_say_what_when_how_often(changes, gap):
    doc = change_tactic(coherent(), **changes)
    result = readiness(doc, context(), "instagram")
    (finding,) = result.missing
    assert finding.code == "ready-tactic-incomplete" and finding.ref == "k-reels"
    assert gap in finding.message


def test_a_tactic_must_say_for_whom():
    doc = change_objective(change_tactic(coherent(), targets=[]), targets=[])
    assert missing_codes(doc, "instagram") == ["ready-tactic-incomplete"]


def test_slots_for_the_network_or_for_all_networks_count():
    doc = change_tactic(coherent(), slots=[Slot(day="mon", time="09:00", network="instagram")])
    assert readiness(doc, context(), "instagram").ready


def test_readiness_codes_are_documented():
    doc = change_objective(coherent(), kpi=None)
    seen = {
        f.code
        for network in ("instagram", "tiktok")
        for f in readiness(doc, context(), network).missing
    }
    assert seen <= set(READINESS_RULES)


# The database-aware wrappers.


def test_context_for_workspace_lists_members_and_the_accountable(workspace):
    ctx = context_for_workspace(workspace, today=dt.date(2026, 11, 2))
    assert ctx.members == {"alice@example.org", "bob@example.org"}
    assert ctx.strategy_accountable is True  # a new workspace gives the owner the A
    assert ctx.history == {}
    assert ctx.today == dt.date(2026, 11, 2)


def test_context_without_an_accountable_for_the_strategy(workspace):
    activity = Activity.objects.get(workspace=workspace, key="strategy")
    RaciAssignment.objects.filter(activity=activity, letter="A").delete()
    assert context_for_workspace(workspace).strategy_accountable is False
    activity.delete()
    assert context_for_workspace(workspace).strategy_accountable is False


def test_readiness_for_workspace(workspace, owner_membership):
    result = readiness_for_workspace(workspace, "instagram")
    assert not result.ready
    assert "ready-no-platform" in {f.code for f in result.missing}

    target = Target.objects.create(workspace=workspace, key="t-artisans", name="Artisans")
    Platform.objects.create(
        workspace=workspace,
        network="instagram",
        stage="established",
        present_since=dt.date(2024, 3, 1),
    )
    MissionNetwork.objects.create(
        workspace=workspace,
        network="instagram",
        why="Our customers are there.",
        audience_present=True,
        competitors_present=True,
        partners_present=False,
        behaviour=["shares"],
        active=True,
    )
    objective = Objective.objects.create(
        workspace=workspace,
        key="o-ig",
        title="Be known",
        axis="awareness",
        networks=["instagram"],
        kpi="followers",
        baseline_value=1200,
        baseline_date=dt.date(2026, 9, 1),
        target_value=1500,
        start=dt.date(2026, 10, 1),
        deadline=dt.date(2027, 3, 31),
        owner=owner_membership,
    )
    objective.targets.add(target)
    strategy = Strategy.objects.create(workspace=workspace, key="s-ig", objective=objective)
    tactic = Tactic.objects.create(
        workspace=workspace,
        key="k-reels",
        strategy=strategy,
        networks=["instagram"],
        content_types=["video"],
        formats=["reel"],
        slots=[{"day": "tue", "time": "10:00"}],
        per_week=2,
    )
    tactic.targets.add(target)
    result = readiness_for_workspace(workspace, "instagram")
    assert result.ready, [f.as_dict() for f in result.missing]
