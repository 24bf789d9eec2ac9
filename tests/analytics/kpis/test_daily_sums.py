"""The daily sums (AccountDay) give every KPI the posts give, and stay right after each
kind of write: an import, the metrics collection, a post saved or deleted, the
workspace's time zone changed."""

from __future__ import annotations

import datetime as dt
import math
import random
from zoneinfo import ZoneInfo

import pytest

from mostra.analytics import account_days
from mostra.analytics.importers import run_import
from mostra.analytics.kpis import CATALOGUE, KpiValue, Period, aggregate, compute
from mostra.analytics.kpis.compute import evaluate
from mostra.analytics.models import (
    COUNT_FIELDS,
    AccountDay,
    AccountPost,
    FollowerCount,
    PostKind,
    TrackedAccount,
)
from mostra.analytics.progress.buckets import bucketed_values
from mostra.analytics.sync import sync_publications
from mostra.publishing.models import MetricSnapshot
from tests.analytics.fixtures.builders import write_x_archive
from tests.analytics.kpis.builders import posts, tracked
from tests.publishing.builders_ui import make_account, make_publication

START = dt.date(2025, 1, 1)
END = dt.date(2026, 12, 31)
KINDS = [PostKind.ORIGINAL] * 6 + [PostKind.REPLY] * 2 + [PostKind.REPOST] * 2


def _random_posts(rng: random.Random, account: TrackedAccount, n: int) -> None:
    """``n`` posts over two years, many near midnight and the clock changes, each count
    absent one time in five (and reach sometimes 0)."""
    rows = []
    span = (END - START).days * 86400
    for i in range(n):
        at = dt.datetime.combine(START, dt.time(), dt.UTC) + dt.timedelta(
            seconds=rng.randrange(span)
        )
        if rng.random() < 0.3:  # around midnight in Paris (22:00–24:00 UTC)
            at = at.replace(hour=rng.choice([21, 22, 23]), minute=rng.choice([0, 30, 59]))
        counts = {
            name: (None if rng.random() < 0.2 else rng.randrange(0, 500)) for name in COUNT_FIELDS
        }
        rows.append(
            AccountPost(
                account=account,
                network_id=f"{account.pk}-{i}",
                kind=rng.choice(KINDS),
                published_at=at,
                source="csv",
                **counts,
            )
        )
    AccountPost.objects.bulk_create(rows)
    followers = {}
    for _ in range(rng.randrange(0, 40)):
        day = START + dt.timedelta(days=rng.randrange((END - START).days))
        followers[day] = rng.randrange(0, 5000)
    FollowerCount.objects.bulk_create(
        FollowerCount(account=account, date=d, followers=f, source="csv")
        for d, f in followers.items()
    )


def _same(a: KpiValue, b: KpiValue) -> bool:
    def close(x: float | None, y: float | None) -> bool:
        if x is None or y is None:
            return x is y
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)

    return (
        close(a.value, b.value)
        and close(a.numerator, b.numerator)
        and close(a.denominator, b.denominator)
        and (a.missing, a.note) == (b.missing, b.note)
    )


@pytest.fixture
def generated(workspace):
    """Three accounts of random posts (one of them a competitor)."""
    rng = random.Random(15)
    accounts = [
        tracked(workspace, "fromagerie", network="x"),
        tracked(workspace, "fromagerie", network="mastodon"),
        tracked(workspace, "laiterie", network="x", is_competitor=True),
    ]
    for account in accounts:
        _random_posts(rng, account, rng.randrange(150, 400))
    account_days.rebuild(a.pk for a in accounts)
    return accounts


@pytest.mark.parametrize("span", ["week", "month"])
def test_every_kpi_per_week_and_month_from_the_days_equals_the_posts(generated, span):
    ids = [a.pk for a in generated]
    groups = {a.pk: a.network for a in generated}
    codes = list(CATALOGUE)
    args = (ids, codes, START, END, span, "Europe/Paris")
    from_days = bucketed_values(*args, group=groups)
    from_posts = bucketed_values(*args, group=groups, from_posts=True)
    assert from_days.keys() == from_posts.keys() == {"x", "mastodon"}
    compared = 0
    for network, buckets in from_posts.items():
        assert [b.bucket for b in from_days[network]] == [b.bucket for b in buckets]
        for days, posts_ in zip(from_days[network], buckets, strict=True):
            for code in codes:
                assert _same(days.kpis[code], posts_.kpis[code]), (network, days.bucket, code)
                compared += 1
    assert compared >= 2 * len(codes) * (24 if span == "month" else 100)


def test_every_kpi_over_random_periods_and_single_days_equals_the_posts(generated):
    rng = random.Random(3)
    ids = [a.pk for a in generated]
    periods = [Period(START, END)]
    for _ in range(30):
        first = START + dt.timedelta(days=rng.randrange(700))
        periods.append(Period(first, first + dt.timedelta(days=rng.choice([0, 0, 1, 6, 30, 90]))))
    for period in periods:
        from_days = compute(generated, period)
        start, end = period.bounds("Europe/Paris")
        by_posts = aggregate.post_figures(ids, start, end)
        followers = aggregate.follower_figures(ids, period.start, period.end)
        for account in generated:
            figures = by_posts[account.pk]
            at_end, first, last = followers[account.pk]
            figures.followers_end_date, figures.followers_end = at_end or (None, None)
            figures.first_count, figures.last_count = first, last
            figures.accounts_without_growth = int(
                first is None or last is None or first[0] >= last[0]
            )
            expected = evaluate(figures, period)
            for code, value in expected.items():
                assert _same(from_days[account.pk][code], value), (period, account, code)


def _rows(account: TrackedAccount) -> list[dict]:
    return list(AccountDay.objects.filter(account=account).order_by("day").values())


def _rebuilt(account: TrackedAccount) -> list[dict]:
    """The rows a rebuild from scratch gives (ids aside)."""
    kept = _rows(account)
    account_days.refresh(account.pk)
    fresh = _rows(account)
    strip = [{k: v for k, v in row.items() if k != "id"} for row in kept]
    assert strip == [{k: v for k, v in row.items() if k != "id"} for row in fresh]
    return fresh


def test_an_import_keeps_the_days(workspace, tmp_path):
    folder = write_x_archive(tmp_path / "x", "fromagerie", 200, repost_share=0.3)
    result = run_import(workspace, "x-archive", folder)
    account = result.accounts[0]
    rows = _rebuilt(account)
    assert sum(r["originals"] + r["replies_written"] + r["reposts_made"] for r in rows) == 200
    AccountPost.objects.filter(account=account).update(likes=0)  # changed behind its back
    run_import(workspace, "x-archive", folder)  # the import brings the likes back
    assert _rebuilt(account) == _rows(account)
    assert sum(r["sum_likes"] for r in _rows(account)) > 0


def test_a_post_saved_or_deleted_keeps_its_day(workspace):
    account = tracked(workspace)
    (first,) = posts(account, likes=5, reposts=1, replies=0)
    AccountPost.objects.create(
        account=account,
        network_id="new",
        published_at=first.published_at,
        source="csv",
        likes=7,
        reposts=0,
        replies=0,
    )
    (row,) = _rows(account)
    assert (row["originals"], row["sum_likes"], row["engagements"]) == (2, 12, 13)
    first.likes = 50
    first.save()
    assert _rows(account)[0]["sum_likes"] == 57
    account_days.delete_posts(AccountPost.objects.filter(network_id="new"))
    (row,) = _rebuilt(account)
    assert (row["originals"], row["sum_likes"]) == (1, 50)
    account_days.delete_posts(AccountPost.objects.filter(account=account))
    assert _rows(account) == []


def test_the_metrics_collected_keep_the_days_they_were_and_are_on(workspace):
    social = make_account(workspace, network="x", handle="lac")
    at = dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC)
    publication = make_publication(social, published_at=at, remote_id="42")
    MetricSnapshot.objects.create(publication=publication, taken_at=at, likes=3, reposts=1)
    sync_publications([publication])
    account = TrackedAccount.objects.get()
    (row,) = _rebuilt(account)
    assert (row["day"], row["sum_likes"]) == (dt.date(2026, 10, 5), 3)
    MetricSnapshot.objects.create(
        publication=publication, taken_at=at + dt.timedelta(hours=5), likes=9, replies=2
    )
    publication.published_at = at + dt.timedelta(days=2)  # moved: both days change
    publication.save()
    sync_publications([publication])
    (row,) = _rebuilt(account)
    assert (row["day"], row["sum_likes"], row["engagements"]) == (dt.date(2026, 10, 7), 9, 12)


def test_a_new_time_zone_moves_the_posts_to_their_new_days(workspace):
    account = tracked(workspace)
    late = dt.datetime(2026, 10, 15, 23, 30, tzinfo=dt.UTC)  # 16 Oct in Paris, 15 in New York
    posts(account, at=late, likes=1, reposts=0, replies=0)
    assert [r["day"] for r in _rows(account)] == [dt.date(2026, 10, 16)]
    workspace.timezone = "America/New_York"
    workspace.save()
    assert [r["day"] for r in _rebuilt(account)] == [dt.date(2026, 10, 15)]
    again = type(workspace).objects.get(pk=workspace.pk)  # read again, changed again
    again.timezone = "Asia/Tokyo"
    again.save(update_fields=["timezone"])
    assert [r["day"] for r in _rebuilt(account)] == [dt.date(2026, 10, 16)]
    october = Period.month(2026, 10)
    value = compute([account], october, ["likes"], time_zone="Asia/Tokyo")[account.pk]["likes"]
    assert value.value == 1


def test_the_rebuild_command_computes_every_account_again(workspace, generated):
    from click.testing import CliRunner

    from mostra.cli import mostra

    before = {a.pk: _rows(a) for a in generated}
    AccountDay.objects.all().delete()
    result = CliRunner().invoke(mostra, ["kpi", "rebuild", "--workspace", workspace.slug])
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    for account in generated:
        after = _rows(account)
        assert [{**r, "id": 0} for r in after] == [{**r, "id": 0} for r in before[account.pk]]


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"])
def test_each_post_is_on_its_day_in_the_zone_across_the_clock_changes(workspace, zone):
    """The day is computed in SQL (an offset per stretch between clock changes on
    SQLite): each post lands on the day Python's zoneinfo gives, around the changes."""
    workspace.timezone = zone
    workspace.save()
    account = tracked(workspace)
    moments = []
    for change in ("2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01"):
        base = dt.datetime.fromisoformat(change).replace(tzinfo=dt.UTC)
        moments += [base + dt.timedelta(minutes=m) for m in range(-360, 600, 29)]
    for at in moments:
        posts(account, at=at, likes=1, reposts=0, replies=0)
    expected: dict[dt.date, int] = {}
    for at in moments:
        day = at.astimezone(ZoneInfo(zone)).date()
        expected[day] = expected.get(day, 0) + 1
    got = {row["day"]: row["originals"] for row in _rows(account)}
    assert got == expected
