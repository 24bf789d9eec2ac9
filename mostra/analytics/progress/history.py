"""The account's own monthly history per (network, KPI), for the SMART check's "achievable".

The strategy checks compare the growth an objective asks for with the account's own
month-over-month growth (:mod:`mostra.strategy.checks.growth`). Here that history
comes from the imported and collected data: every KPI of the strategy's catalogue the
engine can compute month by month, over the workspace's own accounts on each network
taken together, for the last 24 months.

What counts as a month:
* followers (a stock): the last count within each month, dated on the day it was
  counted (the current month included); a month without a count is left out rather
  than carried forward, which would read as a month without growth;
* every other KPI: whole calendar months only (the current month is not over). A summed
  count (reach, likes…) also skips each network's first month with posts, usually
  partial (the archive or the collection started mid-month): a half month would read
  as a doubling the month after.
Values are on the objective's scale (a percentage ×100). A month where the KPI cannot
be computed is left out, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from mostra.analytics.kpis import CATALOGUE, missing
from mostra.analytics.models import TrackedAccount
from mostra.analytics.progress.buckets import (
    STOCKS,
    bucketed_values,
    is_flow_count,
    to_objective_units,
)
from mostra.core.figures_cache import Figures
from mostra.core.models import Workspace
from mostra.strategy import catalogue as strategy_catalogue
from mostra.strategy.checks import HistoryPoint

#: How far back the history reads.
HISTORY_MONTHS = 24


def history_codes() -> list[str]:
    """The strategy's KPIs the engine computes (listening, paid and conversions are
    never computed from posts: they would only add empty series)."""
    return [code for code in strategy_catalogue.KPIS if code in CATALOGUE]


def workspace_history(
    workspace: Workspace, today: dt.date, kpis: Collection[str] | None = None
) -> dict[tuple[str, str], list[HistoryPoint]]:
    """{(network, kpi): [HistoryPoint…] oldest first} from the own accounts' data.

    ``kpis`` limits the KPIs computed to those (the followers always come): the
    strategy page passes its objectives' KPIs, the only ones its checks read, and so
    evaluates 5 formulas per network and month instead of 20. Without it, every KPI of
    :func:`history_codes`.

    Queries: the own accounts, one aggregate of the posts by account and month, the
    follower counts (three, whatever the data).
    """
    accounts = list(
        TrackedAccount.objects.filter(workspace=workspace, is_competitor=False).values_list(
            "pk", "network"
        )
    )
    if not accounts:
        return {}
    codes = history_codes()
    if kpis is not None:
        codes = [code for code in codes if code in kpis]
    start = (today.replace(day=1) - dt.timedelta(days=HISTORY_MONTHS * 31)).replace(day=1)
    # the current month as a bucket too: followers read it (counted up to today)
    month_end = dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
    last = month_end - dt.timedelta(days=1)
    with missing.unexplained():  # Values only: no sentence translated per bucket.
        values = bucketed_values(
            [pk for pk, _n in accounts],
            codes,
            start,
            last,
            "month",
            workspace.timezone or "UTC",
            group=dict(accounts),
        )
    # each code's nature once, not per network and month
    natures = [
        (code, is_flow_count(code), to_objective_units(code, 1.0) == 100)
        for code in codes
        if code not in STOCKS
    ]
    history: dict[tuple[str, str], list[HistoryPoint]] = {}
    for network, months in values.items():
        with_posts = [m.bucket.start for m in months if m.figures.posts]
        first_with_posts = with_posts[0] if with_posts else None
        for month in months:
            bucket = month.bucket
            counted = month.figures.last_count  # every account counted within the month
            if counted is not None:
                point = HistoryPoint(counted[0], float(counted[1]))
                history.setdefault((network, "followers"), []).append(point)
            if bucket.end >= today:
                continue
            first_month = bucket.start == first_with_posts
            for code, flow, percent in natures:
                if flow and first_month:
                    continue
                value = month.kpis[code].value
                if value is None:
                    continue
                if percent:  # what to_objective_units does, decided once per code
                    value *= 100
                history.setdefault((network, code), []).append(HistoryPoint(bucket.end, value))
    return history


def cached_history(
    workspace: Workspace, today: dt.date, kpis: Collection[str] | None = None
) -> dict[tuple[str, str], list[HistoryPoint]]:
    """:func:`workspace_history`, kept until the workspace's data changes
    (:mod:`mostra.core.figures_cache`): what the strategy page reads on every view."""
    asked = (today, None if kpis is None else sorted(kpis))
    return Figures(workspace.pk).get(
        "history", asked, lambda: workspace_history(workspace, today, kpis)
    )
