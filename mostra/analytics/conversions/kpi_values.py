"""Imported conversions as the values of the KPIs their goals are mapped to.

A goal mapped to registrations (sales, leads) adds its conversions to that KPI, day by
day: a row over a period (an export without dates) counts on the period's last day.
A value the team recorded for a day wins over the imported ones of that day, so that
a count at the door or a correction stays possible. One query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from mostra.analytics.models import GoalCount, GoalMapping
from mostra.core.models import Workspace

GOAL_KPIS = frozenset({"registrations", "sales", "leads"})


def imported_values(workspace: Workspace, codes: Iterable[str]) -> dict[str, dict[dt.date, float]]:
    """{code: {day: conversions}} for the asked KPIs that goals are mapped to."""
    wanted = GOAL_KPIS.intersection(codes)
    found: dict[str, dict[dt.date, float]] = defaultdict(dict)
    if not wanted:
        return found
    mapped = GoalMapping.objects.filter(workspace=workspace, goal=OuterRef("goal")).values("kpi")
    rows = (
        GoalCount.objects.filter(row__workspace=workspace)
        .annotate(kpi=Subquery(mapped[:1]))
        .filter(kpi__in=wanted)
        .values_list("kpi", "row__end", "conversions")
    )
    for code, day, count in rows:
        found[code][day] = found[code].get(day, 0.0) + count
    return found


def merge(
    recorded: dict[str, list[tuple[dt.date, float]]], imported: dict[str, dict[dt.date, float]]
) -> None:
    """Add the imported days to the recorded series (in place), recorded days winning."""
    for code, days in imported.items():
        if not days or code not in recorded:
            continue
        values = dict(days)
        values.update(dict(recorded[code]))
        recorded[code] = sorted(values.items())
