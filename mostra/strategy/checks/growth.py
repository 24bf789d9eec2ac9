"""The arithmetic of the Achievable letter: implied growth and the account's own history.

Growth is compared "in the direction of progress": for a KPI that should go up, a rise
is positive; for one that should go down (cost per result), a fall is positive; for a
KPI with no preferred direction, the size of the change counts. So one threshold works
for every KPI.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from mostra.strategy.catalogue import Direction
from mostra.strategy.checks import HistoryPoint
from mostra.strategy.checks.text import months_between

#: A month-over-month change needs this many monthly changes to be a distribution.
MIN_CHANGES = 3
#: Days in an average month, to bring uneven gaps to a monthly rate.
MONTH_DAYS = 365.25 / 12


def toward_progress(rate: float, direction: Direction) -> float:
    """A signed monthly rate seen in the KPI's direction of progress (see module doc)."""
    if direction == "down":
        return -rate
    if direction == "any":
        return abs(rate)
    return rate


@dataclass(frozen=True)
class ImpliedGrowth:
    """What a target asks for: a compound monthly rate over a number of months."""

    rate: float  # (target / baseline) ** (1 / months) - 1, signed
    months: float
    progress: float  # the rate in the direction of progress (>= 0 when it moves the right way)


def implied_growth(
    baseline: float, target: float, since: dt.date, deadline: dt.date, direction: Direction
) -> ImpliedGrowth | str:
    """The compound monthly rate a target implies, or the reason it cannot be computed.

    Steps:
    1. months = (deadline - since) in months; not positive -> no rate.
    2. baseline = target -> rate 0.
    3. baseline <= 0 or target < 0 -> no rate (a ratio of such values means nothing).
    4. rate = (target / baseline) ** (1 / months) - 1; progress = the rate in the
       KPI's direction (a fall, for a KPI that should go down: the absolute change).
    """
    months = months_between(since, deadline)
    if months <= 0:
        return "no-time"
    if baseline == target:
        return ImpliedGrowth(rate=0.0, months=months, progress=0.0)
    if baseline == 0:
        return "zero-baseline"
    if baseline < 0 or target < 0:
        return "negative"
    rate = (target / baseline) ** (1 / months) - 1
    return ImpliedGrowth(rate=rate, months=months, progress=toward_progress(rate, direction))


def monthly_changes(points: Iterable[HistoryPoint]) -> list[float]:
    """Month-over-month rates of a series, oldest first.

    Steps:
    1. Keep the last point of each calendar month (daily data becomes monthly).
    2. For each pair of consecutive months whose first value is positive, the rate is
       (v2 / v1) ** (month length / days between them) - 1, so that an uneven gap
       (a missing month) still gives a monthly rate.
    """
    by_month: dict[tuple[int, int], HistoryPoint] = {}
    for point in sorted(points, key=lambda p: p.date):
        by_month[(point.date.year, point.date.month)] = point
    monthly = list(by_month.values())
    changes: list[float] = []
    for before, after in zip(monthly, monthly[1:], strict=False):
        days = (after.date - before.date).days
        if before.value <= 0 or after.value < 0 or days <= 0:
            continue
        changes.append((after.value / before.value) ** (MONTH_DAYS / days) - 1)
    return changes


@dataclass(frozen=True)
class HistoryBand:
    """The account's own monthly growth for a KPI, on the networks that have history."""

    networks: list[str]
    changes: list[float]  # in the direction of progress
    p90: float
    median: float
    first: dt.date
    last: dt.date


def history_band(
    history: dict[tuple[str, str], list[HistoryPoint]],
    networks: Iterable[str],
    kpi: str,
    direction: Direction,
) -> HistoryBand | None:
    """The distribution of the account's own monthly growth, or None without enough history.

    Steps:
    1. For each network of the objective, take the history of (network, kpi).
    2. Keep the networks with at least MIN_CHANGES monthly changes; pool their changes.
    3. Express every change in the KPI's direction of progress.
    4. Return the 90th percentile (linear interpolation, "inclusive" method) and the
       median; None when no network has enough history.
    """
    used: list[str] = []
    pooled: list[float] = []
    dates: list[dt.date] = []
    for code in networks:
        points = history.get((code, kpi), [])
        changes = monthly_changes(points)
        if len(changes) < MIN_CHANGES:
            continue
        used.append(code)
        pooled.extend(toward_progress(c, direction) for c in changes)
        dates.extend(p.date for p in points)
    if not used:
        return None
    p90 = statistics.quantiles(pooled, n=10, method="inclusive")[8]
    return HistoryBand(
        networks=used,
        changes=pooled,
        p90=p90,
        median=statistics.median(pooled),
        first=min(dates),
        last=max(dates),
    )
