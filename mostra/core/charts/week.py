"""A week at a glance: one column per day, time running down, a pill per slot.

The pills take the colour given for their key (a network's, from its descriptor in
:mod:`mostra.strategy.networks`); the kit itself knows no network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from mostra.core.charts._svg import FONT, INK, LINE, MUTED, esc
from mostra.core.charts.matrix import _clip, _num, ink_on

#: The pill of a slot whose key has no colour.
DEFAULT_COLOUR = "#5b6476"


@dataclass(frozen=True)
class WeekSlot:
    day: str  # mon..sun
    time: str  # HH:MM
    network: str | None
    label: str = ""  # the tooltip, such as the tactic's title


def week_grid(
    slots: Sequence[WeekSlot],
    *,
    days: Sequence[tuple[str, str]],
    network_labels: dict[str, str],
    colours: Mapping[str, str] | None = None,
    title: str,
    any_network: str,
    uid: str = "week",
    width: int = 420,
    first_hour: int | None = None,
    last_hour: int | None = None,
) -> SafeString:
    """A week at a glance: one column per day, time running down, a pill per slot.

    ``days`` is ``[(code, short label), ...]`` from Monday. The hours shown are those the
    slots span (at least 08:00–20:00), so a sparse rhythm still reads as a week.
    """
    e = esc
    placed = [(s, m) for s in slots if (m := _minute(s.time)) is not None]
    minutes = [m for _s, m in placed]
    lo = min([8 * 60, *minutes]) // 60 if first_hour is None else first_hour
    hi = -(-max([20 * 60, *(m + 30 for m in minutes)]) // 60) if last_hour is None else last_hour
    left, top, legend_h = 34, 20, 22
    col = (width - left - 4) / max(1, len(days))
    hour_h = 11.0
    grid_h = (hi - lo) * hour_h
    networks = sorted({s.network or "" for s in slots}, key=lambda n: (n == "", n))
    legend_rows = max(1, -(-len(networks) // 4))
    height = top + grid_h + 10 + legend_h * legend_rows
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="week-grid" viewBox="0 0 {width}'
        f' {_num(height)}" width="{width}" height="{_num(height)}" role="img"'
        f' aria-labelledby="{e(uid)}-title" font-family="{e(FONT)}">',
        f'<title id="{e(uid)}-title">{e(title)}</title>',
    ]
    for i, (_code, label) in enumerate(days):
        x = left + i * col
        fill = "#f6f7fa" if i >= 5 else "#ffffff"
        out.append(
            f'<rect x="{_num(x)}" y="{top}" width="{_num(col)}" height="{_num(grid_h)}"'
            f' fill="{fill}" stroke="{LINE}"/>'
            f'<text x="{_num(x + col / 2)}" y="{top - 6}" font-size="10" text-anchor="middle"'
            f' fill="{INK}" font-weight="600">{e(label)}</text>'
        )
    for h in range(lo, hi + 1, 2 if hi - lo > 8 else 1):
        y = top + (h - lo) * hour_h
        out.append(
            f'<text x="{left - 4}" y="{_num(y + 3)}" font-size="8" text-anchor="end"'
            f' fill="{MUTED}">{h:02d}h</text>'
            f'<line x1="{left}" x2="{width - 4}" y1="{_num(y)}" y2="{_num(y)}" stroke="{LINE}"'
            ' stroke-dasharray="2 3"/>'
        )
    index = {code: i for i, (code, _label) in enumerate(days)}
    for s, minute in placed:
        if s.day not in index:
            continue
        x = left + index[s.day] * col + 3
        y = top + (minute / 60 - lo) * hour_h - 5
        fill = (colours or {}).get(s.network or "", DEFAULT_COLOUR)
        name = network_labels.get(s.network or "", s.network or any_network)
        tip = f"{s.time} · {name}" + (f" · {s.label}" if s.label else "")
        out.append(
            f"<g><title>{e(tip)}</title>"
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(col - 6)}" height="10" rx="5"'
            f' fill="{fill}"/>'
            f'<text x="{_num(x + (col - 6) / 2)}" y="{_num(y + 7.5)}" font-size="7"'
            f' text-anchor="middle" fill="{ink_on(fill)}">{e(s.time)}</text></g>'
        )
    ly = top + grid_h + 10
    per_row = 4
    step = (width - left) / per_row
    for k, code in enumerate(networks):
        x = left + (k % per_row) * step
        y = ly + (k // per_row) * legend_h
        fill = (colours or {}).get(code, DEFAULT_COLOUR)
        name = network_labels.get(code, code) if code else any_network
        out.append(
            f'<rect x="{_num(x)}" y="{_num(y + 2)}" width="14" height="10" rx="5" fill="{fill}"/>'
            f'<text x="{_num(x + 18)}" y="{_num(y + 11)}" font-size="9" fill="{INK}">'
            f"{e(_clip(name, 16))}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above goes through esc()


def _minute(value: str) -> int | None:
    """Minutes since midnight of "HH:MM", or None when it is not a time."""
    try:
        h, m = (int(x) for x in value.split(":"))
    except ValueError:
        return None
    return h * 60 + m if 0 <= h < 24 and 0 <= m < 60 else None
