"""A recorded KPI's current value and weekly series, as the objectives' progress reads them.

The team records a value a day at most (:class:`~mostra.analytics.models.Measurement`).
How values are read depends on the KPI's collection:

* **sum** (registrations, sales, leads, donations…): each value counts what happened
  that day. *Now* is the total of the 30 days up to the latest value (as "now" is the
  last 30 days for the engine's counts, such as link clicks); each weekly point is the
  total of the 30 days up to its Sunday, so that the series, now and the target read in
  the same unit whether values were recorded every day, every week or every month. A
  point is only drawn once its 30 days start on or after the first value (earlier, the
  total would read as a slow start), and not after the latest value (those days are
  not recorded yet). Within the recorded span, 30 days without a value count as 0:
  the team recorded the days around them.
* **latest** (members, a rate, a running total…): each value is a reading. *Now* is the
  latest one; each week's point is its last reading, dated on that reading's day.

Values dated after today are not read (a value is recorded once the day is known).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mostra.analytics.conversions.kpi_values import imported_values, merge
from mostra.analytics.models import Measurement
from mostra.core.models import Workspace
from mostra.strategy.kpis.objective import ObjectiveKpi

#: The days "now" adds up for a summed KPI, as for the engine's counts.
WINDOW_DAYS = 30

Values = list[tuple[dt.date, float]]


@dataclass(frozen=True)
class RecordedNow:
    """A recorded KPI's value now: ``as_of`` is the latest value's day; when ``value`` is
    None, ``missing`` says what to record."""

    value: float | None
    as_of: dt.date | None = None
    missing: str = ""


def recorded_values(workspace: Workspace, codes: Iterable[str]) -> dict[str, Values]:
    """{code: [(day, value)…] oldest first} for the KPIs asked (one query; a second one
    when registrations, sales or leads are asked: the conversions of goals mapped to them,
    :mod:`mostra.analytics.conversions.kpi_values`)."""
    wanted = list(dict.fromkeys(codes))
    found: dict[str, Values] = {code: [] for code in wanted}
    if not wanted:
        return found
    rows = (
        Measurement.objects.filter(workspace=workspace, kpi__in=wanted)
        .order_by("kpi", "date")
        .values_list("kpi", "date", "value")
    )
    for code, day, value in rows:
        found[code].append((day, value))
    merge(found, imported_values(workspace, wanted))
    return found


def _upto(values: Values, today: dt.date) -> Values:
    return values[: bisect.bisect_right([day for day, _v in values], today)]


def _total(values: Values, days: list[dt.date], end: dt.date) -> float:
    """The sum of the values of the WINDOW_DAYS days ending on ``end``."""
    first = bisect.bisect_left(days, end - dt.timedelta(days=WINDOW_DAYS - 1))
    last = bisect.bisect_right(days, end)
    return sum(value for _day, value in values[first:last])


def recorded_now(kpi: ObjectiveKpi, values: Values, today: dt.date) -> RecordedNow:
    """The KPI now: the 30 days' total up to the latest value (sum), or the latest value."""
    values = _upto(values, today)
    if not values:
        return RecordedNow(
            None,
            missing=_(
                "No value of %(kpi)s is recorded yet: enter them as they come, or import a "
                "CSV of dates and values (a ticketing or CRM export)."
            )
            % {"kpi": kpi.label},
        )
    latest = values[-1][0]
    if kpi.collection == "latest":
        return RecordedNow(values[-1][1], latest)
    return RecordedNow(_total(values, [day for day, _v in values], latest), latest)


def recorded_series(
    kpi: ObjectiveKpi, values: Values, start: dt.date, today: dt.date
) -> Sequence[tuple[dt.date, float]]:
    """The weekly points from ``start`` to ``today`` (see the module docstring)."""
    values = _upto(values, today)
    if not values:
        return []
    days = [day for day, _v in values]
    if kpi.collection == "latest":
        weekly: dict[dt.date, tuple[dt.date, float]] = {}
        for day, value in values:
            if day >= start:
                weekly[day - dt.timedelta(days=day.weekday())] = (day, value)
        return list(weekly.values())
    first_end = max(start, days[0] + dt.timedelta(days=WINDOW_DAYS - 1))
    sunday = first_end + dt.timedelta(days=(6 - first_end.weekday()) % 7)
    series: list[tuple[dt.date, float]] = []
    while sunday <= days[-1]:
        series.append((sunday, _total(values, days, sunday)))
        sunday += dt.timedelta(days=7)
    return series
