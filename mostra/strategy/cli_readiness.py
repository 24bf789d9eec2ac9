"""``mostra strategy readiness``: is the strategy ready for a first post on a network?

``show`` prints each network's readiness (what is missing, what is "not known yet", the
owner's override, the address of the network's readiness page); ``override`` and
``revoke`` set and end an owner's override of the gate; ``not-known`` answers a question
"not known yet" with a note. They act through :mod:`mostra.strategy.services.readiness`
(the same rights, checks and audit log as the web app), as ``--as EMAIL`` or the
workspace's first owner. A refusal exits with status 2, nothing changed.
"""

from __future__ import annotations

import json
from typing import Any

import click

from mostra.core.cli_support import (
    acting_member,
    refuse,
    setup_django,
    table_or_json,
    workspace_option,
    workspace_required,
)

network_option = click.option(
    "--network", required=True, metavar="CODE", help="The network (instagram, facebook…)."
)
as_option = click.option(
    "--as",
    "email",
    metavar="EMAIL",
    help="Who acts (a member); default: the workspace's first owner.",
)


@click.group("readiness")
def readiness_group() -> None:
    """Whether the strategy answers every question before the first post on a network;
    an owner's override; answers "not known yet"."""


def _rows(workspace: Any, network: str | None) -> dict[str, dict[str, Any]]:
    from django.conf import settings
    from django.urls import reverse

    from mostra.strategy.checks.context import context_for_workspace
    from mostra.strategy.checks.readiness import READINESS_RULES, readiness, readiness_all
    from mostra.strategy.services.export import export_document

    doc, ctx = export_document(workspace), context_for_workspace(workspace)
    results = {network: readiness(doc, ctx, network)} if network else readiness_all(doc, ctx)
    base = settings.CONFIG.base_url.rstrip("/")  # the page's address, read outside a page
    rows = {}
    for code, result in results.items():
        override = result.override
        rows[code] = {
            "ready": result.ready,
            "missing": [f.message for f in result.missing],
            "not_known": [
                {
                    "question": str(READINESS_RULES.get(n.code, n.code)),
                    "code": n.code,
                    "note": n.note,
                }
                for n in result.not_known
            ],
            "override": (
                {
                    "reason": override.reason,
                    "by": override.by,
                    "at": override.at.isoformat() if override.at else None,
                }
                if override
                else None
            ),
            "url": base + reverse("strategy:readiness", args=[workspace.slug, code]),
        }
    return rows


def _network(code: str) -> str:
    from mostra.strategy import catalogue

    if code not in catalogue.NETWORKS:
        raise click.BadParameter(
            f"{code!r}: " + ", ".join(catalogue.NETWORKS), param_hint="--network"
        )
    return code


@readiness_group.command("show")
@workspace_required
@click.option("--network", metavar="CODE", help="Only this network.")
@table_or_json
def show_command(slug: str, network: str | None, fmt: str) -> None:
    """Each network's readiness: what is missing, what is not known yet, the override,
    and where to answer (the address of its page).

    \b
    Example:
        mostra strategy readiness show --workspace fromagerie --network tiktok
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.strategy import catalogue

    workspace = workspace_option(slug)
    rows = _rows(workspace, _network(network) if network else None)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for code, row in rows.items():
        if row["override"]:
            state = _("overridden")
        else:
            state = _("ready") if row["ready"] else _("not yet")
        click.echo(f"{catalogue.network_label(code)}: {state}")
        for message in row["missing"]:
            click.echo(f"  - {message}")
        for answer in row["not_known"]:
            click.echo("  ? " + _("%(question)s Not known yet: %(note)s") % answer)
        if row["override"]:
            click.echo(
                "  ! "
                + _("Overridden by %(who)s on %(when)s: %(reason)s")
                % {
                    "who": row["override"]["by"],
                    "when": row["override"]["at"],
                    "reason": row["override"]["reason"],
                }
            )
        click.echo("  " + row["url"])


def _act(slug: str, email: str | None) -> Any:
    workspace = workspace_option(slug, changing=True)
    return acting_member(workspace, email)


@readiness_group.command("override")
@workspace_required
@network_option
@click.option("--reason", required=True, metavar="TEXT", help="Why the posts may go out now.")
@as_option
def override_command(slug: str, network: str, reason: str, email: str | None) -> None:
    """Let the first post on a network through before every answer is given (owners).

    \b
    Example:
        mostra strategy readiness override --workspace fromagerie --network tiktok \\
            --reason "The launch cannot wait for the survey."
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.core.errors import DomainError
    from mostra.strategy import catalogue
    from mostra.strategy.services import readiness as service

    actor = _act(slug, email)
    try:
        service.override(actor, _network(network), reason)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("The readiness check of %(network)s is overridden: its first post may go out.")
        % {"network": catalogue.network_label(network)}
    )


@readiness_group.command("revoke")
@workspace_required
@network_option
@as_option
def revoke_command(slug: str, network: str, email: str | None) -> None:
    """End an owner's override: the readiness check applies again (owners)."""
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.core.errors import DomainError
    from mostra.strategy import catalogue
    from mostra.strategy.services import readiness as service

    actor = _act(slug, email)
    try:
        service.revoke_override(actor, _network(network))
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("The override of %(network)s is revoked: the readiness check applies again.")
        % {"network": catalogue.network_label(network)}
    )


@readiness_group.command("not-known")
@workspace_required
@network_option
@click.option(
    "--question",
    "code",
    required=True,
    metavar="CODE",
    help="The question's code: ready-mission-who, ready-mission-behaviour or "
    "ready-objective-incomplete.",
)
@click.option("--note", required=True, metavar="TEXT", help="What is awaited, and when.")
@as_option
def not_known_command(slug: str, network: str, code: str, note: str, email: str | None) -> None:
    """Answer a question "not known yet", with a note (owners and managers)."""
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.core.errors import DomainError
    from mostra.strategy import catalogue
    from mostra.strategy.services import readiness as service

    actor = _act(slug, email)
    try:
        service.set_not_known(actor, _network(network), code, note)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _("The answers for %(network)s are saved.") % {"network": catalogue.network_label(network)}
    )
