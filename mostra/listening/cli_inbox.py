"""``mostra inbox list``: the inbox from the command line, filtered as the page is
(:mod:`mostra.listening.services.inbox`), newest first."""

from __future__ import annotations

import json

import click

from mostra.core.cli_support import echo_table, refuse, with_django


@click.group(name="inbox")
def inbox_group() -> None:
    """The listening inbox: what is said about the workspace and to its accounts.

    \b
    Example:
        mostra inbox list --workspace demo --state new
        mostra inbox list --workspace demo --sentiment negative --format json
    """


@inbox_group.command(name="list")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option(
    "--state", default="", help="new, to_handle, handled or ignored (default: every state)."
)
@click.option("--sentiment", default="", help="positive, neutral or negative.")
@click.option("--network", default="", help="bluesky, mastodon, feed, reddit…")
@click.option("--tag", default="", help="A tag's name.")
@click.option("--assigned", default="", help="me, anyone, nobody, or a member's user id.")
@click.option("--search", "q", default="", help="Words in the text, title or author.")
@click.option("--since", default="", help="From this date on (YYYY-MM-DD).")
@click.option("--duplicates", is_flag=True, help="Show near-duplicates too (folded otherwise).")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json: one object per mention, with its queries, tags, notes and state.",
)
@click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
@with_django
def list_command(
    slug: str,
    state: str,
    sentiment: str,
    network: str,
    tag: str,
    assigned: str,
    q: str,
    since: str,
    duplicates: bool,
    limit: int,
    fmt: str,
    as_email: str | None,
) -> None:
    """List the workspace's mentions, newest first; exit status 2 on a filter it cannot
    read.

    \b
    Example:
        mostra inbox list --workspace demo --state new --format json
    """
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.services import response
    from mostra.listening.services.inbox import InboxFilter, as_data, mentions

    workspace = workspace_option(slug)
    membership = acting_member(workspace, as_email)
    try:
        given = InboxFilter.parse(
            {
                "state": state,
                "sentiment": sentiment,
                "network": network,
                "tag": tag,
                "assigned": assigned,
                "q": q,
                "since": since,
                "duplicates": "1" if duplicates else "",
            }
        )
    except DomainError as exc:
        refuse(exc.message)
    before = response.overdue_since(workspace, timezone.now())
    data = [as_data(m, before) for m in mentions(membership, given)[:limit]]
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    if not data:
        click.echo(_("No mention."))
        return
    echo_table(
        [_("id"), _("date"), _("network"), _("author"), _("state"), _("sentiment"), _("text")],
        [
            [
                str(d["id"]),
                str(d["published_at"] or d["fetched_at"])[:16],
                str(d["network"]),
                str(d["author"] or "—"),
                str(d["state"]) + (" !" if d["overdue"] else ""),
                str(d["sentiment_label"] or "—"),
                " ".join(str(d["title"] or d["text"]).split())[:60],
            ]
            for d in data
        ],
    )


@inbox_group.command(name="reply")
@click.option("--workspace", "slug", metavar="SLUG", required=True, help="The workspace.")
@click.option("--mention", "mention_id", type=int, required=True, help="The mention's id.")
@click.option(
    "--account",
    metavar="HANDLE",
    default="",
    help="The connected account to reply with (may be omitted when there is one).",
)
@click.option(
    "--as", "as_email", metavar="EMAIL", help="Act as this member (default: first owner)."
)
@click.argument("text")
@with_django
def reply_command(
    slug: str, mention_id: int, account: str, as_email: str | None, text: str
) -> None:
    """Reply to a Bluesky or Mastodon mention: charter-checked, approved first when the
    workspace's policy asks, then published once by the worker (``mostra worker``).
    Prints the reply's state; exit status 2 when refused (nothing written).

    \b
    Example:
        mostra inbox reply --workspace demo --mention 42 --account atelier.bsky.social "Merci !"
    """
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import acting_member, workspace_option
    from mostra.core.errors import DomainError
    from mostra.listening.services import replies

    workspace = workspace_option(slug, changing=True)
    membership = acting_member(workspace, as_email)
    try:
        reply = replies.send_reply(membership, mention_id, text, account or None)
    except DomainError as exc:
        refuse(exc.message)
    [shown] = [r for r in replies.replies_of([mention_id])[mention_id] if r.id == reply.pk]
    click.echo(
        _("Reply %(id)s from %(account)s: %(state)s (post %(post)s).")
        % {"id": shown.id, "account": shown.account, "state": shown.label, "post": shown.post_id}
    )
