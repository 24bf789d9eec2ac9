"""Changing the strategy object by object: rights, validation, all-or-nothing, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, Membership, Role
from mostra.strategy import document as d
from mostra.strategy.models import (
    MissionNetwork,
    Objective,
    Platform,
    Strategy,
    StrategyProfile,
    Tactic,
    Target,
)
from mostra.strategy.services import objects
from mostra.strategy.services.export import export_document


@pytest.fixture
def alice(owner_membership) -> Membership:
    return owner_membership


@pytest.fixture
def bob(teammate_membership) -> Membership:
    return teammate_membership


def target(id: str = "t-artisans", **kw) -> d.Target:
    return d.Target(**{"id": id, "name": "Artisans", **kw})


def objective(id: str = "o-notoriete", **kw) -> d.Objective:
    values = {
        "id": id,
        "title": "Se faire connaître",
        "axis": "awareness",
        "networks": ["instagram"],
        "kpi": "followers",
        "baseline": {"value": 1200, "date": "2026-09-01", "source": "Meta Business Suite"},
        "target": 3000,
        "start": "2026-10-01",
        "deadline": "2027-03-31",
        "owner": "alice@example.org",
        "targets": ["t-artisans"],
        "alignment": "Plan 2027",
    }
    return d.Objective(**{**values, **kw})


@pytest.fixture
def plan(alice):
    """A small strategy: one target, one objective, one strategy, one tactic."""
    objects.save_target(alice, target(priority=1))
    objects.save_objective(alice, objective())
    objects.save_strategy(alice, d.Strategy(id="s-blog", objective="o-notoriete", plan="Blog"))
    objects.save_tactic(
        alice,
        d.Tactic(
            id="k-reels",
            strategy="s-blog",
            networks=["instagram"],
            formats=["reel"],
            slots=[{"day": "tue", "time": "10:00", "network": "instagram"}],
            per_week=2,
            targets=["t-artisans"],
        ),
    )
    return alice.workspace


def events(workspace) -> int:
    return AuditEvent.objects.filter(workspace=workspace).count()


# --- Rights ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda m: objects.save_profile(m, vision="x"),
        lambda m: objects.save_mission_network(m, d.MissionNetwork(network="linkedin")),
        lambda m: objects.save_target(m, target()),
        lambda m: objects.save_platform(m, d.Platform(network="linkedin")),
        lambda m: objects.save_objective(m, objective(targets=[])),
        lambda m: objects.reorder_targets(m, []),
        lambda m: objects.delete_object(m, "platform", "linkedin"),
    ],
)
def test_an_editor_cannot_change_the_strategy(bob, call):
    before = events(bob.workspace)
    with pytest.raises(DomainError, match="owners and managers"):
        call(bob)
    assert events(bob.workspace) == before
    assert not Target.objects.exists() and not StrategyProfile.objects.exists()


def test_a_manager_can(bob):
    bob.role = Role.MANAGER
    bob.save()
    assert objects.save_target(bob, target()).key == "t-artisans"


# --- Mission -------------------------------------------------------------------------


def test_profile_changes_only_the_fields_given(alice):
    profile = objects.save_profile(alice, vision="  Réparer plutôt que jeter  ", posts_per_week=8)
    assert (profile.vision, profile.posts_per_week) == ("Réparer plutôt que jeter", 8)
    assert (profile.new_account_months, profile.default_monthly_growth_max) == (6, 0.10)
    objects.save_profile(alice, new_account_months=3)
    profile.refresh_from_db()
    assert (profile.vision, profile.posts_per_week, profile.new_account_months) == (
        "Réparer plutôt que jeter",
        8,
        3,
    )
    objects.save_profile(alice, posts_per_week=None)
    profile.refresh_from_db()
    assert profile.posts_per_week is None and profile.new_account_months == 3
    [update, *_] = AuditEvent.objects.filter(action=AuditAction.UPDATE)
    assert update.changes == {"posts_per_week": [8, None]}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"posts_per_week": -1}, "posts_per_week"),
        ({"new_account_months": 500}, "new_account_months"),
        ({"default_monthly_growth_max": 0.0}, "default_monthly_growth_max"),
    ],
)
def test_bad_profile_values_are_refused(alice, kwargs, field):
    with pytest.raises(DomainError) as error:
        objects.save_profile(alice, vision="kept out", **kwargs)
    assert error.value.field == field
    assert not StrategyProfile.objects.exists()


def test_a_profile_change_that_changes_nothing_is_not_audited(alice):
    objects.save_profile(alice, vision="v")
    before = events(alice.workspace)
    objects.save_profile(alice, vision="v")
    assert events(alice.workspace) == before


def test_mission_networks_are_upserted_by_network(alice):
    first = objects.save_mission_network(
        alice, d.MissionNetwork(network="linkedin", why="B2B", behaviour=["opinions"])
    )
    second = objects.save_mission_network(
        alice, d.MissionNetwork(network="linkedin", why="RSE", audience_present=True)
    )
    assert first.pk == second.pk and MissionNetwork.objects.count() == 1
    second.refresh_from_db()
    assert (second.why, second.audience_present, second.behaviour) == ("RSE", True, [])
    objects.save_mission_network(alice, d.MissionNetwork(network="facebook"))
    assert list(MissionNetwork.objects.values_list("network", flat=True)) == [
        "linkedin",
        "facebook",
    ]
    update = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert update.changes["why"] == ["B2B", "RSE"]


# --- Targets and platforms -----------------------------------------------------------


def test_a_target_is_created_renamed_and_its_references_follow(plan, alice):
    objects.save_target(
        alice, target(id="t-artisans-lyon", name="Artisans lyonnais"), key="t-artisans"
    )
    assert not Target.objects.filter(key="t-artisans").exists()
    doc = export_document(plan)
    assert doc.objectives[0].targets == ["t-artisans-lyon"]
    assert doc.tactics[0].targets == ["t-artisans-lyon"]
    assert doc.targets[0].name == "Artisans lyonnais"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).first()
    assert event.changes["id"] == ["t-artisans", "t-artisans-lyon"]


def test_segments_and_behaviour_are_stored_as_given(alice):
    saved = objects.save_target(
        alice,
        target(
            segments={"age": ["25-34"], "country": "FR"},
            behaviour={"instagram": ["shares", "shares", "posts"]},
            inactive=["facebook"],
        ),
    )
    saved.refresh_from_db()
    assert saved.segments == {"age": ["25-34"], "country": "FR"}
    assert saved.behaviour == {"instagram": ["shares", "posts"]}
    assert saved.inactive == ["facebook"]


def test_a_taken_id_is_refused_across_kinds(plan, alice):
    before = events(plan)
    for data in (target(), target(id="o-notoriete"), target(id="k-reels")):
        with pytest.raises(DomainError) as error:
            objects.save_target(alice, data)
        assert error.value.field == "id"
    objects.save_target(alice, target(id="t-other"))
    with pytest.raises(DomainError) as error:
        objects.save_target(alice, target(id="t-artisans"), key="t-other")
    assert error.value.field == "id"
    assert Target.objects.count() == 2 and events(plan) == before + 1


def test_updating_a_missing_object_says_so(alice):
    with pytest.raises(objects.Missing):
        objects.save_target(alice, target(), key="t-nobody")
    assert not Target.objects.exists()


def test_another_workspace_has_its_own_ids(alice, outsider):
    other = Membership.objects.get(user=outsider)
    objects.save_target(other, target())
    objects.save_target(alice, target())
    with pytest.raises(objects.Missing):
        objects.delete_object(other, "objective", "o-notoriete")
    assert Target.objects.count() == 2


def test_reorder_targets_ranks_the_priority_targets(alice):
    for key, priority in [("t-a", 1), ("t-b", 2), ("t-c", 3), ("t-d", None)]:
        objects.save_target(alice, target(id=key, priority=priority))
    ranked = objects.reorder_targets(alice, ["t-c", "t-d"])
    assert [t.key for t in ranked] == ["t-c", "t-d", "t-a", "t-b"]
    ranks = dict(Target.objects.values_list("key", "priority"))
    assert ranks == {"t-c": 1, "t-d": 2, "t-a": 3, "t-b": 4}
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).first()
    assert event.changes["t-d"] == [None, 2]


@pytest.mark.parametrize("keys", [["t-a", "t-a"], ["t-a", "t-nobody"]])
def test_a_bad_ranking_changes_nothing(alice, keys):
    objects.save_target(alice, target(id="t-z", priority=1))
    objects.save_target(alice, target(id="t-a", priority=2))
    with pytest.raises(DomainError) as error:
        objects.reorder_targets(alice, keys)
    assert error.value.field == "targets"
    assert Target.objects.get(key="t-a").priority == 2


def test_platforms_are_upserted_by_network(alice):
    objects.save_platform(alice, d.Platform(network="linkedin", stage="candidate"))
    saved = objects.save_platform(
        alice,
        d.Platform(
            network="linkedin", handle="@avs", present_since="2026-08-01", stage="launching"
        ),
    )
    assert Platform.objects.count() == 1
    assert (saved.handle, saved.present_since, saved.stage) == (
        "@avs",
        dt.date(2026, 8, 1),
        "launching",
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes["present_since"] == [None, "2026-08-01"]


# --- Objectives, strategies, tactics -------------------------------------------------


def test_the_plan_round_trips_through_the_document(plan):
    doc = export_document(plan)
    assert doc.objectives == [objective()]
    assert doc.strategies == [d.Strategy(id="s-blog", objective="o-notoriete", plan="Blog")]
    [tactic] = doc.tactics
    assert tactic.slots == [d.Slot(day="tue", time="10:00", network="instagram")]
    assert (tactic.per_week, tactic.targets) == (2, ["t-artisans"])
    assert d.reference_errors(doc) == []


def test_the_owner_must_be_a_member(alice, outsider):
    objects.save_target(alice, target())
    with pytest.raises(DomainError) as error:
        objects.save_objective(alice, objective(owner=outsider.email))
    assert error.value.field == "owner" and outsider.email in error.value.message
    assert not Objective.objects.exists()
    saved = objects.save_objective(alice, objective(owner="BOB@example.org"))
    assert saved.owner.user.email == "bob@example.org"
    saved = objects.save_objective(alice, objective(owner=None), key="o-notoriete")
    assert saved.owner is None


def test_a_dangling_target_names_the_id_and_changes_nothing(plan, alice):
    before = events(plan)
    with pytest.raises(DomainError) as error:
        objects.save_objective(
            alice, objective(title="Changed", targets=["t-artisans", "t-ghost"]), key="o-notoriete"
        )
    assert error.value.field == "targets" and "t-ghost" in error.value.message
    assert Objective.objects.get().title == "Se faire connaître"
    with pytest.raises(DomainError) as error:
        objects.save_tactic(
            alice, d.Tactic(id="k-new", strategy="s-blog", targets=["t-ghost"]), key=None
        )
    assert error.value.field == "targets"
    assert Tactic.objects.count() == 1 and events(plan) == before


def test_strategies_and_tactics_need_their_parent(plan, alice):
    with pytest.raises(DomainError) as error:
        objects.save_strategy(alice, d.Strategy(id="s-x", objective="o-ghost"))
    assert error.value.field == "objective"
    with pytest.raises(DomainError) as error:
        objects.save_tactic(alice, d.Tactic(id="k-x", strategy="s-ghost"))
    assert error.value.field == "strategy"
    assert Strategy.objects.count() == 1 and Tactic.objects.count() == 1


def test_an_objective_update_is_audited_field_by_field(plan, alice):
    objects.save_objective(
        alice, objective(target=3500, networks=["instagram", "facebook"]), key="o-notoriete"
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).first()
    assert event.changes == {
        "target": [3000, 3500],
        "networks": [["instagram"], ["instagram", "facebook"]],
    }
    assert event.object_type == "objective" and event.object_label == "Se faire connaître"


def test_moving_a_tactic_to_another_strategy(plan, alice):
    objects.save_strategy(alice, d.Strategy(id="s-pub", objective="o-notoriete", paid=True))
    objects.save_tactic(alice, d.Tactic(id="k-reels", strategy="s-pub"), key="k-reels")
    tactic = Tactic.objects.get()
    assert tactic.strategy.key == "s-pub"
    assert tactic.slots == [] and not tactic.targets.exists()


# --- Deleting, naming ----------------------------------------------------------------


def test_deleting_an_objective_deletes_its_plan_and_says_so(plan, alice):
    objects.delete_object(alice, "objective", "o-notoriete")
    assert not Objective.objects.exists() and not Strategy.objects.exists()
    assert not Tactic.objects.exists() and Target.objects.exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE)
    assert sorted(deleted.values_list("object_type", flat=True)) == [
        "objective",
        "strategy",
        "tactic",
    ]


def test_deleting_a_target_keeps_what_served_it(plan, alice):
    objects.delete_object(alice, "target", "t-artisans")
    assert list(Objective.objects.get().targets.all()) == []
    assert list(Tactic.objects.get().targets.all()) == []


@pytest.mark.parametrize(
    ("kind", "key"),
    [("platform", "linkedin"), ("mission_network", "linkedin"), ("tactic", "k-ghost")],
)
def test_deleting_what_does_not_exist_is_refused(alice, kind, key):
    with pytest.raises(objects.Missing) as error:
        objects.delete_object(alice, kind, key)
    assert key in error.value.message


def test_deleting_platforms_and_mission_networks_by_network(alice):
    objects.save_platform(alice, d.Platform(network="youtube"))
    objects.save_mission_network(alice, d.MissionNetwork(network="youtube"))
    objects.delete_object(alice, "platform", "youtube")
    objects.delete_object(alice, "mission_network", "youtube")
    assert not Platform.objects.exists() and not MissionNetwork.objects.exists()


def test_new_keys_are_prefixed_slugs_unique_in_the_workspace(plan, alice):
    ws = plan
    assert objects.new_key(ws, "target", "Cyclistes du quotidien lyonnais") == (
        "t-cyclistes-du-quotidien-lyonnais"
    )
    assert objects.new_key(ws, "target", "Artisans") == "t-artisans-2"
    assert objects.new_key(ws, "objective", "Notoriété") == "o-notoriete-2"
    assert objects.new_key(ws, "strategy", "Été 2027 !") == "s-ete-2027"
    assert objects.new_key(ws, "tactic", "???") == "k-2"
    long = objects.new_key(ws, "tactic", "x" * 200)
    assert len(long) == 63 and long.startswith("k-xxx")
    for kind in ("target", "objective", "strategy", "tactic"):
        key = objects.new_key(ws, kind, "Réparer à Lyon")
        d.Target(id=key, name="checks the id pattern")
    with pytest.raises(ValueError):
        objects.new_key(ws, "platform", "x")  # type: ignore[arg-type]
