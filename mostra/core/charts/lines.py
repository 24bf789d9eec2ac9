"""Lines over time: :func:`line_chart` (series, target, forecast band) and
:func:`sparkline` (a figure's trend beside it, no axes).

Time runs on a linear date axis so that irregular points (weeks without data) keep
their true spacing. A None value breaks the line rather than dropping it to zero.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Protocol

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from mostra.core.charts._svg import (
    ACCENT,
    BRAND,
    LINE,
    MUTED,
    Formatter,
    colour,
    esc,
    frame,
    nice_max,
    no_data,
    number,
    text,
)

Point = tuple[dt.date, float | None]


class ForecastLike(Protocol):
    """What a forecast brings (``mostra.analytics.forecast.Forecast`` has it)."""

    value: float
    low: float
    high: float
    at: dt.date


def _runs(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """The stretches of consecutive known values (a None ends a stretch)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _path(run: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in run)


def line_chart(
    series: Sequence[tuple[str, Sequence[Point]]],
    *,
    title: str,
    fmt: Formatter = number,
    target: float | None = None,
    forecast: ForecastLike | None = None,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """One line per ``(name, [(date, value), …])``, with an optional target and forecast.

    ``target`` draws a dashed horizontal line; ``forecast`` a dashed segment from the
    first series' last known point to ``forecast.at`` and a band from ``low`` to
    ``high`` — the interval around the forecast.
    """
    left, right, top, bottom = 56, 16, 26, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    dates = [d for _, points in series for d, _ in points]
    values = [v for _, points in series for _, v in points if v is not None]
    if forecast is not None:
        dates.append(forecast.at)
        values.extend([forecast.low, forecast.high, forecast.value])
    if target is not None:
        values.append(target)
    body: list[str] = []
    if not dates or not values:
        body.append(text(width / 2, height / 2, no_data(), anchor="middle", fill=MUTED))
        return frame(width, height, title, body, css_class="line-chart")
    first, last = min(dates), max(dates)
    span_days = max((last - first).days, 1)
    raw_low, raw_high = min(0.0, min(values)), max(0.0, max(values))
    step = nice_max(((raw_high - raw_low) or 1.0) / 4)  # round ticks: 0, 5, 10… or 0, 0.25…
    low = -step * math.ceil(-raw_low / step - 1e-9)
    ticks = max(1, math.ceil((raw_high - low) / step - 1e-9))
    high = low + step * ticks
    span = high - low

    def x_of(day: dt.date) -> float:
        return left + (day - first).days / span_days * plot_w

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / span * plot_h

    for tick in range(ticks + 1):
        value = low + step * tick
        y = y_of(value)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}"/>'
        )
        body.append(text(left - 6, y + 4, fmt(value), size=10, anchor="end", fill=MUTED))
    for day in sorted({first, last, *([first + (last - first) / 2] if span_days > 14 else [])}):
        label = formats.date_format(day, "j N")
        body.append(text(x_of(day), height - 8, label, size=10, anchor="middle", fill=MUTED))
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line class="target" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{ACCENT}" stroke-dasharray="6 4" stroke-width="1.5"/>'
        )
        label = gettext("target %(value)s") % {"value": fmt(target)}
        body.append(text(width - right, y - 5, label, size=10, anchor="end", fill=ACCENT))
    for index, (name, points) in enumerate(series):
        stroke = colour(index)
        for run in _runs([(x_of(d), None if v is None else y_of(v)) for d, v in points]):
            if len(run) == 1:
                body.append(
                    f'<circle cx="{run[0][0]:.1f}" cy="{run[0][1]:.1f}" r="3" fill="{stroke}"/>'
                )
            else:
                body.append(
                    f'<polyline class="series" points="{_path(run)}" fill="none" '
                    f'stroke="{stroke}" stroke-width="2"><title>{esc(name)}</title></polyline>'
                )
        if len(series) > 1:
            body.append(
                f'<rect x="{left + index * 130}" y="6" width="10" height="10" fill="{stroke}"/>'
            )
            body.append(text(left + index * 130 + 14, 15, name, size=10))
    if forecast is not None and series:
        known = [(d, v) for d, v in series[0][1] if v is not None]
        if known:
            d0, v0 = known[-1]
            fx = x_of(forecast.at)
            band = (
                f"{x_of(d0):.1f},{y_of(v0):.1f} {fx:.1f},{y_of(forecast.high):.1f} "
                f"{fx:.1f},{y_of(forecast.low):.1f}"
            )
            tip = gettext("forecast %(value)s (%(low)s – %(high)s)") % {
                "value": fmt(forecast.value),
                "low": fmt(forecast.low),
                "high": fmt(forecast.high),
            }
            body.append(
                f'<polygon class="forecast-band" points="{band}" fill="{BRAND}" opacity="0.12">'
                f"<title>{esc(tip)}</title></polygon>"
            )
            body.append(
                f'<line class="forecast" x1="{x_of(d0):.1f}" y1="{y_of(v0):.1f}" x2="{fx:.1f}" '
                f'y2="{y_of(forecast.value):.1f}" stroke="{BRAND}" stroke-dasharray="4 3" '
                f'stroke-width="2"/>'
            )
            body.append(
                f'<circle cx="{fx:.1f}" cy="{y_of(forecast.value):.1f}" r="4" fill="{BRAND}"/>'
            )
    return frame(width, height, title, body, css_class="line-chart")


def sparkline(
    values: Sequence[float | None], *, title: str, width: int = 120, height: int = 28
) -> SafeString:
    """A small line of ``values`` (equally spaced), its last known point marked."""
    known = [v for v in values if v is not None]
    body: list[str] = []
    if not known:
        body.append(
            text(width / 2, height / 2 + 4, no_data(), size=10, anchor="middle", fill=MUTED)
        )
        return frame(width, height, title, body, css_class="sparkline")
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 6) / max(len(values) - 1, 1)
    points = [
        (3 + i * step, None if v is None else height - 3 - (v - low) / span * (height - 6))
        for i, v in enumerate(values)
    ]
    for run in _runs(points):
        body.append(
            f'<polyline points="{_path(run)}" fill="none" stroke="{BRAND}" stroke-width="1.5"/>'
        )
    last = [(x, y) for x, y in points if y is not None][-1]
    body.append(f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.5" fill="{ACCENT}"/>')
    return frame(width, height, title, body, css_class="sparkline")
