"""The best-time heatmap on synthetic posts whose engagement peaks on Tuesday 10:00 Paris."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.besttime import MIN_HISTORY, heatmap
from mostra.analytics.models import PostKind
from tests.analytics.progress.builders import account, post, save_posts

#: A Monday in winter time; 24 weeks later is mid-June (summer time from 29 March).
FIRST_MONDAY = dt.date(2026, 1, 5)
TODAY = dt.date(2026, 6, 30)
TUESDAY, MONDAY, WEDNESDAY, FRIDAY, SUNDAY = 1, 0, 2, 4, 6


def at(week: int, weekday: int, hour: int, minute: int = 0) -> dt.datetime:
    day = FIRST_MONDAY + dt.timedelta(weeks=week, days=weekday)
    return dt.datetime.combine(day, dt.time(hour, minute))  # naive = Paris time


def history(acc, weeks: int = 24) -> None:
    """Four slots a week: Tuesday 10:xx engages five times as much as the others (every
    own post gives its likes, replies and reposts: its engagement is known)."""
    rows = []
    for w in range(weeks):
        rows.append(post(acc, at(w, TUESDAY, 10, 15), likes=40, replies=5, reposts=5))
        rows.append(post(acc, at(w, MONDAY, 9), likes=8, replies=1, reposts=1))
        rows.append(post(acc, at(w, WEDNESDAY, 15), likes=9, replies=1, reposts=0))
        rows.append(post(acc, at(w, FRIDAY, 18), likes=8, replies=0, reposts=2))
        # reposts are someone else's content: never counted, even if they engage
        rows.append(post(acc, at(w, FRIDAY, 7), kind=PostKind.REPOST, likes=900))
    # two posts only on Sunday night: below the minimum
    rows.append(post(acc, at(3, SUNDAY, 22), likes=500, replies=0, reposts=0))
    rows.append(post(acc, at(4, SUNDAY, 22), likes=500, replies=0, reposts=0))
    save_posts(rows)


def test_the_peak_is_tuesday_10_in_paris_time_across_summer_time(workspace):
    acc = account(workspace)
    history(acc)
    result = heatmap(acc, today=TODAY)
    assert result.basis == "own"
    assert result.time_zone == "Europe/Paris"
    assert result.measure == "count"
    assert result.posts_used == 24 * 4 + 2
    # every Tuesday post lands at 10:00 local, in winter (09:00 UTC) and summer (08:00 UTC)
    assert result.cells[TUESDAY][10].n == 24
    assert result.cells[TUESDAY][9].n == 0 and result.cells[TUESDAY][8].n == 0
    best = result.top(3)
    assert (best[0].weekday, best[0].hour) == (TUESDAY, 10)
    assert best[0].value == pytest.approx(5.0)  # 50 against a typical 10
    assert {(s.weekday, s.hour) for s in best[1:]} <= {(0, 9), (2, 15), (4, 18)}
    # the repost slot is empty; Sunday's two posts are "not enough data"
    assert result.cells[FRIDAY][7].n == 0
    assert result.cells[SUNDAY][22].n == 2
    assert result.cells[SUNDAY][22].value is None


def test_the_minimum_per_cell_is_an_argument(workspace):
    acc = account(workspace)
    history(acc)
    assert heatmap(acc, today=TODAY, min_posts=2).cells[SUNDAY][22].value is not None
    assert heatmap(acc, today=TODAY, min_posts=25).cells[TUESDAY][10].value is None


def test_the_account_time_zone_moves_the_cells(workspace):
    acc = account(workspace, time_zone="America/Montreal")
    history(acc)
    result = heatmap(acc, today=TODAY)
    assert result.time_zone == "America/Montreal"
    # 10:15 in Paris is 04:15 in Montréal (both change to summer time, weeks apart)
    assert result.cells[TUESDAY][4].n + result.cells[TUESDAY][5].n == 24
    assert result.cells[TUESDAY][10].n == 0


def test_engagement_rate_by_reach_when_the_posts_give_their_reach(workspace):
    acc = account(workspace)
    rows = []
    for w in range(10):
        # Tuesday: 30 engagements out of 1,000 reached (3 %); Thursday: 30 of 3,000 (1 %)
        known = {"replies": 0, "reposts": 0}  # engagement known: likes, replies, reposts
        rows.append(post(acc, at(w, TUESDAY, 10), likes=30, reach=1000, **known))
        rows.append(post(acc, at(w, 3, 14), likes=30, reach=3000, **known))
        rows.append(post(acc, at(w, 3, 15), likes=20, reach=1000, **known))
        rows.append(post(acc, at(w, 3, 16), likes=20, reach=1000, **known))
    save_posts(rows)
    result = heatmap(acc, today=TODAY)
    assert result.measure == "reach"
    assert result.basis == "own"
    assert result.top(1)[0].weekday == TUESDAY and result.top(1)[0].hour == 10
    # a raw count would tie Tuesday 10:00 and Thursday 14:00; by reach they are apart
    assert result.cells[3][14].value < result.cells[TUESDAY][10].value


def test_posts_older_than_twelve_months_are_left_out(workspace):
    acc = account(workspace)
    history(acc)
    result = heatmap(acc, today=TODAY + dt.timedelta(days=365 + 60))
    assert result.basis == "studies"
    assert result.posts_used < MIN_HISTORY


def test_an_empty_account_gets_the_studies_labelled_as_such(workspace):
    acc = account(workspace, network="linkedin", handle="fromagerie-pro")
    result = heatmap(acc, today=TODAY)
    assert result.basis == "studies"
    assert result.posts_used == 0
    assert [s["id"] for s in result.studies] == ["sprout-2023"]
    assert all(cell.value is None for row in result.cells for cell in row)
    assert result.top() == []
    # Sprout Social 2023, LinkedIn: Tuesday and Wednesday, 10 am to noon (local time)
    recommended = {
        (d, h) for d, row in enumerate(result.cells) for h, c in enumerate(row) if c.recommended
    }
    assert recommended == {(1, 10), (1, 11), (2, 10), (2, 11)}


def test_a_network_the_studies_did_not_measure_gets_their_overall_finding(workspace):
    acc = account(workspace, network="mastodon", handle="fromagerie@piaille.fr")
    result = heatmap(acc, today=TODAY)
    assert result.cells[3][9].recommended and not result.cells[4][9].recommended


def test_posts_without_counts_do_not_count_as_zero(workspace):
    acc = account(workspace)
    save_posts([post(acc, at(w, TUESDAY, 10)) for w in range(40)])
    result = heatmap(acc, today=TODAY)
    assert result.posts_used == 0
    assert result.basis == "studies"


def test_heatmap_reads_the_posts_in_two_queries(workspace, django_assert_max_num_queries):
    acc = account(workspace)
    history(acc)
    acc = type(acc).objects.get(pk=acc.pk)
    with django_assert_max_num_queries(2):
        heatmap(acc, today=TODAY)
