"""Computing the catalogue's KPIs for accounts over a period, in a constant number of queries.

:func:`compute` gives each account's KPIs; :func:`compute_combined` the same KPIs for
the accounts taken together (an objective over several networks). Both read at most
two queries whatever the number of accounts or posts: one aggregate over the accounts'
daily sums grouped by account (:func:`daily.period_figures`: the posts summed per day in
the workspace's time zone, :mod:`mostra.analytics.account_days`), one over the follower
counts
(:func:`aggregate.follower_figures`). The formulas then run in Python on those sums
(:mod:`formulas`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import reduce
from operator import add

from mostra.analytics.kpis import aggregate, daily
from mostra.analytics.kpis.aggregate import Figures
from mostra.analytics.kpis.formulas import FORMULAS, NEEDS_FOLLOWERS, NO_POSTS
from mostra.analytics.kpis.values import KpiValue, Period
from mostra.analytics.models import TrackedAccount
from mostra.strategy.kpis.catalogue import CATALOGUE


def _codes(codes: Iterable[str] | None) -> list[str]:
    if codes is None:
        return list(CATALOGUE)
    chosen = list(codes)
    unknown = [code for code in chosen if code not in CATALOGUE]
    if unknown:
        raise ValueError(f"unknown KPI code(s): {', '.join(unknown)}")
    return chosen


def _days_zone(account: TrackedAccount, default: str) -> str:
    """The time zone of the daily sums (the workspace's) when the account came with its
    workspace loaded; else ``default`` (callers pass the workspace's zone: no query)."""
    workspace = account._state.fields_cache.get("workspace")
    return workspace.timezone if workspace is not None else default


def figures(
    accounts: Sequence[TrackedAccount],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    time_zone: str | None = None,
) -> dict[int, Figures]:
    """Each account's figures for the period, skipping the queries the codes do not need.

    Steps:
    1. sum the accounts' daily figures (:class:`AccountDay`, days in the workspace's
       time zone) over the period's days, grouped by account (one query, whatever the
       number of posts);
    2. read the follower counts at the end and within the period (one query).
    """
    chosen = _codes(codes)
    accounts = list(accounts)  # a QuerySet is read once
    if not accounts:
        return {}
    ids = [account.pk for account in accounts]
    found = {pk: Figures() for pk in ids}
    if any(code not in NO_POSTS for code in chosen):
        if time_zone is not None and time_zone != _days_zone(accounts[0], time_zone):
            start, end = period.bounds(time_zone)  # other days than the sums': the posts
            found = aggregate.post_figures(ids, start, end)
        else:
            found = daily.period_figures(ids, period.start, period.end)
    if any(code in NEEDS_FOLLOWERS for code in chosen):
        counts = aggregate.follower_figures(ids, period.start, period.end)
        for pk, (at_end, first, last) in counts.items():
            one = found[pk]
            one.followers_end_date, one.followers_end = at_end or (None, None)
            one.first_count, one.last_count = first, last
            one.accounts_without_growth = int(first is None or last is None or first[0] >= last[0])
    return found


def evaluate(
    figures: Figures, period: Period, codes: Iterable[str] | None = None
) -> dict[str, KpiValue]:
    """The KPIs from figures already read (no query)."""
    return {code: FORMULAS[code](code, figures, period) for code in _codes(codes)}


def compute(
    accounts: Sequence[TrackedAccount],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    time_zone: str | None = None,
) -> dict[int, dict[str, KpiValue]]:
    """Each account's KPIs over the period, keyed by account id.

    ``codes`` limits the KPIs (all of the catalogue by default). The period's days are
    the workspace's (the daily sums' time zone); a ``time_zone`` other than the
    workspace's loaded with the accounts reads the period's bounds in that zone from
    the posts themselves.
    """
    chosen = _codes(codes)
    per_account = figures(accounts, period, chosen, time_zone=time_zone)
    return {pk: evaluate(one, period, chosen) for pk, one in per_account.items()}


def compute_combined(
    accounts: Sequence[TrackedAccount],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    time_zone: str | None = None,
) -> dict[str, KpiValue]:
    """The KPIs of the accounts taken together: their figures summed, then the formulas.

    Followers are the sum of the accounts' followers (missing if one account has no
    count); rates divide the summed numerators by the summed denominators.
    """
    chosen = _codes(codes)
    per_account = figures(accounts, period, chosen, time_zone=time_zone)
    if not per_account:
        empty = Figures(accounts=0)
        return evaluate(empty, period, chosen)
    total = reduce(add, per_account.values())
    return evaluate(total, period, chosen)
