"""``mostra campaign``: paid campaigns from the command line.

``import`` reads a Meta Ads Manager or LinkedIn Campaign Manager export into the
campaigns' days (:func:`mostra.analytics.paid_imports.service.import_ads`, the same
service, rights and audit entry as the web page and the API); ``list`` shows each
campaign with its budget, spend and pacing. Exit status 2 when the input is refused
(nothing imported), each problem on its own line.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from mostra.core.cli_support import table_or_json, with_django, workspace_required


@click.group(name="campaign")
def campaign_group() -> None:
    """Paid campaigns: import an ad manager's export, list the campaigns."""


@campaign_group.command(name="import")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--network",
    type=click.Choice(["meta", "linkedin"]),
    required=True,
    help="Whose export: Meta Ads Manager or LinkedIn Campaign Manager.",
)
@workspace_required
@click.option(
    "--create",
    "create_missing",
    is_flag=True,
    help="Create the campaigns the file names and the workspace lacks (budget 0).",
)
@click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
@with_django
def import_command(
    path: Path, network: str, slug: str, create_missing: bool, as_email: str | None
) -> None:
    """Import a campaigns' report broken down by day (CSV or XLSX, English or French)
    into the workspace's campaigns, matched by name and day. A file with rows that
    cannot be read is refused whole, each line named; importing it again changes
    nothing. The columns read: docs/paid.md.

    \b
    Example:
        mostra campaign import ~/Downloads/meta-ads.csv --network meta --workspace demo
    """
    from django.utils.translation import gettext as _

    from mostra.analytics.paid_imports.reader import AdsRefused
    from mostra.analytics.paid_imports.service import import_ads
    from mostra.core.cli_support import acting_member, refuse, workspace_option
    from mostra.core.errors import DomainError

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    if not path.is_file():
        refuse(_("%(file)s cannot be read: check the path.") % {"file": path})
    try:
        outcome = import_ads(actor, path, network, create_missing=create_missing)
    except AdsRefused as exc:
        refuse("\n".join([exc.message, *(f"  {p}" for p in exc.problems)]))
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("%(tool)s export imported: %(rows)s rows, %(days)s campaign days (%(names)s).")
        % {
            "tool": outcome.tool,
            "rows": outcome.rows,
            "days": outcome.days,
            "names": ", ".join(outcome.campaigns),
        }
    )
    if outcome.created:
        click.echo(
            _("Campaigns created (set their budget): %(names)s.")
            % {"names": ", ".join(outcome.created)}
        )
    if outcome.unread:
        click.echo(_("Columns not read: %(columns)s.") % {"columns": ", ".join(outcome.unread)})


@campaign_group.command(name="list")
@workspace_required
@table_or_json
@with_django
def list_command(slug: str, fmt: str) -> None:
    """The workspace's campaigns: kind, dates, budget, spend to date and pacing.

    \b
    Example:
        mostra campaign list --workspace demo --format json
    """
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.paid.services.listing import campaign_rows

    workspace = workspace_option(slug)
    rows = campaign_rows(workspace, timezone.localdate())
    if fmt == "json":
        click.echo(json.dumps([row.as_data() for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(_("No campaign yet."))
        return
    for row in rows:
        spent = "—" if row.spent is None else f"{row.spent} {row.currency}"
        click.echo(
            f"{row.name}  [{row.kind_label}]  {row.start} → {row.end}  "
            + _("budget %(budget)s %(currency)s, spent %(spent)s, pacing: %(pacing)s")
            % {
                "budget": row.budget,
                "currency": row.currency,
                "spent": spent,
                "pacing": row.pacing_label,
            }
        )
