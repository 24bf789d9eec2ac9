"""``mostra listen source``: the listening's sources from the command line.

The same services, rights and audit entries as the Sources page
(:mod:`mostra.listening.services`): the command acts as the workspace's first owner
unless ``--as``. Exit status 2 when a value is refused (nothing changed then), 1 when
``poll`` met a source it could not read.
"""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import echo_table, refuse, with_django
from mostra.listening.cli_firehose import firehose_command
from mostra.listening.cli_import import import_command


@click.group(name="listen")
def listen_group() -> None:
    """Listening: the sources mostra reads for what is said about you.

    \b
    Example:
        mostra listen source add --workspace demo feed https://www.example.org/feed.xml
        mostra listen source list --workspace demo
        mostra listen source poll --workspace demo
    """


listen_group.add_command(import_command)
listen_group.add_command(firehose_command)


@listen_group.group(name="source")
def source_group() -> None:
    """Add, list and read a workspace's sources (feeds, news searches, communities)."""


@source_group.command(name="add")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.argument("kind", metavar="KIND")
@click.argument("value", metavar="VALUE")
@click.option(
    "--param",
    "params",
    metavar="KEY=VALUE",
    multiple=True,
    help="Another value of the kind, e.g. --param language=en for google_news.",
)
@click.option("--name", default="", help="The source's name (default: from its address).")
@click.option("--every", "interval", type=int, help="Read it every N minutes (5 to 1440).")
@click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
@with_django
def add_command(
    slug: str,
    kind: str,
    value: str,
    params: tuple[str, ...],
    name: str,
    interval: int | None,
    as_email: str | None,
) -> None:
    """Add a source of KIND; VALUE is what the kind asks first: a feed's address (feed,
    google_alerts), search words (google_news), a subreddit (reddit), a channel id
    (youtube). Prints the new source's id.

    \b
    Example:
        mostra listen source add --workspace demo google_news '"atelier vélo" Lyon'
        mostra listen source add --workspace demo reddit bikewrench --every 30
    """
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening import kinds
    from mostra.listening.services import sources

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    known = kinds.get(kind)
    if known is None:
        raise click.BadParameter(
            _("unknown kind %(kind)s: choose one of %(kinds)s.")
            % {"kind": repr(kind), "kinds": ", ".join(kinds.KINDS)},
            param_hint="KIND",
        )
    values = {known.fields[0].name: value}
    for param in params:
        key, sep, val = param.partition("=")
        if not sep:
            raise click.BadParameter(_("write it KEY=VALUE."), param_hint="--param")
        values[key.strip()] = val
    try:
        source = sources.add_source(actor, kind, values, name=name, interval_minutes=interval)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("Source %(id)s added: %(name)s (%(url)s).")
        % {"id": source.pk, "name": source.name, "url": source.url}
    )


@source_group.command(name="list")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: one object per source, with its health.",
)
@with_django
def list_command(slug: str, fmt: str) -> None:
    """List a workspace's sources with their health: last reading, last failure in
    words, next reading."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.listening.models import Source

    workspace = workspace_option(slug)
    rows = list(Source.objects.filter(workspace=workspace).order_by("name", "id"))
    data = [
        {
            "id": s.pk,
            "kind": s.kind,
            "name": s.name,
            "url": s.url,
            "enabled": s.enabled,
            "interval_minutes": s.interval_minutes,
            "last_fetch_at": s.last_fetch_at.isoformat() if s.last_fetch_at else None,
            "last_success_at": s.last_success_at.isoformat() if s.last_success_at else None,
            "last_error": s.last_error,
            "last_error_text": s.error_text,
            "consecutive_failures": s.consecutive_failures,
            "next_poll_at": s.next_poll_at.isoformat() if s.next_poll_at else None,
            "items_stored": s.items_stored,
        }
        for s in rows
    ]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data:
        click.echo(_("No source."))
        return
    echo_table(
        [_("id"), _("kind"), _("name"), _("last reading"), _("items"), _("health")],
        [
            [
                str(d["id"]),
                str(d["kind"]),
                str(d["name"]),
                str(d["last_fetch_at"] or "—"),
                str(d["items_stored"]),
                (_("paused") if not d["enabled"] else str(d["last_error_text"] or _("OK"))),
            ]
            for d in data
        ],
    )


@source_group.command(name="poll")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--source", "source_ids", type=int, multiple=True, help="Only this source (repeat).")
@click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
@with_django
def poll_command(slug: str, source_ids: tuple[int, ...], as_email: str | None) -> None:
    """Read the workspace's enabled sources now (or those named by --source), whatever
    their next reading; prints what each gave. Exit status 1 when one could not be read.

    \b
    Example:
        mostra listen source poll --workspace demo --source 3
    """
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.models import Source
    from mostra.listening.services import polling

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    ids = list(source_ids) or list(
        Source.objects.filter(workspace=workspace, enabled=True)
        .order_by("name", "id")
        .values_list("pk", flat=True)
    )
    if not ids:
        click.echo(_("No enabled source to read."))
        return
    failed = False
    for source_id in ids:
        try:
            result = polling.poll_now(actor, source_id, now=timezone.now())
        except DomainError as exc:
            refuse(exc.message)
        if not result.ok:
            failed = True
            click.echo(
                _("Source %(id)s: %(error)s") % {"id": source_id, "error": result.error_text}
            )
        elif result.not_modified:
            click.echo(_("Source %(id)s: nothing new.") % {"id": source_id})
        else:
            click.echo(
                _("Source %(id)s: %(count)s new items.") % {"id": source_id, "count": result.stored}
            )
    if failed:
        raise SystemExit(1)
