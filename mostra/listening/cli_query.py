"""``mostra query add|list|remove|match``: a workspace's stored listening queries.

The same services, rights and audit entries as the Queries page
(:mod:`mostra.listening.services.queries`): the command acts as the workspace's first
owner unless ``--as``. Exit status 2 when a value is refused (nothing changed then).
``match`` stores nothing: it prints which stored queries each item of a file matches.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from mostra.core.cli_support import echo_table, refuse, with_django

AS_OPTION = click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
WORKSPACE_OPTION = click.option(
    "--workspace", "slug", metavar="SLUG", required=True, help="The workspace."
)
GROUPS = ["brand", "competitor", "topic", "campaign"]


def _caret(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [""]
    shown = lines[min(line, len(lines)) - 1]
    return f"  {shown}\n  {' ' * (column - 1)}^"


@click.command(name="add")
@WORKSPACE_OPTION
@click.option("--name", required=True, help="The query's name, unique in the workspace.")
@click.option("--group", type=click.Choice(GROUPS), default="brand", show_default=True)
@click.argument("query", metavar="QUERY")
@AS_OPTION
@with_django
def add_command(slug: str, name: str, group: str, query: str, as_email: str | None) -> None:
    """Store a query in a workspace: new mentions are matched against it, and so are the
    last 30 days' at once. A query that does not read is refused with its line and
    column (exit status 2); warnings are printed and do not stop it.

    \b
    Example:
        mostra query add --workspace demo --name Vélo --group topic '"atelier vélo" lyon'
    """
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.services import queries

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    try:
        saved = queries.add_query(actor, name=name, text=query, group=group)
    except queries.QueryInvalid as exc:
        click.echo(_caret(query, exc.error.line, exc.error.column), err=True)
        refuse(exc.message)
    except DomainError as exc:
        refuse(exc.message)
    for warning in saved.warnings:
        click.echo(
            _("Warning at line %(line)d, column %(column)d: %(problem)s [%(code)s]")
            % {
                "line": warning.line,
                "column": warning.column,
                "problem": warning.message,
                "code": warning.code,
            }
        )
    click.echo(
        _("Query %(id)s added: %(name)s; it matches %(n)s mentions of the last 30 days.")
        % {"id": saved.query.pk, "name": saved.query.name, "n": saved.matched}
    )


@click.command(name="list")
@WORKSPACE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: one object per query (id, name, group, text, mentions).",
)
@with_django
def list_command(slug: str, fmt: str) -> None:
    """List a workspace's queries by group, with how many mentions each matched."""
    from django.db.models import Count
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.listening.models import ListeningQuery

    workspace = workspace_option(slug)
    rows = ListeningQuery.objects.filter(workspace=workspace).annotate(n=Count("mentions"))
    data = [
        {"id": q.pk, "name": q.name, "group": q.group, "text": q.text, "mentions": q.n}
        for q in rows.order_by("group", "name")
    ]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data:
        click.echo(_("No query."))
        return
    echo_table(
        [_("id"), _("group"), _("name"), _("mentions"), _("query")],
        [
            [str(d["id"]), str(d["group"]), str(d["name"]), str(d["mentions"]), str(d["text"])]
            for d in data
        ],
    )


@click.command(name="remove")
@WORKSPACE_OPTION
@click.argument("name", metavar="NAME")
@AS_OPTION
@with_django
def remove_command(slug: str, name: str, as_email: str | None) -> None:
    """Remove a workspace's query by its name (the mentions stay, without its matches)."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.services import queries

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    try:
        removed = queries.delete_query(actor, name=name)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(_("Query %(name)s removed.") % {"name": removed})


def _item(line: str, number: int) -> tuple[Any, Any]:
    """The FetchedItem of one line of the file, or exit status 2 naming the line."""
    from django.utils.translation import gettext as _

    from mostra.listening.items import FetchedItem

    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError(_("not a JSON object"))
        if "id" not in data or not isinstance(data.get("text"), str):
            raise ValueError(_("an object needs an id and a text"))
        texts = {k: data.get(k) for k in ("title", "author", "url", "lang", "country")}
        for key, value in texts.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(_("%(field)s must be a string") % {"field": key})
        created = data.get("created_at")
        published = dt.datetime.fromisoformat(created) if created else None
    except (ValueError, TypeError) as exc:
        refuse(_("line %(n)d: %(problem)s.") % {"n": number, "problem": exc})
    item = FetchedItem(
        guid=str(data["id"]),
        text=data["text"],
        published_at=published,
        title=texts["title"],
        author=texts["author"],
        url=texts["url"],
        lang=texts["lang"],
        country=texts["country"],
    )
    return data["id"], item


@click.command(name="match")
@WORKSPACE_OPTION
@click.argument("file", metavar="FILE.jsonl", type=click.File("r", encoding="utf-8"))
@with_django
def match_command(slug: str, file: Any) -> None:
    """Which of a workspace's stored queries match each item of FILE.jsonl (one JSON
    object a line: id, text, and optionally title, author, url, lang, country,
    created_at); prints {"id": …, "queries": [names…]} per matched item and stores
    nothing. A line that cannot be read: exit status 2 with its number.

    \b
    Example:
        mostra query match --workspace demo posts.jsonl
    """
    from mostra.core.cli_support import workspace_option
    from mostra.listening.models import ListeningQuery
    from mostra.listening.query.document import Document
    from mostra.listening.services import matching

    workspace = workspace_option(slug)
    matcher = matching.matcher_for(workspace)
    names = dict(ListeningQuery.objects.filter(workspace=workspace).values_list("id", "name"))
    items = [_item(line, n) for n, line in enumerate(file, start=1) if line.strip()]
    for raw_id, item in items:
        found = matcher.match(Document.of(item))
        if found:
            matched = sorted(names[k] for k in found if k in names)
            click.echo(json.dumps({"id": raw_id, "queries": matched}, ensure_ascii=False))


COMMANDS = [add_command, list_command, remove_command, match_command]
