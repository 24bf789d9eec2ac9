"""What publishing collects reaches the KPIs: publications and their latest snapshot
become AccountPost rows, follower snapshots become one FollowerCount per day."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from mostra.analytics.kpis import Period, compute
from mostra.analytics.models import AccountPost, FollowerCount, PostSource, TrackedAccount
from mostra.analytics.sync import sync_publications, sync_workspace
from mostra.publishing.models import FollowerSnapshot, MetricSnapshot
from mostra.publishing.services.metrics import collect_due, collect_followers_due
from tests.analytics.kpis.builders import posts, tracked
from tests.publishing.builders_ui import (
    install_fake_network,
    make_account,
    make_publication,
    uninstall_fake_network,
)

T = dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.fixture
def fake():
    yield install_fake_network()
    uninstall_fake_network()


def _snapshot(publication, at, **counts):
    return MetricSnapshot.objects.create(publication=publication, taken_at=at, **counts)


def test_a_publication_and_its_latest_snapshot_become_an_account_post(workspace):
    social = make_account(workspace, network="bluesky", handle="@Lac.Example")
    publication = make_publication(
        social, published_at=T, remote_uri="at://did:plc:x/app.bsky.feed.post/1"
    )
    publication.remote_url = "https://bsky.app/profile/lac.example/post/1"
    publication.save()
    _snapshot(publication, T + H, likes=1, reposts=0, replies=None)
    _snapshot(publication, T + 3 * H, likes=5, reposts=2, replies=1, quotes=None)
    assert sync_publications([publication]) == 1
    tracked_account = TrackedAccount.objects.get()
    assert (tracked_account.network, tracked_account.handle) == ("bluesky", "lac.example")
    assert tracked_account.social_account == social
    assert not tracked_account.is_competitor
    row = AccountPost.objects.get()
    assert row.network_id == "at://did:plc:x/app.bsky.feed.post/1"
    assert (row.likes, row.reposts, row.replies, row.quotes, row.reach) == (5, 2, 1, None, None)
    assert row.source == PostSource.PUBLISHING
    assert row.kind == "original"
    assert row.post == publication.variant.post
    assert row.publication == publication
    assert row.text == publication.variant.text
    assert row.url == publication.remote_url
    assert row.published_at == T
    assert row.metrics_at == T + 3 * H
    # Again: the same row, updated; nothing duplicated.
    _snapshot(publication, T + 6 * H, likes=9, reposts=None, replies=2)
    sync_publications([publication])
    row.refresh_from_db()
    assert (row.likes, row.reposts, row.replies) == (9, 2, 2)  # reposts kept: not given
    assert AccountPost.objects.count() == 1
    assert TrackedAccount.objects.count() == 1


def test_an_imported_account_and_post_are_joined_not_duplicated(workspace):
    imported = tracked(workspace, "lac.example", network="x")
    posts(imported, source="x-archive", likes=3, reposts=1)
    row = AccountPost.objects.get()
    social = make_account(workspace, network="x", handle="Lac.example")
    publication = make_publication(social, published_at=T, remote_id=row.network_id)
    _snapshot(publication, T + H, likes=4, reposts=None, replies=None, impressions=50)
    sync_publications([publication])
    imported.refresh_from_db()
    assert imported.social_account == social
    row.refresh_from_db()
    assert (row.likes, row.reposts, row.impressions) == (4, 1, 50)
    assert row.publication == publication
    assert AccountPost.objects.count() == 1


def test_pending_and_failed_publications_are_not_copied(workspace):
    social = make_account(workspace)
    make_publication(social, state="pending")
    make_publication(social, state="failed")
    assert sync_workspace(workspace).posts == 0
    assert not AccountPost.objects.exists()


def test_collection_copies_the_counts_for_the_kpis(workspace, fake):
    social = make_account(workspace)
    publication = make_publication(social, published_at=T, next_metrics_at=T + H)
    fake.counts = {publication.remote_id: {"likes": 3, "reposts": 1, "replies": 2}}
    assert collect_due(T + H) == 1
    job = DBTaskResult.objects.get(task_path="mostra.analytics.sync.sync_publications_task")
    assert job.args_kwargs["args"] == [[publication.pk]]
    job.task.call(*job.args_kwargs["args"])
    row = AccountPost.objects.get()
    assert (row.likes, row.reposts, row.replies) == (3, 1, 2)
    account = TrackedAccount.objects.get()
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    got = compute([account], period, ["conversation_rate", "applause_rate"])[account.pk]
    assert got["conversation_rate"].value == 2
    assert got["applause_rate"].value == 3


def test_follower_collection_gives_one_count_per_day(workspace, fake):
    social = make_account(workspace)
    assert collect_followers_due(T) == 1
    count = FollowerCount.objects.get()
    assert (count.followers, count.date, count.source) == (120, T.date(), "publishing")
    # A second snapshot the same day (Paris time) replaces it; another day adds one.
    FollowerSnapshot.objects.create(account=social, taken_at=T + 2 * H, followers=130)
    FollowerSnapshot.objects.create(account=social, taken_at=T + 26 * H, followers=150)
    FollowerSnapshot.objects.create(account=social, taken_at=T + 27 * H, followers=None)
    result = sync_workspace(workspace)
    assert result.follower_counts == 2
    assert list(FollowerCount.objects.values_list("date", "followers")) == [
        (T.date(), 130),
        (T.date() + dt.timedelta(days=1), 150),
    ]


def test_a_snapshot_late_at_night_counts_for_the_workspace_s_day(workspace):
    social = make_account(workspace)
    late = dt.datetime(2026, 10, 5, 22, 30, tzinfo=dt.UTC)  # 00:30 on 6 October in Paris
    FollowerSnapshot.objects.create(account=social, taken_at=late, followers=10)
    sync_workspace(workspace)
    assert FollowerCount.objects.get().date == dt.date(2026, 10, 6)


def test_sync_workspace_is_idempotent(workspace):
    social = make_account(workspace)
    for i in range(3):
        publication = make_publication(social, published_at=T + i * H)
        _snapshot(publication, T + 5 * H, likes=i)
    assert sync_workspace(workspace).posts == 3
    assert sync_workspace(workspace).posts == 3
    assert AccountPost.objects.count() == 3
    assert sorted(AccountPost.objects.values_list("likes", flat=True)) == [0, 1, 2]
