"""``mostra calendar``: the editorial calendar as a file (ICS or CSV export, CSV import).

The CSV format is described in docs/calendar-import-export.md. Exit status: 0 when the
command did its work, 2 when the file cannot be read or is refused (nothing was
imported; every problem is printed with its line number).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.cli_support import (
    csv_style,
    delimiter_option,
    output_option,
    refuse,
    with_django,
    workspace_option,
    workspace_required,
    write_output,
)

if TYPE_CHECKING:
    from mostra.core.models import Membership, Workspace
    from mostra.editorial.services.csv_posts import FileRefused


def _author(workspace: Workspace, email: str | None) -> Membership | None:
    if email is None:
        return None
    membership = (
        workspace.memberships.select_related("user").filter(user__email__iexact=email).first()
    )
    if membership is None:
        raise click.BadParameter(
            _("%(email)s is not a member of %(slug)s.")
            % {"email": email, "slug": repr(workspace.slug)},
            param_hint="--author",
        )
    return membership


def _read(path: str) -> bytes:
    """The file's bytes (``-``: the standard input), refused over the size limit."""
    from mostra.editorial.services.csv_posts import FileRefused
    from mostra.editorial.services.csv_posts.reading import check_size

    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            check_size(Path(path).stat().st_size)
            data = Path(path).read_bytes()
    except OSError as exc:
        raise click.FileError(path, hint=exc.strerror or str(exc)) from exc
    except FileRefused as refused:
        _refuse_file(path, refused)
    return data


def _refuse_file(path: str, refused: FileRefused) -> NoReturn:
    refuse(
        _("%(file)s was not imported; nothing changed:") % {"file": path}
        + "".join(f"\n  {problem}" for problem in refused.problems)
    )


@click.group(name="calendar")
def calendar_group() -> None:
    """The editorial calendar as a file: ICS for calendar apps, CSV for spreadsheets.

    The CSV columns are described in docs/calendar-import-export.md.

    \b
    Example:
        mostra calendar export --workspace demo --format ics -o demo.ics
        mostra calendar export --workspace demo --format csv -o posts.csv
        mostra calendar import posts.csv --workspace demo
    """


@calendar_group.command(name="export")
@workspace_required
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["ics", "csv"]),
    required=True,
    help="ics: the calendar (posts from 90 days ago to a year ahead, and events); "
    "csv: every post that is not cancelled, one line per network.",
)
@output_option
@delimiter_option
@with_django
def export_command(slug: str, file_format: str, output: str, delimiter: str | None) -> None:
    """Write a workspace's calendar as an ICS or a CSV file.

    The CSV file is UTF-8 with a byte order mark (Excel reads it right), its columns
    separated by ; when the command speaks French (MOSTRA_LANGUAGE or LANG), by ,
    otherwise (--delimiter chooses), and `mostra calendar import` reads it back.

    \b
    Example:
        mostra calendar export --workspace demo --format ics > demo.ics
        mostra calendar export --workspace demo --format csv --delimiter ";" -o posts.csv
    """
    from django.conf import settings

    from mostra.editorial.services import csv_posts, feeds, ics

    workspace = workspace_option(slug)
    if file_format == "ics":
        base_url = settings.CONFIG.base_url
        data = ics.build_calendar(
            ics.read_calendar(workspace), base_url=base_url, host=feeds.host_of(base_url)
        )
        count = data.count(b"BEGIN:VEVENT")
    else:
        posts = csv_posts.posts_to_export(workspace)
        data = csv_posts.export_csv(workspace, posts, style=csv_style(delimiter))
        count = len(posts)
    write_output(output, data)
    if output != "-":
        message = (
            ngettext(
                "%(count)d event of %(slug)s written to %(file)s.",
                "%(count)d events of %(slug)s written to %(file)s.",
                count,
            )
            if file_format == "ics"
            else ngettext(
                "%(count)d post of %(slug)s written to %(file)s.",
                "%(count)d posts of %(slug)s written to %(file)s.",
                count,
            )
        )
        click.echo(message % {"count": count, "slug": repr(slug), "file": output}, err=True)


@calendar_group.command(name="import")
@click.argument("file", metavar="FILE")
@click.option(
    "--workspace", "slug", required=True, metavar="SLUG", help="The workspace to import into."
)
@click.option(
    "--author",
    metavar="EMAIL",
    help="The member who writes the imported posts (by default, nobody).",
)
@click.option("--dry-run", is_flag=True, help="Check the file and say what it would import.")
@with_django
def import_command(file: str, slug: str, author: str | None, dry_run: bool) -> None:
    """Create posts as drafts from a CSV file (- reads the standard input).

    All or nothing: on any problem nothing is imported and the exit status is 2,
    with the line number of every problem.

    \b
    Example:
        mostra calendar import posts.csv --workspace demo
        mostra calendar import posts.csv --workspace demo --author camille@example.org
        mostra calendar import posts.csv --workspace demo --dry-run
    """
    from mostra.editorial.services import csv_posts
    from mostra.editorial.services.csv_posts.planning import PlannedPost

    workspace = workspace_option(slug, changing=True)
    member = _author(workspace, author)
    data = _read(file)
    try:
        planned: list[PlannedPost] = csv_posts.check_csv(workspace, data)
        if not dry_run:
            csv_posts.import_csv(
                workspace,
                data,
                author=member.user if member else None,
                file_name=Path(file).name,
            )
    except csv_posts.FileRefused as refused:
        _refuse_file(file, refused)
    variants = sum(len(p.variants) for p in planned)
    values = {"posts": len(planned), "variants": variants, "slug": repr(slug)}
    if dry_run:
        text = ngettext(
            "The file is correct: it would import %(posts)d post (%(variants)d variants) into "
            "%(slug)s. Nothing was imported (--dry-run).",
            "The file is correct: it would import %(posts)d posts (%(variants)d variants) into "
            "%(slug)s. Nothing was imported (--dry-run).",
            len(planned),
        )
    else:
        text = ngettext(
            "Imported %(posts)d post as a draft (%(variants)d variants) into %(slug)s:",
            "Imported %(posts)d posts as drafts (%(variants)d variants) into %(slug)s:",
            len(planned),
        )
    click.echo(text % values)
    for line in _describe(workspace, planned):
        click.echo(f"  {line}")


def _describe(workspace: Workspace, planned: list[Any]) -> list[str]:
    """``2026-03-14 09:30  [Instagram, Facebook] Tomme``, one line per post."""
    from zoneinfo import ZoneInfo

    from mostra.strategy.catalogue import network_label

    zone = ZoneInfo(workspace.timezone)
    lines = []
    for post in planned:
        when = (
            post.scheduled_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            if post.scheduled_at
            else _("not planned").ljust(16)
        )
        networks = ", ".join(network_label(v.network) for v in post.variants)
        words = post.title or " ".join(post.variants[0].text.split())[:50]
        lines.append(f"{when}  [{networks}] {words}")
    return lines
