"""``mostra members``: invite people into a workspace and list its team, without the web app.

Inviting goes through the service the web app uses
(:func:`mostra.core.services.invitations.create_invitation`): the same rights (an owner
or manager invites; only an owner gives the owner role), the same single-use link, the
same audit entry, and the same e-mail, sent by the worker when SMTP is configured.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click
from django.utils.translation import gettext as _

from mostra.core.cli_support import (
    acting_member,
    echo_table,
    refuse,
    table_or_json,
    with_django,
    workspace_option,
    workspace_required,
)

if TYPE_CHECKING:
    from mostra.core.models import Invitation, Membership, Workspace

#: The roles' codes (:class:`mostra.core.models.Role`), known before Django is set up.
ROLES = ("owner", "manager", "editor", "contributor", "viewer")


@click.group(name="members")
def members_group() -> None:
    """A workspace's team: invite people, list the members and pending invitations.

    \b
    Example:
        mostra members invite camille@example.org --workspace fromagerie --role editor
        mostra members list --workspace fromagerie
    """


@members_group.command(name="invite")
@click.argument("email")
@workspace_required
@click.option(
    "--role",
    type=click.Choice(ROLES),
    required=True,
    help="What they may do: owner, manager (members, organisation, strategy), editor "
    "(content), contributor (drafts), viewer (read only).",
)
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="The owner or manager who invites (default: the workspace's first owner).",
)
@with_django
def invite_command(email: str, slug: str, role: str, as_email: str | None) -> None:
    """Invite someone into a workspace: print the invitation link, e-mail it with SMTP.

    The link is printed on the standard output (the rest on the standard error). It
    works once and expires after MOSTRA_INVITATION_DAYS days; it is built from
    MOSTRA_BASE_URL. When MOSTRA_SMTP_URL is set, the worker (mostra up or mostra
    worker) also e-mails it. Exit status 2, nobody invited, on an unknown workspace or
    member, a bad e-mail address or role, or someone already a member.

    \b
    Example:
        mostra members invite camille@example.org --workspace fromagerie --role editor
        mostra members invite dan@example.org --workspace fromagerie --role manager \\
            --as alice@example.org
    """
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from mostra.core.errors import DomainError
    from mostra.core.services.invitations import create_invitation, invitation_url

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise click.BadParameter(
            _("%(email)s is not an e-mail address.") % {"email": repr(email)},
            param_hint="EMAIL",
        ) from exc
    workspace = workspace_option(slug, changing=True)
    actor = acting_member(workspace, as_email)
    try:
        invitation, raw = create_invitation(actor, email=email, role=role)
    except DomainError as exc:
        refuse(exc.message)
    click.echo(
        _(
            "%(email)s is invited to %(slug)s with the role %(role)s; the link works once, until "
            "%(date)s:"
        )
        % {
            "email": email,
            "slug": repr(workspace.slug),
            "role": invitation.get_role_display(),
            "date": _local(invitation.expires_at, workspace),
        },
        err=True,
    )
    click.echo(invitation_url(raw))
    if settings.EMAIL_ENABLED:
        click.echo(
            _("The worker (mostra up or mostra worker) e-mails it to %(email)s.")
            % {"email": email},
            err=True,
        )
    else:
        click.echo(
            _("No e-mail is sent (MOSTRA_SMTP_URL is not set): send the link yourself."),
            err=True,
        )
    if not settings.CONFIG.base_url_explicit:
        click.echo(
            _(
                "The link starts with %(url)s, the default address: set MOSTRA_BASE_URL "
                "to the address people open mostra at."
            )
            % {"url": settings.CONFIG.base_url},
            err=True,
        )


def _local(moment: Any, workspace: Workspace) -> str:
    """A date and time in the workspace's time zone, as YYYY-MM-DD HH:MM."""
    import zoneinfo

    return moment.astimezone(zoneinfo.ZoneInfo(workspace.timezone)).strftime("%Y-%m-%d %H:%M")


def member_row(membership: Membership) -> dict[str, Any]:
    """One member as ``members list`` prints it."""
    return {
        "email": membership.user.email,
        "name": membership.user.name,
        "role": membership.role,
        "role_label": str(membership.get_role_display()),
        "is_approver": membership.is_approver,
        "is_sponsor": membership.is_sponsor,
        "joined_at": membership.joined_at.isoformat(),
    }


def invitation_row(invitation: Invitation) -> dict[str, Any]:
    """One pending invitation as ``members list`` prints it."""
    return {
        "email": invitation.email,
        "role": invitation.role,
        "role_label": str(invitation.get_role_display()),
        "is_approver": invitation.is_approver,
        "invited_by": invitation.created_by.email if invitation.created_by else None,
        "expires_at": invitation.expires_at.isoformat(),
    }


@members_group.command(name="list")
@workspace_required
@table_or_json
@with_django
def list_command(slug: str, fmt: str) -> None:
    """List a workspace's members with their role, and its pending invitations.

    \b
    Example:
        mostra members list --workspace fromagerie
        mostra members list --workspace fromagerie --format json
    """
    workspace = workspace_option(slug)
    members = [member_row(m) for m in workspace.memberships.by_rank()]
    pending = list(
        workspace.invitations.pending().select_related("created_by").order_by("created_at")
    )
    invitations = [invitation_row(i) for i in pending]
    if fmt == "json":
        data = {"workspace": workspace.slug, "members": members, "invitations": invitations}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    yes = _("yes")
    echo_table(
        [_("E-mail"), _("Name"), _("Role"), _("Approver")],
        [
            [m["email"], m["name"], m["role_label"], yes if m["is_approver"] else ""]
            for m in members
        ],
    )
    click.echo("")
    if not invitations:
        click.echo(_("No pending invitation."))
        return
    click.echo(_("Pending invitations:"))
    echo_table(
        [_("E-mail"), _("Role"), _("Invited by"), _("Expires")],
        [
            [
                i.email or _("(a link, no e-mail)"),
                str(i.get_role_display()),
                i.created_by.email if i.created_by else "",
                _local(i.expires_at, workspace),
            ]
            for i in pending
        ],
    )
