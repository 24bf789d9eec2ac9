"""The engine's figures read from the daily sums (:class:`AccountDay`), not the posts.

A period's :class:`~mostra.analytics.kpis.aggregate.Figures` are the sum of its days'
rows: one aggregate grouped by account (and by week or month for a history) over at
most (days × accounts) rows, whatever the number of posts. Every column of a day is a
sum or a count of the posts, so the sum of days equals the sum of posts (the days are
the workspace's: a period is read in its time zone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Sum

from mostra.analytics.kpis.aggregate import OWN_FIGURES, SUMMED, Figures
from mostra.analytics.models import AccountDay

#: The posts of each kind, then the own posts' figures: one column each.
KINDS = ("originals", "replies_written", "reposts_made")
COPIED = (*KINDS, *OWN_FIGURES, "reach_rate_sum")
#: Every summed column of AccountDay.
COLUMNS = (
    *COPIED,
    *(f"sum_{name}" for name in SUMMED),
    *(f"carried_{name}" for name in SUMMED),
)


def sums() -> dict[str, Sum]:
    """The sum of every column, for a query over AccountDay grouped as the caller needs."""
    return {column: Sum(column) for column in COLUMNS}


def add_day_row(figures: Figures, row: dict) -> None:
    """Add one row of :func:`sums` to ``figures``."""
    for name in KINDS:
        value = int(row[name] or 0)
        figures.posts += value
        setattr(figures, name, getattr(figures, name) + value)
    for name in OWN_FIGURES:
        setattr(figures, name, getattr(figures, name) + int(row[name] or 0))
    figures.reach_rate_sum += float(row["reach_rate_sum"] or 0.0)
    for name in SUMMED:
        figures.sums[name] += int(row[f"sum_{name}"] or 0)
        figures.carried[name] += int(row[f"carried_{name}"] or 0)


def period_figures(account_ids: Sequence[int], start: dt.date, end: dt.date) -> dict[int, Figures]:
    """One query: each account's figures over the days [start, end] (inclusive)."""
    rows = (
        AccountDay.objects.filter(account_id__in=account_ids, day__gte=start, day__lte=end)
        .order_by()
        .values("account_id")
        .annotate(**sums())
    )
    found = {account_id: Figures() for account_id in account_ids}
    for row in rows:
        add_day_row(found[row["account_id"]], row)
    return found
