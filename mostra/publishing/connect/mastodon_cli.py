"""``mostra accounts connect mastodon``: found by :class:`mostra.publishing.cli.ConnectGroup`."""

from __future__ import annotations

import click

from mostra.core.cli_support import refuse, setup_django, workspace_option, workspace_required


@click.command("mastodon")
@workspace_required
@click.option(
    "--instance",
    required=True,
    metavar="URL",
    help="The instance's address, e.g. https://mastodon.social.",
)
@click.option(
    "--token",
    required=True,
    envvar="MOSTRA_MASTODON_TOKEN",
    metavar="TOKEN",
    help=(
        "An access token with the scopes read, write:statuses and write:media (from the "
        "instance's Preferences > Development). Read from MOSTRA_MASTODON_TOKEN when "
        "not given, which keeps it out of the shell's history."
    ),
)
def connect_command(slug: str, instance: str, token: str) -> None:
    """Connect a Mastodon account to a workspace with an access token.

    mostra checks that the address is a Mastodon-API server, reads the instance's own
    character limit, and asks whose the token is; the token is kept encrypted.
    Connecting the same account again renews it. Exit status 2 when the address is not
    a Mastodon instance or the instance refuses the token.

    \b
    Example:
        mostra accounts connect mastodon --workspace demo \\
            --instance https://mastodon.social --token "$TOKEN"
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.core.errors import DomainError
    from mostra.integrations.base import TransportError
    from mostra.publishing.connect.mastodon import connect_mastodon

    workspace = workspace_option(slug, changing=True)
    try:
        account = connect_mastodon(None, instance, token, workspace=workspace)
    except DomainError as exc:
        refuse(exc.message)
    except TransportError as exc:
        refuse(exc.message)
    limit = account.text_limit
    if limit:
        click.echo(
            _(
                "Mastodon account %(handle)s connected to %(workspace)s; its instance "
                "accepts %(limit)d characters per post."
            )
            % {"handle": account.handle, "workspace": workspace.slug, "limit": limit}
        )
    else:
        click.echo(
            _("Mastodon account %(handle)s connected to %(workspace)s.")
            % {"handle": account.handle, "workspace": workspace.slug}
        )
