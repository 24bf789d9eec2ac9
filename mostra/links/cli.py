"""``mostra link``: tracked links from the command line.

The same services, rights and audit entries as the Links page: the command acts as the
workspace's first owner unless ``--as``. Exit status 2 when refused (nothing changed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import click

from mostra.core.cli_support import refuse, with_django

AS_HELP = "Act as this member (default: first owner)."
MEDIUMS = ["organic", "paid", "ambassador", "offline", "email"]


@click.group(name="link")
def link_group() -> None:
    """Tracked links: short links /l/<code> with UTM tags, and their clicks.

    \b
    Example:
        mostra link create https://example.org/shop --workspace demo --campaign spring-2026
        mostra link stats --workspace demo --from 2026-03-01 --to 2026-03-31 --format csv
    """


@link_group.command(name="create")
@click.argument("url")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--campaign", default="", help="utm_campaign (added to the workspace's list).")
@click.option(
    "--medium",
    type=click.Choice(MEDIUMS),
    default=None,
    help="The kind (default: offline with --support, else organic).",
)
@click.option("--network", default="", help="The network (its code): utm_source.")
@click.option("--post", "post_id", type=int, help="The post the link is for (utm_content).")
@click.option("--support", default="", help="A printed support: card, flyer, poster…")
@click.option("--label", default="", help="A name to find it in the list.")
@click.option("--as", "as_email", metavar="EMAIL", help=AS_HELP)
@with_django
def create_command(
    url: str,
    slug: str,
    campaign: str,
    medium: str | None,
    network: str,
    post_id: int | None,
    support: str,
    label: str,
    as_email: str | None,
) -> None:
    """Create a tracked link to URL and print its short address."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.editorial.models import Post
    from mostra.links.services.links import create_link, short_url

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    post = None
    if post_id is not None:
        post = Post.objects.filter(workspace=workspace, pk=post_id).first()
        if post is None:
            refuse(_("No post %(id)s in this workspace.") % {"id": post_id})
    try:
        link = create_link(
            actor,
            url,
            medium=medium or "",
            campaign=campaign,
            post=post,
            network=network,
            support=support,
            label=label,
        )
    except DomainError as exc:
        refuse(exc.message)
    click.echo(short_url(link))


def _date(value: str | None, default: dt.date, name: str) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: use YYYY-MM-DD.", param_hint=name) from None


@link_group.command(name="stats")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--from", "start", metavar="DATE", help="First day (default: 30 days ago).")
@click.option("--to", "end", metavar="DATE", help="Last day (default: today).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@with_django
def stats_command(slug: str, start: str | None, end: str | None, fmt: str) -> None:
    """Clicks and daily unique visitors per link over a period."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import echo_table, workspace_option
    from mostra.links.services.stats import clicks

    workspace = workspace_option(slug)
    today = timezone.localdate()
    last = _date(end, today, "--to")
    first = _date(start, last - dt.timedelta(days=29), "--from")
    if first > last:
        raise click.BadParameter(_("--from must be on or before --to."), param_hint="--from")
    stats = clicks(workspace, first, last)
    rows = [
        {
            "code": f.code,
            "label": f.label,
            "target": f.target,
            "medium": f.medium,
            "campaign": f.campaign,
            "network": f.network,
            "support": f.support,
            "post": f.post_id,
            "clicks": f.clicks,
            "uniques": f.uniques,
        }
        for f in stats.links
    ]
    if fmt == "json":
        out = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "clicks": stats.clicks,
            "uniques": stats.uniques,
            "links": rows,
            "days": [
                {"day": d.day.isoformat(), "clicks": d.clicks, "uniques": d.uniques}
                for d in stats.days
            ],
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["code"])
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
        return
    if not rows:
        click.echo(_("No tracked link yet: create one with mostra link create."))
        return
    echo_table(
        [_("code"), _("destination"), _("campaign"), _("clicks"), _("unique visitors")],
        [[str(r[k]) for k in ("code", "target", "campaign", "clicks", "uniques")] for r in rows],
    )


@link_group.command(name="disable")
@click.argument("code")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--as", "as_email", metavar="EMAIL", help=AS_HELP)
@with_django
def disable_command(code: str, slug: str, as_email: str | None) -> None:
    """Disable a tracked link: /l/CODE then answers that the link has expired."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.links.models import TrackedLink
    from mostra.links.services.links import disable

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    link = TrackedLink.objects.for_workspace(workspace).filter(code=code).first()
    if link is None:
        refuse(_("No tracked link %(code)s in this workspace.") % {"code": code})
    try:
        disable(actor, link)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("%(code)s is disabled: it now answers that the link has expired.") % {"code": code}
    )
