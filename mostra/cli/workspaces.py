"""``mostra workspace``: create the install's workspaces and list them, without the web app.

Creating goes through the service the web app uses
(:func:`mostra.core.services.workspaces.create_workspace`): the same checks, the same
default RACI matrix and crisis playbook, the same audit entry. The command line runs on
the server, as its administrator: it lists every workspace of the install.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NoReturn

import click
from django.utils.translation import gettext as _

from mostra.core.cli_support import echo_table, owner_option, refuse, table_or_json, with_django

if TYPE_CHECKING:
    from mostra.core.errors import DomainError
    from mostra.core.models import Workspace

#: The option or argument that a refusal of the workspace service is about.
PARAMS = {"name": "NAME", "slug": "--slug", "timezone": "--timezone"}


@click.group(name="workspace")
def workspace_group() -> None:
    """The workspaces of this install: create one, list them.

    \b
    Example:
        mostra workspace create "Fromagerie du Lac" --owner me@example.org
        mostra workspace list --format json
    """


def _refuse(exc: DomainError) -> NoReturn:
    """A refusal of the service, as a usage error on the option concerned (status 2)."""
    if exc.field in PARAMS:
        raise click.BadParameter(exc.message, param_hint=PARAMS[exc.field])
    refuse(exc.message)


@workspace_group.command(name="create")
@click.argument("name")
@click.option(
    "--slug",
    default="",
    metavar="SLUG",
    help="Its short name, as in its address: lowercase letters, digits and dashes "
    "(default: derived from the name).",
)
@click.option(
    "--timezone",
    default="Europe/Paris",
    show_default=True,
    metavar="TZ",
    help="Its time zone, from the IANA list: the calendar's and the tactics' slots'.",
)
@click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Its language; it sets the country (fr: FR, en: GB), whose public holidays the "
    "calendar shows: change the country in its settings.",
)
@click.option(
    "--owner",
    "owner_email",
    metavar="EMAIL",
    help="Who owns it (default: the administrator, the first superuser).",
)
@with_django
def create_command(
    name: str, slug: str, timezone: str, language: str, owner_email: str | None
) -> None:
    """Create a workspace, as the web app's New workspace does.

    Its owner is the Accountable of every activity of the RACI matrix and a responder
    of every crisis level, until the team is in. Exit status 2, nothing created, when
    the name, short name, time zone or owner cannot be used.

    \b
    Example:
        mostra workspace create "Fromagerie du Lac" --owner me@example.org
        mostra workspace create "Bike Co-op" --slug bike --timezone Europe/London \\
            --language en
    """
    from mostra.core.errors import DomainError
    from mostra.core.services.workspaces import COUNTRY_OF_LANGUAGE, create_workspace

    owner = owner_option(owner_email)
    try:
        workspace = create_workspace(
            owner, name, slug=slug, timezone=timezone, country=COUNTRY_OF_LANGUAGE[language]
        )
    except DomainError as exc:
        _refuse(exc)
    click.echo(
        _("Created the workspace %(slug)s (%(name)s), owned by %(owner)s.")
        % {"slug": repr(workspace.slug), "name": workspace.name, "owner": owner.email}
    )
    click.echo(
        _("Next: invite the team with %(command)s")
        % {"command": f"mostra members invite EMAIL --workspace {workspace.slug} --role ROLE"}
    )


def workspace_row(workspace: Workspace) -> dict[str, Any]:
    """One workspace as ``workspace list`` prints it."""
    from mostra.core.models import Role
    from mostra.core.services.workspaces import workspace_language

    memberships = list(workspace.memberships.all())
    return {
        "slug": workspace.slug,
        "name": workspace.name,
        "timezone": workspace.timezone,
        "country": workspace.country,
        "language": workspace_language(workspace),
        "members": len(memberships),
        "owners": sorted(m.user.email for m in memberships if m.role == Role.OWNER),
        "created_at": workspace.created_at.isoformat(),
    }


@workspace_group.command(name="list")
@table_or_json
@with_django
def list_command(fmt: str) -> None:
    """List every workspace of this install, with its members' count and owners.

    \b
    Example:
        mostra workspace list
        mostra workspace list --format json
    """
    from mostra.core.models import Workspace

    workspaces = Workspace.objects.order_by("slug").prefetch_related("memberships__user")
    rows = [workspace_row(w) for w in workspaces]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(
            _("No workspace yet: create one with %(command)s")
            % {"command": 'mostra workspace create "NAME"'}
        )
        return
    echo_table(
        [_("Short name"), _("Name"), _("Time zone"), _("Language"), _("Members"), _("Owners")],
        [
            [
                r["slug"],
                r["name"],
                r["timezone"],
                r["language"],
                str(r["members"]),
                ", ".join(r["owners"]),
            ]
            for r in rows
        ],
    )
