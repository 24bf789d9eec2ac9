"""``mostra kpi formats``: what works on their pages, for a terminal or a script.

The figures of the page "What works on their pages" (:mod:`mostra.analytics.their_pages`)
for a workspace's tracked accounts over a period (the last 90 days by default): per
account, its formats (posts, share, median engagement, the best marked ★) and its most
engaging originals, then the takeaways; or the same as JSON.
"""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import (
    output_option,
    refuse,
    setup_django,
    workspace_option,
    write_output,
)


@click.command("formats")
@click.option(
    "--workspace", "slug", required=True, metavar="SLUG", help="The workspace's short name."
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
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A reading for a person, or JSON for scripts (shares between 0 and 1).",
)
@output_option
def formats_command(
    slug: str, handles: tuple[str, ...], start: str | None, end: str | None, fmt: str, output: str
) -> None:
    """Each tracked account's best posts and formats over a period, side by side.

    The period is read in the workspace's time zone; by default the last 90 days up to
    today. Engagement is the KPI catalogue's; a post whose counts are unknown is left
    out, never counted as 0; a format is compared only from 5 measured posts.

    \b
    Example:
        mostra kpi formats --workspace demo
        mostra kpi formats --workspace demo --account @laiterie --format json
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.cli_kpi import _accounts, _date
    from mostra.analytics.progress import local_today
    from mostra.analytics.their_pages.export import as_data, as_text, compute, default_period

    workspace = workspace_option(slug)
    first = _date(start, "--from")
    last = _date(end, "--to") or local_today(workspace)
    if first and first > last:
        refuse(
            _("the period starts (%(start)s) after it ends (%(end)s): swap --from and --to.")
            % {"start": first.isoformat(), "end": last.isoformat()}
        )
    period = default_period(last, first, last)
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
    pages = compute(accounts, period)
    if fmt == "json":
        write_output(output, json.dumps(as_data(pages), ensure_ascii=False, indent=2) + "\n")
    else:
        write_output(output, as_text(pages))
