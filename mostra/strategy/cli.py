"""``mostra strategy``: the strategy as a YAML file (export, import, lint).

The format is described in docs/strategy-file.md. Exit status: 0 when the command did
its work, 2 when the file cannot be read, does not match the format or cannot be
imported (nothing was imported), and, for ``lint``, 1 when the strategy has an error.
"""

from __future__ import annotations

import json
import shlex
from typing import TYPE_CHECKING, Any, NoReturn

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.cli_support import (
    output_option,
    owner_option,
    refuse,
    refuse_if_archived,
    setup_django,
    with_django,
    workspace_option,
    workspace_required,
    write_output,
)

if TYPE_CHECKING:
    from mostra.strategy.yaml_io import FileProblem, Locator

#: The role proposed to invite an objective's owner who is not a member yet: the one the
#: web app's invitation form proposes.
INVITED_ROLE = "editor"


def _refuse_file(path: str, problem: FileProblem) -> NoReturn:
    refuse(_("%(file)s cannot be used:") % {"file": path} + "\n" + problem.message)


def _by_line(item: tuple[int | None, Any, str]) -> int:
    return item[0] or 0


def _read(path: str) -> tuple[Any, Locator]:
    """The document in ``path`` and where its parts are, or exit 2 with the problem."""
    from mostra.strategy import yaml_io

    try:
        return yaml_io.load_located(yaml_io.read_file(path))
    except yaml_io.FileProblem as problem:
        _refuse_file(path, problem)


@click.group(name="strategy")
def strategy_group() -> None:
    """The strategy as a YAML file: export it, import it, check it.

    The file format is described in docs/strategy-file.md.

    \b
    Example:
        mostra strategy export --workspace demo -o strategy.yaml
        mostra strategy lint strategy.yaml
        mostra strategy import strategy.yaml --workspace demo
    """


@strategy_group.command(name="export")
@workspace_required
@output_option
@with_django
def export_command(slug: str, output: str) -> None:
    """Write a workspace's whole strategy as a YAML file.

    Exporting, importing the file, then exporting again gives the same bytes.

    \b
    Example:
        mostra strategy export --workspace demo
        mostra strategy export --workspace demo -o strategy.yaml
    """
    from mostra.strategy import yaml_io
    from mostra.strategy.services.export import export_document

    text = yaml_io.dump(export_document(workspace_option(slug)))
    write_output(output, text)
    if output == "-":
        return
    click.echo(
        _("Strategy of %(slug)s written to %(file)s.") % {"slug": repr(slug), "file": output},
        err=True,
    )


@strategy_group.command(name="import")
@click.argument("file", metavar="FILE")
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="The workspace to import into; by default the one the file names, "
    "created when it does not exist.",
)
@click.option(
    "--owner",
    "owner_email",
    metavar="EMAIL",
    help="Who owns the workspace when the import creates it (default: the administrator, "
    "the first superuser); ignored when the workspace exists.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_command(file: str, slug: str | None, owner_email: str | None, as_json: bool) -> None:
    """Make a workspace's strategy exactly the file's (- reads the standard input).

    Creates what is new, updates what changed, and deletes what the file no longer
    lists: the file is the whole strategy. All or nothing: on any problem nothing is
    imported and the exit status is 2, with the line and the problem. The workspace's
    own name and time zone are not changed.

    When the workspace the file names does not exist, it is created from the file's
    workspace block (name, short name, time zone, language), owned by --owner. The
    objectives' owners who are not members yet are listed with the command that
    invites them: each becomes the owner of their objectives on joining.

    \b
    Example:
        mostra strategy import strategy.yaml
        mostra strategy import strategy.yaml --owner me@example.org
        mostra strategy import strategy.yaml --workspace fromagerie
    """
    from mostra.core.errors import DomainError

    setup_django()
    doc, locator = _read(file)
    from mostra.core.models import Workspace
    from mostra.strategy.services.file import ImportRefused, import_document
    from mostra.strategy.services.new_workspace import import_into_new_workspace

    if slug is not None:
        workspace: Workspace | None = workspace_option(slug, changing=True)
    elif doc.workspace is None:
        raise click.UsageError(_("the file names no workspace: choose one with --workspace SLUG."))
    else:
        workspace = Workspace.objects.filter(slug=doc.workspace.slug).first()
        if workspace is not None:
            refuse_if_archived(workspace)
    created = workspace is None
    try:
        if workspace is None:
            workspace, summary = import_into_new_workspace(owner_option(owner_email), doc)
        else:
            summary = import_document(None, workspace, doc)
    except ImportRefused as exc:
        from mostra.strategy.yaml_io import format_path

        located = sorted(((locator.line(p), p, m) for p, m in exc.problems), key=_by_line)
        refuse(
            _("%(file)s was not imported; nothing changed:") % {"file": file}
            + "\n"
            + "\n".join(
                (_("line %(line)s: ") % {"line": line} if line else "")
                + f"{format_path(path)}: {message}"
                for line, path, message in located
            )
        )
    except DomainError as exc:
        refuse(exc.message)
    if as_json:
        data = {"workspace": workspace.slug, "workspace_created": created, **summary.as_dict()}
        for person in data["to_invite"]:
            person["command"] = invite_command(person["email"], workspace.slug)
        click.echo(json.dumps(data, indent=2))
        return
    if created:
        owner = workspace.memberships.owners().select_related("user").get().user
        click.echo(
            _("Created the workspace %(slug)s (%(name)s), owned by %(owner)s.")
            % {"slug": repr(workspace.slug), "name": workspace.name, "owner": owner.email}
        )
    if summary.changed:
        click.echo(
            _("Imported %(file)s into %(slug)s:") % {"file": file, "slug": repr(workspace.slug)}
        )
    else:
        click.echo(
            _("Nothing changed: %(slug)s already has the strategy of %(file)s.")
            % {"slug": repr(workspace.slug), "file": file}
        )
    for line in summary.lines():
        click.echo(f"  {line}")
    _echo_to_invite(summary.to_invite, workspace.slug)


def invite_command(email: str, slug: str) -> str:
    """The command that invites ``email`` into the workspace ``slug``, ready to paste."""
    return f"mostra members invite {shlex.quote(email)} --workspace {slug} --role {INVITED_ROLE}"


def _echo_to_invite(to_invite: dict[str, list[str]], slug: str) -> None:
    """The objectives' owners who are not members yet, and the command inviting each one."""
    if not to_invite:
        return
    click.echo(
        _(
            "Objective owners who are not members of %(slug)s yet (each becomes the owner "
            "of their objectives on joining):"
        )
        % {"slug": repr(slug)}
    )
    for email, objectives in to_invite.items():
        click.echo(f"  {email} ({', '.join(objectives)})")
        click.echo(f"    {invite_command(email, slug)}")
    click.echo(
        _(
            "Invite them with these commands (choose another --role if needed); there is no "
            "need to import the file again once they have joined."
        )
    )


@strategy_group.command(name="lint")
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: a list of {code, severity, message, ref}.",
)
def lint_command(file: str, output_format: str) -> None:
    """Check a strategy file's coherence, without a database.

    Exit status: 0 when there is no error (warnings and advice may be printed), 1 when
    there is at least one error, 2 when the file cannot be read or does not match the
    format (with the line and the problem). The rule codes are those of
    mostra.strategy.checks.lint.RULES (see docs/strategy-file.md).

    \b
    Example:
        mostra strategy lint strategy.yaml
        mostra strategy lint strategy.yaml --format json
    """
    setup_django()  # Settings and translations only: the lint makes no query.
    doc, _locator = _read(file)
    from mostra.strategy.checks import CheckContext
    from mostra.strategy.checks.lint import lint

    findings = lint(doc, CheckContext())
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        code_width = max((len(f.code) for f in findings), default=0)
        ref_width = max((len(f.ref or "-") for f in findings), default=0)
        for f in findings:
            click.echo(
                f"{f.severity:<7}  {f.code:<{code_width}}  {f.ref or '-':<{ref_width}}  {f.message}"
            )
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning")}
        advice = len(findings) - counts["error"] - counts["warning"]
        click.echo(
            ", ".join(
                (
                    ngettext("%(n)d error", "%(n)d errors", counts["error"])
                    % {"n": counts["error"]},
                    ngettext("%(n)d warning", "%(n)d warnings", counts["warning"])
                    % {"n": counts["warning"]},
                    ngettext("%(n)d piece of advice", "%(n)d pieces of advice", advice)
                    % {"n": advice},
                )
            )
            if findings
            else _("No findings: the strategy is coherent.")
        )
    if any(f.severity == "error" for f in findings):
        raise SystemExit(1)


# ``mostra strategy readiness …``: the readiness gate per network (its own module).
from mostra.strategy.cli_readiness import readiness_group  # noqa: E402

strategy_group.add_command(readiness_group)
