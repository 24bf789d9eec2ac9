"""``mostra accounts``: connect a workspace's network accounts and list them with their health.

``mostra accounts connect NETWORK …`` has one subcommand per network. A network's
package adds its own by defining ``connect_command`` (a click command named after the
network) in ``mostra/publishing/connect/<network>_cli.py``: :class:`ConnectGroup` finds it
there, so that ``--help`` lists every network that can be connected from the command
line without importing their code until one is used.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured

from mostra.core.cli_support import (
    echo_table,
    setup_django,
    table_or_json,
    workspace_option,
    workspace_required,
)
from mostra.strategy import networks

#: Networks that may offer ``connect_command`` in ``mostra.publishing.connect.<network>_cli``.
CONNECTABLE = networks.having("connect")


class ConnectGroup(click.Group):
    """``mostra accounts connect``: one subcommand per network, found in
    :mod:`mostra.publishing.connect`."""

    @staticmethod
    def _offered(network: str) -> bool:
        """Whether the network has a ``<network>_cli`` module (without importing it)."""
        return (Path(__file__).parent / "connect" / f"{network}_cli.py").is_file()

    def _found(self, network: str) -> click.Command | None:
        if not self._offered(network):
            return None
        name = f"mostra.publishing.connect.{network}_cli"
        try:
            module = importlib.import_module(name)
        except (ImproperlyConfigured, AppRegistryNotReady):
            # The network's package needs Django's models: set Django up, then import.
            setup_django()
            module = importlib.import_module(name)
        return getattr(module, "connect_command", None)

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(n for n in CONNECTABLE if self._offered(n))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in CONNECTABLE:
            command = self._found(cmd_name)
        return command


@click.group(name="accounts")
def accounts_group() -> None:
    """The workspaces' network accounts: connect them, list them with their health."""


@accounts_group.group(name="connect", cls=ConnectGroup)
def connect_group() -> None:
    """Connect a network account to a workspace (one subcommand per network).

    Connecting an account that is already connected renews its credentials.

    \b
    Example:
        mostra accounts connect bluesky --workspace demo --handle atelier.bsky.social \\
            --app-password xxxx-xxxx-xxxx-xxxx
    """


def account_row(account: Any) -> dict[str, Any]:
    """One account as ``accounts list`` prints it: never a credential."""
    from mostra.publishing.services.accounts import health

    state = health(account)
    return {
        "network": account.network,
        "handle": account.handle,
        "name": account.display_name,
        "server": account.service_url,
        "health": state.kind,
        "health_label": str(state.label),
        "since": state.when.isoformat() if state.when else None,
        "detail": state.detail,
        "token_expires_at": (
            account.token_expires_at.isoformat() if account.token_expires_at else None
        ),
    }


@accounts_group.command("list")
@workspace_required
@table_or_json
def list_accounts(slug: str, fmt: str) -> None:
    """List a workspace's network accounts with their health.

    Health is one of: connected, expiring (the token expires soon), needs_reconnect,
    error (the last request failed), disconnected.

    \b
    Example:
        mostra accounts list --workspace demo
        mostra accounts list --workspace demo --format json
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.publishing.services.accounts import workspace_accounts

    rows = [account_row(a) for a in workspace_accounts(workspace_option(slug))]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(_("No network account is connected to this workspace yet."))
        return
    headers = [_("Network"), _("Handle"), _("Health"), _("Server")]
    table = [
        [
            r["network"],
            r["handle"],
            r["health_label"] + (f" ({r['detail']})" if r["detail"] else ""),
            r["server"],
        ]
        for r in rows
    ]
    echo_table(headers, table)


@accounts_group.command("add-by-hand")
@workspace_required
@click.option(
    "--network",
    required=True,
    metavar="NETWORK",
    help="One of the strategy's networks (instagram…).",
)
@click.option("--handle", required=True, metavar="HANDLE", help="The account's handle on it.")
@click.option(
    "--responsible",
    required=True,
    metavar="EMAIL",
    help="The member who publishes (an editor, a manager or an owner).",
)
def add_by_hand(slug: str, network: str, handle: str, responsible: str) -> None:
    """Add an account published by hand: at each post's time, its responsible member is
    told to publish it (text and media ready to copy), then says it is done.

    Adding it again changes its responsible. Acts as the administrator (audited).

    \b
    Example:
        mostra accounts add-by-hand --workspace demo --network instagram \\
            --handle atelier.velo --responsible alice@example.org
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import refuse
    from mostra.core.errors import DomainError
    from mostra.publishing.services import by_hand
    from mostra.strategy.catalogue import network_label

    workspace = workspace_option(slug, changing=True)
    try:
        account = by_hand.add_account(None, network, handle, responsible, workspace=workspace)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("%(network)s account %(handle)s added: it is published by hand by %(who)s.")
        % {
            "network": network_label(account.network),
            "handle": account.handle,
            "who": responsible.strip(),
        }
    )
