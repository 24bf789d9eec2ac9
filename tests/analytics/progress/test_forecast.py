"""The forecast on synthetic series whose trend is known."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mostra.analytics.forecast import NoForecast, fit, forecast, t_cdf, t_quantile

START = dt.date(2026, 1, 5)


def weekly(values: list[float]) -> list[tuple[dt.date, float]]:
    return [(START + dt.timedelta(weeks=i), v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("df", "expected"),
    # Student's t 0.90 and 0.975 quantiles from the usual tables.
    [(1, 3.078), (2, 1.886), (5, 1.476), (10, 1.372), (30, 1.310), (1000, 1.282)],
)
def test_t_quantile_matches_the_tables(df, expected):
    assert t_quantile(0.90, df) == pytest.approx(expected, abs=1e-3)


def test_t_quantile_975_and_symmetry():
    assert t_quantile(0.975, 4) == pytest.approx(2.776, abs=1e-3)
    assert t_quantile(0.975, 20) == pytest.approx(2.086, abs=1e-3)
    assert t_quantile(0.10, 5) == pytest.approx(-1.476, abs=1e-3)
    assert t_cdf(0, 7) == pytest.approx(0.5)


def test_an_exact_line_is_forecast_exactly_with_no_width():
    # 1,000 followers, +25 a week: at week 20 the line says 1,500.
    points = weekly([1000 + 25 * i for i in range(8)])
    result = forecast(points, START + dt.timedelta(weeks=20))
    assert result
    assert result.value == pytest.approx(1500)
    assert result.low == pytest.approx(1500)
    assert result.high == pytest.approx(1500)
    assert result.per_week == pytest.approx(25)
    assert result.n == 8


def test_the_true_value_falls_inside_the_interval_of_a_noisy_line():
    rng = random.Random(6)
    deadline = START + dt.timedelta(weeks=30)
    truth = 0.02 + 0.0005 * 30  # the line's value at the deadline
    inside = 0
    for _run in range(200):
        points = weekly([0.02 + 0.0005 * i + rng.gauss(0, 0.002) for i in range(12)])
        result = forecast(points, deadline)
        assert result and result.low < result.value < result.high
        # a new observation at the deadline, scattered as the past ones were
        observed = truth + rng.gauss(0, 0.002)
        inside += result.low <= observed <= result.high
    # 80 % nominal coverage: 200 draws land between 70 % and 90 %.
    assert 140 <= inside <= 180


def test_one_noisy_series_with_a_fixed_seed_contains_the_truth():
    rng = random.Random(42)
    points = weekly([500 + 10 * i + rng.gauss(0, 5) for i in range(10)])
    result = forecast(points, START + dt.timedelta(weeks=26))
    assert result
    assert result.low <= 500 + 10 * 26 <= result.high
    assert result.per_week == pytest.approx(10, abs=1.5)


def test_a_flat_series_forecasts_its_level():
    points = weekly([0.4] * 6)
    result = forecast(points, START + dt.timedelta(weeks=20))
    assert result
    assert result.value == pytest.approx(0.4)
    assert result.per_week == pytest.approx(0)
    assert result.high - result.low == pytest.approx(0)


def test_the_interval_widens_further_from_the_data():
    rng = random.Random(1)
    points = weekly([100 + rng.gauss(0, 3) for _i in range(8)])
    near = forecast(points, START + dt.timedelta(weeks=8))
    far = forecast(points, START + dt.timedelta(weeks=52), max_horizon=None)
    assert near and far
    assert far.high - far.low > near.high - near.low


def test_too_few_points_give_no_forecast_and_say_why():
    result = forecast(weekly([1, 2, 3]), START + dt.timedelta(weeks=10))
    assert isinstance(result, NoForecast)
    assert not result
    assert result.n == 3
    assert "3 weekly values" in result.reason and "at least 4" in result.reason


def test_points_on_one_day_give_no_forecast():
    result = forecast([(START, 1.0)] * 5, START + dt.timedelta(weeks=10))
    assert isinstance(result, NoForecast)
    assert "same day" in result.reason


def test_uneven_gaps_are_counted_in_days():
    points = [
        (START, 0.0),
        (START + dt.timedelta(days=7), 7.0),
        (START + dt.timedelta(days=28), 28.0),
    ]
    trend = fit(points)
    assert trend is not None
    assert trend.slope == pytest.approx(1.0)
    assert trend.at(START + dt.timedelta(days=100)) == pytest.approx(100)


def test_no_forecast_much_further_ahead_than_the_trend_is_long():
    points = weekly([100, 104, 109, 111, 118])  # four weeks of trend
    assert forecast(points, START + dt.timedelta(weeks=16))  # 12 weeks ahead: 3 × 4
    result = forecast(points, START + dt.timedelta(weeks=17))
    assert isinstance(result, NoForecast)
    assert "4 weeks of trend" in result.reason and "13 weeks later" in result.reason
    assert forecast(points, START + dt.timedelta(weeks=17), max_horizon=None)
