"""Computing the catalogue's KPIs for accounts over a period, in a constant number of queries.

:func:`compute` gives each account's KPIs; :func:`compute_combined` the same KPIs for
the accounts taken together (an objective over several networks). Both read at most
three queries whatever the number of accounts or posts: the workspace's time zone (when
the accounts were loaded without it), one aggregate over the posts grouped by account
(:func:`aggregate.post_figures`), one over the follower counts
(:func:`aggregate.follower_figures`). The formulas then run in Python on those sums
(:mod:`formulas`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import reduce
from operator import add

from mostra.analytics.kpis import aggregate
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


def _time_zone(accounts: Sequence[TrackedAccount]) -> str:
    return accounts[0].workspace.timezone


def figures(
    accounts: Sequence[TrackedAccount],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    time_zone: str | None = None,
) -> dict[int, Figures]:
    """Each account's figures for the period, skipping the queries the codes do not need.

    Steps:
    1. turn the period's dates into bounds in the workspace's time zone;
    2. aggregate the posts published within them, grouped by account (one query);
    3. read the follower counts at the end and within the period (one query).
    """
    chosen = _codes(codes)
    accounts = list(accounts)  # a QuerySet is read once
    if not accounts:
        return {}
    ids = [account.pk for account in accounts]
    found = {pk: Figures() for pk in ids}
    if any(code not in NO_POSTS for code in chosen):
        start, end = period.bounds(time_zone or _time_zone(accounts))
        found = aggregate.post_figures(ids, start, end)
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

    ``codes`` limits the KPIs (all of the catalogue by default); ``time_zone`` reads
    the period in that zone instead of the first account's workspace's.
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
