"""``mostra ambassadors``: the programme's roster from the command line.

The same services, rights and audit entries as the pages: a command acts as the
workspace's first owner unless ``--as``. Exit status 2 when refused (nothing changed).
"""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import refuse, with_django


@click.group(name="ambassadors")
def ambassadors_group() -> None:
    """Ambassador and influencer programmes: the roster and its members' posts.

    \b
    Example:
        mostra ambassadors import roster.csv --workspace demo
        mostra ambassadors list --workspace demo --format json
    """


AS_HELP = "Act as this member (default: first owner)."


@ambassadors_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--as", "as_email", metavar="EMAIL", help=AS_HELP)
@with_django
def import_command(file: str, slug: str, as_email: str | None) -> None:
    """Import the roster from a CSV FILE: one line per account.

    \b
    Columns (English or French): name, kind (ambassador|influencer), network, handle,
    followers, paid (yes|gift|no); optional email, relationship, targets (the
    strategy's keys separated by ;), consent (the day, then how: 2026-03-01 signed form).
    The lines with the same name make one member. All or nothing: each problem is
    printed with its line (exit status 2, nothing imported). Importing again updates
    the members and accounts the file names.
    """
    from django.utils.translation import gettext as _

    from mostra.ambassadors.services.members_import import ImportRefused, import_roster
    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError

    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    with open(file, "rb") as fh:
        raw = fh.read()
    try:
        result = import_roster(actor, raw)
    except ImportRefused as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        refuse(_("nothing was imported: correct the lines above and import the file again."))
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _(
            "Roster imported: %(created)d members added, %(updated)d updated; "
            "%(added)d accounts added, %(accounts_updated)d updated."
        )
        % {
            "created": result.members_created,
            "updated": result.members_updated,
            "added": result.accounts_added,
            "accounts_updated": result.accounts_updated,
        }
    )


@ambassadors_group.command(name="list")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@with_django
def list_command(slug: str, fmt: str) -> None:
    """Each member with their accounts, tier and programme figures (posts tracked,
    reach, engagements)."""
    from django.utils.translation import gettext as _

    from mostra.ambassadors.services.roster import roster
    from mostra.core.cli_support import echo_table, workspace_option

    workspace = workspace_option(slug)
    found = roster(workspace)
    if fmt == "json":
        members = [
            {
                "name": row.member.name,
                "kind": row.member.kind,
                "relationship": row.member.relationship,
                "compensation": row.member.compensation,
                "consent_at": row.member.consent_at.isoformat() if row.member.consent_at else None,
                "targets": [t.key for t in row.targets],
                "active": row.member.active,
                "tier": row.tier.value if row.tier else None,
                "accounts": [
                    {
                        "network": a.account.network,
                        "handle": a.account.handle,
                        "profile_url": a.account.profile_url,
                        "followers": a.account.followers,
                        "tier": a.tier.value if a.tier else None,
                    }
                    for a in row.accounts
                ],
                "posts_tracked": row.figures.posts,
                "reach": row.figures.reach,
                "engagements": row.figures.engagements,
            }
            for row in found.rows
        ]
        click.echo(json.dumps({"members": members}, ensure_ascii=False, indent=2))
        return
    if not found.rows:
        click.echo(
            _("No member yet: add them on the roster page or with mostra ambassadors import.")
        )
        return
    rows = []
    for row in found.rows:
        accounts = ", ".join(
            f"{a.network_label} {a.handle} ({_none(a.account.followers)}"
            + (f", {a.tier.label}" if a.tier else "")
            + ")"
            for a in row.accounts
        )
        rows.append(
            [
                row.member.name,
                str(row.member.get_kind_display()),
                str(row.member.get_compensation_display()),
                accounts or "—",
                str(row.figures.posts),
                _none(row.figures.reach),
                _none(row.figures.engagements),
            ]
        )
    echo_table(
        [
            _("name"),
            _("kind"),
            _("compensation"),
            _("accounts"),
            _("posts tracked"),
            _("reach"),
            _("engagements"),
        ],
        rows,
    )


def _none(value: int | None) -> str:
    return "—" if value is None else str(value)
