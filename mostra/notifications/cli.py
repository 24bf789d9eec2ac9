"""``mostra notifications``: a person's notifications from the command line.

The same rows and words as the notifications page (:mod:`mostra.notifications.texts`),
in the command's language; ``--format json`` for scripts. Exit status 2 on an unknown
person or workspace, or a workspace the person is not a member of.
"""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import echo_table, refuse, with_django


@click.group(name="notifications")
def notifications_group() -> None:
    """What mostra told a person: approvals, mentions, publications...

    \b
    Example:
        mostra notifications list --user bob@example.org --workspace fromagerie --unread
    """


@notifications_group.command(name="list")
@click.option("--user", "email", metavar="EMAIL", required=True, help="Whose notifications.")
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="Only this workspace's (default: every workspace the person is a member of).",
)
@click.option("--unread", is_flag=True, help="Only those not read yet.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: one object per notification (id, workspace, kind, post, text, read...).",
)
@click.option("--limit", default=100, show_default=True, help="At most this many, newest first.")
@with_django
def list_command(email: str, slug: str | None, unread: bool, fmt: str, limit: int) -> None:
    """List a person's notifications, newest first: kind, post id and text."""
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import workspace_option
    from mostra.core.models import Membership, User
    from mostra.notifications import texts
    from mostra.notifications.models import Notification

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        refuse(_("Nobody has the address %(email)s.") % {"email": email})
    rows = Notification.objects.filter(recipient=user)
    if slug is not None:
        workspace = workspace_option(slug)
        if not Membership.objects.filter(workspace=workspace, user=user).exists():
            refuse(
                _("%(email)s is not a member of %(slug)s.")
                % {"email": email, "slug": repr(workspace.slug)}
            )
        rows = rows.filter(workspace=workspace)
    else:
        rows = rows.filter(workspace__memberships__user=user)
    if unread:
        rows = rows.unread()
    items = list(
        rows.select_related("post", "workspace").order_by("-created_at", "-id")[: max(limit, 0)]
    )
    data = [
        {
            "id": n.pk,
            "workspace": n.workspace.slug,
            "kind": n.kind,
            "post": n.post_id,
            "text": texts.text(n),
            "quote": texts.quote(n),
            "link": texts.absolute(texts.path(n)),
            "created_at": n.created_at.isoformat(),
            "read": n.read_at is not None,
        }
        for n in items
    ]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data:
        click.echo(_("No notification."))
        return
    echo_table(
        [_("id"), _("workspace"), _("kind"), _("post"), _("read"), _("text")],
        [
            [
                str(d["id"]),
                str(d["workspace"]),
                str(d["kind"]),
                str(d["post"] or "—"),
                _("yes") if d["read"] else _("no"),
                str(d["text"]),
            ]
            for d in data
        ],
    )
