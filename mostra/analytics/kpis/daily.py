"""The engine's figures read from the daily sums (:class:`AccountDay`), not the posts.

A period's :class:`~mostra.analytics.kpis.aggregate.Figures` are the sum of its days'
rows: one aggregate grouped by account (and by week or month for a history) over at
most (days × accounts) rows, whatever the number of posts. Every column of a day is a
sum or a count of the posts, so the sum of days equals the sum of posts (the days are
the workspace's: a period is read in its time zone).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Sum

from mostra.analytics.kpis.aggregate import OWN_FIGURES, SUMMED, Figures, add_own_figures
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
    add_own_figures(figures, row)


def period_figures(account_ids: Sequence[int], start: dt.date, end: dt.date) -> dict[int, Figures]:
    """One query: each account's figures over the days [start, end] (inclusive).

    The query is the ORM's ``filter(…).values("account_id").annotate(**sums())``
    written once as SQL (:func:`_period_sql`): building and compiling its 30 sums took
    1.3 ms of CPU per call, against the 0.4 ms of sending it and reading its rows, on
    every year-long page."""
    found = {account_id: Figures() for account_id in account_ids}
    ids = list(dict.fromkeys(account_ids))
    if not ids:
        return found
    alias = router.db_for_read(AccountDay)
    placeholders = ", ".join(["%s"] * len(ids))
    names = ("account_id", *COLUMNS)
    with connections[alias].cursor() as cursor:
        cursor.execute(_period_sql(alias) % placeholders, [*ids, start, end])
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            add_day_row(found[row["account_id"]], row)
    return found


@functools.cache
def _period_sql(alias: str) -> str:
    """The SQL of :func:`period_figures` on the database ``alias`` (its backend's
    quoting), the ids left as ``%s`` to fill ("%%s" are the dates' placeholders)."""
    quote = connections[alias].ops.quote_name
    meta = AccountDay._meta
    account = quote(meta.get_field("account").column)
    day = quote(meta.get_field("day").column)
    summed = ", ".join(f"SUM({quote(meta.get_field(c).column)})" for c in COLUMNS)
    return (
        f"SELECT {account}, {summed} FROM {quote(meta.db_table)} "
        f"WHERE {account} IN (%s) AND {day} >= %%s AND {day} <= %%s GROUP BY {account}"
    )
