"""``mostra kpi values add|import``: record the values of a KPI mostra does not compute.

Registrations, sales, leads (and share of voice, net sentiment, cost per result) and the
workspace's own KPIs come from outside the networks: a ticketing, shop or CRM export,
a count by hand. These commands record them as the KPI's values page does, through
:mod:`mostra.analytics.measurements.services` (the same rights, checks and audit
log), acting as ``--as EMAIL`` or the workspace's first owner. An archived workspace,
an unknown KPI or a bad value or file exits with status 2, nothing recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mostra.core.cli_support import (
    acting_member,
    refuse,
    setup_django,
    workspace_option,
    workspace_required,
)

if TYPE_CHECKING:
    from mostra.core.models import Workspace
    from mostra.strategy.kpis.objective import ObjectiveKpi

kpi_option = click.option(
    "--kpi",
    "code",
    required=True,
    metavar="CODE",
    help="The KPI: a catalogue code (registrations, sales, leads…) or your own KPI's id.",
)
as_option = click.option(
    "--as",
    "email",
    metavar="EMAIL",
    help="Who records (a member); default: the workspace's first owner.",
)
source_option = click.option(
    "--source", default="", metavar="TEXT", help="Where the figures come from."
)


@click.group("values")
def values_group() -> None:
    """Record the values of a KPI mostra does not compute (registrations, sales, leads,
    your own KPIs): one by hand, or a CSV file of dates and values."""


def _kpi(workspace: Workspace, code: str) -> ObjectiveKpi:
    from mostra.analytics.measurements.services import NotRecorded, recordable_kpi

    try:
        return recordable_kpi(workspace, code)
    except NotRecorded as exc:
        refuse(exc.message)


def _day(text: str) -> dt.date:
    from django.utils.translation import gettext as _

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        refuse(
            _("%(option)s %(value)s is not a date: write it as YYYY-MM-DD (e.g. 2026-10-31).")
            % {"option": "--date", "value": repr(text)}
        )


@values_group.command("add")
@workspace_required
@kpi_option
@click.option("--date", "day", required=True, metavar="DATE", help="The day (YYYY-MM-DD).")
@click.option(
    "--value",
    required=True,
    metavar="V",
    help="The value, on the KPI's scale (3.2 for 3.2 %); 12.5 or 12,5.",
)
@source_option
@click.option("--note", default="", metavar="TEXT", help="A note kept with the value.")
@click.option(
    "--replace", is_flag=True, help="Replace the value the day already has (else refused)."
)
@as_option
def add(
    slug: str,
    code: str,
    day: str,
    value: str,
    source: str,
    note: str,
    replace: bool,
    email: str | None,
) -> None:
    """Record a KPI's value on one day.

    \b
    Example:
        mostra kpi values add --workspace demo --kpi registrations \\
            --date 2026-10-05 --value 12 --source "HelloAsso"
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.measurements.services import record_value
    from mostra.analytics.progress import local_today
    from mostra.core.errors import DomainError
    from mostra.core.numbers import NumberRefused, parse_number
    from mostra.core.services.workspaces import workspace_language
    from mostra.strategy.kpis.units import format_measure

    workspace = workspace_option(slug, changing=True)
    kpi = _kpi(workspace, code)
    try:
        number = float(parse_number(value, workspace_language(workspace)))
    except NumberRefused as exc:
        refuse(_("--value: %(problem)s") % {"problem": exc.message})
    recorded_on = _day(day)
    actor = acting_member(workspace, email)
    try:
        record_value(
            actor,
            kpi.code,
            day=recorded_on,
            value=number,
            source=source,
            note=note,
            today=local_today(workspace),
            replace=replace,
        )
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("%(kpi)s: %(value)s recorded on %(date)s.")
        % {
            "kpi": kpi.label,
            "value": format_measure(number, kpi.unit),
            "date": recorded_on.isoformat(),
        }
    )


@values_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@workspace_required
@kpi_option
@source_option
@as_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A sentence to read, or JSON for scripts.",
)
def import_values(
    file: Path, slug: str, code: str, source: str, email: str | None, fmt: str
) -> None:
    """Import a CSV (or XLSX) file of dates and values for a KPI, all or nothing.

    The file has a date column and a value column: "date,value" or "date;valeur",
    decimals with a point or a comma (12,5), dates as 2026-10-05 or 05/10/2026. Each day
    of the file gets its value (replacing the one recorded); a line that cannot be read
    is reported with its number, and nothing is imported (exit status 2).

    \b
    Example:
        mostra kpi values import inscriptions.csv --workspace demo --kpi registrations
    """
    setup_django()
    from mostra.analytics.importers.base import ImportRefused
    from mostra.analytics.measurements.files import read_values
    from mostra.analytics.measurements.services import import_values as store
    from mostra.analytics.progress import local_today
    from mostra.core.errors import DomainError
    from mostra.core.services.workspaces import workspace_language

    workspace = workspace_option(slug, changing=True)
    kpi = _kpi(workspace, code)
    actor = acting_member(workspace, email)
    try:
        values = read_values(
            file,
            kpi,
            time_zone=workspace.timezone,
            language=workspace_language(workspace),
            today=local_today(workspace),
        )
        summary = store(actor, kpi, values, source=source or file.name)
    except (ImportRefused, DomainError) as exc:
        refuse(exc.message)
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(summary.describe())
    for notice in summary.notices:
        click.echo(notice)
