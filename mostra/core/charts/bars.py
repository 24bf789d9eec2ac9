"""Bar charts: one series (:func:`bar_chart`), several side by side
(:func:`grouped_bar_chart`), and a single :func:`progress_bar`.

Bars are horizontal: the labels (tactics, accounts, networks) are often long and read
better on the left than tilted under a column. A value of None is drawn as the words
"no data" and no bar: a missing figure must never look like a zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from mostra.core.charts._svg import (
    BRAND,
    LINE,
    MUTED,
    OK,
    Formatter,
    colour,
    esc,
    fit,
    frame,
    no_data,
    number,
    percent,
    text,
    text_width,
    wrap,
)

ROW = 24
GAP = 8
VALUE_ROOM = 70


def _label_room(labels: Sequence[str], width: float, *, bold: bool = False) -> float:
    longest = max((text_width(label, bold=bold) for label in labels), default=0)
    return min(max(longest + 12, 60), width * 0.4)


def _scale(values: Sequence[float | None], plot: float) -> tuple[float, float]:
    """The x of zero and the pixels per unit, room made for negative values."""
    known = [v for v in values if v is not None]
    low = min([0.0, *known])
    high = max([0.0, *known])
    span = (high - low) or 1.0
    per_unit = plot / span
    return -low * per_unit, per_unit


def _bar(
    x0: float, y: float, value: float | None, per_unit: float, fill: str, label: str, fmt: Formatter
) -> list[str]:
    if value is None:
        return [
            text(
                x0 + 4,
                y + ROW / 2 + 4,
                no_data(),
                size=11,
                fill=MUTED,
                extra=' font-style="italic"',
            )
        ]
    length = abs(value) * per_unit
    start = x0 if value >= 0 else x0 - length
    shown = fmt(value)
    return [
        f'<rect class="bar" x="{start:.2f}" y="{y + 3:.1f}" width="{length:.2f}" '
        f'height="{ROW - 6}" fill="{fill}" rx="2" data-value="{value!r}">'
        f"<title>{esc(label)}: {esc(shown)}</title></rect>",
        text(max(x0, start + length) + 4, y + ROW / 2 + 4, shown, size=11),
    ]


def bar_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    title: str,
    fmt: Formatter = number,
    width: int = 560,
    fill: str = BRAND,
) -> SafeString:
    """One horizontal bar per ``(label, value)``, lengths proportional to the values.

    ``fmt`` formats the values shown at the end of each bar (:func:`number`,
    :func:`percent` or the KPI engine's formatter).
    """
    labels = [str(label) for label, _ in items]
    room = _label_room(labels, width)
    plot = width - room - VALUE_ROOM
    zero, per_unit = _scale([v for _, v in items], plot)
    height = max(len(items), 1) * ROW + GAP * 2
    body: list[str] = []
    if not items:
        body.append(text(width / 2, height / 2 + 4, no_data(), anchor="middle", fill=MUTED))
    for index, (label, value) in enumerate(items):
        y = GAP + index * ROW
        shown = fit(str(label), room - 12)
        drawn = text(room - 8, y + ROW / 2 + 4, shown, anchor="end")
        if shown != str(label):  # the whole label on hover
            drawn = f"<g><title>{esc(label)}</title>{drawn}</g>"
        body.append(drawn)
        body.extend(_bar(room + zero, y, value, per_unit, fill, str(label), fmt))
    body.append(
        f'<line x1="{room + zero:.1f}" y1="{GAP / 2}" x2="{room + zero:.1f}" '
        f'y2="{height - GAP / 2}" stroke="{LINE}"/>'
    )
    return frame(width, height, title, body, css_class="bar-chart")


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    fmt: Formatter = percent,
    width: int = 640,
) -> SafeString:
    """Side-by-side bars: for each category, one bar per series, one colour per series.

    ``series`` is ``[(name, [value per category]), …]`` — for a comparison, one series
    per account and one category per KPI, all on one scale (use it for KPIs of one
    unit, e.g. ratios). A legend above names the series.
    """
    names = [str(name) for name, _ in series]
    room = _label_room([str(c) for c in categories], width, bold=True)
    plot = width - room - VALUE_ROOM
    all_values = [v for _, values in series for v in values]
    zero, per_unit = _scale(all_values, plot)
    item = max((text_width(name, 11) for name in names), default=0) + 30
    per_row = max(1, min(len(names), int((width - GAP) // item))) if names else 1
    legend_rows = (len(names) + per_row - 1) // per_row
    top = GAP + legend_rows * 18 + GAP
    group = max(len(series), 1) * ROW + GAP * 2
    height = top + max(len(categories), 1) * group
    body: list[str] = []
    column = (width - GAP) / per_row
    for index, name in enumerate(names):
        lx = GAP + (index % per_row) * column
        ly = GAP + (index // per_row) * 18
        body.append(
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="12" height="12" fill="{colour(index)}"/>'
        )
        body.append(text(lx + 17, ly + 10, fit(name, column - 22, 11), size=11))
    for c_index, category in enumerate(categories):
        y0 = top + c_index * group
        lines = wrap(str(category), room - 12, bold=True, lines=3)
        first = y0 + group / 2 + 4 - (len(lines) - 1) * 7
        for number_, line in enumerate(lines):
            body.append(text(room - 8, first + number_ * 14, line, anchor="end", weight="600"))
        if c_index:
            body.append(f'<line x1="0" y1="{y0:.1f}" x2="{width}" y2="{y0:.1f}" stroke="{LINE}"/>')
        for s_index, (name, values) in enumerate(series):
            value = values[c_index] if c_index < len(values) else None
            y = y0 + GAP + s_index * ROW
            label = f"{name} — {category}"
            body.extend(_bar(room + zero, y, value, per_unit, colour(s_index), label, fmt))
    return frame(width, height, title, body, css_class="grouped-bar-chart")


def progress_bar(
    fraction: float | None,
    *,
    title: str,
    width: int = 240,
    height: int = 18,
    fill: str = OK,
) -> SafeString:
    """A bar filled to ``fraction`` (0..1; beyond 1 it is full and marked), or "no data"."""
    body = [
        f'<rect x="0" y="0" width="{width}" height="{height}" rx="{height / 2:g}" fill="{LINE}"/>'
    ]
    if fraction is None:
        body.append(
            text(width / 2, height / 2 + 4, no_data(), size=11, anchor="middle", fill=MUTED)
        )
    else:
        shown = max(0.0, min(fraction, 1.0))
        body.append(
            f'<rect class="bar" x="0" y="0" width="{shown * width:.2f}" height="{height}" '
            f'rx="{height / 2:g}" fill="{fill}" data-value="{fraction!r}">'
            f"<title>{esc(percent(fraction))}</title></rect>"
        )
        label = percent(fraction)
        if fraction > 1:
            label = gettext("%(value)s — beyond the target") % {"value": label}
        body.append(
            text(
                width / 2,
                height / 2 + 4,
                label,
                size=11,
                anchor="middle",
                fill="#fff" if shown > 0.55 else "#1d2433",
                weight="600",
            )
        )
    return frame(width, height, title, body, css_class="progress-bar")
