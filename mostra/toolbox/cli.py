"""``mostra tools``: the toolbox from the command line (the Toolbox page's list)."""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import echo_table, with_django


@click.group(name="tools")
def tools_group() -> None:
    """The team's toolbox: its tools, their owners, costs and renewals.

    \b
    Example:
        mostra tools list --workspace demo
        mostra tools list --workspace demo --format json
    """


@tools_group.command(name="list")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: one object per tool, and the monthly totals per currency.",
)
@with_django
def list_command(slug: str, fmt: str) -> None:
    """List a workspace's tools by category, with their monthly cost (totals per
    currency: amounts in different currencies are never converted)."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.toolbox import catalogue
    from mostra.toolbox.models import Tool
    from mostra.toolbox.services.totals import totals_of

    workspace = workspace_option(slug)
    tools = list(Tool.objects.filter(workspace=workspace).select_related("owner"))
    data = [
        {
            "id": t.pk,
            "name": t.name,
            "category": t.category,
            "owner": t.owner.email if t.owner else None,
            "monthly_cost": str(t.monthly_cost) if t.monthly_cost is not None else None,
            "currency": t.currency,
            "renews_on": t.renews_on.isoformat() if t.renews_on else None,
            "seats": t.seats,
            "used_for": t.used_for,
            "known_as": t.known_as,
            "covered_by": catalogue.covered_by(t.known_as) or None,
        }
        for t in tools
    ]
    totals = totals_of(tools)
    if fmt == "json":
        body = {
            "tools": data,
            "monthly_totals": {c: str(v) for c, v in totals.by_currency.items()},
            "unknown_costs": totals.unknown,
        }
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if not data:
        click.echo(_("No tool."))
        return
    echo_table(
        [_("id"), _("category"), _("tool"), _("owner"), _("per month"), _("renews")],
        [
            [
                str(d["id"]),
                str(d["category"]),
                str(d["name"]),
                str(d["owner"] or "—"),
                f"{d['monthly_cost']} {d['currency']}" if d["monthly_cost"] else "—",
                str(d["renews_on"] or "—"),
            ]
            for d in data
        ],
    )
    for currency, amount in totals.by_currency.items():
        click.echo(
            _("Total per month: %(amount)s %(currency)s") % {"amount": amount, "currency": currency}
        )
