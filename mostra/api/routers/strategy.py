"""The strategy: mission, targets, platforms, objectives, strategies, tactics, and its checks.

Objects travel in the shape of the strategy file (:mod:`mostra.strategy.document`);
targets, the workspace's own KPIs, objectives, strategies and tactics are addressed by
their ``id``, platforms
and mission networks by their network code. Every member can read; owners and
managers can change (others get 404, as outsiders do).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import BaseModel, Field

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.strategy import Finding, MissionIn, MissionOut, ObjectiveBody, RankingIn
from mostra.core.errors import DomainError
from mostra.core.models import Membership, Workspace
from mostra.core.permissions import Perm
from mostra.strategy import document as d
from mostra.strategy.models import (
    CustomKpi,
    MissionNetwork,
    Objective,
    Platform,
    Strategy,
    StrategyProfile,
    Tactic,
    Target,
)
from mostra.strategy.services import convert, objects
from mostra.strategy.services.export import export_document

router = Router(tags=["strategy"])
BASE = "/workspaces/{slug}/strategy"
CREATED: dict[int, Any] = {**INVALID}


def _workspace(request: HttpRequest, slug: str) -> Workspace:
    return member(request, slug).workspace


def _editor(request: HttpRequest, slug: str) -> Membership:
    return member(request, slug, Perm.EDIT_STRATEGY)


@contextmanager
def _found() -> Iterator[None]:
    """An object named in the address that does not exist is a 404, not a 422."""
    try:
        yield
    except objects.Missing as exc:
        raise Http404 from exc


def _same_network(payload_network: str, network: str) -> None:
    if payload_network != network:
        raise DomainError(
            _("The body names %(body)s but the address names %(address)s: send the same network.")
            % {"body": payload_network, "address": network},
            field="network",
        )


def _objectives(workspace: Workspace) -> Any:
    return (
        Objective.objects.filter(workspace=workspace)
        .select_related("owner__user")
        .prefetch_related("targets")
    )


def _strategies(workspace: Workspace) -> Any:
    return Strategy.objects.filter(workspace=workspace).select_related("objective")


def _tactics(workspace: Workspace) -> Any:
    return (
        Tactic.objects.filter(workspace=workspace)
        .select_related("strategy")
        .prefetch_related("targets")
    )


def _one(queryset: Any, **lookup: Any) -> Any:
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def _json(part: d.Part) -> dict[str, Any]:
    return part.model_dump(mode="json")


def _objective_json(objective: Objective) -> dict[str, Any]:
    """Its part of the file, and whether its owner is not a member yet."""
    return {
        **_json(convert.objective_doc(objective)),
        "owner_pending": bool(objective.owner_email),
    }


def _jsonable(value: Any) -> Any:
    """A check's result as JSON values: dataclasses, pydantic models, lazy translations,
    dates, tuples and sets included; a mapping keyed by tuples becomes the list of its
    values."""
    if hasattr(value, "as_dict"):
        return _jsonable(value.as_dict())
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        if any(isinstance(k, tuple) for k in value):
            # Cells keyed by (target, network): a list, each cell names its own keys.
            return [_jsonable(v) for v in value.values()]
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- The whole document and the mission ----------------------------------------------


@router.get(BASE, response={200: d.StrategyDocument, **NOT_FOUND})
def get_strategy(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The whole strategy, as ``mostra strategy export`` writes it."""
    return export_document(_workspace(request, slug)).model_dump(mode="json")


def _mission(workspace: Workspace) -> dict[str, Any]:
    profile = StrategyProfile.objects.filter(workspace=workspace).first()
    values = convert.profile_state(profile)
    return {
        "vision": values["vision"],
        "capacity": {"posts_per_week": values["posts_per_week"]},
        "checks": {
            "new_account_months": values["new_account_months"],
            "default_monthly_growth_max": values["default_monthly_growth_max"],
        },
        "networks": [
            _json(convert.mission_network_doc(m))
            for m in MissionNetwork.objects.filter(workspace=workspace)
        ],
    }


@router.get(f"{BASE}/mission", response={200: MissionOut, **NOT_FOUND})
def get_mission(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The vision, the team's capacity (posts per week), the SMART check's settings and
    the mission networks."""
    return _mission(_workspace(request, slug))


@router.put(f"{BASE}/mission", response={200: MissionOut, **INVALID})
def put_mission(request: HttpRequest, slug: str, payload: MissionIn) -> dict[str, Any]:
    """Change the vision, the capacity or the check settings sent; keep the others."""
    membership = _editor(request, slug)
    objects.save_profile(membership, **payload.changes())
    return _mission(membership.workspace)


# --- Mission networks ----------------------------------------------------------------


@router.get(f"{BASE}/mission-networks", response={200: list[d.MissionNetwork], **NOT_FOUND})
def list_mission_networks(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Why the workspace is on each network, and who is there."""
    workspace = _workspace(request, slug)
    return [
        _json(convert.mission_network_doc(m))
        for m in MissionNetwork.objects.filter(workspace=workspace)
    ]


@router.get(f"{BASE}/mission-networks/{{network}}", response={200: d.MissionNetwork, **NOT_FOUND})
def get_mission_network(request: HttpRequest, slug: str, network: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    mission = _one(MissionNetwork.objects, workspace=workspace, network=network)
    return _json(convert.mission_network_doc(mission))


@router.put(f"{BASE}/mission-networks/{{network}}", response={200: d.MissionNetwork, **INVALID})
def put_mission_network(
    request: HttpRequest, slug: str, network: str, payload: d.MissionNetwork
) -> dict[str, Any]:
    """Create or replace the answers for one network."""
    membership = _editor(request, slug)
    _same_network(payload.network, network)
    return _json(convert.mission_network_doc(objects.save_mission_network(membership, payload)))


@router.delete(f"{BASE}/mission-networks/{{network}}", response={204: None, **INVALID})
def delete_mission_network(request: HttpRequest, slug: str, network: str) -> Status:
    with _found():
        objects.delete_object(_editor(request, slug), "mission_network", network)
    return Status(204, None)


# --- Targets -------------------------------------------------------------------------


@router.get(f"{BASE}/targets", response={200: list[d.Target], **NOT_FOUND})
def list_targets(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Targets by priority (first priority first), then the others."""
    workspace = _workspace(request, slug)
    return [_json(convert.target_doc(t)) for t in Target.objects.filter(workspace=workspace)]


@router.post(f"{BASE}/targets", response={201: d.Target, **CREATED})
def create_target(request: HttpRequest, slug: str, payload: d.Target) -> Status:
    target = objects.save_target(_editor(request, slug), payload)
    return Status(201, _json(convert.target_doc(target)))


@router.get(f"{BASE}/targets/{{key}}", response={200: d.Target, **NOT_FOUND})
def get_target(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    return _json(convert.target_doc(_one(Target.objects, workspace=workspace, key=key)))


@router.put(f"{BASE}/targets/{{key}}", response={200: d.Target, **INVALID})
def put_target(request: HttpRequest, slug: str, key: str, payload: d.Target) -> dict[str, Any]:
    """Replace a target; an ``id`` other than the one in the address renames it."""
    membership = _editor(request, slug)
    with _found():
        target = objects.save_target(membership, payload, key=key)
    return _json(convert.target_doc(target))


@router.delete(f"{BASE}/targets/{{key}}", response={204: None, **INVALID})
def delete_target(request: HttpRequest, slug: str, key: str) -> Status:
    """Delete a target; the objectives and tactics that served it no longer name it."""
    with _found():
        objects.delete_object(_editor(request, slug), "target", key)
    return Status(204, None)


@router.put(f"{BASE}/target-ranking", response={200: list[d.Target], **INVALID})
def rank_targets(request: HttpRequest, slug: str, payload: RankingIn) -> list[dict[str, Any]]:
    """Rank the priority targets: the ids sent get priority 1, 2, 3… in that order; other
    targets with a priority follow. Returns every target, in the new order."""
    membership = _editor(request, slug)
    objects.reorder_targets(membership, payload.targets)
    targets = Target.objects.filter(workspace=membership.workspace)
    return [_json(convert.target_doc(t)) for t in targets]


# --- Platforms -----------------------------------------------------------------------


@router.get(f"{BASE}/platforms", response={200: list[d.Platform], **NOT_FOUND})
def list_platforms(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Networks in use and candidates, with handle, presence date and stage."""
    workspace = _workspace(request, slug)
    return [_json(convert.platform_doc(p)) for p in Platform.objects.filter(workspace=workspace)]


@router.post(f"{BASE}/platforms", response={201: d.Platform, **CREATED})
def create_platform(request: HttpRequest, slug: str, payload: d.Platform) -> Status:
    """Add a platform; a network already in the platforms is refused (422), as on the
    strategy page."""
    platform = objects.save_platform(_editor(request, slug), payload, adding=True)
    return Status(201, _json(convert.platform_doc(platform)))


@router.get(f"{BASE}/platforms/{{network}}", response={200: d.Platform, **NOT_FOUND})
def get_platform(request: HttpRequest, slug: str, network: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    return _json(convert.platform_doc(_one(Platform.objects, workspace=workspace, network=network)))


@router.put(f"{BASE}/platforms/{{network}}", response={200: d.Platform, **INVALID})
def put_platform(
    request: HttpRequest, slug: str, network: str, payload: d.Platform
) -> dict[str, Any]:
    """Create or replace the platform on this network."""
    membership = _editor(request, slug)
    _same_network(payload.network, network)
    return _json(convert.platform_doc(objects.save_platform(membership, payload)))


@router.delete(f"{BASE}/platforms/{{network}}", response={204: None, **INVALID})
def delete_platform(request: HttpRequest, slug: str, network: str) -> Status:
    with _found():
        objects.delete_object(_editor(request, slug), "platform", network)
    return Status(204, None)


# --- The workspace's own KPIs --------------------------------------------------------


@router.get(f"{BASE}/kpis", response={200: list[d.Kpi], **NOT_FOUND})
def list_custom_kpis(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The KPIs the workspace defines for itself, beside mostra's catalogue: objectives
    name them by their ``id``; their values are recorded by the team
    (``/workspaces/{slug}/kpis/{id}/values``)."""
    workspace = _workspace(request, slug)
    return [_json(convert.kpi_doc(k)) for k in CustomKpi.objects.filter(workspace=workspace)]


@router.post(f"{BASE}/kpis", response={201: d.Kpi, **CREATED})
def create_custom_kpi(request: HttpRequest, slug: str, payload: d.Kpi) -> Status:
    """Define a KPI: names (``fr``, ``en``, at least one), unit, direction, axis, and how
    its values are collected (``sum``: counted per day, now = the last 30 days' total;
    ``latest``: readings). Its ``id`` is never a catalogue code."""
    kpi = objects.save_kpi(_editor(request, slug), payload)
    return Status(201, _json(convert.kpi_doc(kpi)))


@router.get(f"{BASE}/kpis/{{key}}", response={200: d.Kpi, **NOT_FOUND})
def get_custom_kpi(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    return _json(convert.kpi_doc(_one(CustomKpi.objects.filter(workspace=workspace), key=key)))


@router.put(f"{BASE}/kpis/{{key}}", response={200: d.Kpi, **INVALID})
def put_custom_kpi(request: HttpRequest, slug: str, key: str, payload: d.Kpi) -> dict[str, Any]:
    """Replace a KPI; an ``id`` other than the one in the address renames it, and the
    objectives it measures and its recorded values follow."""
    with _found():
        kpi = objects.save_kpi(_editor(request, slug), payload, key=key)
    return _json(convert.kpi_doc(kpi))


@router.delete(f"{BASE}/kpis/{{key}}", response={204: None, **INVALID})
def delete_custom_kpi(request: HttpRequest, slug: str, key: str) -> Status:
    """Delete a KPI no objective is measured by (422 otherwise); its recorded values are
    kept, and show again if it is defined again."""
    with _found():
        objects.delete_object(_editor(request, slug), "kpi", key)
    return Status(204, None)


# --- Objectives ----------------------------------------------------------------------


@router.get(f"{BASE}/objectives", response={200: list[ObjectiveBody], **NOT_FOUND})
def list_objectives(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    workspace = _workspace(request, slug)
    return [_objective_json(o) for o in _objectives(workspace)]


@router.post(f"{BASE}/objectives", response={201: ObjectiveBody, **CREATED})
def create_objective(request: HttpRequest, slug: str, payload: ObjectiveBody) -> Status:
    """Create an objective; ``owner`` is a member's e-mail, ``targets`` are target ids."""
    membership = _editor(request, slug)
    objective = objects.save_objective(membership, payload)
    fresh = _objectives(membership.workspace).get(pk=objective.pk)
    return Status(201, _objective_json(fresh))


@router.get(f"{BASE}/objectives/{{key}}", response={200: ObjectiveBody, **NOT_FOUND})
def get_objective(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    return _objective_json(_one(_objectives(workspace), key=key))


@router.put(f"{BASE}/objectives/{{key}}", response={200: ObjectiveBody, **INVALID})
def put_objective(
    request: HttpRequest, slug: str, key: str, payload: ObjectiveBody
) -> dict[str, Any]:
    """Replace an objective; an ``id`` other than the one in the address renames it."""
    membership = _editor(request, slug)
    with _found():
        objective = objects.save_objective(membership, payload, key=key)
    fresh = _objectives(membership.workspace).get(pk=objective.pk)
    return _objective_json(fresh)


@router.delete(f"{BASE}/objectives/{{key}}", response={204: None, **INVALID})
def delete_objective(request: HttpRequest, slug: str, key: str) -> Status:
    """Delete an objective with its strategies and their tactics."""
    with _found():
        objects.delete_object(_editor(request, slug), "objective", key)
    return Status(204, None)


# --- Strategies ----------------------------------------------------------------------


@router.get(f"{BASE}/strategies", response={200: list[d.Strategy], **NOT_FOUND})
def list_strategies(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    workspace = _workspace(request, slug)
    return [_json(convert.strategy_doc(s)) for s in _strategies(workspace)]


@router.post(f"{BASE}/strategies", response={201: d.Strategy, **CREATED})
def create_strategy(request: HttpRequest, slug: str, payload: d.Strategy) -> Status:
    """Create a strategy serving the objective whose id is ``objective``."""
    strategy = objects.save_strategy(_editor(request, slug), payload)
    return Status(201, _json(convert.strategy_doc(strategy)))


@router.get(f"{BASE}/strategies/{{key}}", response={200: d.Strategy, **NOT_FOUND})
def get_strategy_item(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    return _json(convert.strategy_doc(_one(_strategies(workspace), key=key)))


@router.put(f"{BASE}/strategies/{{key}}", response={200: d.Strategy, **INVALID})
def put_strategy(request: HttpRequest, slug: str, key: str, payload: d.Strategy) -> dict[str, Any]:
    """Replace a strategy; an ``id`` other than the one in the address renames it."""
    membership = _editor(request, slug)
    with _found():
        strategy = objects.save_strategy(membership, payload, key=key)
    return _json(convert.strategy_doc(strategy))


@router.delete(f"{BASE}/strategies/{{key}}", response={204: None, **INVALID})
def delete_strategy(request: HttpRequest, slug: str, key: str) -> Status:
    """Delete a strategy with its tactics."""
    with _found():
        objects.delete_object(_editor(request, slug), "strategy", key)
    return Status(204, None)


# --- Tactics -------------------------------------------------------------------------


@router.get(f"{BASE}/tactics", response={200: list[d.Tactic], **NOT_FOUND})
def list_tactics(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    workspace = _workspace(request, slug)
    return [_json(convert.tactic_doc(t)) for t in _tactics(workspace)]


@router.post(f"{BASE}/tactics", response={201: d.Tactic, **CREATED})
def create_tactic(request: HttpRequest, slug: str, payload: d.Tactic) -> Status:
    """Create a tactic serving the strategy whose id is ``strategy``; slots are in the
    workspace's time zone."""
    membership = _editor(request, slug)
    tactic = objects.save_tactic(membership, payload)
    return Status(201, _json(convert.tactic_doc(_tactics(membership.workspace).get(pk=tactic.pk))))


@router.get(f"{BASE}/tactics/{{key}}", response={200: d.Tactic, **NOT_FOUND})
def get_tactic(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    workspace = _workspace(request, slug)
    return _json(convert.tactic_doc(_one(_tactics(workspace), key=key)))


@router.put(f"{BASE}/tactics/{{key}}", response={200: d.Tactic, **INVALID})
def put_tactic(request: HttpRequest, slug: str, key: str, payload: d.Tactic) -> dict[str, Any]:
    """Replace a tactic; an ``id`` other than the one in the address renames it."""
    membership = _editor(request, slug)
    with _found():
        tactic = objects.save_tactic(membership, payload, key=key)
    return _json(convert.tactic_doc(_tactics(membership.workspace).get(pk=tactic.pk)))


@router.delete(f"{BASE}/tactics/{{key}}", response={204: None, **INVALID})
def delete_tactic(request: HttpRequest, slug: str, key: str) -> Status:
    with _found():
        objects.delete_object(_editor(request, slug), "tactic", key)
    return Status(204, None)


# --- Checks --------------------------------------------------------------------------


def _checked(workspace: Workspace) -> tuple[d.StrategyDocument, Any]:
    """The strategy as a document and what the database adds to it (members, RACI,
    history). The checks are imported when called: membership is decided first."""
    from mostra.strategy.checks.context import context_for_workspace

    return export_document(workspace), context_for_workspace(workspace)


@router.get(f"{BASE}/objectives/{{key}}/smart", response={200: dict[str, Any], **NOT_FOUND})
def get_objective_smart(request: HttpRequest, slug: str, key: str) -> Any:
    """Whether the objective is Specific, Measurable, Achievable, Realistic and
    Time-bound, letter by letter, and why."""
    workspace = _workspace(request, slug)
    from mostra.strategy.checks.smart import smart_check

    doc, ctx = _checked(workspace)
    if not any(o.id == key for o in doc.objectives):
        raise Http404
    return _jsonable(smart_check(doc, key, ctx))


@router.get(f"{BASE}/lint", response={200: list[Finding], **NOT_FOUND})
def get_strategy_lint(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Coherence findings: stable code, severity (error, warning, info), what to do, and
    the id of the element concerned."""
    workspace = _workspace(request, slug)
    from mostra.strategy.checks.lint import lint

    doc, ctx = _checked(workspace)
    return [finding.as_dict() for finding in lint(doc, ctx)]


@router.get(f"{BASE}/readiness", response={200: Any, **NOT_FOUND})
def get_strategy_readiness(request: HttpRequest, slug: str) -> Any:
    """For each network, whether every question of the method has an answer before the
    first post."""
    workspace = _workspace(request, slug)
    from mostra.strategy.checks.readiness import readiness_all

    doc, ctx = _checked(workspace)
    return {
        network: _readiness_json(workspace, result)
        for network, result in readiness_all(doc, ctx).items()
    }


def _readiness_json(workspace: Workspace, result: Any) -> dict[str, Any]:
    """A network's readiness, its answers "not known yet", the override in force, and the
    absolute address of its readiness page (where the questions are answered)."""
    from django.urls import reverse

    from mostra.editorial.services.readiness import absolute
    from mostra.strategy.checks.readiness import READINESS_RULES

    body = _jsonable(result)
    for answer in body["not_known"]:
        answer["question"] = str(READINESS_RULES.get(answer["code"], answer["code"]))
    body["url"] = absolute(reverse("strategy:readiness", args=[workspace.slug, result.network]))
    return body


def _network_readiness(workspace: Workspace, network: str) -> dict[str, Any]:
    from mostra.strategy.checks.readiness import readiness

    doc, ctx = _checked(workspace)
    return _readiness_json(workspace, readiness(doc, ctx, network))


class OverrideIn(d.Part):
    """Why the first post on the network may go out before every answer is given."""

    reason: str = Field(max_length=1000)


class NotKnownIn(d.Part):
    """What is not known yet, and when it will be."""

    note: str = Field(max_length=1000)


@router.get(f"{BASE}/readiness/{{network}}", response={200: Any, **NOT_FOUND})
def get_network_readiness(request: HttpRequest, slug: str, network: str) -> Any:
    """One network's readiness: what is missing, what is not known yet, the override."""
    workspace = _workspace(request, slug)
    _known_network(network)
    return _network_readiness(workspace, network)


@router.post(f"{BASE}/readiness/{{network}}/override", response={201: Any, **CREATED})
def override_readiness(
    request: HttpRequest, slug: str, network: str, payload: OverrideIn
) -> Status:
    """Let the first post on the network through without every answer (owners only)."""
    from mostra.strategy.services import readiness as service

    membership = member(request, slug, Perm.OVERRIDE_READINESS)
    service.override(membership, network, payload.reason)
    return Status(201, _network_readiness(membership.workspace, network))


@router.delete(f"{BASE}/readiness/{{network}}/override", response={200: Any, **INVALID})
def revoke_readiness_override(request: HttpRequest, slug: str, network: str) -> Any:
    """End the override in force: the readiness check applies again (owners only)."""
    from mostra.strategy.services import readiness as service

    membership = member(request, slug, Perm.OVERRIDE_READINESS)
    service.revoke_override(membership, network)
    return _network_readiness(membership.workspace, network)


@router.put(f"{BASE}/readiness/{{network}}/not-known/{{code}}", response={200: Any, **INVALID})
def put_not_known(
    request: HttpRequest, slug: str, network: str, code: str, payload: NotKnownIn
) -> Any:
    """Answer a question "not known yet", with a note (where the question allows it)."""
    from mostra.strategy.services import readiness as service

    membership = _editor(request, slug)
    service.set_not_known(membership, network, code, payload.note)
    return _network_readiness(membership.workspace, network)


@router.delete(f"{BASE}/readiness/{{network}}/not-known/{{code}}", response={200: Any, **INVALID})
def delete_not_known(request: HttpRequest, slug: str, network: str, code: str) -> Any:
    """The question is no longer "not known yet"."""
    from mostra.strategy.services import readiness as service

    membership = _editor(request, slug)
    _known_network(network)
    service.clear_not_known(membership, network, code)
    return _network_readiness(membership.workspace, network)


def _known_network(network: str) -> None:
    from mostra.strategy import catalogue

    if network not in catalogue.NETWORKS:
        raise Http404


@router.get(f"{BASE}/affinity", response={200: dict[str, Any], **NOT_FOUND})
def get_strategy_affinity(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The targets × platforms matrix with the source of each score, and the recommended
    platforms."""
    workspace = _workspace(request, slug)
    from mostra.strategy.checks.affinity import affinity_matrix, recommend

    doc, ctx = _checked(workspace)
    return {
        "matrix": _jsonable(affinity_matrix(doc, ctx)),
        "recommendation": _jsonable(recommend(doc, ctx)),
    }
