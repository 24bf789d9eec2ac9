"""Changing the strategy one object at a time: what the pages, the API and the demo call.

Every function takes the acting membership, which must hold ``Perm.EDIT_STRATEGY``
(owners and managers). It validates everything first, then changes the database in
one transaction and records the change in the audit log; or it raises
:class:`~mostra.core.errors.DomainError` naming the field, having changed nothing.

Objects are given as the parts of :mod:`mostra.strategy.document` (already checked
for shape by pydantic); these functions check what only the database knows: ids
that exist or are taken, owners who are members.

Ids (``key``) are unique within a workspace across targets, objectives, strategies
and tactics, as in a strategy file. Platforms and mission networks are known by
their network code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.strategy import catalogue
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
from mostra.strategy.services.convert import state

Kind = Literal["mission_network", "target", "platform", "kpi", "objective", "strategy", "tactic"]
KeyedKind = Literal["target", "kpi", "objective", "strategy", "tactic"]

MODELS: dict[str, type[models.Model]] = {
    "mission_network": MissionNetwork,
    "target": Target,
    "platform": Platform,
    "kpi": CustomKpi,
    "objective": Objective,
    "strategy": Strategy,
    "tactic": Tactic,
}
#: Prefix of the ids mostra makes up, by kind.
PREFIXES: dict[str, str] = {"target": "t-", "objective": "o-", "strategy": "s-", "tactic": "k-"}
KEYED: list[type[models.Model]] = [Target, Objective, Strategy, Tactic]
#: Called (workspace, old code, new code) when a workspace's own KPI changes its code, in
#: the same transaction: the values recorded under the old code follow. The recorded
#: values are the analytics layer's (a layer above), which fills this when it is ready
#: (:func:`mostra.analytics.for_strategy.rename_recorded`).
KPI_RENAMED: list[Callable[[Workspace, str, str], None]] = []
MAX_KEY = 63


class Missing(DomainError):
    """The object named does not exist in the workspace (the API answers 404)."""


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


#: Stands for "leave this field as it is" where ``None`` is a value.
NOT_GIVEN: Any = _NotGiven()


# --- Helpers -------------------------------------------------------------------------


def _require_editor(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can change the strategy."))


def _check(model: type[BaseModel], **values: Any) -> BaseModel:
    """Validate values with a document part; the first problem as a DomainError."""
    try:
        return model(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or None
        raise DomainError(str(error["msg"]), field=field) from exc


def _taken_keys(workspace: Workspace) -> set[str]:
    keys: set[str] = set()
    for model in KEYED:
        keys.update(
            model._default_manager.filter(workspace=workspace).values_list("key", flat=True)
        )
    return keys


def _check_key_free(workspace: Workspace, key: str, current: models.Model | None) -> None:
    """Refuse an id already used by another target, objective, strategy or tactic."""
    for model in KEYED:
        clash = model._default_manager.filter(workspace=workspace, key=key)
        if current is not None and isinstance(current, model):
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            raise DomainError(
                _("The id “%(id)s” is already used in this strategy: choose another.")
                % {"id": key},
                field="id",
            )


def _next_position(model: type[models.Model], workspace: Workspace) -> int:
    rows = model._default_manager.filter(workspace=workspace)
    last = rows.aggregate(m=models.Max("position"))["m"]
    return 0 if last is None else last + 1


def _get(model: type[models.Model], workspace: Workspace, label: str, **lookup: Any) -> Any:
    obj = model._default_manager.filter(workspace=workspace, **lookup).first()
    if obj is None:
        value = next(iter(lookup.values()))
        raise Missing(
            _("No %(kind)s “%(id)s” in this strategy.") % {"kind": label, "id": value},
            field="id",
        )
    return obj


def _resolve_targets(workspace: Workspace, keys: list[str]) -> list[Target]:
    found = {t.key: t for t in Target.objects.filter(workspace=workspace, key__in=keys)}
    for key in keys:
        if key not in found:
            raise DomainError(
                _("No target has the id “%(id)s”: create it first or remove it from the list.")
                % {"id": key},
                field="targets",
            )
    return [found[k] for k in dict.fromkeys(keys)]


def _record(actor: Membership, obj: models.Model, before: dict[str, Any] | None) -> None:
    if before is None:
        audit.record(AuditAction.CREATE, actor=actor.user, workspace=actor.workspace, obj=obj)
        return
    changes = audit.diff(before, state(obj))
    if changes:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=obj,
            changes=changes,
        )


# --- Mission -------------------------------------------------------------------------


@transaction.atomic
def save_profile(
    actor: Membership,
    *,
    vision: str | None = None,
    posts_per_week: float | None = NOT_GIVEN,
    new_account_months: int | None = None,
    default_monthly_growth_max: float | None = None,
) -> StrategyProfile:
    """Change the vision, the team's capacity or the SMART check's settings.

    Only the fields given change; ``posts_per_week=None`` clears the capacity.
    """
    _require_editor(actor)
    workspace = actor.workspace
    if posts_per_week is not NOT_GIVEN:
        _check(d.Capacity, posts_per_week=posts_per_week)
    checks: dict[str, Any] = {}
    if new_account_months is not None:
        checks["new_account_months"] = new_account_months
    if default_monthly_growth_max is not None:
        checks["default_monthly_growth_max"] = default_monthly_growth_max
    _check(d.Checks, **checks)

    profile = StrategyProfile.objects.filter(workspace=workspace).first()
    before = state(profile) if profile else None
    if profile is None:
        profile = StrategyProfile(workspace=workspace)
    if vision is not None:
        profile.vision = vision.strip()
    if posts_per_week is not NOT_GIVEN:
        profile.posts_per_week = posts_per_week
    for name, value in checks.items():
        setattr(profile, name, value)
    profile.save()
    _record(actor, profile, before)
    return profile


@transaction.atomic
def save_mission_network(actor: Membership, data: d.MissionNetwork) -> MissionNetwork:
    """Create or update why the workspace is on ``data.network``, and who is there."""
    _require_editor(actor)
    workspace = actor.workspace
    mission = MissionNetwork.objects.filter(workspace=workspace, network=data.network).first()
    before = state(mission) if mission else None
    if mission is None:
        mission = MissionNetwork(
            workspace=workspace,
            network=data.network,
            position=_next_position(MissionNetwork, workspace),
        )
    mission.why = data.why
    mission.audience_present = data.audience_present
    mission.competitors_present = data.competitors_present
    mission.partners_present = data.partners_present
    mission.behaviour = list(dict.fromkeys(data.behaviour))
    mission.active = data.active
    mission.save()
    _record(actor, mission, before)
    return mission


# --- Targets and platforms -----------------------------------------------------------


@transaction.atomic
def save_target(actor: Membership, data: d.Target, *, key: str | None = None) -> Target:
    """Create a target (``key=None``) or update the one with id ``key``.

    ``data.id`` may differ from ``key``: the target is renamed, references follow.
    """
    _require_editor(actor)
    workspace = actor.workspace
    target = _get(Target, workspace, _("target"), key=key) if key is not None else None
    if target is None or data.id != target.key:
        _check_key_free(workspace, data.id, target)
    before = state(target) if target else None
    if target is None:
        target = Target(workspace=workspace, position=_next_position(Target, workspace))
    target.key = data.id
    target.name = data.name
    target.kind = data.kind
    target.priority = data.priority
    target.typology = data.typology
    target.segments = data.segments.model_dump(mode="json", exclude_defaults=True)
    target.behaviour = {
        network: list(dict.fromkeys(behaviour)) for network, behaviour in data.behaviour.items()
    }
    target.inactive = list(dict.fromkeys(data.inactive))
    target.evidence = data.evidence
    target.save()
    _record(actor, target, before)
    _rank(actor, [])  # priorities stay 1, 2, 3… without gaps, whichever surface saves
    target.refresh_from_db(fields=["priority"])
    return target


@transaction.atomic
def reorder_targets(actor: Membership, keys: list[str]) -> list[Target]:
    """Rank the priority targets: the ones named get priority 1, 2, 3… in that order.

    Targets that had a priority and are not named keep their relative order after them;
    the others stay without priority. Returns the priority targets, first first.
    """
    _require_editor(actor)
    return _rank(actor, keys)


def _rank(actor: Membership, keys: list[str]) -> list[Target]:
    """Give the targets named priority 1, 2, 3…, the other priority targets the next ones
    in their order: the ranking without gaps. Audited when a priority changes."""
    workspace = actor.workspace
    if len(set(keys)) != len(keys):
        raise DomainError(_("Name each target once in the ranking."), field="targets")
    ranked = _resolve_targets(workspace, keys)
    others = [
        t
        for t in Target.objects.filter(workspace=workspace, priority__isnull=False).order_by(
            "priority", "position", "id"
        )
        if t.key not in set(keys)
    ]
    changes: dict[str, list[Any]] = {}
    for rank, target in enumerate([*ranked, *others], start=1):
        if target.priority != rank:
            changes[target.key] = [target.priority, rank]
            target.priority = rank
            target.save(update_fields=["priority"])
    if changes:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=workspace,
            label=_("Target ranking"),
            changes=changes,
        )
    return [*ranked, *others]


@transaction.atomic
def save_platform(actor: Membership, data: d.Platform, *, adding: bool = False) -> Platform:
    """Create or update the platform on ``data.network``: handle, presence date, stage.

    ``adding`` (a new platform, as the pages' Add and the API's POST ask): a network
    already in the platforms is refused, naming it; else it is created or updated.
    """
    _require_editor(actor)
    workspace = actor.workspace
    platform = Platform.objects.filter(workspace=workspace, network=data.network).first()
    if adding and platform is not None:
        raise DomainError(
            _("%(network)s is already in the platforms: change it instead.")
            % {"network": catalogue.network_label(data.network)},
            field="network",
        )
    before = state(platform) if platform else None
    if platform is None:
        platform = Platform(
            workspace=workspace, network=data.network, position=_next_position(Platform, workspace)
        )
    platform.handle = data.handle
    platform.present_since = data.present_since
    platform.stage = data.stage
    platform.save()
    _record(actor, platform, before)
    return platform


# --- The workspace's own KPIs --------------------------------------------------------


@transaction.atomic
def save_kpi(actor: Membership, data: d.Kpi, *, key: str | None = None) -> CustomKpi:
    """Create a KPI of the workspace's own (``key=None``) or update the one with id ``key``.

    Its id is never a catalogue code. A new id renames it: the objectives measured by it
    and the values recorded for it follow.
    """
    _require_editor(actor)
    workspace = actor.workspace
    kpi = _get(CustomKpi, workspace, _("KPI"), key=key) if key is not None else None
    if data.id in catalogue.KPIS:
        raise DomainError(
            _("“%(id)s” is a KPI of mostra's catalogue: choose another id.") % {"id": data.id},
            field="id",
        )
    clash = CustomKpi.objects.filter(workspace=workspace, key=data.id)
    if kpi is not None:
        clash = clash.exclude(pk=kpi.pk)
    if clash.exists():
        raise DomainError(
            _("The id “%(id)s” is already used by another of your KPIs: choose another.")
            % {"id": data.id},
            field="id",
        )
    before = state(kpi) if kpi else None
    if kpi is None:
        kpi = CustomKpi(workspace=workspace, position=_next_position(CustomKpi, workspace))
    elif kpi.key != data.id:
        Objective.objects.filter(workspace=workspace, kpi=kpi.key).update(kpi=data.id)
        for renamed in KPI_RENAMED:  # in this transaction: a refusal renames nothing
            renamed(workspace, kpi.key, data.id)
    kpi.key = data.id
    kpi.name_fr = data.names.fr
    kpi.name_en = data.names.en
    kpi.unit = data.unit
    kpi.direction = data.direction
    kpi.axis = data.axis
    kpi.collection = data.collection or "sum"
    kpi.save()
    _record(actor, kpi, before)
    return kpi


def _check_kpi(workspace: Workspace, code: str | None) -> None:
    """An objective names a catalogue KPI or one of the workspace's own."""
    if not code or code in catalogue.KPIS:
        return
    if not CustomKpi.objects.filter(workspace=workspace, key=code).exists():
        raise DomainError(
            _(
                "No KPI has the code “%(code)s”: choose one of mostra's catalogue, or define "
                "it among your own KPIs first."
            )
            % {"code": code},
            field="kpi",
        )


# --- Objectives, strategies, tactics -------------------------------------------------


def _owner(
    workspace: Workspace, email: str | None, objective: Objective | None
) -> tuple[Membership | None, str]:
    """The member ``email`` names, and the pending owner's address to keep ("" if none).

    An address that is not a member's is refused, except the objective's own owner who is
    not a member yet (imported from a file): keeping them is allowed, naming a new one is
    not.
    """
    if not email:
        return None, ""
    owner = (
        Membership.objects.filter(workspace=workspace, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    if owner is not None:
        return owner, ""
    pending = objective.owner_email if objective is not None else ""
    if not pending or pending.lower() != email.strip().lower():
        raise DomainError(
            _("%(email)s is not a member of this workspace: choose the owner among the members.")
            % {"email": email},
            field="owner",
        )
    return None, pending


@transaction.atomic
def save_objective(actor: Membership, data: d.Objective, *, key: str | None = None) -> Objective:
    """Create an objective (``key=None``) or update the one with id ``key``.

    ``data.owner`` is a member's address, or the address of its owner who is not a member
    yet, kept as it is; choosing a member (or no one) clears that address.
    """
    _require_editor(actor)
    workspace = actor.workspace
    objective = _get(Objective, workspace, _("objective"), key=key) if key is not None else None
    if objective is None or data.id != objective.key:
        _check_key_free(workspace, data.id, objective)
    _check_kpi(workspace, data.kpi)
    owner, pending_owner = _owner(workspace, data.owner, objective)
    targets = _resolve_targets(workspace, data.targets)
    before = state(objective) if objective else None
    if objective is None:
        objective = Objective(workspace=workspace, position=_next_position(Objective, workspace))
    objective.key = data.id
    objective.title = data.title
    objective.description = data.description
    objective.axis = data.axis
    objective.networks = list(dict.fromkeys(data.networks))
    objective.kpi = data.kpi or ""
    objective.baseline_value = data.baseline.value if data.baseline else None
    objective.baseline_date = data.baseline.date if data.baseline else None
    objective.baseline_source = data.baseline.source if data.baseline else ""
    objective.target_value = data.target
    objective.start = data.start
    objective.deadline = data.deadline
    objective.owner = owner
    objective.owner_email = pending_owner
    objective.alignment = data.alignment
    objective.save()
    objective.targets.set(targets)
    _record(actor, _fresh_objective(objective), before)
    return objective


def _fresh_objective(objective: Objective) -> Objective:
    return (
        Objective.objects.select_related("owner__user")
        .prefetch_related("targets")
        .get(pk=objective.pk)
    )


@transaction.atomic
def save_strategy(actor: Membership, data: d.Strategy, *, key: str | None = None) -> Strategy:
    """Create a strategy (``key=None``) or update the one with id ``key``."""
    _require_editor(actor)
    workspace = actor.workspace
    strategy = _get(Strategy, workspace, _("strategy"), key=key) if key is not None else None
    if strategy is None or data.id != strategy.key:
        _check_key_free(workspace, data.id, strategy)
    objective = Objective.objects.filter(workspace=workspace, key=data.objective).first()
    if objective is None:
        raise DomainError(
            _("No objective has the id “%(id)s”: choose the objective this strategy serves.")
            % {"id": data.objective},
            field="objective",
        )
    before = state(strategy) if strategy else None
    if strategy is None:
        strategy = Strategy(workspace=workspace, position=_next_position(Strategy, workspace))
    strategy.key = data.id
    strategy.objective = objective
    strategy.title = data.title
    strategy.plan = data.plan
    strategy.owned_channels = [c.strip() for c in data.owned_channels if c.strip()]
    strategy.paid = data.paid
    strategy.save()
    _record(actor, strategy, before)
    return strategy


@transaction.atomic
def save_tactic(actor: Membership, data: d.Tactic, *, key: str | None = None) -> Tactic:
    """Create a tactic (``key=None``) or update the one with id ``key``."""
    _require_editor(actor)
    workspace = actor.workspace
    tactic = _get(Tactic, workspace, _("tactic"), key=key) if key is not None else None
    if tactic is None or data.id != tactic.key:
        _check_key_free(workspace, data.id, tactic)
    strategy = (
        Strategy.objects.filter(workspace=workspace, key=data.strategy)
        .select_related("objective")
        .first()
    )
    if strategy is None:
        raise DomainError(
            _("No strategy has the id “%(id)s”: choose the strategy this tactic serves.")
            % {"id": data.strategy},
            field="strategy",
        )
    targets = _resolve_targets(workspace, data.targets)
    before = state(tactic) if tactic else None
    if tactic is None:
        tactic = Tactic(workspace=workspace, position=_next_position(Tactic, workspace))
    tactic.key = data.id
    tactic.strategy = strategy
    tactic.title = data.title
    tactic.networks = list(dict.fromkeys(data.networks))
    tactic.content_types = list(dict.fromkeys(data.content_types))
    tactic.formats = list(dict.fromkeys(data.formats))
    tactic.slots = [slot.model_dump(mode="json") for slot in data.slots]
    tactic.per_week = data.per_week
    tactic.save()
    tactic.targets.set(targets)
    fresh = Tactic.objects.select_related("strategy").prefetch_related("targets").get(pk=tactic.pk)
    _record(actor, fresh, before)
    return tactic


# --- Deleting, naming ----------------------------------------------------------------


@transaction.atomic
def delete_object(actor: Membership, kind: Kind, key: str) -> None:
    """Delete one object; platforms and mission networks are named by network code.

    Deleting an objective deletes its strategies and their tactics; deleting a
    strategy deletes its tactics. A KPI of the workspace's own is deleted only when no
    objective is measured by it; the values recorded for it are kept. Each deletion is
    in the audit log.
    """
    _require_editor(actor)
    if kind not in MODELS:
        raise DomainError(_("Unknown kind of strategy object."), field="kind")
    workspace = actor.workspace
    labels = {
        "mission_network": _("mission network"),
        "target": _("target"),
        "platform": _("platform"),
        "kpi": _("KPI"),
        "objective": _("objective"),
        "strategy": _("strategy"),
        "tactic": _("tactic"),
    }
    lookup = {"network": key} if kind in {"mission_network", "platform"} else {"key": key}
    obj = _get(MODELS[kind], workspace, str(labels[kind]), **lookup)
    doomed: list[models.Model] = []
    if isinstance(obj, CustomKpi):
        using = list(
            Objective.objects.filter(workspace=workspace, kpi=obj.key).values_list(
                "title", flat=True
            )
        )
        if using:
            raise DomainError(
                _(
                    "Objectives are measured by this KPI (%(objectives)s): give them another "
                    "KPI first."
                )
                % {"objectives": ", ".join(f"“{title}”" for title in using)},
                field="kpi",
            )
    if isinstance(obj, Objective):
        for strategy in obj.strategies.all():
            doomed += list(strategy.tactics.all())
            doomed.append(strategy)
    elif isinstance(obj, Strategy):
        doomed += list(obj.tactics.all())
    for item in [*doomed, obj]:
        audit.record(AuditAction.DELETE, actor=actor.user, workspace=workspace, obj=item)
    obj.delete()
    if isinstance(obj, Target) and obj.priority is not None:
        _rank(actor, [])  # the targets after it move up: no gap in the ranking


def new_key(workspace: Workspace, kind: KeyedKind, title: str) -> str:
    """A free id for a new object: its prefix (t-, o-, s-, k-) and its title in slug form;
    a KPI's is its name alone (as the catalogue's codes), never a catalogue code."""
    if kind == "kpi":
        taken = set(CustomKpi.objects.filter(workspace=workspace).values_list("key", flat=True))
        return _free(slugify(title).strip("-_") or "kpi", taken | set(catalogue.KPIS), 40)
    if kind not in PREFIXES:
        raise ValueError(f"{kind!r} objects are known by their network, not by an id")
    prefix = PREFIXES[kind]
    slug = slugify(title).strip("-_")
    base = (prefix + slug)[:MAX_KEY].rstrip("-_") if slug else prefix.rstrip("-")
    taken = _taken_keys(workspace)
    if base not in taken and slug:
        return base
    return _free(base, taken, MAX_KEY, suffixed=True)


def _free(base: str, taken: set[str], limit: int, *, suffixed: bool = False) -> str:
    """``base`` cut to ``limit`` when free (and not ``suffixed``), else with -2, -3…"""
    base = base[:limit].rstrip("-_")
    if base not in taken and not suffixed:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: limit - len(suffix)].rstrip("-_") + suffix
        if candidate not in taken:
            return candidate
        n += 1
