"""``mostra incident``: the workspace's incidents, and the pause of its scheduled
publishing, from the command line.

The same services, rights and audit entries as the Incidents pages: the command acts as
the workspace's first owner unless ``--as``. Exit status 2 when refused (nothing
changed then).
"""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import echo_table, refuse, with_django

AS_HELP = "Act as this member (default: first owner)."


@click.group(name="incident")
def incident_group() -> None:
    """Incidents raised by the crisis playbook, and pausing scheduled publishing.

    \b
    Example:
        mostra incident list --workspace demo
        mostra incident pause --workspace demo
        mostra incident resume --workspace demo
    """


@incident_group.command(name="list")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--open", "open_only", is_flag=True, help="Only the open incidents.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@with_django
def list_command(slug: str, open_only: bool, fmt: str) -> None:
    """List the workspace's incidents, newest first, and whether publishing is paused."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.listening.services import incidents

    workspace = workspace_option(slug)
    rows = [
        incidents.incident_data(i) for i in incidents.incidents_of(workspace, open_only=open_only)
    ]
    if fmt == "json":
        paused = workspace.publishing_paused_at
        out = {"publishing_paused_at": paused.isoformat() if paused else None, "incidents": rows}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if workspace.publishing_paused_at:
        click.echo(_("Scheduled publishing is paused."))
    if not rows:
        click.echo(_("No incident."))
        return
    echo_table(
        [_("id"), _("opened"), _("level"), _("trigger"), _("closed")],
        [
            [str(r["id"]), r["opened_at"], r["level"], r["trigger_text"], r["closed_at"] or "—"]
            for r in rows
        ],
    )


@incident_group.command(name="show")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.argument("incident_id", type=int)
@with_django
def show_command(slug: str, incident_id: int) -> None:
    """Print one incident with its timeline, as JSON."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.listening.services import incidents

    workspace = workspace_option(slug)
    found = incidents.incident_of(workspace, incident_id)
    if found is None:
        refuse(_("No incident %(id)s in this workspace.") % {"id": incident_id})
    data = incidents.incident_data(found, incidents.timeline(found))
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _pause_or_resume(slug: str, as_email: str | None, pausing: bool) -> None:
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.publishing.services import pause

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    try:
        (pause.pause if pausing else pause.resume)(actor)
    except DomainError as exc:
        refuse(exc.message)
    if pausing:
        click.echo(_("Scheduled publishing is paused: nothing goes out until it is resumed."))
    else:
        click.echo(_("Scheduled publishing resumed: the held posts go out in their order."))


@incident_group.command(name="pause")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--as", "as_email", metavar="EMAIL", help=AS_HELP)
@with_django
def pause_command(slug: str, as_email: str | None) -> None:
    """Pause all of the workspace's scheduled publishing (owners and managers)."""
    _pause_or_resume(slug, as_email, pausing=True)


@incident_group.command(name="resume")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--as", "as_email", metavar="EMAIL", help=AS_HELP)
@with_django
def resume_command(slug: str, as_email: str | None) -> None:
    """Resume the workspace's scheduled publishing: the held posts go in their order."""
    _pause_or_resume(slug, as_email, pausing=False)


@incident_group.command(name="close")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.argument("incident_id", type=int)
@click.option("--resume", is_flag=True, help="Resume scheduled publishing too.")
@click.option("--as", "as_email", metavar="EMAIL", help=AS_HELP)
@with_django
def close_command(slug: str, incident_id: int, resume: bool, as_email: str | None) -> None:
    """Close an incident (owners and managers), resuming publishing with --resume."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.services import incidents

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    found = incidents.incident_of(workspace, incident_id)
    if found is None:
        refuse(_("No incident %(id)s in this workspace.") % {"id": incident_id})
    try:
        incidents.close(actor, found, resume=resume)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(_("Incident %(id)s closed.") % {"id": incident_id})
