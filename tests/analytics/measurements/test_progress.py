"""Recorded values feed the same progress and forecast as the engine's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.progress import objective_progress, workspace_progress
from tests.analytics.measurements.builders import (
    START,
    TODAY,
    growing,
    members_kpi,
    record,
    registrations_objective,
)

pytestmark = pytest.mark.django_db


def days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def test_registrations_a_day_make_a_30_day_total_a_trend_and_a_status(workspace):
    objective = registrations_objective(workspace)
    record(workspace, "registrations", {d: growing(d) for d in days(START, TODAY)})
    p = objective_progress(objective, TODAY)
    # 20–31 October at 4 a day, 1–18 November at 5 a day.
    assert p.current_value == 12 * 4 + 18 * 5 == 138
    assert p.current_as_of == TODAY
    assert p.percent == round((138 - 40) / (300 - 40) * 100) == 38
    assert p.format(p.current_value) == "138 people"
    # Every Sunday whose 30 days start on or after 1 July: 2 August to 15 November; the
    # first adds 4–31 July at 1 a day and 1–2 August at 2.
    assert p.series[0] == (dt.date(2026, 8, 2), 28 * 1 + 2 * 2)
    assert p.series[-1][0] == dt.date(2026, 11, 15)
    assert len(p.series) == 16
    assert p.forecast is not None and p.forecast.at == dt.date(2027, 3, 31)
    # About 30 more a month: ~270 by the end of March, short of 300 but within reach.
    assert 240 < p.forecast.value < 300 and p.status in {"at_risk", "off_track"}


def test_a_total_a_month_reads_as_that_month_not_four_times_it(workspace):
    """Values entered once a month give weekly points that read like the monthly totals."""
    objective = registrations_objective(workspace)
    monthly = {
        dt.date(2026, 7, 31): 40,
        dt.date(2026, 8, 31): 55,
        dt.date(2026, 9, 30): 70,
        dt.date(2026, 10, 31): 85,
    }
    record(workspace, "registrations", monthly)
    p = objective_progress(objective, TODAY)
    assert p.current_value == 85 and p.current_as_of == dt.date(2026, 10, 31)
    assert {value for _day, value in p.series} <= {0, 40, 55, 70, 85, 125, 140, 155}
    assert max(value for _day, value in p.series) <= 85 * 2


def test_a_reading_is_the_latest_value_and_its_week(workspace):
    members_kpi(workspace)
    objective = registrations_objective(
        workspace, kpi="adherents", baseline_value=200, target_value=260
    )
    record(
        workspace,
        "adherents",
        {dt.date(2026, 9, 1) + dt.timedelta(days=3 * i): 200 + i for i in range(26)},
    )
    p = objective_progress(objective, TODAY)
    assert p.current_value == 225 and p.current_as_of == dt.date(2026, 11, 15)
    assert p.kpi.label == "Members" and p.format(225) == "225 people"
    sundays = [day for day, _v in p.series]
    assert len(sundays) == len({d - dt.timedelta(days=d.weekday()) for d in sundays})
    assert p.series[-1] == (dt.date(2026, 11, 15), 225)
    assert p.forecast is not None


def test_no_value_yet_says_how_to_record_them(workspace):
    p = objective_progress(registrations_objective(workspace), TODAY)
    assert p.status == "missing_data" and p.current_value is None
    assert "import a CSV of dates and values" in p.missing


def test_values_after_the_day_asked_are_not_read(workspace):
    """The report as of the end of October does not read November's values."""
    objective = registrations_objective(workspace)
    record(workspace, "registrations", {d: growing(d) for d in days(START, TODAY)})
    p = objective_progress(objective, dt.date(2026, 10, 31))
    assert p.current_value == 30 * 4 and p.current_as_of == dt.date(2026, 10, 31)


def test_queries_do_not_grow_with_values_or_objectives(workspace, django_assert_max_num_queries):
    record(workspace, "registrations", {d: growing(d) for d in days(START, TODAY)})
    registrations_objective(workspace)
    with django_assert_max_num_queries(6):
        workspace_progress(workspace, TODAY)
    for n in range(3):
        registrations_objective(workspace, key=f"o-{n}")
    with django_assert_max_num_queries(6):
        assert len(workspace_progress(workspace, TODAY)) == 4
