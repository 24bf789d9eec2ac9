"""Import a strategy document into a workspace: the file is the whole strategy.

:func:`import_document` creates what is new, updates what changed and deletes what the
file no longer lists, in one transaction: either all of the file is applied, or nothing.
Objects are matched by their ``id`` (targets, objectives, strategies, tactics) or by
their network (mission networks, platforms). The workspace itself (its name, short name,
time zone, language) is never changed by an import; differences are reported as notes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
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
from mostra.strategy.yaml_io import format_path, non_finite_numbers

#: The parts of a strategy, in file order, as the summary names them.
KINDS = (
    "mission",
    "mission networks",
    "targets",
    "platforms",
    "kpis",
    "objectives",
    "strategies",
    "tactics",
)

Path = tuple[str | int, ...]

#: Text the file allows longer than the database keeps: (section, key path, model, field).
LENGTH_LIMITS: list[tuple[str, tuple[str, ...], type[models.Model], str]] = [
    ("targets", ("name",), Target, "name"),
    ("platforms", ("handle",), Platform, "handle"),
    ("objectives", ("title",), Objective, "title"),
    ("objectives", ("owner",), Objective, "owner_email"),
    ("objectives", ("baseline", "source"), Objective, "baseline_source"),
    ("strategies", ("title",), Strategy, "title"),
    ("tactics", ("title",), Tactic, "title"),
]


class ImportRefused(DomainError):
    """The document cannot be imported; ``problems`` are (path in the file, message)."""

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        self.problems = problems
        super().__init__(
            "The strategy was not imported; nothing changed:\n"
            + "\n".join(f"{format_path(path)}: {message}" for path, message in problems)
        )


@dataclass
class ImportSummary:
    """What an import did, per kind of object (see :data:`KINDS`)."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    #: What the file says that the import did not apply (the workspace's own settings).
    notes: list[str] = field(default_factory=list)
    #: Owners the file names who are not members yet, with the ids of their objectives,
    #: which keep their address: invite them; each becomes the owner on joining.
    to_invite: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values()) or any(self.updated.values()) or any(self.deleted.values())
        )

    def describe(self, kind: str) -> str:
        """ "2 created, 1 updated, 1 deleted, 3 unchanged" (zeros left out)."""
        parts = [
            f"{counts[kind]} {word}"
            for word, counts in [
                ("created", self.created),
                ("updated", self.updated),
                ("deleted", self.deleted),
                ("unchanged", self.unchanged),
            ]
            if counts[kind]
        ]
        return ", ".join(parts) or "none"

    def lines(self) -> list[str]:
        lines = [f"{kind}: {self.describe(kind)}" for kind in KINDS]
        return lines + [f"note: {note}" for note in self.notes]

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "deleted": dict(self.deleted),
            "unchanged": dict(self.unchanged),
            "notes": list(self.notes),
            "to_invite": [
                {"email": email, "objectives": list(ids)} for email, ids in self.to_invite.items()
            ],
        }


def import_document(
    actor: Membership | None, workspace: Workspace, doc: d.StrategyDocument
) -> ImportSummary:
    """Make ``workspace``'s strategy exactly the document's, or change nothing.

    1. ``actor`` (None for the command line) must be an owner or manager of the workspace.
    2. Duplicate ids, references to missing ids, unusable numbers, text too long for the
       database, and owners who are not members of objectives that a member owns (a
       misspelt address must not take an objective from its owner) are all collected,
       then refused together (:class:`ImportRefused`).
    3. The other owners who are not members do not stop the import: their objectives keep
       their address as a pending owner (``Objective.owner_email``, which export writes
       back), and the summary lists them in ``to_invite``, to invite; they become the
       owners when they join (:mod:`~mostra.strategy.services.pending_owners`). An owner
       that is not an e-mail address is refused.
    4. In one transaction: the mission, then each kind in file order is created or
       updated, then what the file no longer lists is deleted (tactics first). The
       values recorded for a KPI the file no longer lists are kept: defining the KPI
       again shows them.
    5. One audit event, "strategy imported", records the counts.
    """
    if actor is not None and (
        actor.workspace_id != workspace.pk or not has_perm(actor, Perm.EDIT_STRATEGY)
    ):
        raise DomainError("Only the workspace's owners and managers can import a strategy.")
    problems: list[tuple[Path, str]] = [*non_finite_numbers(doc), *d.reference_errors(doc)]
    members = {m.user.email.lower(): m for m in workspace.memberships.select_related("user").all()}
    owner_problems, to_invite = _absent_owners(doc, workspace, members)
    problems += owner_problems
    problems += _length_problems(doc)
    if problems:
        raise ImportRefused(problems)
    summary = ImportSummary(notes=_workspace_notes(doc, workspace), to_invite=to_invite)
    with transaction.atomic():
        # Imports of one workspace run one after the other.
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        _Import(workspace, doc, members, summary).run()
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user if actor is not None else None,
            workspace=workspace,
            label="strategy imported",
            changes={
                kind: summary.describe(kind)
                for kind in KINDS
                if summary.created[kind] or summary.updated[kind] or summary.deleted[kind]
            }
            or {"strategy": "no change"},
        )
    return summary


# ---------------------------------------------------------------------------
# Checks that need the database


def _absent_owners(
    doc: d.StrategyDocument, workspace: Workspace, members: dict[str, Membership]
) -> tuple[list[tuple[Path, str]], dict[str, list[str]]]:
    """The owners who are not members: refused where a member owns the objective now or
    where they are not an e-mail address, else to invite (by address, in file order, with
    their objectives' ids)."""
    owned = dict(
        Objective.objects.filter(workspace=workspace, owner__isnull=False).values_list(
            "key", "owner__user__email"
        )
    )
    problems: list[tuple[Path, str]] = []
    to_invite: dict[str, list[str]] = {}
    known = ", ".join(sorted(members)[:5]) + (", …" if len(members) > 5 else "")
    for i, objective in enumerate(doc.objectives):
        if not objective.owner or objective.owner.lower() in members:
            continue
        if not _is_address(objective.owner):
            problems.append(
                (
                    ("objectives", i, "owner"),
                    _(
                        "%(owner)s is not an e-mail address: write the address of the "
                        "objective's owner, such as alice@example.org"
                    )
                    % {"owner": objective.owner},
                )
            )
            continue
        if objective.id not in owned:
            to_invite.setdefault(objective.owner.lower(), []).append(objective.id)
            continue
        problems.append(
            (
                ("objectives", i, "owner"),
                f"the owner of objective {objective.id!r}, {objective.owner}, is not a "
                f"member of the workspace {workspace.slug!r}, and {owned[objective.id]} owns "
                f"it now: correct the address, invite them first, or choose a member ({known})",
            )
        )
    return problems, to_invite


def _is_address(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _length_problems(doc: d.StrategyDocument) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    for section, keys, model, field_name in LENGTH_LIMITS:
        field = model._meta.get_field(field_name)
        limit = field.max_length if isinstance(field, models.Field) else None
        for i, item in enumerate(getattr(doc, section)):
            value: Any = item
            for key in keys:
                value = getattr(value, key, None)
            if isinstance(value, str) and limit and len(value) > limit:
                problems.append(
                    (
                        (section, i, *keys),
                        f"{len(value)} characters: shorten it to {limit} at most",
                    )
                )
    return problems


def _workspace_notes(doc: d.StrategyDocument, workspace: Workspace) -> list[str]:
    info = doc.workspace
    if info is None:
        return []
    notes = []
    if info.slug != workspace.slug:
        notes.append(f"the file comes from the workspace {info.slug!r}")
    if info.name != workspace.name:
        notes.append(
            f"the workspace keeps its name {workspace.name!r} (the file says {info.name!r})"
        )
    if info.timezone != workspace.timezone:
        notes.append(
            f"the workspace keeps its time zone {workspace.timezone} (the file says "
            f"{info.timezone}): the tactics' slots are read in {workspace.timezone}; change "
            "the time zone in the workspace's settings if the file's is the right one"
        )
    return notes


# ---------------------------------------------------------------------------
# Writing


def _current(obj: models.Model, name: str) -> Any:
    """A field's value; for a foreign key, its id (no query)."""
    if isinstance(obj._meta.get_field(name), models.ForeignKey):
        return getattr(obj, f"{name}_id")
    return getattr(obj, name)


def _same(old: Any, new: Any, name: str) -> bool:
    """Equal values; JSON objects are compared as the document reads them."""
    if isinstance(new, models.Model):
        new = new.pk
    parse = PARSERS.get(name)
    if parse is None:
        return old == new
    try:
        return parse(old) == parse(new)
    except (TypeError, ValueError):
        return False


def _segments(value: Any) -> d.Segments:
    return d.Segments.model_validate(value or {})


def _slots(value: Any) -> list[d.Slot]:
    return [d.Slot.model_validate(slot) for slot in value or []]


#: JSON fields whose stored form may differ from ours while meaning the same.
PARSERS: dict[str, Callable[[Any], Any]] = {"segments": _segments, "slots": _slots}


class _Import:
    def __init__(
        self,
        workspace: Workspace,
        doc: d.StrategyDocument,
        members: dict[str, Membership],
        summary: ImportSummary,
    ) -> None:
        self.workspace = workspace
        self.doc = doc
        self.members = members
        self.summary = summary

    def run(self) -> None:
        self._profile()
        leftovers = [
            self._sync(
                "mission networks",
                MissionNetwork,
                "network",
                [
                    (m.network, self._mission_network(m, i))
                    for i, m in enumerate(self.doc.mission.networks)
                ],
            )[1],
            self._sync(
                "platforms",
                Platform,
                "network",
                [(p.network, self._platform(p, i)) for i, p in enumerate(self.doc.platforms)],
            )[1],
        ]
        _kpis, old_kpis = self._sync(
            "kpis",
            CustomKpi,
            "key",
            [(k.id, self._kpi(k, i)) for i, k in enumerate(self.doc.kpis)],
        )
        targets, old_targets = self._sync(
            "targets",
            Target,
            "key",
            [(t.id, self._target(t, i)) for i, t in enumerate(self.doc.targets)],
        )
        objectives, old_objectives = self._sync(
            "objectives",
            Objective,
            "key",
            [(o.id, self._objective(o, i)) for i, o in enumerate(self.doc.objectives)],
            m2m={o.id: [targets[k].pk for k in o.targets] for o in self.doc.objectives},
        )
        strategies, old_strategies = self._sync(
            "strategies",
            Strategy,
            "key",
            [(s.id, self._strategy(s, i, objectives)) for i, s in enumerate(self.doc.strategies)],
        )
        _tactics, old_tactics = self._sync(
            "tactics",
            Tactic,
            "key",
            [(t.id, self._tactic(t, i, strategies)) for i, t in enumerate(self.doc.tactics)],
            m2m={t.id: [targets[k].pk for k in t.targets] for t in self.doc.tactics},
        )
        # What the file no longer lists, dependants first.
        for kind, old in [
            ("tactics", old_tactics),
            ("strategies", old_strategies),
            ("objectives", old_objectives),
            ("kpis", old_kpis),
            ("targets", old_targets),
            ("platforms", leftovers[1]),
            ("mission networks", leftovers[0]),
        ]:
            if old:
                type(old[0]).objects.filter(pk__in=[obj.pk for obj in old]).delete()
            self.summary.deleted[kind] += len(old)

    def _profile(self) -> None:
        values = {
            "vision": self.doc.mission.vision,
            "posts_per_week": self.doc.capacity.posts_per_week,
            "new_account_months": self.doc.checks.new_account_months,
            "default_monthly_growth_max": self.doc.checks.default_monthly_growth_max,
        }
        profile = StrategyProfile.objects.filter(workspace=self.workspace).first()
        if profile is None:
            StrategyProfile.objects.create(workspace=self.workspace, **values)
            self.summary.created["mission"] += 1
            return
        self._update("mission", profile, values)

    def _update(self, kind: str, obj: models.Model, values: dict[str, Any]) -> bool:
        changed = [
            name for name, value in values.items() if not _same(_current(obj, name), value, name)
        ]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save(update_fields=changed)
            self.summary.updated[kind] += 1
        else:
            self.summary.unchanged[kind] += 1
        return bool(changed)

    def _sync(
        self,
        kind: str,
        model: type[models.Model],
        key_field: str,
        rows: Sequence[tuple[str, dict[str, Any]]],
        m2m: dict[str, list[int]] | None = None,
    ) -> tuple[dict[str, Any], list[Any]]:
        """Create or update each row by its key; return them, and the objects left over."""
        queryset = model._default_manager.filter(workspace=self.workspace)
        if m2m is not None:
            queryset = queryset.prefetch_related("targets")
        # Any: targets, objectives, strategies and tactics; the last two have ``targets``.
        existing: dict[str, Any] = {getattr(obj, key_field): obj for obj in queryset}
        kept: dict[str, Any] = {}
        for key, values in rows:
            obj: Any = existing.pop(key, None)
            if obj is None:
                obj = model._default_manager.create(
                    workspace=self.workspace, **{key_field: key}, **values
                )
                if m2m is not None:
                    obj.targets.set(m2m[key])
                self.summary.created[kind] += 1
            else:
                updated = self._update(kind, obj, values)
                if m2m is not None:
                    wanted = set(m2m[key])
                    if {t.pk for t in obj.targets.all()} != wanted:
                        obj.targets.set(wanted)
                        if not updated:
                            self.summary.unchanged[kind] -= 1
                            self.summary.updated[kind] += 1
            kept[key] = obj
        return kept, list(existing.values())

    # One object's fields, from its part of the document.

    def _mission_network(self, m: d.MissionNetwork, position: int) -> dict[str, Any]:
        return {
            "why": m.why,
            "audience_present": m.audience_present,
            "competitors_present": m.competitors_present,
            "partners_present": m.partners_present,
            "behaviour": list(m.behaviour),
            "active": m.active,
            "position": position,
        }

    def _platform(self, p: d.Platform, position: int) -> dict[str, Any]:
        return {
            "handle": p.handle,
            "present_since": p.present_since,
            "stage": p.stage,
            "position": position,
        }

    def _target(self, t: d.Target, position: int) -> dict[str, Any]:
        return {
            "name": t.name,
            "kind": t.kind,
            "priority": t.priority,
            "typology": t.typology,
            "segments": t.segments.model_dump(mode="json", exclude_defaults=True),
            "behaviour": {network: list(b) for network, b in t.behaviour.items()},
            "inactive": list(t.inactive),
            "evidence": t.evidence,
            "position": position,
        }

    def _kpi(self, k: d.Kpi, position: int) -> dict[str, Any]:
        return {
            "name_fr": k.names.fr,
            "name_en": k.names.en,
            "unit": k.unit,
            "direction": k.direction,
            "axis": k.axis,
            "collection": k.collection,
            "position": position,
        }

    def _objective(self, o: d.Objective, position: int) -> dict[str, Any]:
        owner = self.members.get(o.owner.lower()) if o.owner else None
        return {
            "title": o.title,
            "description": o.description,
            "axis": o.axis,
            "networks": list(o.networks),
            "kpi": o.kpi or "",
            "baseline_value": o.baseline.value if o.baseline else None,
            "baseline_date": o.baseline.date if o.baseline else None,
            "baseline_source": o.baseline.source if o.baseline else "",
            "target_value": o.target,
            "start": o.start,
            "deadline": o.deadline,
            "owner": owner,
            # Someone who is not a member yet: they become the owner when they join.
            "owner_email": o.owner if o.owner and owner is None else "",
            "alignment": o.alignment,
            "position": position,
        }

    def _strategy(self, s: d.Strategy, position: int, objectives: dict[str, Any]) -> dict[str, Any]:
        return {
            "objective": objectives[s.objective],
            "title": s.title,
            "plan": s.plan,
            "owned_channels": list(s.owned_channels),
            "paid": s.paid,
            "position": position,
        }

    def _tactic(self, t: d.Tactic, position: int, strategies: dict[str, Any]) -> dict[str, Any]:
        return {
            "strategy": strategies[t.strategy],
            "title": t.title,
            "networks": list(t.networks),
            "content_types": list(t.content_types),
            "formats": list(t.formats),
            "slots": [slot.model_dump(mode="json", exclude_defaults=True) for slot in t.slots],
            "per_week": t.per_week,
            "position": position,
        }
