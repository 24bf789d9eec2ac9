"""The KPI engine's figures per week or per month, read in two queries for any span.

An objective's trend needs its KPI week by week since its start, and the SMART check's
"achievable" letter month by month over the last two years. Calling the engine once per
week would cost a query per week; here one aggregate over the accounts' daily sums
(:class:`~mostra.analytics.models.AccountDay`, days in the workspace's time zone) is
grouped by account and by week (or month), and one query reads the follower counts:
the cost follows the days and the accounts, not the posts. Each bucket's sums become the engine's
:class:`~mostra.analytics.kpis.aggregate.Figures`, and the engine's own formulas
(:func:`~mostra.analytics.kpis.compute.evaluate`) turn them into KPI values: the
definitions live in one place.

Units: the engine stores a percentage as a ratio between 0 and 1; a strategy's
objective writes it as a percentage (3.2 for 3.2 %). :func:`to_objective_units` brings
the engine's value to the objective's scale.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Literal
from zoneinfo import ZoneInfo

from django.db import connections, router
from django.db.models.functions import TruncMonth, TruncWeek

from mostra.analytics.kpis import CATALOGUE, KpiValue, Period, aggregate, daily
from mostra.analytics.kpis.aggregate import Figures
from mostra.analytics.kpis.compute import evaluate
from mostra.analytics.models import AccountDay, AccountPost, FollowerCount
from mostra.strategy import catalogue as strategy_catalogue

Span = Literal["week", "month"]
#: KPIs that are a stock read at a date, not a flow summed over a period.
STOCKS = frozenset({"followers"})


def to_objective_units(code: str, value: float | None) -> float | None:
    """The engine's value on the objective's scale: a ratio ×100 where the strategy's
    catalogue writes the KPI as a percentage."""
    if value is None:
        return None
    definition = CATALOGUE.get(code)
    kpi = strategy_catalogue.KPIS.get(code)
    if definition and kpi and definition.unit == "ratio" and kpi.unit == "percent":
        return value * 100
    return value


def is_flow_count(code: str) -> bool:
    """A count summed over the period (reach, likes…): its weekly value is scaled to 30
    days so that it reads like the current value and the target."""
    definition = CATALOGUE.get(code)
    return bool(definition and definition.unit == "count" and code not in STOCKS)


@dataclass(frozen=True)
class Bucket:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass(frozen=True)
class BucketValues:
    """One bucket's KPIs for a group of accounts, and the figures they came from."""

    bucket: Bucket
    kpis: dict[str, KpiValue]
    figures: Figures


def buckets(start: dt.date, end: dt.date, span: Span) -> list[Bucket]:
    """Whole weeks (Monday–Sunday) or calendar months from the one holding ``start``
    to the last one that ends on or before ``end``."""
    found: list[Bucket] = []
    if span == "week":
        first = start - dt.timedelta(days=start.weekday())
        while first + dt.timedelta(days=6) <= end:
            found.append(Bucket(first, first + dt.timedelta(days=6)))
            first += dt.timedelta(days=7)
        return found
    first = start.replace(day=1)
    while True:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        if following - dt.timedelta(days=1) > end:
            return found
        found.append(Bucket(first, following - dt.timedelta(days=1)))
        first = following


def _local_date(value: dt.datetime | dt.date, zone: ZoneInfo) -> dt.date:
    if isinstance(value, dt.datetime):
        return (value.astimezone(zone) if value.tzinfo else value).date()
    return value


def bucketed_values(
    account_ids: Sequence[int],
    codes: Sequence[str],
    start: dt.date,
    end: dt.date,
    span: Span,
    time_zone: str,
    *,
    group: dict[int, str] | None = None,
    from_posts: bool = False,
) -> dict[str, list[BucketValues]]:
    """Each bucket's KPIs for the accounts taken together, per group of accounts.

    ``group`` maps an account id to its group (a network, for the history per network);
    without it every account is in one group, "". Returns {group: [BucketValues…]}
    oldest first, for whole buckets only. ``from_posts`` reads the posts themselves
    instead of the daily sums (the reference the daily sums are tested against).

    Steps:
    1. The buckets from ``start`` to ``end`` (whole weeks or months).
    2. One query: the accounts' daily sums (:class:`AccountDay`, days in the
       workspace's time zone) summed per account and bucket — (days × accounts) rows
       at most, whatever the number of posts.
    3. One query: the follower counts up to the last bucket's end (the latest count on
       or before each bucket's end, the first and last within it).
    4. Per group and bucket: the accounts' Figures summed, then the engine's formulas.
    """
    group = group or dict.fromkeys(account_ids, "")
    spans = buckets(start, end, span)
    if not spans or not account_ids:
        return {}
    zone = ZoneInfo(time_zone or "UTC")
    posts: dict[tuple[int, dt.date], Figures] = {}
    if any(code not in STOCKS for code in codes):
        read = _post_sums if from_posts else _day_sums
        posts = read(account_ids, spans, span, zone)
    counts: dict[int, list[tuple[dt.date, int]]] = {pk: [] for pk in account_ids}
    for pk, day, followers in (
        FollowerCount.objects.filter(account_id__in=account_ids, date__lte=spans[-1].end)
        .order_by("date")
        .values_list("account_id", "date", "followers")
    ):
        counts[pk].append((day, followers))
    days = {pk: [day for day, _n in rows] for pk, rows in counts.items()}  # once, not per bucket
    found: dict[str, list[BucketValues]] = {}
    for bucket in spans:
        per_group: dict[str, list[Figures]] = {}
        for pk in account_ids:
            figures = posts.get((pk, bucket.start)) or Figures()
            _add_followers(figures, counts[pk], bucket, days[pk])
            per_group.setdefault(group[pk], []).append(figures)
        for name, members in per_group.items():
            total = reduce(add, members)
            kpis = evaluate(total, bucket.period, codes)
            found.setdefault(name, []).append(BucketValues(bucket, kpis, total))
    return found


def _day_sums(
    account_ids: Sequence[int], spans: list[Bucket], span: Span, zone: ZoneInfo
) -> dict[tuple[int, dt.date], Figures]:
    """Each (account, bucket start)'s figures from the daily sums (one query).

    The query is the ORM's ``annotate(bucket=TruncMonth("day")).values("account_id",
    "bucket").annotate(**daily.sums())`` written once as SQL (:func:`_bucket_sql`, the
    truncation the backend's own, as the ORM writes it): building and compiling its 30
    sums cost 1.3 ms of CPU per call, once per objective on the dashboard."""
    ids = list(dict.fromkeys(account_ids))
    alias = router.db_for_read(AccountDay)
    sql, trunc_params = _bucket_sql(alias, span)
    params = [*trunc_params, *ids, spans[0].start, spans[-1].end]
    found: dict[tuple[int, dt.date], Figures] = {}
    with connections[alias].cursor() as cursor:
        cursor.execute(sql % ", ".join(["%s"] * len(ids)), params)
        for account_id, bucket, *sums in cursor.fetchall():
            key = (account_id, _local_date(_as_date(bucket), zone))
            row = dict(zip(daily.COLUMNS, sums, strict=True))
            daily.add_day_row(found.setdefault(key, Figures()), row)
    return found


@functools.cache
def _bucket_sql(alias: str, span: Span) -> tuple[str, tuple[object, ...]]:
    """The SQL of :func:`_day_sums` on the database ``alias`` and the truncation's
    parameters (they come first); the accounts' ids left as ``%s`` to fill ("%%s" are
    the other placeholders)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = AccountDay._meta
    account = quote(meta.get_field("account").column)
    day = quote(meta.get_field("day").column)
    trunc, params = connection.ops.date_trunc_sql(span, day, ())
    summed = ", ".join(f"SUM({quote(meta.get_field(c).column)})" for c in daily.COLUMNS)
    sql = (
        f"SELECT {account}, {trunc.replace('%s', '%%s')}, {summed} "
        f"FROM {quote(meta.db_table)} WHERE {account} IN (%s) "
        f"AND {day} >= %%s AND {day} <= %%s GROUP BY 1, 2"
    )
    return sql, tuple(params)


def _as_date(value: dt.datetime | dt.date | str) -> dt.date:
    """A truncated day as the backends give it: a date, a timestamp at midnight
    (PostgreSQL's DATE_TRUNC, read as the ORM's TruncMonth reads it: its date), or
    text (SQLite's function, its result of no declared type)."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _post_sums(
    account_ids: Sequence[int], spans: list[Bucket], span: Span, zone: ZoneInfo
) -> dict[tuple[int, dt.date], Figures]:
    """The same figures from the posts, grouped by account, kind and bucket truncated
    in the time zone (one query; a date function per post)."""
    first_at = dt.datetime.combine(spans[0].start, dt.time(), zone)
    last_at = dt.datetime.combine(spans[-1].end + dt.timedelta(days=1), dt.time(), zone)
    trunc = TruncWeek if span == "week" else TruncMonth
    rows = (
        AccountPost.objects.filter(
            account_id__in=account_ids, published_at__gte=first_at, published_at__lt=last_at
        )
        .annotate(bucket=trunc("published_at", tzinfo=zone))
        .order_by()
        .values("account_id", "kind", "bucket")
        .annotate(**aggregate.aggregates())
    )
    found: dict[tuple[int, dt.date], Figures] = {}
    for row in rows:
        key = (row["account_id"], _local_date(row["bucket"], zone))
        aggregate.add_row(found.setdefault(key, Figures()), row)
    return found


def _add_followers(
    figures: Figures,
    counts: list[tuple[dt.date, int]],
    bucket: Bucket,
    days: list[dt.date] | None = None,
) -> None:
    """The latest count on or before the bucket's end; the first and last within it.

    ``days`` are the counts' dates (in the same order), computed once by a caller that
    adds many buckets rather than once per bucket."""
    if days is None:
        days = [day for day, _n in counts]
    upto = bisect.bisect_right(days, bucket.end)
    since = bisect.bisect_left(days, bucket.start)
    figures.followers_end = counts[upto - 1][1] if upto else None
    within = counts[since:upto]
    figures.first_count = within[0] if within else None
    figures.last_count = within[-1] if within else None
    figures.accounts_without_growth = int(not within or within[0][0] >= within[-1][0])
