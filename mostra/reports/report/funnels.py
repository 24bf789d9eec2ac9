"""The report's Funnel section: for each objective of the "make act" axis, reach →
clicks → visits → conversions over the period, each step's rate and the cost per
conversion (:mod:`mostra.analytics.conversions.funnel`); a step nothing measures is
written "unknown", never 0. An objective none of whose steps is measured is left out."""

from __future__ import annotations

from dataclasses import dataclass

from mostra.analytics.conversions.display import FunnelLines, lines
from mostra.analytics.conversions.funnel import objective_funnel
from mostra.reports.report.period import ReportPeriod
from mostra.strategy.models import Objective

#: The axis whose objectives have a funnel ("make act").
ACTION = "action"


@dataclass
class FunnelSection:
    title: str
    funnel: FunnelLines


def funnel_sections(objectives: list[Objective], period: ReportPeriod) -> list[FunnelSection]:
    """The sections of the workspace's ``objectives`` of the "make act" axis."""
    sections = []
    for objective in (o for o in objectives if o.axis == ACTION):
        shown = lines(objective_funnel(objective, period.start, period.end))
        if shown.known:
            sections.append(FunnelSection(objective.title, shown))
    return sections
