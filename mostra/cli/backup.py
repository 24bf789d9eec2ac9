"""``mostra backup``, ``mostra restore`` and ``mostra secrets``: keeping a mostra whole.

The archive's format is in :mod:`mostra.core.backup`; what is checked at start, in
:mod:`mostra.core.keys`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.cli_support import refuse, with_django


def refuse_unreadable_secrets() -> None:
    """Stop a start (``up``, ``serve``, ``worker``) while secrets cannot be decrypted."""
    from mostra.core.keys import check_at_start

    problem = check_at_start()
    if problem:
        raise click.ClickException(problem)


@click.command()
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The archive to write (.tar.gz).",
)
@with_django
def backup(output: Path) -> None:
    """Write the database, the key of its secrets and the media into one archive.

    Safe while mostra runs: SQLite is copied with its online backup and checked,
    PostgreSQL with pg_dump. The archive holds the key that decrypts the network
    accounts' tokens: keep it as safe as the data (it is readable by you only).

    \b
    Example:
        mostra backup -o mostra-2026-12-05.tar.gz
    """
    from mostra.core.backup import write_backup
    from mostra.core.errors import DomainError

    try:
        summary = write_backup(output)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        ngettext(
            "Backup written to %(file)s (%(size).1f MB): the %(database)s database, the key "
            "and %(count)d media file.",
            "Backup written to %(file)s (%(size).1f MB): the %(database)s database, the key "
            "and %(count)d media files.",
            summary.media_files,
        )
        % {
            "file": summary.path,
            "size": summary.size / 1e6,
            "database": summary.database,
            "count": summary.media_files,
        }
    )
    click.echo(_("It holds the key of your secrets: keep it as safe as the data."))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_django
def restore(file: Path) -> None:
    """Restore an archive made by ``mostra backup`` into an empty mostra.

    Every file is checked against the archive's manifest before anything is written;
    a database that already holds data is refused. Then the secrets are read with the
    restored key, as the next start will.

    \b
    Example:
        MOSTRA_DATA_DIR=/srv/mostra mostra restore mostra-2026-12-05.tar.gz
    """
    from django.conf import settings

    from mostra.core.backup import read_backup
    from mostra.core.errors import DomainError

    try:
        manifest = read_backup(file)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("Restored %(file)s (made on %(date)s by mostra %(version)s) into %(dir)s.")
        % {
            "file": file,
            "date": manifest.get("created_at", "?"),
            "version": manifest.get("mostra", "?"),
            "dir": settings.CONFIG.data_dir,
        }
    )
    # A new process reads the settings as the next start will (the restored key).
    for step in (["migrate"], ["secrets", "check"]):
        result = subprocess.run(
            [sys.executable, "-m", "mostra", *step], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            click.echo(result.stdout + result.stderr, err=True, nl=False)
            raise SystemExit(result.returncode)
    click.echo(_("The database is up to date and every secret is readable: start mostra."))


@click.group(name="secrets")
def secrets_group() -> None:
    """The secrets at rest (network tokens, webhook keys, authenticator apps) and their keys.

    \b
    Example:
        mostra secrets check
        mostra secrets forget-unreadable
    """


@secrets_group.command(name="check")
@with_django
def secrets_check() -> None:
    """Check that the configured keys decrypt every stored secret (exit status 1 if not)."""
    from mostra.core.keys import check_at_start, encrypted_columns

    problem = check_at_start()
    if problem:
        click.echo(problem, err=True)
        raise SystemExit(1)
    click.echo(
        _("Every stored secret is readable (%(count)d encrypted columns checked).")
        % {"count": len(list(encrypted_columns()))}
    )


@secrets_group.command(name="forget-unreadable")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_django
def secrets_forget(yes: bool) -> None:
    """Clear the secrets that no configured key decrypts (their key is lost for good).

    Accounts then need reconnecting, webhooks get a new secret and are paused, mostra
    registers itself again on Mastodon instances at the next sign-in, and two-factor
    authentication is turned off for a person whose authenticator app it was (audited:
    their password alone signs them in until they turn it on again).

    \b
    Example:
        mostra secrets forget-unreadable
    """
    from mostra.core.keys import forget_unreadable, refusal, unreadable

    found = unreadable()
    if not found:
        click.echo(_("Every stored secret is readable: nothing to forget."))
        return
    click.echo(refusal(found))
    if not yes and not click.confirm(_("Forget these secrets?"), default=False):
        raise SystemExit(1)
    count = forget_unreadable()
    click.echo(
        ngettext("%(count)d secret forgotten.", "%(count)d secrets forgotten.", count)
        % {"count": count}
    )
