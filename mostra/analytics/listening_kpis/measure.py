"""The listening KPIs of a workspace over a period, and week by week for an objective.

:func:`measure` is what the report, the dashboard and ``mostra kpi listening`` read;
:func:`for_objective` is what the objectives' progress reads
(:mod:`mostra.analytics.progress`), through the same path as the values a team records:
a list of dated readings (each the KPI over the 30 days up to its day), read as
"latest". A workspace whose listening lacks the queries a KPI needs keeps the values
its team records (from another tool, say), when there are some.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from mostra.analytics.kpis.values import KpiValue, Period
from mostra.analytics.listening_kpis import formulas, tally
from mostra.analytics.listening_kpis.formulas import CODES
from mostra.core.models import Workspace
from mostra.strategy.kpis.definitions_other import LISTENING_NEEDS
from mostra.strategy.kpis.objective import ObjectiveKpi

#: The days each reading of an objective's series covers, as the current value.
WINDOW_DAYS = 30

Values = list[tuple[dt.date, float]]


@dataclass(frozen=True)
class CompetitorShare:
    """One voice of the competitive set: its name, mentions and share (0–1)."""

    name: str
    mentions: int
    share: float | None
    own: bool = False


@dataclass
class ListeningFigures:
    period: Period
    values: dict[str, KpiValue]
    #: The brand first, then each competitor by its mentions (empty without competitors).
    voices: list[CompetitorShare] = field(default_factory=list)
    #: Whether the workspace has any listening query.
    listening: bool = False


def measure(
    workspace: Workspace,
    period: Period,
    codes: tuple[str, ...] | list[str] = CODES,
    found: tally.Setup | None = None,
) -> ListeningFigures:
    """The listening KPIs ``codes`` over ``period``: four queries at most, three when
    ``found`` (the workspace's :func:`~.tally.setup`) is given."""
    found, days = tally.daily(workspace, period.start, period.end, found)
    total = tally.summed(days, period.start, period.end)
    hours: list[float] = []
    if "response_time_median" in codes:
        hours = [h for _day, h in tally.response_hours(workspace, period.start, period.end)]
    values = {code: formulas.evaluate(code, found, total, hours) for code in codes}
    return ListeningFigures(
        period=period,
        values=values,
        voices=_voices(found, total),
        listening=bool(found.groups),
    )


def as_data(figures: ListeningFigures) -> dict[str, object]:
    """The figures as JSON values (``mostra kpi listening --format json`` and the API):
    the period, per KPI its value (a ratio between 0 and 1, a net sentiment between −1
    and 1), numerator, denominator, missing reason and note; the voices."""
    from mostra.analytics.kpis.export import kpi_fields

    period = figures.period
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "kpis": {code: kpi_fields(value) for code, value in figures.values.items()},
        "voices": [
            {"name": v.name, "own": v.own, "mentions": v.mentions, "share": v.share}
            for v in figures.voices
        ],
    }


def _voices(found: tally.Setup, total: tally.Tally) -> list[CompetitorShare]:
    if not found.competitors or "brand" not in found.groups:
        return []
    whole = total.brand + sum(total.competitors.values())

    def share(n: int) -> float | None:
        return n / whole if whole else None

    voices = [CompetitorShare(_("Us (own brand)"), total.brand, share(total.brand), own=True)]
    others = sorted(
        found.competitors.items(), key=lambda item: (-total.competitors[item[0]], item[1])
    )
    voices += [
        CompetitorShare(name, total.competitors[pk], share(total.competitors[pk]))
        for pk, name in others
    ]
    return voices


@dataclass(frozen=True)
class Listened:
    """What an objective on a listening KPI reads: its KPI read as "latest", the
    readings (on the objective's scale), or why there is no value now."""

    kpi: ObjectiveKpi
    values: Values
    missing: str = ""


def _scale(code: str, value: float) -> float:
    """On the objective's scale: a share or a net sentiment in per cent."""
    from mostra.analytics.progress.buckets import to_objective_units

    return to_objective_units(code, value) or 0.0


def for_objective(
    workspace: Workspace,
    kpi: ObjectiveKpi,
    recorded: Values,
    today: dt.date,
    start: dt.date | None,
) -> Listened | None:
    """The readings of a listening KPI for an objective: one at each Sunday from
    ``start`` and one today, each over the 30 days up to its day; None when listening
    lacks the queries the KPI needs and the team records its values instead.

    Queries: four, whatever the number of weeks and mentions."""
    code = kpi.code
    if code not in LISTENING_NEEDS:
        return None
    first = min(start or today, today) - dt.timedelta(days=WINDOW_DAYS - 1)
    found, days = tally.daily(workspace, first, today)
    needed = LISTENING_NEEDS[code]
    if not found.has(needed):  # the response time: any query
        if recorded:
            return None
        return Listened(kpi, [], formulas.needs_queries(code))
    answered = sorted(
        tally.response_hours(workspace, first, today) if code == "response_time_median" else []
    )
    answered_days = [answered_on for answered_on, _h in answered]
    readings: Values = []
    missing = ""
    for day in _reading_days(start or today, today):
        window = day - dt.timedelta(days=WINDOW_DAYS - 1)
        low, high = bisect_left(answered_days, window), bisect_right(answered_days, day)
        hours = [h for _day, h in answered[low:high]]
        value = formulas.evaluate(code, found, tally.summed(days, window, day), hours)
        if value.value is not None:
            readings.append((day, _scale(code, value.value)))
        elif day == today:
            missing = value.missing
    return Listened(replace(kpi, collection="latest"), readings, missing)


def _reading_days(start: dt.date, today: dt.date) -> list[dt.date]:
    """Each Sunday from ``start`` to before ``today``, then ``today``."""
    sunday = start + dt.timedelta(days=(6 - start.weekday()) % 7)
    found = []
    while sunday < today:
        found.append(sunday)
        sunday += dt.timedelta(days=7)
    return [*found, today]
