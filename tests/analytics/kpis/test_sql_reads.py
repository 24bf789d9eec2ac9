"""The two reads every year-long page makes, written as SQL once (daily.period_figures,
aggregate.follower_figures), give what the ORM's formulation of the same query gives,
in one query each, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext

from mostra.analytics.kpis import aggregate, daily
from mostra.analytics.kpis.aggregate import Figures
from mostra.analytics.models import AccountDay, FollowerCount, TrackedAccount
from tests.analytics.kpis.builders import tracked

START = dt.date(2026, 3, 1)
END = dt.date(2026, 3, 31)


def _orm_period_figures(ids: list[int], start: dt.date, end: dt.date) -> dict[int, Figures]:
    rows = (
        AccountDay.objects.filter(account_id__in=ids, day__gte=start, day__lte=end)
        .order_by()
        .values("account_id")
        .annotate(**daily.sums())
    )
    found = {pk: Figures() for pk in ids}
    for row in rows:
        daily.add_day_row(found[row["account_id"]], row)
    return found


def _orm_follower_figures(ids: list[int], start: dt.date, end: dt.date) -> dict:
    at_end = FollowerCount.objects.filter(account=OuterRef("pk"), date__lte=end).order_by("-date")
    within = FollowerCount.objects.filter(account=OuterRef("pk"), date__gte=start, date__lte=end)
    columns = {"end": at_end, "first": within.order_by("date"), "last": within.order_by("-date")}
    annotations = {}
    for name, rows in columns.items():
        annotations[f"{name}_date"] = Subquery(rows.values("date")[:1])
        annotations[f"{name}_followers"] = Subquery(rows.values("followers")[:1])
    found = {}
    for row in TrackedAccount.objects.filter(pk__in=ids).annotate(**annotations).values():
        found[row["id"]] = tuple(
            None if row[f"{n}_date"] is None else (row[f"{n}_date"], row[f"{n}_followers"])
            for n in columns
        )
    return found


def _accounts(workspace) -> list[int]:
    """Three accounts: days and counts before, within and after March; days and counts
    before March only; nothing at all."""
    busy = tracked(workspace, "busy")
    before = tracked(workspace, "before", network="mastodon")
    empty = tracked(workspace, "empty", network="bluesky")
    for n, day in enumerate([dt.date(2026, 2, 27), START, dt.date(2026, 3, 15), END]):
        AccountDay.objects.create(
            account=busy,
            day=day,
            originals=n + 1,
            replies_written=n,
            engaged_posts=n + 2,
            engagements=10 * n + 3,
            reach_rate_sum=0.25 * n,
            sum_likes=7 * n,
            carried_likes=n,
        )
        FollowerCount.objects.create(account=busy, date=day, followers=1000 + n, source="csv")
    AccountDay.objects.create(account=before, day=dt.date(2026, 1, 5), originals=4)
    FollowerCount.objects.create(account=before, date=dt.date(2026, 1, 5), followers=50)
    FollowerCount.objects.create(account=busy, date=dt.date(2026, 4, 2), followers=9, source="csv")
    return [busy.pk, before.pk, empty.pk]


def test_period_figures_equal_the_orm_query_in_one_query(workspace):
    ids = _accounts(workspace)
    with CaptureQueriesContext(connection) as queries:
        found = daily.period_figures([*ids, ids[0]], START, END)
    assert len(queries) == 1
    expected = _orm_period_figures(ids, START, END)
    assert set(found) == set(ids)
    for pk in ids:
        assert vars(found[pk]) == vars(expected[pk])
    assert found[ids[0]].posts == 2 + 3 + 4 + 1 + 2 + 3  # the three March days
    assert found[ids[0]].reach_rate_sum == 0.25 + 0.5 + 0.75
    assert found[ids[1]].posts == found[ids[2]].posts == 0
    assert daily.period_figures([], START, END) == {}


def test_follower_figures_equal_the_orm_query_in_one_query(workspace):
    ids = _accounts(workspace)
    with CaptureQueriesContext(connection) as queries:
        found = aggregate.follower_figures([*ids, ids[1]], START, END)
    assert len(queries) == 1
    assert found == _orm_follower_figures(ids, START, END)
    assert found[ids[0]] == ((END, 1003), (START, 1001), (END, 1003))
    assert found[ids[1]] == ((dt.date(2026, 1, 5), 50), None, None)
    assert found[ids[2]] == (None, None, None)
    assert all(isinstance(pair[0], dt.date) for pair in found[ids[0]])
    assert aggregate.follower_figures([], START, END) == {}
