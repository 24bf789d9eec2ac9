"""Storing imported traffic and mapping goals to KPIs: what the command, the API and the
pages call.

Only the workspace's owners and managers (who answer for the strategy) import or map;
everyone in the workspace reads. Importing again what a tool said of a period replaces
it: the rows of the same tool inside the file's span are deleted first, in the same
transaction, so that a month imported every week counts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.analytics.conversions.exports import Traffic
from mostra.analytics.models import GoalCount, GoalMapping, TrafficRow
from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.archive import ensure_writable
from mostra.strategy.kpis.objective import catalogue_kpi

#: The KPIs a goal may feed: those counted in conversions.
GOAL_KPIS = ("registrations", "sales", "leads")  # as kpi_values.GOAL_KPIS


class MayNotImport(DomainError):
    """The member reads conversions but does not change them."""


@dataclass
class ImportSummary:
    tool: str
    first: dt.date | None
    last: dt.date | None
    rows: int
    replaced: int
    visits: int
    conversions: int

    def describe(self) -> str:
        if self.first is None or self.last is None:
            return _("The export holds no line: nothing was imported.")
        return _(
            "%(rows)s rows imported from %(tool)s, %(first)s to %(last)s: %(visits)s visits, "
            "%(conversions)s conversions (%(replaced)s rows of that period replaced)."
        ) % {
            "rows": self.rows,
            "tool": self.tool,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "visits": self.visits,
            "conversions": self.conversions,
            "replaced": self.replaced,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "tool": self.tool,
            "from": self.first.isoformat() if self.first else None,
            "to": self.last.isoformat() if self.last else None,
            "rows": self.rows,
            "replaced": self.replaced,
            "visits": self.visits,
            "conversions": self.conversions,
        }


def _require(actor: Membership) -> None:
    ensure_writable(actor.workspace)
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise MayNotImport(
            _(
                "Only the workspace's owners and managers import conversions and map goals: "
                "send the export to one of them."
            )
        )


@transaction.atomic
def import_traffic(actor: Membership, traffic: Traffic, *, filename: str = "") -> ImportSummary:
    """Store an export read by :func:`~.exports.read_export`, replacing what the same
    tool said of the same span; one audit event."""
    _require(actor)
    workspace = actor.workspace
    summary = ImportSummary(traffic.tool, traffic.first, traffic.last, 0, 0, 0, 0)
    if traffic.first is None or traffic.last is None:
        return summary
    stale = TrafficRow.objects.filter(
        workspace=workspace, tool=traffic.tool, start__gte=traffic.first, end__lte=traffic.last
    )
    summary.replaced = stale.count()
    stale.delete()
    rows = TrafficRow.objects.bulk_create(
        TrafficRow(
            workspace=workspace,
            tool=traffic.tool,
            start=line.start,
            end=line.end,
            utm_campaign=line.campaign[:200],
            utm_source=line.source[:200],
            utm_medium=line.medium[:200],
            utm_content=line.content[:200],
            visits=line.visits,
            imported_by=actor.user,
        )
        for line in traffic.lines
    )
    GoalCount.objects.bulk_create(
        GoalCount(row=row, goal=goal[:200], conversions=count)
        for row, line in zip(rows, traffic.lines, strict=True)
        for goal, count in line.goals.items()
    )
    summary.rows = len(rows)
    summary.visits = sum(line.visits or 0 for line in traffic.lines)
    summary.conversions = sum(sum(line.goals.values()) for line in traffic.lines)
    figures_cache.changed([workspace.pk])
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=workspace,
        label=_("Conversions imported from %(tool)s") % {"tool": traffic.tool},
        changes={"file": filename, **summary.as_dict()},
    )
    return summary


@transaction.atomic
def map_goal(actor: Membership, goal: str, kpi: str) -> GoalMapping | None:
    """Count the goal's conversions as the KPI's values (``kpi`` empty: no longer)."""
    _require(actor)
    goal = goal.strip()
    if not goal or len(goal) > 200:
        raise DomainError(_("Name the goal as the export writes it."), field="goal")
    workspace = actor.workspace
    if not kpi:
        GoalMapping.objects.filter(workspace=workspace, goal=goal).delete()
        mapping = None
    else:
        if kpi not in GOAL_KPIS:
            raise DomainError(
                _("A goal counts as one of these KPIs: %(kpis)s.") % {"kpis": ", ".join(GOAL_KPIS)},
                field="kpi",
            )
        mapping, _created = GoalMapping.objects.update_or_create(
            workspace=workspace, goal=goal, defaults={"kpi": kpi}
        )
    figures_cache.changed([workspace.pk])
    found = catalogue_kpi(kpi) if kpi else None
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=workspace,
        label=_("Goal “%(goal)s” counted as %(kpi)s")
        % {"goal": goal, "kpi": found.label if found else "—"},
        changes={"goal": goal, "kpi": kpi},
    )
    return mapping
