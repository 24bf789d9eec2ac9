"""``mostra objectives``: each objective's KPI now, its progress, forecast and status.

The objectives page for a terminal or a script, from the same computation
(:func:`mostra.analytics.progress.workspace_progress`): a table with every value in its
unit ("45 people", "3.2%"), or JSON with the values on the objective's scale (3.2 for
3.2 %), the unit named, dates as YYYY-MM-DD.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from mostra.core.cli_support import (
    output_option,
    setup_django,
    table_or_json,
    workspace_option,
    workspace_required,
    write_output,
)

if TYPE_CHECKING:
    from mostra.analytics.progress import ObjectiveProgress


def as_json(items: list[ObjectiveProgress]) -> str:
    """A list of objectives: id, title, KPI, unit, baseline, current (as of), target,
    progress (0 at the baseline, 1 at the target), forecast, status, and why."""
    rows: list[dict[str, Any]] = []
    for item in items:
        figures = item.as_dict()
        rows.append({"id": figures.pop("key"), **figures})
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"


def as_table(items: list[ObjectiveProgress]) -> str:
    """One line per objective; the reasons a status has, numbered below."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    header = [
        _("Id"),
        _("KPI"),
        _("Baseline"),
        _("Now"),
        _("Target"),
        _("Progress"),
        _("Forecast"),
        _("Status"),
    ]
    notes: list[str] = []
    lines: list[list[str]] = []
    for item in items:
        f = item.forecast
        forecast = ""
        if f is not None:
            forecast = _("%(value)s on %(date)s (%(low)s to %(high)s)") % {
                "value": item.format(f.value),
                "date": date_format(f.at, "SHORT_DATE_FORMAT"),
                "low": item.format(f.low),
                "high": item.format(f.high),
            }
        now = item.current_text
        if item.current_as_of is not None:
            now += " " + _("(as of %(date)s)") % {
                "date": date_format(item.current_as_of, "SHORT_DATE_FORMAT")
            }
        status = str(item.status_label)
        if item.missing:
            if item.missing not in notes:
                notes.append(item.missing)
            status += f" [{notes.index(item.missing) + 1}]"
        lines.append(
            [
                item.objective.key,
                str(item.kpi.label) if item.kpi else (item.objective.kpi or "—"),
                item.baseline_text,
                now,
                item.target_text,
                "—" if item.percent is None else f"{item.percent} %",
                forecast or "—",
                status,
            ]
        )
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    text = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *lines]
    ]
    if notes:
        text += ["", _("Notes:")]
        text += [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
    return "\n".join(text) + "\n"


@click.command("objectives")
@workspace_required
@table_or_json
@output_option
def objectives_command(slug: str, fmt: str, output: str) -> None:
    """Each objective of a workspace: its KPI now, against the baseline and the target,
    the progress, the forecast at the deadline and the status.

    A KPI mostra computes is read from the tracked accounts; one the team records
    (registrations, sales, your own KPIs…) from the values entered or imported (mostra
    kpi values). When an objective cannot be judged, a numbered note says why.

    \b
    Example:
        mostra objectives --workspace demo
        mostra objectives --workspace demo --format json -o objectives.json
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.progress import workspace_progress

    workspace = workspace_option(slug)
    items = workspace_progress(workspace)
    if not items:
        click.echo(
            _("No objective yet: write them in the strategy (mostra strategy import FILE)."),
            err=True,
        )
    write_output(output, as_json(items) if fmt == "json" else as_table(items) if items else "")
