"""``mostra kpi rebuild``: compute the daily sums the KPI pages read again, from the posts.

The sums (:class:`~mostra.analytics.models.AccountDay`) are kept by every write of
mostra; this command is for the rest: data written into the database by hand or by a
script, or after a restore, an upgrade, a doubt.
"""

from __future__ import annotations

import click

from mostra.core.cli_support import setup_django, workspace_option


@click.command("rebuild")
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="Only this workspace's accounts (every workspace by default).",
)
def rebuild_command(slug: str | None) -> None:
    """Compute each tracked account's daily sums again from its posts.

    The KPI pages (strategy history, comparison, objectives) read these sums instead
    of every post; mostra keeps them at each import, collection and change of time
    zone, so this is only needed after data was changed outside mostra.

    \b
    Example:
        mostra kpi rebuild
        mostra kpi rebuild --workspace demo
    """
    setup_django()
    from django.db import transaction
    from django.utils.translation import gettext as _

    from mostra.analytics import account_days
    from mostra.analytics.models import TrackedAccount

    accounts = TrackedAccount.objects.order_by("pk")
    if slug is not None:
        accounts = accounts.filter(workspace=workspace_option(slug))
    with transaction.atomic():
        count = account_days.rebuild(accounts.values_list("pk", flat=True))
    click.echo(_("Daily sums computed again for %(count)d tracked account(s).") % {"count": count})
