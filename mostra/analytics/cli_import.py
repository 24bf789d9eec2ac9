"""``mostra import``: bring an account's history in from the file its network gives.

One subcommand per kind of file (``x-archive``, ``mastodon-archive``, ``bluesky-car``,
``csv``), all through :func:`mostra.analytics.importers.run_import`: all or nothing,
the same file twice changes nothing. Exit status: 0 when the file was imported, 2 when
it was refused (nothing was imported), with what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from django.utils.translation import gettext as _

from mostra.core.cli_support import refuse, with_django, workspace_option, workspace_required
from mostra.strategy import networks

competitor_option = click.option(
    "--competitor",
    is_flag=True,
    help="The account is a competitor's (compared with yours, never published to).",
)
handle_option = click.option(
    "--handle",
    metavar="HANDLE",
    help="The account's handle, when the file does not name it.",
)
path_argument = click.argument("path", metavar="PATH", type=click.Path(path_type=Path))


@click.group(name="import")
def import_group() -> None:
    """Import an account's history: X or Mastodon archives, Bluesky repositories, and
    Facebook, Instagram or LinkedIn analytics exports.

    Importing the same file twice changes nothing. How to get each file from each
    network: docs/imports.md.

    \b
    Example:
        mostra import x-archive twitter-2026.zip --workspace demo
        mostra import x-archive concurrent.zip --workspace demo --competitor
        mostra import csv posts.csv --network facebook --workspace demo
    """


def _run(kind: str, path: Path, slug: str, **options: Any) -> None:
    from mostra.analytics.importers import ImportRefused, run_import

    workspace = workspace_option(slug, changing=True)
    try:
        result = run_import(workspace, kind, path, filename=path.name, **options)
    except ImportRefused as exc:
        refuse(_("%(file)s was not imported; nothing changed: %(problem)s")
               % {"file": path, "problem": exc.message})  # fmt: skip
    for line in summary_lines(result, path.name, workspace.slug):
        click.echo(line)


def summary_lines(result: Any, filename: str, slug: str) -> list[str]:
    """What the import did, as the command prints it (translated)."""
    from mostra.strategy.catalogue import network_label

    account = result.account
    counts = result.counts
    role = _("a competitor") if account.is_competitor else _("your own account")
    lines = [
        _("Imported %(file)s into %(slug)s: %(network)s account %(handle)s (%(role)s).")
        % {
            "file": filename,
            "slug": repr(slug),
            "network": network_label(account.network),
            "handle": account.handle,
            "role": role,
        },
        "  "
        + _("posts: %(posts)s (originals %(originals)s, replies %(replies)s, reposts %(reposts)s)")
        % counts,
        "  " + _("new: %(new)s, updated: %(updated)s, unchanged: %(unchanged)s") % counts,
        "  " + _("follower counts: %(snapshots)s") % counts,
    ]
    if "likes_given" in counts:
        lines.append("  " + _("likes given: %(likes_given)s") % counts)
    if result.unknown_columns:
        lines.append(
            "  "
            + _("unknown columns, not imported: %(columns)s")
            % {"columns": ", ".join(result.unknown_columns)}
        )
    if result.ignored_columns:
        lines.append(
            "  "
            + _("known columns mostra does not store: %(columns)s")
            % {"columns": ", ".join(result.ignored_columns)}
        )
    lines.extend("  " + _("Note: %(text)s") % {"text": notice} for notice in result.notices)
    return lines


def _command(name: str, kind: str, doc: str) -> Callable[..., None]:
    @import_group.command(name=name, help=doc)
    @path_argument
    @workspace_required
    @competitor_option
    @handle_option
    @with_django
    def command(path: Path, slug: str, competitor: bool, handle: str | None) -> None:
        _run(kind, path, slug, competitor=competitor, handle=handle)

    return command


x_archive_command = _command(
    "x-archive",
    "x-archive",
    """Import an X (Twitter) archive: its folder, its zip, or its data/tweets.js.

    Retweets are told by their "RT @" start, replies by the tweet they answer. The
    archive gives likes and reposts per post, no replies received and no impressions.

    \b
    Example:
        mostra import x-archive twitter-2026-01-01.zip --workspace demo
        mostra import x-archive data/tweets.js --workspace demo --handle fromagerie
    """,
)

mastodon_archive_command = _command(
    "mastodon-archive",
    "mastodon-archive",
    """Import a Mastodon archive: the .tar.gz as downloaded, or its outbox.json.

    Posts and replies from Create activities, boosts from Announce ones; likes and
    boosts received when the archive has them (recent Mastodon versions).

    \b
    Example:
        mostra import mastodon-archive archive-20260101.tar.gz --workspace demo
        mostra import mastodon-archive outbox.json --workspace demo --handle me@instance
    """,
)

bluesky_car_command = _command(
    "bluesky-car",
    "bluesky-car",
    """Import a Bluesky repository (the .car file of Settings → Export my data).

    Posts, replies and reposts, and the number of likes given. A repository has no
    likes or reposts received: connect the account to collect them.

    \b
    Example:
        mostra import bluesky-car repo.car --workspace demo --handle fromagerie.bsky.social
    """,
)


@import_group.command(name="csv")
@path_argument
@click.option(
    "--network",
    required=True,
    type=click.Choice(networks.having("export_hosts")),
    help="The network the export comes from.",
)
@workspace_required
@competitor_option
@handle_option
@with_django
def csv_command(path: Path, network: str, slug: str, competitor: bool, handle: str | None) -> None:
    """Import a Facebook, Instagram or LinkedIn analytics export (CSV or XLSX).

    Column names in English or French; unknown columns are listed, never guessed.
    LinkedIn's workbook may hold the posts and the followers sheets.

    \b
    Example:
        mostra import csv facebook-posts.csv --network facebook --workspace demo
        mostra import csv linkedin.xlsx --network linkedin --workspace demo --handle fromagerie
    """
    _run("csv", path, slug, network=network, competitor=competitor, handle=handle)
