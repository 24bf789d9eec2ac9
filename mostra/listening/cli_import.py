"""``mostra listen import``: another listening tool's export as the workspace's mentions.

Added to the ``mostra listen`` group by :mod:`mostra.listening.cli`. The same service,
rights and audit entry as any other way of importing
(:func:`mostra.listening.services.imports.import_export`), acting as the workspace's
first owner unless ``--as``. Exit status 0 when the file was imported, 2 when it was
refused (nothing imported), each problem on its own line.
"""

from __future__ import annotations

from pathlib import Path

import click

from mostra.core.cli_support import with_django


@click.command(name="import")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
@with_django
def import_command(slug: str, path: Path, as_email: str | None) -> None:
    """Import a Mention, Brandwatch or Talkwalker export (CSV or XLSX, English or
    French) as mentions of the workspace. The tool is recognised from the file's header
    row; dates without a time zone are read in the workspace's. A file with rows that
    cannot be read is refused whole, each line named. Mentions already there (the same
    id or address) are skipped: importing a file again adds nothing.

    \b
    Example:
        mostra listen import --workspace demo ~/Downloads/brandwatch-mentions.csv
    """
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from mostra.core.cli_support import acting_member, refuse, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.exports import ExportRefused
    from mostra.listening.services.imports import import_export

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    try:
        data = path.read_bytes()
    except OSError as exc:
        refuse(
            _("%(file)s cannot be read (%(reason)s): check the path.")
            % {"file": path, "reason": exc.strerror or exc}
        )
    try:
        outcome = import_export(actor, data, path.name)
    except ExportRefused as exc:
        lines = [_("nothing was imported from %(file)s:") % {"file": path.name}]
        refuse("\n".join([*lines, *(f"  {problem}" for problem in exc.problems)]))
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _(
            "%(tool)s export imported. New mentions: %(stored)s; already in the workspace: "
            "%(already)s."
        )
        % {"tool": outcome.label, "stored": outcome.stored, "already": outcome.already_there}
    )
    if outcome.repeated:
        click.echo(
            ngettext(
                "%(n)s row repeated a mention of the file (once per query): kept once.",
                "%(n)s rows repeated a mention of the file (once per query): kept once.",
                outcome.repeated,
            )
            % {"n": outcome.repeated}
        )
    if outcome.ignored:
        click.echo(_("Columns not read: %(columns)s.") % {"columns": ", ".join(outcome.ignored)})
