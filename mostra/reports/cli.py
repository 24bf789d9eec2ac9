"""``mostra report``: the evangelisation report as a file (HTML, PDF, PNG or SVG).

Exit status: 0 when written, 2 on bad usage (an unknown workspace, a period that cannot
be read, a binary format sent to a terminal).
"""

from __future__ import annotations

import sys

import click

from mostra.core.cli_support import (
    output_option,
    refuse,
    setup_django,
    workspace_option,
    workspace_required,
    write_output,
)


@click.command(name="report")
@workspace_required
@click.option(
    "--period",
    metavar="PERIOD",
    help="A month (2026-10) or two dates (2026-10-01..2026-12-31); default: last month.",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="The report's language; default: the workspace's (French for a workspace in France).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "png", "svg"]),
    default="pdf",
    show_default=True,
    help="html and pdf: the whole report; png and svg: its infographic.",
)
@output_option
def report_command(slug: str, period: str | None, lang: str | None, fmt: str, output: str) -> None:
    """Write a workspace's report for a period, for the management committee.

    The commentary that opens it is written in the app or through the API.

    Example:

        mostra report --workspace atelier --period 2026-10 --lang fr --format pdf -o octobre.pdf
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.progress import local_today
    from mostra.reports import services
    from mostra.reports.report.period import PeriodRefused, last_month, parse_period

    workspace = workspace_option(slug)
    try:
        # The last full month in the workspace's time zone, not the server's.
        chosen = parse_period(period) if period else last_month(local_today(workspace))
    except PeriodRefused as exc:
        refuse(exc.message)
    if output == "-" and fmt in ("pdf", "png") and sys.stdout.isatty():
        refuse(
            _("a %(format)s file is not for a terminal: give a file name with -o.")
            % {"format": fmt.upper()}
        )
    data = services.gather(workspace, chosen, lang)
    write_output(output, services.render(data, fmt).content)
    if output != "-":
        click.echo(
            _("Report for %(period)s written to %(file)s.")
            % {"period": data.period_label, "file": output},
            err=True,
        )
