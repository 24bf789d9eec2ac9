"""The weekday × hour grid of the best time to post.

A cell's value is relative to the account's typical post (1.0 = typical): cells above
shade towards the brand blue, cells below towards pale; a cell without enough posts is
hatched grey and says so — it is not "bad", it is unknown.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from mostra.core.charts._svg import LINE, MUTED, Formatter, esc, frame, number, text


def _shade(value: float, high: float) -> str:
    """From near white (#f1f5fa) at 0 to the brand blue (#1f4e79) at ``high``."""
    share = max(0.0, min(value / high, 1.0)) if high else 0.0
    start, end = (0xF1, 0xF5, 0xFA), (0x1F, 0x4E, 0x79)
    rgb = (round(a + (b - a) * share) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def heatmap(
    cells: Sequence[Sequence[float | None]],
    *,
    title: str,
    counts: Sequence[Sequence[int]] | None = None,
    fmt: Formatter = lambda v: f"{number(v, 1)}×",
    cell: int = 22,
) -> SafeString:
    """7 rows (Monday first) × 24 columns (hours) of values, None = not enough data.

    ``counts`` (same shape) gives the number of posts per cell, shown in each cell's
    tooltip.
    """
    left, top = 44, 20
    width, height = left + 24 * cell + 4, top + 7 * cell + 4
    known = [v for row in cells for v in row if v is not None]
    high = max([2.0, *known]) if known else 2.0
    body = [
        '<defs><pattern id="hm-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f6f7fa"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{LINE}" stroke-width="2"/></pattern></defs>'
    ]
    for hour in range(0, 24, 3):
        body.append(
            text(
                left + hour * cell + cell / 2,
                14,
                f"{hour:02d}",
                size=10,
                anchor="middle",
                fill=MUTED,
            )
        )
    for day in range(7):
        y = top + day * cell
        body.append(
            text(
                left - 6,
                y + cell / 2 + 4,
                str(WEEKDAYS_ABBR[day]),
                size=10,
                anchor="end",
                fill=MUTED,
            )
        )
        for hour in range(24):
            value = cells[day][hour] if day < len(cells) and hour < len(cells[day]) else None
            n = counts[day][hour] if counts is not None else None
            when = f"{WEEKDAYS_ABBR[day]} {hour:02d}:00"
            if value is None:
                fill, what = "url(#hm-hatch)", gettext("not enough data")
            else:
                fill, what = _shade(value, high), fmt(value)
            if n is not None:
                posts = ngettext("%(n)s post", "%(n)s posts", n) % {
                    "n": formats.number_format(n, force_grouping=True)
                }
                what = f"{what} ({posts})"
            body.append(
                f'<rect class="cell" x="{left + hour * cell + 1}" y="{y + 1}" width="{cell - 2}" '
                f'height="{cell - 2}" rx="3" fill="{fill}"><title>{esc(when)} — {esc(what)}'
                "</title></rect>"
            )
    return frame(width, height, title, body, css_class="heatmap")
