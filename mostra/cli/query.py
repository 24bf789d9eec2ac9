"""``mostra query``: the listening queries. ``check`` reads a query without a database
(its problem with the line and column, or its warnings); the workspace's stored queries
are added to this group by the listening app.

Exit status of ``check``: 0 when the query reads (warnings may be printed), 1 when it
does not (the place and the problem on the standard error).
"""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import setup_django


@click.group(name="query")
def query_group() -> None:
    """Listening queries: check one, and a workspace's stored queries (add, list,
    remove, match a file of items against them).

    \b
    Example:
        mostra query check '("atelier vélo" OR #réparation) NOT vente'
        mostra query add --workspace demo --name Vélo '"atelier vélo" lyon'
    """


def _pointer(text: str, line: int, column: int) -> str:
    """The query's line and a caret under the column."""
    lines = text.splitlines() or [""]
    shown = lines[min(line, len(lines)) - 1]
    return f"  {shown}\n  {' ' * (column - 1)}^"


@query_group.command(name="check")
@click.argument("query", metavar="QUERY")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: {valid, read_as, error, warnings: [{code, line, column, message}]}.",
)
def check_command(query: str, output_format: str) -> None:
    """Check a listening query: how it reads, or where and why it does not.

    Prints how the query is read (parentheses show what goes with what) and each
    warning with its line and column. Exit status 0 when the query reads, 1 with the
    line, the column and the problem when it does not. The syntax is in
    docs/listening.md ("Queries").

    \b
    Example:
        mostra query check '"atelier vélo" NEAR/3 (lyon OR villeurbanne) lang:fr'
        mostra query check 'acme AND (panne OR bug' --format json
    """
    setup_django()  # Settings and translations only: checking makes no query.
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from mostra.listening.query import QuerySyntaxError, lint, parse

    try:
        tree = parse(query)
    except QuerySyntaxError as exc:
        if output_format == "json":
            click.echo(json.dumps({"valid": False, "error": exc.as_dict()}, ensure_ascii=False))
        else:
            click.echo(
                _("Error at line %(line)d, column %(column)d: %(problem)s")
                % {"line": exc.line, "column": exc.column, "problem": exc.message},
                err=True,
            )
            click.echo(_pointer(query, exc.line, exc.column), err=True)
        raise SystemExit(1) from None
    warnings = lint(query)
    if output_format == "json":
        payload = {
            "valid": True,
            "read_as": str(tree),
            "warnings": [w.as_dict() for w in warnings],
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    click.echo(_("The query reads as: %(tree)s") % {"tree": tree})
    for warning in warnings:
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
        ngettext("%(n)d warning.", "%(n)d warnings.", len(warnings)) % {"n": len(warnings)}
        if warnings
        else _("No warning.")
    )


def _add_workspace_commands() -> None:
    from mostra.listening.cli_query import COMMANDS

    for command in COMMANDS:
        query_group.add_command(command)


_add_workspace_commands()
