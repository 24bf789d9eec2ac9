"""The KPIs an objective can name, whoever defines them, and whether mostra computes them.

Two kinds of KPI measure an objective:

* **computed**: mostra's engine computes them from the tracked accounts' posts and
  follower counts (reach, engagement rates, followers…; :mod:`mostra.analytics.kpis`);
* **recorded**: the team records their values, entered by hand or imported from a CSV
  (:class:`~mostra.analytics.models.Measurement`): the catalogue's conversion,
  listening and paid KPIs (registrations, sales, leads, share of voice, net sentiment,
  cost per result), which no post tells, and every KPI a workspace defines for itself
  (:class:`~mostra.strategy.models.CustomKpi`).

:func:`objective_kpi` describes either in the same terms (label in the active language,
unit on the objective's scale, direction, axis), so that the progress, the pages and the
commands do not care which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise

from mostra.core.models import Workspace
from mostra.strategy import catalogue as strategy_catalogue
from mostra.strategy.kpis.catalogue import CATALOGUE, RECORDED, KpiDefinition
from mostra.strategy.kpis.units import STRATEGY_UNITS
from mostra.strategy.models import CustomKpi

Collection = Literal["sum", "latest"]

#: The catalogue's recorded KPIs whose values add up day by day (counted per 30 days,
#: like link clicks); the others (share of voice, net sentiment, cost per result) are
#: readings.
SUMMED = frozenset({"registrations", "sales", "leads", "mentions", "mention_reach"})
#: Catalogue KPIs shown in another unit than the strategy catalogue's: registrations
#: are people.
UNIT_OVERRIDES = {"registrations": "people"}


@dataclass(frozen=True)
class ObjectiveKpi:
    """A KPI as an objective reads it."""

    code: str
    label: str | Promise
    #: On the objective's scale (mostra.strategy.kpis.units): count, people, percent…
    unit: str
    direction: str  # up, down, any
    axis: str
    #: The team records its values (entered or imported); otherwise mostra computes it.
    recorded: bool
    #: How recorded values are read: "sum" (the last 30 days' total) or "latest".
    collection: Collection = "sum"
    #: Defined by the workspace (not in mostra's catalogue).
    custom: bool = False
    #: The engine's definition, for a computed KPI.
    definition: KpiDefinition | None = None


def catalogue_kpi(code: str) -> ObjectiveKpi | None:
    """A KPI of the strategy catalogue, or None."""
    kpi = strategy_catalogue.KPIS.get(code)
    if kpi is None:
        return None
    recorded = code in RECORDED
    return ObjectiveKpi(
        code=code,
        label=kpi.label,
        unit=UNIT_OVERRIDES.get(code, STRATEGY_UNITS.get(kpi.unit, "count")),
        direction=kpi.direction,
        axis=kpi.axis,
        recorded=recorded,
        collection="sum" if code in SUMMED else "latest",
        definition=None if recorded else CATALOGUE.get(code),
    )


def custom_kpi(kpi: CustomKpi) -> ObjectiveKpi:
    """A KPI the workspace defined (its name in the active language)."""
    return ObjectiveKpi(
        code=kpi.key,
        label=kpi.name,
        unit=kpi.unit,
        direction=kpi.direction,
        axis=kpi.axis,
        recorded=True,
        collection="latest" if kpi.collection == "latest" else "sum",
        custom=True,
    )


def custom_kpis(workspace: Workspace) -> dict[str, CustomKpi]:
    """The workspace's own KPIs by code (one query)."""
    return {k.key: k for k in CustomKpi.objects.filter(workspace=workspace)}


def objective_kpi(code: str, custom: Mapping[str, CustomKpi]) -> ObjectiveKpi | None:
    """The KPI ``code`` names: the catalogue's, else one of ``custom``; None otherwise."""
    if not code:
        return None
    found = catalogue_kpi(code)
    if found is None and code in custom:
        found = custom_kpi(custom[code])
    return found


def recorded_kpis(workspace: Workspace) -> list[ObjectiveKpi]:
    """Every KPI whose values the team records: the catalogue's, then the workspace's own."""
    found = [catalogue_kpi(code) for code in strategy_catalogue.KPIS if code in RECORDED]
    own = [custom_kpi(k) for k in CustomKpi.objects.filter(workspace=workspace)]
    return [k for k in found if k is not None] + own


def unit_of(code: str | None, own_units: Mapping[str, str]) -> str:
    """The unit of the KPI ``code`` on the objective's scale: the catalogue's, else the
    one ``own_units`` gives (the workspace's own KPIs' units by code), else a count."""
    found = catalogue_kpi(code) if code else None
    if found is not None:
        return found.unit
    return own_units.get(code or "", "count")
