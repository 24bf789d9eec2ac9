"""The SMART check's "achievable" letter reads the account's history from the imported rows."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.progress.history import workspace_history
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.checks.smart import smart_check
from tests.analytics.progress.builders import account, followers, post, save_posts
from tests.strategy.builders import TODAY, coherent

IG = "o-notoriete-ig"  # 1,200 → 1,500 followers on Instagram by March 2027: 3.3 % a month


def monthly(start: dt.date, values: list[int]) -> dict[dt.date, int]:
    found, year, month = {}, start.year, start.month
    for value in values:
        found[dt.date(year, month, 15)] = value
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


SLOW = [1000, 1010, 1018, 1030, 1041, 1049, 1060, 1072, 1080, 1092]  # ~1 % a month


def test_without_imports_the_default_band_is_used(workspace):
    ctx = context_for_workspace(workspace, TODAY)
    assert ctx.history == {}
    letter = smart_check(coherent(), IG, ctx).letters["A"]
    assert letter.ok is True and "default band" in letter.reasons[0]


def test_achievable_uses_the_imported_follower_history(workspace):
    acc = account(workspace, network="instagram")
    followers(acc, monthly(dt.date(2026, 1, 1), SLOW))  # January to October 2026
    ctx = context_for_workspace(workspace, TODAY)
    points = ctx.history[("instagram", "followers")]
    assert [p.value for p in points] == SLOW  # one point a month (November: October's count)[:10]
    letter = smart_check(coherent(), IG, ctx).letters["A"]
    assert letter.ok is False
    (reason,) = letter.reasons
    assert "90th percentile" in reason and "default band" not in reason
    assert "3.3%" in reason


def test_competitors_history_is_not_the_accounts(workspace):
    rival = account(workspace, network="instagram", handle="rival", is_competitor=True)
    followers(rival, monthly(dt.date(2026, 1, 1), SLOW))
    assert context_for_workspace(workspace, TODAY).history == {}


def test_monthly_rates_and_sums_from_the_posts(workspace):
    acc = account(workspace, network="x")
    rows = []
    # July (from the 10th: partial), August and September 2026, one post a day at noon
    day = dt.date(2026, 7, 10)
    while day <= dt.date(2026, 9, 30):
        repost = day.day % 5 == 0  # the 5th, 10th… of each month
        rows.append(
            post(
                acc,
                dt.datetime.combine(day, dt.time(12)),
                kind="repost" if repost else "original",
                likes=None if repost else 4,
                replies=None if repost else 1,
                reposts=None if repost else 0,
                reach=None if repost else 100,
            )
        )
        day += dt.timedelta(days=1)
    save_posts(rows)
    history = workspace_history(workspace, dt.date(2026, 10, 20))
    repost_ratio = history[("x", "repost_ratio")]
    # July 10–31: 10th, 15th, 20th, 25th, 30th of 22; August: 6 of 31; September 6 of 30
    assert [(p.date, round(p.value, 2)) for p in repost_ratio] == [
        (dt.date(2026, 7, 31), round(100 * 5 / 22, 2)),
        (dt.date(2026, 8, 31), round(100 * 6 / 31, 2)),
        (dt.date(2026, 9, 30), 20.0),
    ]
    # engagement rate by reach: 5 of 100 → 5 %, a percentage like an objective's
    assert [p.value for p in history[("x", "engagement_rate_reach")]] == pytest.approx([5.0] * 3)
    # reach is summed: July is partial and left out; October is not over
    assert [(p.date, p.value) for p in history[("x", "reach")]] == [
        (dt.date(2026, 8, 31), 2500),
        (dt.date(2026, 9, 30), 2400),
    ]


def test_the_history_costs_three_queries(workspace, django_assert_max_num_queries):
    acc = account(workspace, network="instagram")
    followers(acc, monthly(dt.date(2026, 1, 1), SLOW))
    with django_assert_max_num_queries(3):
        workspace_history(workspace, TODAY)
