"""Objectives tracked: current value, progress, forecast and status from rows built directly."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mostra.analytics.models import PostKind
from mostra.analytics.progress import objective_progress, workspace_progress
from mostra.strategy.models import Objective
from tests.analytics.progress.builders import account, followers, post, save_posts

START = dt.date(2026, 6, 1)  # a Monday
TODAY = dt.date(2026, 9, 30)  # 17 whole weeks later (the last one ends on Sunday 27)
DEADLINE = dt.date(2026, 12, 31)


def objective(workspace, key="o-followers", **changes) -> Objective:
    values = {
        "title": "Se faire connaître",
        "axis": "awareness",
        "networks": ["x"],
        "kpi": "followers",
        "baseline_value": 1000,
        "baseline_date": START,
        "target_value": 1500,
        "start": START,
        "deadline": DEADLINE,
    }
    values.update(changes)
    return Objective.objects.create(workspace=workspace, key=key, **values)


def daily_followers(
    acc,
    per_day: float,
    base: int = 1000,
    noise: float = 0.0,
    seed: int = 0,
    since: dt.date = START,
):
    rng = random.Random(seed)
    days = (TODAY - START).days + 1
    followers(
        acc,
        {
            START + dt.timedelta(days=i): round(base + per_day * i + rng.gauss(0, noise))
            for i in range(days)
            if START + dt.timedelta(days=i) >= since
        },
    )


def test_followers_on_an_exact_line_are_on_track_with_the_figures(workspace):
    acc = account(workspace)
    daily_followers(acc, per_day=3)  # +21 a week
    o = objective(workspace)
    p = objective_progress(o, TODAY)
    assert p.status == "on_track", p.missing
    assert p.current_value == 1000 + 3 * 121  # 30 September: 1,363
    assert p.progress == pytest.approx(363 / 500)
    assert p.percent == 73
    # whole weeks only, dated on Sundays: 7 June … 27 September
    assert p.series[0] == (dt.date(2026, 6, 7), 1018)
    assert p.series[-1] == (dt.date(2026, 9, 27), 1000 + 3 * 118)
    assert len(p.series) == 17
    # 31 December: 1,000 + 3 × 213 = 1,639, an exact line: no width
    assert p.forecast.value == pytest.approx(1639)
    assert p.forecast.low == pytest.approx(1639)
    assert p.forecast.at == DEADLINE


def test_a_target_above_the_exact_line_is_off_track(workspace):
    acc = account(workspace)
    daily_followers(acc, per_day=3)
    p = objective_progress(objective(workspace, target_value=2000), TODAY)
    assert p.status == "off_track"
    assert p.progress == pytest.approx(363 / 1000)


def test_a_target_inside_a_noisy_interval_is_at_risk(workspace):
    acc = account(workspace)
    daily_followers(acc, per_day=3, noise=40, seed=3)
    p = objective_progress(objective(workspace), TODAY)
    f = p.forecast
    # aim just above the forecast, inside its interval
    o2 = objective(workspace, key="o-2", target_value=round(f.value + (f.high - f.value) / 2))
    p2 = objective_progress(o2, TODAY)
    assert p2.status == "at_risk"
    assert p2.forecast.low < p2.target < p2.forecast.high


def test_a_kpi_that_should_fall_uses_the_same_progress(workspace):
    # repost ratio 60 % in June falling to 30 % now; the team aims at 20 % from 60 %
    acc = account(workspace)
    rows = []
    for week in range(17):
        monday = START + dt.timedelta(weeks=week)
        reposts = 6 - (3 * week) // 16  # 6 of 10 … 3 of 10
        for i in range(10):
            kind = PostKind.REPOST if i < reposts else PostKind.ORIGINAL
            rows.append(post(acc, dt.datetime.combine(monday, dt.time(9 + i)), kind=kind))
    # and 3 of 10 on each of the last three days
    for day in range(28, 31):
        for i in range(10):
            kind = PostKind.REPOST if i < 3 else PostKind.ORIGINAL
            rows.append(post(acc, dt.datetime(2026, 9, day, 8 + i), kind=kind))
    save_posts(rows)
    o = objective(
        workspace,
        kpi="repost_ratio",
        baseline_value=60,
        target_value=20,
        axis="liking",
    )
    p = objective_progress(o, TODAY)
    # September: 4 + 4 + 3 reposts on three Mondays, 3 × 3 on the last days, of 60 posts
    assert p.current_value == pytest.approx(100 * 20 / 60)  # a percentage, like the target
    assert p.progress == pytest.approx((60 - p.current_value) / 40)
    assert p.series[0][1] == pytest.approx(60.0)
    assert p.forecast is not None and p.forecast.value < p.series[-1][1]
    assert p.status in {"on_track", "at_risk"}


def test_competitors_are_left_out(workspace):
    own = account(workspace)
    rival = account(workspace, handle="rival", is_competitor=True)
    daily_followers(own, per_day=3)
    daily_followers(rival, per_day=50, base=90000)
    p = objective_progress(objective(workspace), TODAY)
    assert p.current_value == 1363
    assert [a.handle for a in p.accounts] == ["fromagerie"]


def test_accounts_on_other_networks_are_left_out(workspace):
    daily_followers(account(workspace), per_day=3)
    daily_followers(account(workspace, network="mastodon", handle="f@piaille.fr"), per_day=1)
    p = objective_progress(objective(workspace), TODAY)
    assert p.current_value == 1363
    both = objective_progress(objective(workspace, key="o-both", networks=["x", "mastodon"]), TODAY)
    assert both.current_value == 1363 + 1121


def test_too_few_weeks_still_show_current_and_progress(workspace):
    acc = account(workspace)
    # an account whose history starts with the objective
    daily_followers(acc, per_day=3, since=dt.date(2026, 9, 10))
    o = objective(workspace, start=dt.date(2026, 9, 10), baseline_date=dt.date(2026, 9, 10))
    p = objective_progress(o, TODAY)
    assert p.status == "not_enough_data"
    # the weeks ending 13, 20 and 27 September (the first holds the first count)
    assert "3 weekly values" in p.missing and "at least 4" in p.missing
    assert p.current_value == 1363 and p.percent == 73
    assert p.forecast is None


def test_a_kpi_without_data_says_which_data_is_missing(workspace):
    account(workspace)
    p = objective_progress(objective(workspace, kpi="registrations", axis="action"), TODAY)
    assert p.status == "missing_data" and p.current_value is None
    assert p.missing == (
        "No value of Registrations is recorded yet: enter them as they come, or import a "
        "CSV of dates and values (a ticketing or CRM export)."
    )
    p = objective_progress(objective(workspace, key="o-reach", kpi="reach"), TODAY)
    assert p.status == "missing_data" and p.missing


def test_no_tracked_account_on_the_network_says_so(workspace):
    account(workspace, network="mastodon", handle="f@piaille.fr")
    p = objective_progress(objective(workspace, networks=["instagram"]), TODAY)
    assert p.status == "missing_data"
    assert "Instagram" in p.missing and "import" in p.missing
    assert str(p.status_label) == "Missing data"


def test_reach_is_scaled_to_thirty_days_like_the_target(workspace):
    acc = account(workspace)
    rows = []
    day = START
    while day <= TODAY:  # one post a day reaching 100: 3,000 in 30 days
        rows.append(post(acc, dt.datetime.combine(day, dt.time(12)), likes=1, reach=100))
        day += dt.timedelta(days=1)
    save_posts(rows)
    p = objective_progress(
        objective(workspace, kpi="reach", baseline_value=2000, target_value=4000), TODAY
    )
    assert p.current_value == 3000
    assert all(v == pytest.approx(3000) for _d, v in p.series)
    assert p.progress == pytest.approx(0.5)
    assert p.status == "off_track"  # flat at 3,000, exact: the target is out of reach


def test_engagement_rate_is_a_percentage_like_the_objective(workspace):
    acc = account(workspace)
    rows = []
    day = START
    while day <= TODAY:
        rows.append(
            post(
                acc, dt.datetime.combine(day, dt.time(12)), likes=3, replies=1, reposts=0, reach=100
            )
        )
        day += dt.timedelta(days=1)
    save_posts(rows)
    o = objective(workspace, kpi="engagement_rate_reach", baseline_value=3.2, target_value=4)
    p = objective_progress(o, TODAY)
    assert p.current_value == pytest.approx(4.0)
    assert p.status == "on_track"


def test_workspace_progress_reads_a_bounded_number_of_queries(
    workspace, django_assert_max_num_queries
):
    acc = account(workspace)
    daily_followers(acc, per_day=3)
    objective(workspace)
    objective(workspace, key="o-2", kpi="repost_ratio", baseline_value=40, target_value=20)
    objective(
        workspace, key="o-3", kpi="engagement_rate_followers", baseline_value=1, target_value=2
    )
    objective(workspace, key="o-4", kpi="leads", axis="action")
    # the objectives, the own accounts, then at most four per objective
    with django_assert_max_num_queries(2 + 4 * 4):
        found = workspace_progress(workspace, TODAY)
    assert [p.objective.key for p in found] == ["o-followers", "o-2", "o-3", "o-4"]


def test_weeks_are_cut_at_midnight_in_the_workspace_time_zone(workspace):
    # Sunday 23:30 in Paris is still the week of Monday 7 September; Monday 00:30 is
    # the next week, though both are Sunday evening in UTC.
    from mostra.analytics.progress.buckets import bucketed_values

    acc = account(workspace)
    save_posts(
        [
            post(acc, dt.datetime(2026, 9, 13, 23, 30), kind=PostKind.REPOST),
            post(acc, dt.datetime(2026, 9, 14, 0, 30)),
        ]
    )
    weeks = bucketed_values(
        [acc.pk],
        ["repost_ratio"],
        dt.date(2026, 9, 7),
        dt.date(2026, 9, 20),
        "week",
        "Europe/Paris",
    )[""]
    assert [(w.bucket.start, w.kpis["repost_ratio"].value) for w in weeks] == [
        (dt.date(2026, 9, 7), 1.0),
        (dt.date(2026, 9, 14), 0.0),
    ]


def test_values_read_in_the_objectives_scale_and_language():
    from django.utils import translation

    from mostra.analytics.progress import format_on_scale

    assert format_on_scale("engagement_rate_reach", 3.2) == "3.2%"
    assert format_on_scale("followers", 12345) == "12,345"
    assert format_on_scale("followers", None) == "—"
    with translation.override("fr"):
        assert format_on_scale("engagement_rate_reach", 3.2) == "3,2\u00a0%"


def test_an_objective_starting_next_month_is_forecast_from_its_baseline(workspace):
    acc = account(workspace)
    daily_followers(acc, per_day=3, since=dt.date(2026, 8, 31))
    o = objective(workspace, start=dt.date(2026, 11, 1), baseline_date=dt.date(2026, 8, 31))
    p = objective_progress(o, TODAY)
    # whole weeks from Monday 31 August to Sunday 27 September
    assert [d for d, _v in p.series] == [dt.date(2026, 9, d) for d in (6, 13, 20, 27)]
    # three weeks of trend say nothing of 31 December, 13 weeks later
    assert p.status == "not_enough_data" and "3 weeks of trend" in p.missing


def test_the_trend_reads_the_last_quarter_of_history_even_for_a_new_objective(workspace):
    acc = account(workspace)
    daily_followers(acc, per_day=3)  # history since 1 June
    o = objective(workspace, start=dt.date(2026, 11, 1), baseline_date=dt.date(2026, 9, 30))
    p = objective_progress(o, TODAY)
    # 17 weeks back from 30 September: the week of Wednesday 3 June to that of 27 September
    assert p.series[0][0] == dt.date(2026, 6, 7) and p.series[-1][0] == dt.date(2026, 9, 27)
    assert p.status == "on_track" and p.forecast.value == pytest.approx(1639)


def test_a_falling_count_is_not_forecast_below_zero(workspace):
    acc = account(workspace)
    daily_followers(acc, per_day=-8, base=1000)  # 1,000 → 32 by 30 September
    p = objective_progress(objective(workspace, start=dt.date(2026, 6, 1)), dt.date(2026, 9, 30))
    assert p.status == "off_track"
    assert p.forecast.value == 0 and p.forecast.low == 0 and p.forecast.high == 0
