"""``mostra accounts connect bluesky``: found by :class:`mostra.publishing.cli.ConnectGroup`."""

from __future__ import annotations

import click

from mostra.core.cli_support import refuse, setup_django, workspace_option, workspace_required


@click.command("bluesky")
@workspace_required
@click.option("--handle", required=True, help="The account's handle, e.g. atelier.bsky.social.")
@click.option(
    "--app-password",
    required=True,
    help="An app password created in Bluesky's settings (never the account's password).",
)
@click.option(
    "--service",
    default="https://bsky.social",
    show_default=True,
    metavar="URL",
    help="The account's server (PDS), for accounts hosted elsewhere than bsky.social.",
)
def connect_command(slug: str, handle: str, app_password: str, service: str) -> None:
    """Connect a Bluesky account to a workspace with an app password.

    mostra logs in on the server and keeps the session (and the app password, to log in
    again when the session ends), encrypted. Connecting the same account again renews
    them. Exit status 2 when the server's address is not one, or when the server
    refuses the handle or the app password.

    \b
    Example:
        mostra accounts connect bluesky --workspace demo \\
            --handle atelier.bsky.social --app-password abcd-efgh-ijkl-mnop
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.core.errors import DomainError
    from mostra.integrations.base import TransportError
    from mostra.publishing.connect.bluesky import connect_bluesky

    workspace = workspace_option(slug, changing=True)
    try:
        account = connect_bluesky(None, handle, app_password, service, workspace=workspace)
    except (DomainError, TransportError) as exc:  # a server address that is not one, a refusal
        refuse(exc.message)
    click.echo(
        _("Bluesky account %(handle)s (%(did)s) connected to %(workspace)s.")
        % {"handle": account.handle, "did": account.external_id, "workspace": workspace.slug}
    )
