"""``mostra kpi``: the catalogue's KPIs for a workspace's tracked accounts over a period.

The same figures as the pages, for a terminal or a script: a table (one column per
account, one row per KPI, "—" with a numbered note saying which data is missing; a
value computed from part of the posts carries a note too), JSON (per account: handle,
network, competitor, the period, and each KPI's value — a ratio as a number between 0
and 1 — numerator, denominator, missing reason and note) or CSV (one row per account
and KPI, the same fields).

``mostra kpi`` is also a group: ``mostra kpi values add|import`` records the values of
the KPIs mostra does not compute (:mod:`mostra.analytics.cli_values`). Without a
subcommand, it shows the KPIs as above.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

import click

from mostra.analytics.cli_formats import formats_command
from mostra.analytics.cli_listening import listening_command
from mostra.analytics.cli_programme import programme_command
from mostra.analytics.cli_rebuild import rebuild_command
from mostra.analytics.cli_values import values_group
from mostra.core.cli_support import (
    csv_style,
    delimiter_option,
    output_option,
    refuse,
    setup_django,
    workspace_option,
    write_output,
)

if TYPE_CHECKING:
    from mostra.analytics.kpis import KpiValue, Period
    from mostra.analytics.models import TrackedAccount
    from mostra.core.models import Workspace


def _date(text: str | None, option: str) -> dt.date | None:
    from django.utils.translation import gettext as _

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        refuse(
            _("%(option)s %(value)s is not a date: write it as YYYY-MM-DD (e.g. 2026-10-31).")
            % {"option": option, "value": repr(text)}
        )


def _period(workspace: Workspace, start: str | None, end: str | None) -> Period:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from mostra.analytics.kpis import Period
    from mostra.analytics.kpis.export import DEFAULT_DAYS

    today = timezone.now().astimezone(zoneinfo.ZoneInfo(workspace.timezone)).date()
    last = _date(end, "--to") or today
    first = _date(start, "--from") or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        refuse(
            _("the period starts (%(start)s) after it ends (%(end)s): swap --from and --to.")
            % {"start": first.isoformat(), "end": last.isoformat()}
        )
    return Period(first, last)


def _accounts(workspace: Workspace, handles: tuple[str, ...]) -> list[TrackedAccount]:
    from mostra.analytics.kpis.export import UnknownAccount, choose_accounts

    try:
        return choose_accounts(workspace, handles)
    except UnknownAccount as exc:
        refuse(str(exc))


def as_table(accounts: list[TrackedAccount], period: Period, values: dict) -> str:
    """One column per account, one row per KPI grouped; "—" with a numbered note."""
    from django.utils.translation import gettext as _

    from mostra.analytics.kpis import MISSING_MARK, by_group, format_value
    from mostra.strategy.catalogue import network_label

    notes: list[str] = []

    def mark(note: str) -> str:
        if note not in notes:
            notes.append(note)
        return f"[{notes.index(note) + 1}]"

    def cell(value: KpiValue) -> str:
        if value.value is None:
            return f"{MISSING_MARK} {mark(value.missing)}"
        return format_value(value) + (f" {mark(value.note)}" if value.note else "")

    header = [_("KPI")] + [
        f"@{a.handle} ({network_label(a.network)})"
        + (" " + _("competitor") if a.is_competitor else "")
        for a in accounts
    ]
    lines: list[list[str]] = []
    codes = set(next(iter(values.values()), {}))
    for _code, group, definitions in by_group():
        shown = [d for d in definitions if d.code in codes]
        if not shown:
            continue
        lines.append([f"{group}".upper()] + [""] * len(accounts))
        for definition in shown:
            row = [f"  {definition.label}"]
            row += [cell(values[a.pk][definition.code]) for a in accounts]
            lines.append(row)
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    text = [
        _("Period: %(start)s to %(end)s (%(zone)s)")
        % {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "zone": accounts[0].workspace.timezone,
        },
        "",
    ]
    for row in [header, *lines]:
        text.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if notes:
        text += ["", _("Notes:")]
        text += [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
    return "\n".join(text) + "\n"


@click.group("kpi", invoke_without_command=True)
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="The workspace's short name (required without a subcommand).",
)
@click.option(
    "--account",
    "handles",
    multiple=True,
    metavar="HANDLE",
    help="Only this tracked account (with or without @); repeat for several. Default: all.",
)
@click.option("--from", "start", metavar="DATE", help="First day (YYYY-MM-DD), included.")
@click.option(
    "--to", "end", metavar="DATE", help="Last day (YYYY-MM-DD), included. Default: today."
)
@click.option(
    "--kpi",
    "codes",
    multiple=True,
    metavar="CODE",
    help="Only this KPI (a catalogue code such as repost_ratio); repeat for several.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="A table to read, JSON or CSV for scripts (ratios as numbers between 0 and 1).",
)
@delimiter_option
@output_option
@click.pass_context
def kpi_command(
    ctx: click.Context,
    slug: str | None,
    handles: tuple[str, ...],
    start: str | None,
    end: str | None,
    codes: tuple[str, ...],
    fmt: str,
    delimiter: str | None,
    output: str,
) -> None:
    """The catalogue's KPIs of each tracked account of a workspace over a period.

    The period is read in the workspace's time zone; by default the last 30 days up
    to today. A KPI that cannot be computed from the data present shows "—" and says
    which data is missing (never 0).

    The KPIs mostra does not compute (registrations, sales, leads, your own KPIs) are
    recorded with ``mostra kpi values add`` and ``mostra kpi values import``.

    \b
    Example:
        mostra kpi --workspace demo --account @fromagerie --account laiterie \\
            --from 2026-10-01 --to 2026-10-31
        mostra kpi --workspace demo --kpi repost_ratio --format json
        mostra kpi --workspace demo --format csv --delimiter ";" -o kpis.csv
        mostra kpi values add --workspace demo --kpi registrations \\
            --date 2026-10-05 --value 12
    """
    if ctx.invoked_subcommand is not None:
        return
    if slug is None:
        raise click.UsageError("Missing option '--workspace'.", ctx)
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.kpis import CATALOGUE, compute

    workspace = workspace_option(slug)
    unknown = [code for code in codes if code not in CATALOGUE]
    if unknown:
        refuse(
            _("unknown KPI %(codes)s. Known codes: %(list)s.")
            % {"codes": ", ".join(unknown), "list": ", ".join(CATALOGUE)}
        )
    period = _period(workspace, start, end)
    accounts = _accounts(workspace, handles)
    if not accounts:
        click.echo(
            _(
                "No tracked account in this workspace yet: import an archive "
                "(mostra import x-archive PATH --workspace %(slug)s) or connect an account."
            )
            % {"slug": slug},
            err=True,
        )
        if fmt == "json":
            write_output(output, "[]\n")
        return
    values = compute(accounts, period, list(codes) or None)
    from mostra.analytics.kpis.export import as_csv, as_json
    from mostra.core.csv_export import UTF8_BOM

    if fmt == "csv":
        text = as_csv(accounts, period, values, csv_style(delimiter))
        # A file is for a spreadsheet, which reads accents right after a byte order mark.
        write_output(output, text if output == "-" else UTF8_BOM + text.encode("utf-8"))
        return
    render = {"json": as_json, "table": as_table}[fmt]
    write_output(output, render(accounts, period, values))


kpi_command.add_command(values_group)
kpi_command.add_command(listening_command)
kpi_command.add_command(programme_command)
kpi_command.add_command(rebuild_command)
kpi_command.add_command(formats_command)
