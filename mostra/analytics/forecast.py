"""A linear trend and its forecast at a deadline, with a prediction interval (pure maths).

Why ordinary least squares and not Theil–Sen: Theil–Sen (the median of pairwise slopes)
resists outliers better, and social data have them (the week a post went viral). But
the points forecast here are weekly aggregates (a week's engagement rate, the followers
at the end of a week), already averaged over many posts, and what the objective page
must show is an *interval* with a stated coverage. Least squares has the textbook
prediction interval (Student's t with n − 2 degrees of freedom); Theil–Sen has none in
closed form (it needs a bootstrap, slow and random). An outlier week does not go
unnoticed with least squares either: it widens the interval, so the objective shows as
"at risk" rather than falsely "on track". We prefer an honest, wider interval to a
robust line with an interval of unknown coverage.

Time is counted in days from the first point, so uneven gaps (a missing week) are
handled without resampling.

The t quantile comes from the regularised incomplete beta function (continued fraction,
Numerical Recipes §6.4) inverted by bisection: no scipy.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: Fewer points than this and no forecast is made (4 weekly points: a month of trend).
MIN_POINTS = 4
#: The default coverage of the prediction interval.
LEVEL = 0.80
#: No forecast further ahead of the last point than this many times the series' span:
#: five noisy weeks say little about where a KPI will be in nine months, however wide
#: the interval drawn around a straight line.
MAX_HORIZON = 3.0

Point = tuple[dt.date, float]


@dataclass(frozen=True)
class Trend:
    """A fitted line: value = intercept + slope × (days since ``origin``)."""

    origin: dt.date
    slope: float  # per day
    intercept: float
    n: int
    residual_sd: float  # s, with n − 2 degrees of freedom (0 for an exact line)
    mean_x: float
    sxx: float  # Σ (x − x̄)²

    def at(self, day: dt.date) -> float:
        return self.intercept + self.slope * (day - self.origin).days

    @property
    def per_week(self) -> float:
        return self.slope * 7


@dataclass(frozen=True)
class Forecast:
    """The trend's value at ``at``, with its prediction interval [low, high]."""

    value: float
    low: float
    high: float
    at: dt.date
    level: float = LEVEL
    n: int = 0
    per_week: float = 0.0  # the trend's change per week


@dataclass(frozen=True)
class NoForecast:
    """Why no forecast was made (a translated sentence), and how many points there were."""

    reason: str
    n: int

    def __bool__(self) -> bool:
        return False


def fit(points: Sequence[Point]) -> Trend | None:
    """The least-squares line through ``points``; None with fewer than 3 distinct days.

    Steps:
    1. x = days since the earliest point, y = the value.
    2. slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², intercept = ȳ − slope · x̄.
    3. s² = Σ residual² / (n − 2).
    """
    if len(points) < 3:
        return None
    origin = min(d for d, _v in points)
    xs = [float((d - origin).days) for d, _v in points]
    ys = [float(v) for _d, v in points]
    n = len(xs)
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    sse = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    # Rounding leaves ~1e-30 on an exact line: treat it as the 0 it is.
    scale = max(1.0, max(abs(y) for y in ys))
    residual_sd = math.sqrt(sse / (n - 2)) if sse > (1e-12 * scale) ** 2 * n else 0.0
    return Trend(origin, slope, intercept, n, residual_sd, mean_x, sxx)


def forecast(
    points: Sequence[Point],
    at: dt.date,
    *,
    level: float = LEVEL,
    min_points: int = MIN_POINTS,
    max_horizon: float | None = MAX_HORIZON,
) -> Forecast | NoForecast:
    """The forecast at ``at`` with a ``level`` prediction interval, or why there is none.

    Steps:
    1. Fewer than ``min_points`` points (or all on one day): no forecast, say why.
       Likewise when ``at`` is further after the last point than ``max_horizon``
       times the span of the points (None: no limit).
    2. Fit the line (:func:`fit`); ŷ = the line at ``at``.
    3. Half-width = t(1 − (1 − level)/2, n − 2) · s · √(1 + 1/n + (x₀ − x̄)² / Sxx):
       the interval for a new observation at x₀, not for the mean (a KPI's value at the
       deadline will scatter around the line as its past values did).
    """
    n = len(points)
    if n < min_points:
        return NoForecast(
            _("Not enough data: %(n)s weekly values, at least %(min)s are needed.")
            % {"n": n, "min": min_points},
            n,
        )
    trend = fit(points)
    if trend is None:
        return NoForecast(_("Not enough data: all the values are on the same day."), n)
    last = max(d for d, _v in points)
    span = (last - trend.origin).days
    ahead = (at - last).days
    if max_horizon is not None and ahead > max_horizon * span:
        return NoForecast(
            _(
                "Not enough data yet: %(weeks)s weeks of trend cannot tell where the KPI "
                "will be %(ahead)s weeks later. The forecast appears once the trend covers "
                "at least a third of the time left."
            )
            % {"weeks": round(span / 7), "ahead": round(ahead / 7)},
            n,
        )
    value = trend.at(at)
    x0 = (at - trend.origin).days
    t = t_quantile(1 - (1 - level) / 2, n - 2)
    half = t * trend.residual_sd * math.sqrt(1 + 1 / n + (x0 - trend.mean_x) ** 2 / trend.sxx)
    return Forecast(value, value - half, value + half, at, level, n, trend.per_week)


# --- Student's t quantile -----------------------------------------------------------


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    ln_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(ln_front)
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (bisection on :func:`t_cdf`, 1e-10 precise)."""
    if not 0 < p < 1:
        raise ValueError("p must be between 0 and 1")
    if df <= 0:
        raise ValueError("df must be positive")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _i in range(200):
        mid = (low + high) / 2
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-10:
            break
    return (low + high) / 2
