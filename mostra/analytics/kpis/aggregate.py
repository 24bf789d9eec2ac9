"""The figures every KPI is computed from, read in two SQL queries whatever the accounts.

One aggregate over :class:`AccountPost` grouped by account for the period: posts per
kind; for own posts (originals + replies) the sum of each count and how many posts
carry it (``COUNT(field)`` counts non-null values, so a count no source gave is seen
as missing, not as 0); the engagement sums over posts whose engagement is known
(:mod:`mostra.core.engagement`, the one definition); the sum of per-post
engagement ÷ reach (for the average ERR). And one query over :class:`TrackedAccount`
with correlated subqueries for the follower counts: the latest on or before the
period's end, the first and the last within the period.

:class:`Figures` are additive (``+``), so the figures of several accounts taken
together (an objective over several networks) are the sum of theirs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Count, FloatField, Q, Sum
from django.db.models.functions import Cast

from mostra.analytics.models import (
    COUNT_FIELDS,
    AccountPost,
    FollowerCount,
    PostKind,
    TrackedAccount,
)
from mostra.core.engagement import ENGAGED, ENGAGEMENTS

#: The counts whose sum the KPIs read.
SUMMED = COUNT_FIELDS


@dataclass
class Figures:
    """What one account (or several together) did in the period."""

    posts: int = 0
    originals: int = 0
    replies_written: int = 0
    reposts_made: int = 0
    #: Per count field, over own posts: the sum and how many posts carry the count.
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMMED, 0))
    carried: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMMED, 0))
    #: Own posts carrying likes, replies and reposts, and their engagements.
    engaged_posts: int = 0
    engagements: int = 0
    #: Of those, the ones with a reach > 0: how many and the sum of engagements ÷ reach.
    reach_posts: int = 0
    reach_rate_sum: float = 0.0
    #: Of those, the ones with impressions: their engagements and impressions.
    engagements_with_impressions: int = 0
    impressions_with_engagements: int = 0
    #: Own posts carrying clicks and impressions: the two sums.
    ctr_clicks: int = 0
    ctr_impressions: int = 0
    #: Followers: the latest on or before the end; the first and last in the period.
    followers_end: int | None = None
    followers_end_date: dt.date | None = None
    first_count: tuple[dt.date, int] | None = None
    last_count: tuple[dt.date, int] | None = None
    #: How many accounts these figures cover, and how many lack two distinct follower
    #: counts within the period (no growth can be computed for them).
    accounts: int = 1
    accounts_without_growth: int = 0

    @property
    def own_posts(self) -> int:
        return self.originals + self.replies_written

    def __add__(self, other: Figures) -> Figures:
        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None or b is None else a + b

        def pair(
            a: tuple[dt.date, int] | None, b: tuple[dt.date, int] | None, pick
        ) -> tuple[dt.date, int] | None:
            return None if a is None or b is None else (pick(a[0], b[0]), a[1] + b[1])

        return Figures(
            posts=self.posts + other.posts,
            originals=self.originals + other.originals,
            replies_written=self.replies_written + other.replies_written,
            reposts_made=self.reposts_made + other.reposts_made,
            sums={k: self.sums[k] + other.sums[k] for k in SUMMED},
            carried={k: self.carried[k] + other.carried[k] for k in SUMMED},
            engaged_posts=self.engaged_posts + other.engaged_posts,
            engagements=self.engagements + other.engagements,
            reach_posts=self.reach_posts + other.reach_posts,
            reach_rate_sum=self.reach_rate_sum + other.reach_rate_sum,
            engagements_with_impressions=self.engagements_with_impressions
            + other.engagements_with_impressions,
            impressions_with_engagements=self.impressions_with_engagements
            + other.impressions_with_engagements,
            ctr_clicks=self.ctr_clicks + other.ctr_clicks,
            ctr_impressions=self.ctr_impressions + other.ctr_impressions,
            followers_end=add(self.followers_end, other.followers_end),
            followers_end_date=None
            if self.followers_end_date is None or other.followers_end_date is None
            else min(self.followers_end_date, other.followers_end_date),
            first_count=pair(self.first_count, other.first_count, min),
            last_count=pair(self.last_count, other.last_count, max),
            accounts=self.accounts + other.accounts,
            accounts_without_growth=self.accounts_without_growth + other.accounts_without_growth,
        )


WITH_REACH = ENGAGED & Q(reach__gt=0)
WITH_IMPRESSIONS = ENGAGED & Q(impressions__isnull=False)
CTR = Q(clicks__isnull=False, impressions__isnull=False)
#: The figures added up from the (account, kind) groups of own posts.
OWN_FIGURES = (
    "engaged_posts",
    "engagements",
    "reach_posts",
    "engagements_with_impressions",
    "impressions_with_engagements",
    "ctr_clicks",
    "ctr_impressions",
)
KIND_FIELD = {
    PostKind.ORIGINAL: "originals",
    PostKind.REPLY: "replies_written",
    PostKind.REPOST: "reposts_made",
}


def aggregates() -> dict[str, object]:
    """The aggregate expressions of :func:`post_figures`, for a query grouped by account
    and kind (and by week, for the objectives' history): add each row with
    :func:`add_row`."""
    exprs: dict[str, object] = {
        "posts": Count("id"),
        "engaged_posts": Count("id", filter=ENGAGED),
        "engagements": Sum(ENGAGEMENTS, filter=ENGAGED),
        "reach_posts": Count("id", filter=WITH_REACH),
        "reach_rate_sum": Sum(
            Cast(ENGAGEMENTS, FloatField()) / Cast("reach", FloatField()), filter=WITH_REACH
        ),
        "engagements_with_impressions": Sum(ENGAGEMENTS, filter=WITH_IMPRESSIONS),
        "impressions_with_engagements": Sum("impressions", filter=WITH_IMPRESSIONS),
        "ctr_clicks": Sum("clicks", filter=CTR),
        "ctr_impressions": Sum("impressions", filter=CTR),
    }
    for name in SUMMED:
        exprs[f"sum_{name}"] = Sum(name)
        exprs[f"carried_{name}"] = Count(name)
    return exprs


def post_figures(
    account_ids: Sequence[int], start: dt.datetime, end: dt.datetime
) -> dict[int, Figures]:
    """One query: the posts' figures of each account published in [start, end).

    Grouped by account and kind, so that no aggregate needs a filter on the kind: the
    reposts' groups only give their number (their counts are someone else's).
    """
    rows = (
        AccountPost.objects.filter(
            account_id__in=account_ids, published_at__gte=start, published_at__lt=end
        )
        .order_by()
        .values("account_id", "kind")
        .annotate(**aggregates())
    )
    found = {account_id: Figures() for account_id in account_ids}
    for row in rows:
        add_row(found[row["account_id"]], row)
    return found


def add_row(figures: Figures, row: dict) -> None:
    """Add one (account, kind) row of :func:`aggregates` to ``figures``: a repost group
    only gives its number (the counts it carries are someone else's)."""
    kind = row["kind"]
    if kind not in KIND_FIELD:
        return
    figures.posts += row["posts"]
    setattr(figures, KIND_FIELD[kind], getattr(figures, KIND_FIELD[kind]) + row["posts"])
    if kind == PostKind.REPOST:
        return
    add_own_figures(figures, row)


def add_own_figures(figures: Figures, row: dict) -> None:
    """Add a row's own counts, reach-rate sum and summed and carried counts (the
    columns of :func:`aggregates`, and of the daily sums) to ``figures``."""
    for name in OWN_FIGURES:
        setattr(figures, name, getattr(figures, name) + int(row[name] or 0))
    figures.reach_rate_sum += float(row["reach_rate_sum"] or 0.0)
    for name in SUMMED:
        figures.sums[name] += int(row[f"sum_{name}"] or 0)
        figures.carried[name] += int(row[f"carried_{name}"] or 0)


DayCount = tuple[dt.date, int]  # a follower count and its day


def follower_figures(
    account_ids: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, tuple[DayCount | None, DayCount | None, DayCount | None]]:
    """One query: per account, the latest follower count on or before ``end``, and the
    first and last counts within [start, end] (each a (day, followers) pair or None).

    The query (six subqueries of one row each) is written once as SQL
    (:func:`_followers_sql`): the ORM took 2 ms of CPU to build and compile it, on every
    page that computes a KPI."""
    ids = list(dict.fromkeys(account_ids))
    found: dict[int, tuple[DayCount | None, DayCount | None, DayCount | None]] = {}
    if not ids:
        return found
    alias = router.db_for_read(FollowerCount)
    # each subquery's bounds, in the order of the SQL: at the end, first and last within
    bounds = [end, end, start, end, start, end, start, end, start, end]
    with connections[alias].cursor() as cursor:
        sql = _followers_sql(alias) % ", ".join(["%s"] * len(ids))
        cursor.execute(sql, [*bounds, *ids])
        rows = cursor.fetchall()

    def pair(day: dt.date | str | None, followers: int | None) -> DayCount | None:
        if day is None or followers is None:
            return None
        # SQLite gives a subquery's date as text (no declared type to convert it by)
        return (dt.date.fromisoformat(day) if isinstance(day, str) else day, int(followers))

    for pk, *values in rows:
        found[pk] = (pair(*values[0:2]), pair(*values[2:4]), pair(*values[4:6]))
    return found


@functools.cache
def _followers_sql(alias: str) -> str:
    """The SQL of :func:`follower_figures` on the database ``alias``, the accounts' ids
    left as ``%s`` to fill ("%%s" are the dates')."""
    quote = connections[alias].ops.quote_name
    counts, accounts = FollowerCount._meta, TrackedAccount._meta
    table = quote(counts.db_table)
    account = quote(counts.get_field("account").column)
    day = quote(counts.get_field("date").column)
    followers = quote(counts.get_field("followers").column)
    pk = f"{quote(accounts.db_table)}.{quote(accounts.pk.column)}"

    def one(column: str, where: str, order: str) -> str:
        return (
            f"(SELECT {table}.{column} FROM {table} WHERE {table}.{account} = {pk} "
            f"AND {where} ORDER BY {table}.{day} {order} LIMIT 1)"
        )

    at_end = f"{table}.{day} <= %%s"
    within = f"{table}.{day} >= %%s AND {table}.{day} <= %%s"
    columns = ", ".join(
        one(column, where, order)
        for where, order in ((at_end, "DESC"), (within, "ASC"), (within, "DESC"))
        for column in (day, followers)
    )
    return f"SELECT {pk}, {columns} FROM {quote(accounts.db_table)} WHERE {pk} IN (%s)"
