"""Rows built directly (no importer): tracked accounts, their posts, follower counts."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from mostra.analytics import account_days
from mostra.analytics.models import AccountPost, FollowerCount, PostKind, TrackedAccount
from mostra.core.models import Workspace

PARIS = ZoneInfo("Europe/Paris")
_ids = itertools.count(1)


def account(
    workspace: Workspace, network: str = "x", handle: str = "fromagerie", **changes
) -> TrackedAccount:
    return TrackedAccount.objects.create(
        workspace=workspace, network=network, handle=handle, **changes
    )


def post(
    account: TrackedAccount,
    at: dt.datetime,
    *,
    kind: str = PostKind.ORIGINAL,
    **counts,
) -> AccountPost:
    """A post at ``at`` (aware; Paris time when naive) with the given counts."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=PARIS)
    return AccountPost(
        account=account,
        network_id=str(next(_ids)),
        kind=kind,
        published_at=at.astimezone(dt.UTC),
        source="x-archive",
        **counts,
    )


def save_posts(posts: list[AccountPost]) -> None:
    AccountPost.objects.bulk_create(posts)
    account_days.rebuild({post.account_id for post in posts})  # as every bulk write


def followers(account: TrackedAccount, values: dict[dt.date, int]) -> None:
    FollowerCount.objects.bulk_create(
        FollowerCount(account=account, date=d, followers=v, source="csv") for d, v in values.items()
    )
