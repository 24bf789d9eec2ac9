"""A workspace with a "registrations" objective and the files a team imports for it."""

from __future__ import annotations

import datetime as dt

from mostra.analytics.models import Measurement
from mostra.core.models import Membership, Workspace
from mostra.strategy.models import CustomKpi, Objective

#: "Today" in these tests: a Wednesday.
TODAY = dt.date(2026, 11, 18)
START = dt.date(2026, 7, 1)


def registrations_objective(workspace: Workspace, **changes) -> Objective:
    values = {
        "workspace": workspace,
        "key": "o-inscriptions",
        "title": "Remplir les ateliers de dégustation",
        "axis": "action",
        "networks": ["instagram"],
        "kpi": "registrations",
        "baseline_value": 40,
        "baseline_date": START,
        "target_value": 300,
        "start": START,
        "deadline": dt.date(2027, 3, 31),
    }
    values.update(changes)
    return Objective.objects.create(**values)


def daily_csv(first: dt.date, last: dt.date, per_day, *, delimiter: str = ",") -> str:
    """A CSV ``date,value`` (or ``date;valeur``) with ``per_day(day)`` registrations a day."""
    header = "date,value" if delimiter == "," else "date;valeur"
    lines = [header]
    day = first
    while day <= last:
        lines.append(f"{day.isoformat()}{delimiter}{per_day(day)}")
        day += dt.timedelta(days=1)
    return "\n".join(lines) + "\n"


def growing(day: dt.date) -> int:
    """One registration a day in July, one more a day every month after (2 in August…)."""
    return 1 + (day.year - 2026) * 12 + day.month - 7


def record(workspace: Workspace, kpi: str, values: dict[dt.date, float]) -> None:
    Measurement.objects.bulk_create(
        Measurement(workspace=workspace, kpi=kpi, date=d, value=v) for d, v in values.items()
    )


def members_kpi(workspace: Workspace, **changes) -> CustomKpi:
    values = {
        "workspace": workspace,
        "key": "adherents",
        "name_fr": "Adhérents",
        "name_en": "Members",
        "unit": "people",
        "direction": "up",
        "axis": "liking",
        "collection": "latest",
    }
    values.update(changes)
    return CustomKpi.objects.create(**values)


def make_owner_of(objective: Objective, membership: Membership) -> None:
    objective.owner = membership
    objective.save(update_fields=["owner"])
