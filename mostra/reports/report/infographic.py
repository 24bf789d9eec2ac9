"""The report's infographic: one portrait image (1080 × 1350) of the period's figures.

Made to be pasted into an internal newsletter or printed for a wall, it must read at a
glance and stand beside professionally designed content. The page is a 12-column grid
with 64 px margins: a dark header (workspace, period), the report's first six tiles in
a 3 × 2 grid of cards (value, label, the network it covers when not all, change since
the previous period; never an empty one), the objectives as progress
bars coloured by status, the comparison with competitors as bars side by side, and a
footer. Every text is measured (:mod:`~mostra.reports.report.textfit`) and shortened
with an ellipsis to its room, and escaped for XML. Sections shrink (fewer rows) rather
than overlap when there is a lot to show.

:func:`svg` writes the SVG; :func:`png` renders it with CairoSVG at twice the size for
sharp text on high-density screens and print.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from mostra.reports.report.data import ComparedAccount, KeyFigure, ObjectiveLine, ReportData
from mostra.reports.report.textfit import fit, largest_size, text_width

WIDTH, HEIGHT = 1080, 1350
MARGIN = 64
CONTENT = WIDTH - 2 * MARGIN
GUTTER = 24
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"

NAVY = "#102a43"
INK = "#1f2933"
MUTED = "#52606d"
FAINT = "#9aa5b1"
CARD = "#f0f4f8"
RULE = "#d9e2ec"
OWN = "#0b7285"
OTHER = "#829ab1"
TONES = {"good": "#2f855a", "bad": "#c53030", "neutral": "#52606d"}
STATUS = {
    "on_track": "#2f855a",
    "at_risk": "#b7791f",
    "off_track": "#c53030",
    "not_enough_data": "#829ab1",
    "missing_data": "#829ab1",
}

#: The two comparisons drawn (the table in the report has them all).
DRAWN_METRICS = ("repost_ratio", "posts_per_week")
#: The most accounts compared in the image; the report's table has them all.
MAX_ACCOUNTS = 4
ROW_ACCOUNT = 52
ROW_OBJECTIVE = 62
CARD_HEIGHT = 156


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, r: float = 0) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" '
            f'rx="{r}" fill="{fill}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        size: float,
        fill: str = INK,
        bold: bool = False,
        anchor: str = "start",
        spacing: float = 0,
    ) -> None:
        weight = ' font-weight="bold"' if bold else ""
        letter = f' letter-spacing="{spacing}"' if spacing else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}"{weight}{letter} '
            f'text-anchor="{anchor}">{escape(content)}</text>'
        )

    def arrow(self, x: float, y: float, trend: str, fill: str) -> None:
        """A small triangle whose base sits on ``y`` (up), or whose tip does (down)."""
        if trend == "up":
            points = f"{x},{y} {x + 14},{y} {x + 7},{y - 12}"
        elif trend == "down":
            points = f"{x},{y - 12} {x + 14},{y - 12} {x + 7},{y}"
        else:
            self.rect(x, y - 8, 14, 4, fill)
            return
        self.parts.append(f'<polygon points="{points}" fill="{fill}"/>')


def svg(data: ReportData) -> str:
    """The infographic as a standalone SVG document (UTF-8 text)."""
    c = _Canvas()
    c.rect(0, 0, WIDTH, HEIGHT, "#ffffff")
    _header(c, data)
    if data.figures and data.previous_label:
        note = _("Changes: compared with %(previous)s") % {"previous": data.previous_label}
        c.text(MARGIN + CONTENT, 278, fit(note, CONTENT, 16), 16, MUTED, anchor="end")
    y = _figures(c, data.figures, 296)
    accounts = _drawn_accounts(data)
    comparison_height = 66 + ROW_ACCOUNT * len(accounts) + 40 if accounts else 0
    y = _objectives(c, data.objectives, y + 52, HEIGHT - 100 - comparison_height)
    if accounts:
        _comparison(c, data, accounts, y + 36)
    else:
        _section_title(c, y + 36, _("Compared with competitors"))
        note = _("No account measured in this period.")
        c.text(MARGIN, y + 102, fit(note, CONTENT, 20), 20, MUTED)
    _footer(c, data)
    title = escape(_("%(workspace)s — %(period)s") % _names(data))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}" '
        f'font-family="{FONT}">'
        f"<title>{title}</title>" + "".join(c.parts) + "</svg>"
    )


def png(data: ReportData, scale: int = 2) -> bytes:
    """The infographic as PNG, ``scale`` times the SVG's size (2160 × 2700 by default)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg(data).encode("utf-8"), output_width=WIDTH * scale)


def _drawn_accounts(data: ReportData) -> list[ComparedAccount]:
    """The accounts of the networks where competitors are tracked (the comparison that
    matters), else the own accounts; at most :data:`MAX_ACCOUNTS`."""
    accounts = data.comparison.accounts
    contested = {a.network for a in accounts if a.is_competitor}
    if contested:
        accounts = [a for a in accounts if a.network in contested]
    return accounts[:MAX_ACCOUNTS]


def _names(data: ReportData) -> dict[str, str]:
    return {"workspace": data.workspace_name, "period": data.period_label}


def _header(c: _Canvas, data: ReportData) -> None:
    c.rect(0, 0, WIDTH, 240, NAVY)
    c.rect(MARGIN, 56, 48, 6, OWN)
    kicker = _("Social media report") if not data.period.is_month else _("Monthly social report")
    c.text(MARGIN, 104, fit(kicker.upper(), CONTENT, 20, True, 2), 20, "#9fb3c8", True, spacing=2)
    size = largest_size(data.workspace_name, CONTENT, (56, 50, 44, 38))
    c.text(
        MARGIN, 104 + 12 + size, fit(data.workspace_name, CONTENT, size, True), size, "#fff", True
    )
    c.text(MARGIN, 214, fit(data.period_label, CONTENT, 28), 28, "#d9e2ec")


def _figures(c: _Canvas, figures: list[KeyFigure], top: float) -> float:
    """The first six tiles (each has a value), three a row; returns the y below them."""
    shown = [f for f in figures if f.value is not None][:6]
    if not shown:
        c.text(MARGIN, top + 40, _("No figure could be measured for this period."), 24, MUTED)
        return top + 60
    width = (CONTENT - 2 * GUTTER) / 3
    height = CARD_HEIGHT
    for index, figure in enumerate(shown):
        x = MARGIN + (index % 3) * (width + GUTTER)
        y = top + (index // 3) * (height + GUTTER)
        c.rect(x, y, width, height, CARD, 14)
        inner = width - 48
        size = largest_size(figure.text, inner, (52, 46, 40, 34))
        c.text(
            x + 24,
            y + 20 + size * 0.78,
            figure.text,
            size,
            INK if figure.value is not None else FAINT,
            True,
        )
        label = figure.short_label or figure.label
        label_size = largest_size(label, inner, (20, 18, 16), bold=False)
        change_y = y + 134
        if figure.scope:  # the network (or networks) under the label, in the accent colour
            label_size = min(label_size, 18)
            c.text(x + 24, y + 94, fit(label, inner, label_size), label_size, MUTED)
            c.text(x + 24, y + 117, fit(figure.scope, inner, 15, True), 15, OWN, True)
            change_y = y + 142
        else:
            c.text(x + 24, y + 104, fit(label, inner, label_size), label_size, MUTED)
        if figure.change_text:
            colour = TONES.get(figure.tone, MUTED)
            c.arrow(x + 24, change_y, figure.trend, colour)
            c.text(
                x + 46, change_y, fit(figure.change_text, inner - 22, 18, True), 18, colour, True
            )
        else:
            c.text(x + 24, change_y, fit(_("no earlier figure"), inner, 16), 16, FAINT)
    rows = (len(shown) + 2) // 3
    return top + rows * height + (rows - 1) * GUTTER


def _section_title(c: _Canvas, y: float, title: str) -> None:
    c.text(MARGIN, y, fit(title, CONTENT, 28, True), 28, INK, True)
    c.rect(MARGIN, y + 14, CONTENT, 2, RULE)


def _objectives(c: _Canvas, lines: list[ObjectiveLine], top: float, bottom: float) -> float:
    """Title then one bar per objective, as many as fit above ``bottom``."""
    _section_title(c, top, _("Objectives"))
    y = top + 36
    if not lines:
        c.text(MARGIN, y + 30, _("No objective with a KPI yet."), 20, MUTED)
        return y + 60
    row = ROW_OBJECTIVE
    fitting = max(1, int((bottom - y - 20) // row))
    shown = lines[: min(fitting, 5)]
    percent_room = 96
    for line in shown:
        colour = STATUS.get(line.status, FAINT)
        status_width = text_width(line.status_label, 18, True) + 4
        c.text(
            MARGIN, y + 28, fit(line.title, CONTENT - status_width - 32, 20, True), 20, INK, True
        )
        c.text(MARGIN + CONTENT, y + 28, line.status_label, 18, colour, True, "end")
        bar_y, bar_w = y + 42, CONTENT - percent_room
        c.rect(MARGIN, bar_y, bar_w, 14, RULE, 7)
        if line.progress is not None:
            c.rect(MARGIN, bar_y, bar_w * min(max(line.progress, 0), 1), 14, colour, 7)
        c.text(MARGIN + CONTENT, bar_y + 14, line.progress_text, 20, INK, True, "end")
        y += row
    if len(lines) > len(shown):
        more = len(lines) - len(shown)
        c.text(MARGIN, y + 18, _("and %(n)s more in the report") % {"n": more}, 16, MUTED)
        y += 24
    return y


def _comparison(c: _Canvas, data: ReportData, accounts: list, top: float) -> None:
    """Each account a row, the drawn metrics as bars side by side (own accounts coloured)."""
    comparison = data.comparison
    title = _("Compared with competitors") if comparison.has_competitors else _("Our accounts")
    _section_title(c, top, title)
    metrics = [m for m in comparison.metrics if m.code in DRAWN_METRICS][:2]
    label_w = 300
    area = (CONTENT - label_w - GUTTER * len(metrics)) / max(len(metrics), 1)
    y = top + 52
    for index, metric in enumerate(metrics):
        x = MARGIN + label_w + GUTTER + index * (area + GUTTER)
        c.text(x, y, fit(metric.label.upper(), area, 15, True, 1), 15, MUTED, True, spacing=1)
    y += 14
    # One size for every name (the largest at which they all fit), so the rows align.
    size = min(largest_size(a.label, label_w - 12, (20, 18, 16)) for a in accounts)
    for account in accounts:
        _compared_row(c, account, metrics, accounts, y, label_w, area, size)
        y += ROW_ACCOUNT


def _compared_row(
    c: _Canvas,
    account: ComparedAccount,
    metrics: list,
    everyone: list[ComparedAccount],
    y: float,
    label_w: float,
    area: float,
    size: int,
) -> None:
    colour = OTHER if account.is_competitor else OWN
    tag = _("competitor") if account.is_competitor else _("us")
    c.text(MARGIN, y + 24, fit(account.label, label_w - 12, size, True), size, INK, True)
    c.text(MARGIN, y + 46, fit(f"{account.network_label} · {tag}", label_w - 12, 15), 15, MUTED)
    for index, metric in enumerate(metrics):
        x = MARGIN + label_w + GUTTER + index * (area + GUTTER)
        value, text = account.values.get(metric.code, (None, "—"))
        top_value = max((a.values.get(metric.code, (None, ""))[0] or 0) for a in everyone)
        scale = 1.0 if metric.unit == "ratio" else (top_value or 1)
        bar_room = area - 96
        c.rect(x, y + 14, bar_room, 22, CARD, 4)
        if value is not None:
            c.rect(x, y + 14, bar_room * min(value / scale, 1), 22, colour, 4)
        c.text(x + bar_room + 12, y + 32, text, 20, INK if value is not None else FAINT, True)


def _footer(c: _Canvas, data: ReportData) -> None:
    c.rect(MARGIN, HEIGHT - 84, CONTENT, 2, RULE)
    c.text(MARGIN, HEIGHT - 44, "mostra", 24, NAVY, True)
    if data.networks:
        note = fit(" · ".join(data.networks), CONTENT - 200, 16)
        c.text(MARGIN + CONTENT, HEIGHT - 46, note, 16, MUTED, anchor="end")
