"""``mostra kpi listening``: the workspace's listening KPIs over a period.

The same figures as the dashboard's listening block and the report's listening section
(:mod:`mostra.analytics.listening_kpis`): the brand's mentions and their reach, the
share of voice (with each competitor's), the net sentiment (NS₁ and NS₂) and the median
response time. A table to read ("—" with the reason when a KPI cannot be measured) or
JSON (per KPI its value, a ratio between 0 and 1 and a net sentiment between −1 and 1,
numerator, denominator, missing reason and note; the voices).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from mostra.core.cli_support import output_option, setup_django, workspace_option, write_output

if TYPE_CHECKING:
    from mostra.analytics.kpis import Period
    from mostra.analytics.listening_kpis import ListeningFigures


def as_table(figures: ListeningFigures, period: Period, zone: str) -> str:
    from django.utils.translation import gettext as _

    from mostra.analytics.kpis import CATALOGUE, MISSING_MARK, format_number, format_value

    lines = [
        _("Period: %(start)s to %(end)s (%(zone)s)")
        % {"start": period.start.isoformat(), "end": period.end.isoformat(), "zone": zone},
        "",
    ]
    rows = [(str(CATALOGUE[code].label), value) for code, value in figures.values.items()]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        if value.value is None:
            lines.append(f"{label.ljust(width)}  —  {value.missing}")
        else:
            note = f"  ({value.note})" if value.note else ""
            lines.append(f"{label.ljust(width)}  {format_value(value)}{note}")
    if figures.voices:
        lines += ["", _("Share of voice, per voice:")]
        for voice in figures.voices:
            share = MISSING_MARK if voice.share is None else format_number(voice.share, "ratio")
            lines.append(f"  {voice.name}: {share} ({voice.mentions})")
    return "\n".join(lines) + "\n"


def as_json(figures: ListeningFigures) -> str:
    from mostra.analytics.listening_kpis.measure import as_data

    return json.dumps(as_data(figures), ensure_ascii=False, indent=2) + "\n"


@click.command("listening")
@click.option("--workspace", "slug", required=True, metavar="SLUG", help="The workspace.")
@click.option("--from", "start", metavar="DATE", help="First day (YYYY-MM-DD), included.")
@click.option(
    "--to", "end", metavar="DATE", help="Last day (YYYY-MM-DD), included. Default: today."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table to read, or JSON for scripts (ratios as numbers between 0 and 1).",
)
@output_option
def listening_command(slug: str, start: str | None, end: str | None, fmt: str, output: str) -> None:
    """The workspace's listening KPIs over a period (by default the last 30 days, in
    the workspace's time zone): mentions, mention reach, share of voice, net sentiment
    NS₁ and NS₂, median response time. A KPI that cannot be measured shows "—" and
    says why (the queries to add, no mention in the period), never 0.

    \b
    Example:
        mostra kpi listening --workspace demo --from 2026-10-01 --to 2026-10-31
        mostra kpi listening --workspace demo --format json
    """
    setup_django()
    from mostra.analytics.cli_kpi import _period
    from mostra.analytics.listening_kpis import measure

    workspace = workspace_option(slug)
    period = _period(workspace, start, end)
    figures = measure(workspace, period)
    text = as_json(figures) if fmt == "json" else as_table(figures, period, workspace.timezone)
    write_output(output, text)
