"""Rows for the KPI tests, built directly: tracked accounts, their posts, follower counts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mostra.analytics import account_days
from mostra.analytics.models import AccountPost, FollowerCount, PostKind, TrackedAccount
from mostra.core.models import Workspace

_ids = itertools.count(1)

#: Noon in Paris on 15 October 2026: well inside an October period.
NOON = dt.datetime(2026, 10, 15, 10, 0, tzinfo=dt.UTC)


def tracked(
    workspace: Workspace, handle: str = "fromagerie", network: str = "x", **fields: Any
) -> TrackedAccount:
    return TrackedAccount.objects.create(
        workspace=workspace, network=network, handle=handle, **fields
    )


def posts(
    account: TrackedAccount,
    n: int = 1,
    kind: str = PostKind.ORIGINAL,
    at: dt.datetime = NOON,
    source: str = "csv",
    **counts: int | None,
) -> list[AccountPost]:
    """``n`` posts of one kind at ``at`` carrying ``counts`` (absent counts stay None)."""
    created = AccountPost.objects.bulk_create(
        AccountPost(
            account=account,
            network_id=f"p{next(_ids)}",
            kind=kind,
            published_at=at,
            source=source,
            **counts,
        )
        for _ in range(n)
    )
    account_days.refresh(account.pk)  # a bulk write keeps the daily sums itself
    return created


def followers(account: TrackedAccount, *counts: tuple[dt.date, int]) -> None:
    FollowerCount.objects.bulk_create(
        FollowerCount(account=account, date=day, followers=n, source="csv") for day, n in counts
    )
