"""The database: ``mostra migrate`` and ``mostra demo``."""

from __future__ import annotations

import click
from django.utils.translation import gettext as _

from mostra.cli.admin import echo_login, ensure_admin
from mostra.core.cli_support import require_database, with_django


@click.command()
@with_django
def migrate() -> None:
    """Apply the database migrations.

    ``mostra up`` applies them by itself.

    \b
    Example:
        DATABASE_URL=postgres://mostra@db.internal/mostra mostra migrate
    """
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@click.command()
@click.option("--reset", is_flag=True, help="Delete the demo workspace and build it again.")
@with_django
def demo(reset: bool) -> None:
    """Create the demo workspace: a French bicycle-repair workshop.

    Its short name is "demo".
    Its content is the same on every run, except the calendar's dates, which follow
    today. Without --reset an existing demo
    workspace is left as it is; with --reset it is deleted and rebuilt. Its members
    cannot log in: the administrator owns it.

    \b
    Example:
        mostra demo
        mostra demo --reset
    """
    from django.conf import settings

    from mostra.core import demo as demo_data
    from mostra.core.models import User

    require_database()
    login = ensure_admin()
    if login.created:
        echo_login(login, settings.CONFIG.base_url)
    owner = User.objects.get(email=login.email)
    if reset:
        workspace = demo_data.reset_demo(owner)
        click.echo(_('Demo workspace "%(name)s" rebuilt.') % {"name": workspace.name})
        return
    workspace, created = demo_data.ensure_demo(owner)
    if created:
        click.echo(_('Demo workspace "%(name)s" created.') % {"name": workspace.name})
    else:
        click.echo(
            _('Demo workspace "%(name)s" already exists (--reset rebuilds it).')
            % {"name": workspace.name}
        )
