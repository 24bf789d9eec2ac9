"""The reference case in the database: our X account reposts 40 % of its posts in
October 2026, the competitor's 70 %; one objective on the repost ratio."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics import account_days
from mostra.analytics.models import AccountPost, FollowerCount, PostKind, PostSource, TrackedAccount
from mostra.strategy.models import Objective

UTC = dt.UTC


def _posts(account: TrackedAccount, total: int, reposts: int, prefix: str, likes: int) -> None:
    rows = []
    for n in range(total):
        kind = PostKind.REPOST if n < reposts else PostKind.ORIGINAL
        rows.append(
            AccountPost(
                account=account,
                network_id=f"{prefix}-{n}",
                kind=kind,
                published_at=dt.datetime(2026, 10, 2 + n * 2, 10, 0, tzinfo=UTC),
                text=f"{prefix} post number {n}" if kind == PostKind.ORIGINAL else "",
                url=f"https://x.com/{account.handle}/status/{n}",
                likes=None if kind == PostKind.REPOST else likes + n * 10,
                reposts=None if kind == PostKind.REPOST else 2,
                replies=None if kind == PostKind.REPOST else 1,
                source=PostSource.X_ARCHIVE,
            )
        )
    AccountPost.objects.bulk_create(rows)
    account_days.refresh(account.pk)  # a bulk write keeps the daily sums itself


@pytest.fixture
def measured(workspace, owner):
    """Our @fromagerie (10 posts in October, 4 reposts) and @laiterie (10 posts, 7 reposts)."""
    own = TrackedAccount.objects.create(
        workspace=workspace, network="x", handle="fromagerie", display_name="Fromagerie du Lac"
    )
    rival = TrackedAccount.objects.create(
        workspace=workspace, network="x", handle="laiterie", is_competitor=True
    )
    _posts(own, 10, 4, "own", 20)
    _posts(rival, 10, 7, "rival", 5)
    for account, start, end in ((own, 1000, 1100), (rival, 5000, 5050)):
        FollowerCount.objects.create(
            account=account, date=dt.date(2026, 10, 1), followers=start, source="test"
        )
        FollowerCount.objects.create(
            account=account, date=dt.date(2026, 10, 31), followers=end, source="test"
        )
    Objective.objects.create(
        workspace=workspace,
        key="o-reposts",
        title="Write more of our own posts",
        axis="liking",
        networks=["x"],
        kpi="repost_ratio",
        baseline_value=50,
        baseline_date=dt.date(2026, 9, 1),
        target_value=30,
        start=dt.date(2026, 9, 1),
        deadline=dt.date(2027, 3, 31),
    )
    return own, rival
