"""The dashboard's figures from the daily sums equal those read from every post: the
per-network figures, the weekly volume, and the top and flop found on the days that
can hold them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Q, Sum

from mostra.analytics.kpis import Period
from mostra.analytics.models import PostKind
from mostra.core.engagement import ENGAGED, ENGAGEMENTS
from mostra.reports import dashboard
from tests.analytics.kpis.test_daily_sums import generated  # noqa: F401 - a fixture

PERIODS = [
    Period(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    Period(dt.date(2025, 3, 20), dt.date(2025, 4, 10)),
    Period(dt.date(2026, 10, 25), dt.date(2026, 10, 25)),
]


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_top_flop_networks_and_weeks_equal_the_posts(generated, period):  # noqa: F811
    accounts = dashboard.own_accounts(generated[0].workspace, period)
    posts = dashboard.period_posts(accounts, period, "Europe/Paris")
    originals = posts.filter(ENGAGED, kind=PostKind.ORIGINAL).annotate(engagement=ENGAGEMENTS)
    top = [p.pk for p in originals.order_by("-engagement", "-published_at")[: dashboard.TOP]]
    flop = [p.pk for p in originals.order_by("engagement", "-published_at")[: dashboard.TOP]]
    got_top, got_flop = dashboard._extremes(accounts, period, posts, "Europe/Paris")
    assert [line.post.pk for line in got_top] == top
    assert [line.post.pk for line in got_flop] == [pk for pk in flop if pk not in top]
    networks = {n.network: n for n in dashboard._per_network(accounts, period)}
    own = ~Q(kind=PostKind.REPOST)
    for row in posts.values("account__network").annotate(
        n=Count("id"),
        reach=Sum("reach", filter=own),
        engagement=Sum(ENGAGEMENTS, filter=own & ENGAGED),
        measured=Count("id", filter=own & ENGAGED),
        unranked=Count("id", filter=Q(kind=PostKind.ORIGINAL) & ~ENGAGED),
    ):
        one = networks[row["account__network"]]
        expected = (row["n"], row["reach"], row["engagement"], row["measured"], row["unranked"])
        assert (one.posts, one.reach, one.engagement, one.measured_posts, one.unranked) == expected
    weeks = dashboard._weekly(accounts, period)
    assert sum(w.posts for w in weeks) == posts.count()


def test_top_and_flop_when_every_post_ties(workspace):
    """Every original as engaging as the others: the latest ones, as the posts say."""
    from tests.analytics.kpis.builders import posts, tracked

    accounts = [tracked(workspace, "lac", network="x"), tracked(workspace, "lac", "mastodon")]
    start = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    for n in range(40):
        for i, account in enumerate(accounts):  # a minute apart: one order, no tie on time
            at = start + dt.timedelta(hours=13 * n, minutes=i)
            posts(account, at=at, likes=3, reposts=0, replies=0)
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    chosen = dashboard.own_accounts(workspace, period)
    every = dashboard.period_posts(chosen, period, "Europe/Paris")
    ranked = every.filter(ENGAGED, kind=PostKind.ORIGINAL).annotate(engagement=ENGAGEMENTS)
    top = [p.pk for p in ranked.order_by("-engagement", "-published_at")[: dashboard.TOP]]
    got_top, got_flop = dashboard._extremes(chosen, period, every, "Europe/Paris")
    assert [line.post.pk for line in got_top] == top
    assert got_flop == []  # the same five: shown once
