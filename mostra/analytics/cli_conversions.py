"""``mostra conversions import|list|goal``: web-analytics exports by UTM tags.

``import`` reads a Matomo, Plausible or GA4 campaigns export and stores it through
:mod:`mostra.analytics.conversions.services` (the same rights, checks and audit log as
the API), acting as ``--as EMAIL`` or the workspace's first owner; importing a period
again replaces it. ``list`` shows the rows with the link, post and campaign each is
matched to; ``goal`` counts a goal's conversions as registrations, sales or leads. A
bad file or option exits with status 2, nothing recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from mostra.core.cli_support import (
    acting_member,
    echo_table,
    refuse,
    setup_django,
    table_or_json,
    workspace_option,
    workspace_required,
)

as_option = click.option(
    "--as",
    "email",
    metavar="EMAIL",
    help="Who imports (an owner or a manager); default: the first owner.",
)
from_option = click.option("--from", "first", metavar="DATE", help="First day (YYYY-MM-DD).")
to_option = click.option("--to", "last", metavar="DATE", help="Last day (YYYY-MM-DD).")


@click.group("conversions")
def conversions_group() -> None:
    """Visits and conversions from your web analytics (Matomo, Plausible, GA4), by UTM
    tags, matched to your tracked links, posts and paid campaigns."""


def _date(option: str, text: str | None) -> dt.date | None:
    from django.utils.translation import gettext as _

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        refuse(
            _("%(option)s %(value)s is not a date: write it as YYYY-MM-DD (e.g. 2026-10-31).")
            % {"option": option, "value": repr(text)}
        )


@conversions_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    "tool",
    required=True,
    type=click.Choice(["matomo", "plausible", "ga4"]),
    help="The tool that exported the file.",
)
@workspace_required
@from_option
@to_option
@as_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A sentence to read, or JSON for scripts.",
)
def import_command(
    file: Path,
    tool: str,
    slug: str,
    first: str | None,
    last: str | None,
    email: str | None,
    fmt: str,
) -> None:
    """Import a campaigns export (CSV or XLSX), all or nothing.

    The file has UTM columns (campaign, source, medium, content) and visits, by day or
    for a period (--from and --to when the file does not say it), and conversions per
    goal. Importing the same period again replaces it.

    \b
    Example:
        mostra conversions import campaigns.csv --source matomo --workspace demo
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.conversions.exports import read_export
    from mostra.analytics.conversions.services import import_traffic
    from mostra.analytics.importers.base import ImportRefused
    from mostra.analytics.progress import local_today
    from mostra.core.errors import DomainError
    from mostra.core.services.workspaces import workspace_language

    workspace = workspace_option(slug, changing=True)
    start, end = _date("--from", first), _date("--to", last)
    if (start is None) != (end is None):
        refuse(_("Give both --from and --to, or neither."))
    if start and end and start > end:
        refuse(_("--from is after --to: give the first day, then the last."))
    if not file.is_file():
        refuse(_("No file at %(path)s.") % {"path": file})
    actor = acting_member(workspace, email)
    try:
        traffic = read_export(
            file,
            tool,
            period=(start, end) if start and end else None,
            language=workspace_language(workspace),
            today=local_today(workspace),
        )
        summary = import_traffic(actor, traffic, filename=file.name)
    except (ImportRefused, DomainError) as exc:
        refuse(exc.message)
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(summary.describe())


@conversions_group.command("list")
@workspace_required
@from_option
@to_option
@table_or_json
def list_command(slug: str, first: str | None, last: str | None, fmt: str) -> None:
    """The imported rows: period, tags, visits, conversions by goal, and the tracked
    link, post and paid campaign each is matched to.

    \b
    Example:
        mostra conversions list --workspace demo --from 2026-10-01 --to 2026-10-31
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.conversions.matching import match

    workspace = workspace_option(slug)
    rows = match(workspace, _date("--from", first), _date("--to", last))
    data = [
        {
            "tool": m.row.tool,
            "from": m.row.start.isoformat(),
            "to": m.row.end.isoformat(),
            "utm_campaign": m.row.utm_campaign,
            "utm_source": m.row.utm_source,
            "utm_medium": m.row.utm_medium,
            "utm_content": m.row.utm_content,
            "visits": m.row.visits,
            "conversions": m.goals,
            "links": m.link_ids,
            "post": m.post_id,
            "campaign": m.campaign_id,
        }
        for m in rows
    ]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data:
        click.echo(_("No conversions imported yet: mostra conversions import FILE --source …"))
        return
    unknown = _("unknown")
    echo_table(
        [
            _("period"),
            _("campaign"),
            _("source / medium"),
            _("content"),
            _("visits"),
            _("conversions"),
            _("matched"),
        ],
        [
            [
                _period(m.row.start, m.row.end),
                m.row.utm_campaign or "—",
                f"{m.row.utm_source or '—'} / {m.row.utm_medium or '—'}",
                m.row.utm_content or "—",
                unknown if m.row.visits is None else str(m.row.visits),
                ", ".join(f"{g}: {n}" for g, n in m.goals.items()) or "0",
                _matched(m.link_ids, m.post_id, m.campaign_id),
            ]
            for m in rows
        ],
    )


def _period(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def _matched(links: list[int], post: int | None, campaign: int | None) -> str:
    from django.utils.translation import gettext as _

    parts = []
    if links:
        parts.append(_("links %(ids)s") % {"ids": ",".join(map(str, links))})
    if post is not None:
        parts.append(_("post %(id)s") % {"id": post})
    if campaign is not None:
        parts.append(_("campaign %(id)s") % {"id": campaign})
    return "; ".join(parts) or "—"


@conversions_group.command("goal")
@click.argument("goal")
@workspace_required
@click.option(
    "--kpi",
    required=True,
    type=click.Choice(["registrations", "sales", "leads", "none"]),
    help="The KPI the goal's conversions count as (none: no longer counted).",
)
@as_option
def goal_command(goal: str, slug: str, kpi: str, email: str | None) -> None:
    """Count a goal's imported conversions as a KPI's values, so that its objectives move
    (a value the team records for a day still wins).

    \b
    Example:
        mostra conversions goal Inscription --kpi registrations --workspace demo
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.analytics.conversions.services import map_goal
    from mostra.core.errors import DomainError

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, email)
    try:
        map_goal(actor, goal, "" if kpi == "none" else kpi)
    except DomainError as exc:
        refuse(exc.message)
    if kpi == "none":
        click.echo(_("Goal “%(goal)s” no longer counts as a KPI.") % {"goal": goal})
    else:
        click.echo(_("Goal “%(goal)s” counts as %(kpi)s.") % {"goal": goal, "kpi": kpi})
