"""The ``mostra`` command: one entry point for running and administering mostra.

Every subcommand reads the same settings (``DATABASE_URL``, ``MOSTRA_DATA_DIR``…, see
:mod:`mostra.config`). Django is set up only once a subcommand runs, so ``--help``
works even when the settings are wrong.

The commands live by subject: :mod:`~mostra.cli.serving` (``up``, ``serve``),
:mod:`~mostra.cli.workers` (``worker``), :mod:`~mostra.cli.database` (``migrate``,
``demo``), :mod:`~mostra.cli.admin` (``createuser``, the first administrator),
:mod:`~mostra.cli.workspaces` (``workspace``) and :mod:`~mostra.cli.members`
(``members``); the apps add their groups (``strategy``, ``calendar``, ``post``). What
every command shares is in :mod:`mostra.core.cli_support`.
"""

from __future__ import annotations

import click

from mostra import __version__
from mostra.ambassadors.cli import ambassadors_group
from mostra.ambassadors.cli_posts import check_post
from mostra.analytics.cli_campaign import campaign_group
from mostra.analytics.cli_conversions import conversions_group
from mostra.analytics.cli_import import import_group
from mostra.analytics.cli_kpi import kpi_command
from mostra.analytics.cli_objectives import objectives_command
from mostra.charter.cli import post_group
from mostra.cli.admin import (
    PASSWORD_ALPHABET,
    AdminLogin,
    createuser,
    echo_login,
    ensure_admin,
    find_admin,
    generate_password,
)
from mostra.cli.backup import backup, restore, secrets_group
from mostra.cli.database import demo, migrate
from mostra.cli.members import members_group
from mostra.cli.query import query_group
from mostra.cli.serving import serve, site_url, up
from mostra.cli.users import users_group
from mostra.cli.workers import worker
from mostra.cli.workspaces import workspace_group
from mostra.core.cli_support import MostraGroup, setup_django, with_django
from mostra.core.processes import WorkerPool
from mostra.editorial.cli import calendar_group
from mostra.links.cli import link_group
from mostra.links.qr.cli import qr_command
from mostra.listening.cli import listen_group
from mostra.listening.cli_enrich import enrich_command
from mostra.listening.cli_inbox import inbox_group
from mostra.listening.cli_incidents import incident_group
from mostra.notifications.cli import notifications_group
from mostra.publishing.cli import accounts_group
from mostra.publishing.cli_post import published as post_published
from mostra.publishing.cli_post import show as post_show
from mostra.publishing.cli_post_create import create as post_create
from mostra.reports.cli import report_command
from mostra.strategy.cli import strategy_group
from mostra.toolbox.cli import tools_group

__all__ = [
    "PASSWORD_ALPHABET",
    "AdminLogin",
    "WorkerPool",
    "echo_login",
    "ensure_admin",
    "find_admin",
    "generate_password",
    "main",
    "mostra",
    "setup_django",
    "site_url",
    "with_django",
]


@click.group(
    name="mostra", cls=MostraGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="mostra")
def mostra() -> None:
    """mostra: social media strategy and operations, from mission to metrics.

    Settings come from the environment: DATABASE_URL (SQLite in MOSTRA_DATA_DIR by
    default), MOSTRA_DATA_DIR, MOSTRA_SECRET_KEY… (see the README).

    \b
    Example:
        mostra up                 # web + worker on http://127.0.0.1:8000
        mostra up --help          # the options of one command
    """


for command in (up, serve, worker, migrate, demo, createuser, backup, restore):
    mostra.add_command(command)
mostra.add_command(workspace_group)
mostra.add_command(members_group)
mostra.add_command(secrets_group)
mostra.add_command(users_group)
mostra.add_command(strategy_group)
post_group.add_command(post_create)
post_group.add_command(post_show)
post_group.add_command(post_published)
mostra.add_command(post_group)
mostra.add_command(calendar_group)
mostra.add_command(accounts_group)
mostra.add_command(report_command)
mostra.add_command(import_group)
mostra.add_command(campaign_group)
mostra.add_command(kpi_command)
mostra.add_command(objectives_command)
mostra.add_command(conversions_group)
mostra.add_command(notifications_group)
mostra.add_command(query_group)
listen_group.add_command(enrich_command)
mostra.add_command(listen_group)
mostra.add_command(inbox_group)
mostra.add_command(incident_group)
mostra.add_command(tools_group)
mostra.add_command(link_group)
mostra.add_command(qr_command)
ambassadors_group.add_command(check_post)
mostra.add_command(ambassadors_group)


def main() -> None:
    """The console script."""
    mostra(prog_name="mostra")
