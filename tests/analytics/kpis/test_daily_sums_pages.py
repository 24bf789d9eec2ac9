"""The year-long pages read the daily sums: their queries do not grow with the posts."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mostra.analytics import account_days
from mostra.analytics.models import AccountPost, FollowerCount
from tests.analytics.kpis.builders import tracked


def _add_posts(account, n: int, today: dt.date) -> None:
    start = dt.datetime.combine(today - dt.timedelta(days=700), dt.time(12), dt.UTC)
    first = AccountPost.objects.filter(account=account).count()
    every = dt.timedelta(hours=700 * 24 // n)  # over the two years
    AccountPost.objects.bulk_create(
        AccountPost(
            account=account,
            network_id=f"{account.pk}-{first + i}",
            kind=("original", "reply", "repost")[i % 3],
            published_at=start + every * i,
            source="csv",
            likes=i % 50,
            reposts=i % 7,
            replies=i % 3,
            reach=10 * i,
        )
        for i in range(n)
    )
    account_days.refresh(account.pk)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_strategy_dashboard_and_comparison_queries_do_not_grow_with_the_posts(
    workspace, owner_client
):
    today = timezone.localdate()
    accounts = [tracked(workspace, "lac", network="x"), tracked(workspace, "lac", "mastodon")]
    for account in accounts:
        FollowerCount.objects.create(account=account, date=today, followers=100, source="csv")
        _add_posts(account, 20, today)
    year = f"?period=custom&from={today - dt.timedelta(days=364)}&to={today}"
    urls = [
        f"/w/{workspace.slug}/strategy/",
        f"/w/{workspace.slug}/reports/dashboard/{year}",
        f"/w/{workspace.slug}/analytics/compare/{year}",
    ]
    for url in urls:
        _queries(owner_client, url)  # warm: the session, caches
    before = [_queries(owner_client, url) for url in urls]
    for account in accounts:
        _add_posts(account, 400, today)
    after = [_queries(owner_client, url) for url in urls]
    assert after == before
    assert before[0] <= 30  # the strategy page: a fixed handful, history in 3 of them
