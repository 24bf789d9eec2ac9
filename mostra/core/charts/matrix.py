"""A rows × columns heatmap (scores from 0 to 100), such as the strategy's affinity.

The scale runs light to dark; a cell without data is hatched and labelled, never drawn
as 0. Every text goes through :func:`~mostra.core.charts._svg.esc`: row and column
names are user content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from mostra.core.charts._svg import FONT, INK, LINE, MUTED, esc

#: Sequential scale for 0..100, light to dark: (position, (r, g, b)).
SCALE: list[tuple[float, tuple[int, int, int]]] = [
    (0.0, (0xEE, 0xF3, 0xF9)),
    (0.5, (0x7F, 0xA7, 0xCF)),
    (1.0, (0x16, 0x3A, 0x5C)),
]
NO_DATA_FILL = "#eceef2"
NO_DATA_INK = "#5b6476"


def scale_colour(value: float) -> str:
    """The scale's colour for a value from 0 to 100 (clamped)."""
    t = max(0.0, min(1.0, value / 100))
    for (p0, c0), (p1, c1) in zip(SCALE, SCALE[1:], strict=False):
        if t <= p1:
            f = (t - p0) / (p1 - p0) if p1 > p0 else 0.0
            r, g, b = (round(a + (z - a) * f) for a, z in zip(c0, c1, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    r, g, b = SCALE[-1][1]
    return f"#{r:02x}{g:02x}{b:02x}"


def ink_on(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (#rrggbb)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return INK if luminance > 0.55 else "#ffffff"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Cell:
    """One heatmap cell. ``value`` from 0 to 100, or None when there is no data."""

    value: float | None
    text: str = ""  # shown in the cell; defaults to the rounded value
    title: str = ""  # the tooltip: where the score comes from
    href: str = ""  # a link, such as the cell's row in the sources table
    marked: bool = False  # outlined, such as a recommended platform


def matrix_heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[Cell]],
    *,
    title: str,
    legend_low: str,
    legend_high: str,
    no_data: str,
    marked_label: str = "",
    uid: str = "heatmap",
    cell_width: int = 58,
    cell_height: int = 34,
) -> SafeString:
    """A rows × columns heatmap with a colour legend; "no data" cells are hatched.

    ``cells[i][j]`` is the cell of ``rows[i]`` and ``columns[j]``. The result is escaped
    SVG, safe to put in a template as it is.
    """
    label_width = min(220, 16 + 7 * max((len(r) for r in rows), default=8))
    top = 72  # room for slanted column labels
    width = label_width + cell_width * len(columns) + 12
    grid_bottom = top + cell_height * len(rows)
    height = grid_bottom + 64
    e = esc
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img" aria-labelledby="{e(uid)}-title"'
        f' font-family="{e(FONT)}">',
        f'<title id="{e(uid)}-title">{e(title)}</title>',
        "<defs>",
        f'<pattern id="{e(uid)}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{NO_DATA_FILL}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#c3c8d2" stroke-width="2"/></pattern>',
        f'<linearGradient id="{e(uid)}-scale">'
        + "".join(
            f'<stop offset="{int(p * 100)}%" stop-color="#{r:02x}{g:02x}{b:02x}"/>'
            for p, (r, g, b) in SCALE
        )
        + "</linearGradient>",
        "</defs>",
    ]
    for j, name in enumerate(columns):
        x = label_width + j * cell_width + cell_width / 2
        out.append(
            f'<text x="{_num(x)}" y="{top - 8}" font-size="11" fill="{INK}"'
            f' transform="rotate(-35 {_num(x)} {top - 8})">{e(_clip(name, 14))}'
            f"<title>{e(name)}</title></text>"
        )
    for i, name in enumerate(rows):
        y = top + i * cell_height + cell_height / 2 + 4
        out.append(
            f'<text x="{label_width - 8}" y="{_num(y)}" font-size="12" text-anchor="end"'
            f' fill="{INK}">{e(_clip(name, 30))}<title>{e(name)}</title></text>'
        )
        for j, _column in enumerate(columns):
            cell = cells[i][j]
            x = label_width + j * cell_width
            y0 = top + i * cell_height
            if cell.value is None:
                fill, ink = f"url(#{e(uid)}-hatch)", NO_DATA_INK
                text = cell.text or no_data
            else:
                fill = scale_colour(cell.value)
                ink = ink_on(fill)
                text = cell.text or str(round(cell.value))
            outline = f' stroke="{INK}" stroke-width="2.5"' if cell.marked else ""
            weight = ' font-weight="700"' if cell.marked else ""
            body = (
                f'<rect x="{x + 1}" y="{y0 + 1}" width="{cell_width - 2}"'
                f' height="{cell_height - 2}" rx="3" fill="{fill}"{outline}/>'
                f'<text x="{_num(x + cell_width / 2)}" y="{_num(y0 + cell_height / 2 + 4)}"'
                f' font-size="{10 if cell.value is None else 12}" text-anchor="middle"'
                f' fill="{ink}"{weight}>{e(_clip(text, 9))}</text>'
            )
            tooltip = f"<title>{e(cell.title)}</title>" if cell.title else ""
            if cell.href:
                out.append(f'<a href="{e(cell.href)}"><g>{tooltip}{body}</g></a>')
            else:
                out.append(f"<g>{tooltip}{body}</g>")
    # Legend: the colour scale, then the hatched "no data" swatch, then the outline.
    ly = grid_bottom + 22
    lx = 8
    out.append(
        f'<text x="{lx}" y="{ly + 11}" font-size="11" fill="{MUTED}">0</text>'
        f'<rect x="{lx + 14}" y="{ly}" width="140" height="14" rx="2"'
        f' fill="url(#{e(uid)}-scale)" stroke="{LINE}"/>'
        f'<text x="{lx + 160}" y="{ly + 11}" font-size="11" fill="{MUTED}">100</text>'
        f'<text x="{lx + 14}" y="{ly + 30}" font-size="10" fill="{MUTED}">{e(legend_low)}</text>'
        f'<text x="{lx + 154}" y="{ly + 30}" font-size="10" text-anchor="end"'
        f' fill="{MUTED}">{e(legend_high)}</text>'
        f'<rect x="{lx + 200}" y="{ly}" width="22" height="14" rx="2"'
        f' fill="url(#{e(uid)}-hatch)" stroke="{LINE}"/>'
        f'<text x="{lx + 228}" y="{ly + 11}" font-size="11" fill="{MUTED}">{e(no_data)}</text>'
    )
    if marked_label:
        mx = lx + 228 + 8 + 7 * len(no_data)
        out.append(
            f'<rect x="{mx}" y="{ly}" width="22" height="14" rx="2" fill="#ffffff"'
            f' stroke="{INK}" stroke-width="2.5"/>'
            f'<text x="{mx + 28}" y="{ly + 11}" font-size="11" fill="{MUTED}">'
            f"{e(marked_label)}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above goes through esc()
