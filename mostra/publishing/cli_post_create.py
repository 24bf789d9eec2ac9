"""``mostra post create``: write a post for one account, and schedule it, from a script.

It belongs to the ``post`` group (:mod:`mostra.charter.cli`) but lives here, as
:mod:`mostra.publishing.cli_post` does: it picks a connected account, and the
editorial layer never imports publishing.

Steps, all or nothing (one transaction; the files written are removed on a refusal):

1. find the workspace, the account (a connected account of the workspace, by handle),
   the tactic (``--tactic``, or the workspace's only one) and who acts (``--as``, or
   the workspace's first owner: the command line has no signed-in member);
2. read ``--at`` (ISO 8601; without an offset, a wall time in the workspace's time
   zone, refusing the hours the clocks skip or repeat);
3. check and attach the images (:mod:`mostra.editorial.services.media`);
4. create it through :func:`mostra.editorial.services.post_create.create_post`, the
   API's service too: the post is saved and the charter's checks run (an error refuses
   the post, even as a draft, here); with ``--at`` it is submitted: it waits for
   approval, or, under the policy "no approval", is approved and scheduled at once (the
   readiness gate and the publishing hooks apply).

Prints the new post's id on the standard output, the findings and the post's status on
the standard error. Exit status: 0 done, 1 the charter finds an error, 2 bad usage or a
refusal (an unknown account lists the workspace's accounts); nothing is created unless 0.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from django.utils.translation import gettext as _

from mostra.core.cli_support import (
    acting_member,
    refuse,
    with_django,
    workspace_option,
    workspace_required,
)

if TYPE_CHECKING:
    from mostra.core.models import Workspace
    from mostra.editorial.services.posts import UploadInput
    from mostra.publishing.models import SocialAccount
    from mostra.strategy.models import Tactic

#: Exit status when the charter finds an error (nothing was created).
HAS_ERRORS = 1


def _accounts_list(workspace: Workspace) -> str:
    from mostra.publishing.models import AccountStatus, SocialAccount

    accounts = SocialAccount.objects.filter(workspace=workspace, status=AccountStatus.CONNECTED)
    names = [f"{a.handle} ({a.network})" for a in accounts.order_by("network", "handle")]
    return ", ".join(names) or _("none (connect one with “mostra accounts connect”)")


def _account(workspace: Workspace, handle: str) -> SocialAccount:
    """The connected account ``HANDLE`` (or ``NETWORK:HANDLE``), or a refusal."""
    from mostra.publishing.models import AccountStatus, SocialAccount

    network, _sep, name = handle.rpartition(":") if ":" in handle else ("", "", handle)
    found = SocialAccount.objects.filter(
        workspace=workspace, status=AccountStatus.CONNECTED, handle__iexact=name.lstrip("@")
    )
    if network:
        found = found.filter(network=network)
    accounts = list(found.order_by("network"))
    if len(accounts) != 1:
        message = (
            _("%(handle)s names accounts on several networks: write it as NETWORK:HANDLE.")
            if accounts
            else _("no connected account of %(slug)s has the handle %(handle)s.")
        )
        refuse(
            message % {"handle": repr(handle), "slug": repr(workspace.slug)}
            + " "
            + _("Connected accounts: %(list)s.") % {"list": _accounts_list(workspace)}
        )
    account = accounts[0]
    from mostra.publishing.services.publications import connected_account

    chosen = connected_account(workspace.pk, account.network)
    if chosen is not None and chosen.pk != account.pk:
        refuse(
            _(
                "posts on %(network)s go out on the first account connected, %(first)s: "
                "give --account %(first)s, or disconnect it first."
            )
            % {"network": account.network, "first": chosen.handle}
        )
    return account


def _tactic(workspace: Workspace, value: str | None) -> Tactic:
    from mostra.strategy.models import Tactic

    tactics = Tactic.objects.filter(workspace=workspace)
    if value is not None:
        lookup = {"pk": int(value)} if value.isdigit() else {"key": value}
        tactic = tactics.filter(**lookup).first()
        if tactic is not None:
            return tactic
    elif tactics.count() == 1:
        return tactics.get()
    listed = ", ".join(f"{t.pk} ({t})" for t in tactics.order_by("pk")) or _("none yet")
    problem = (
        _("%(slug)s has no tactic %(tactic)s.")
        if value is not None
        else _("choose the tactic this post serves with --tactic ID.")
    )
    refuse(
        problem % {"slug": repr(workspace.slug), "tactic": repr(value)}
        + " "
        + _("Tactics: %(list)s.") % {"list": listed}
    )


def _moment(workspace: Workspace, value: str) -> dt.datetime:
    from mostra.core.errors import DomainError
    from mostra.editorial.services.posts import zone
    from mostra.editorial.services.reschedule import resolve_local

    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        refuse(
            _("--at %(value)s is not an ISO 8601 date and time (e.g. 2026-12-01T09:30+01:00).")
            % {"value": repr(value)}
        )
    moment = moment.replace(second=0, microsecond=0)
    if moment.tzinfo is None:
        try:
            moment = resolve_local(moment, zone(workspace))
        except DomainError as refused:
            refuse(str(refused.message))
    return moment.astimezone(dt.UTC)


def _uploads(
    stack: contextlib.ExitStack, images: tuple[str, ...], alts: tuple[str, ...], network: str
) -> list[UploadInput]:
    from django.core.files import File

    from mostra.core.errors import DomainError
    from mostra.editorial.services import media
    from mostra.editorial.services.posts import UploadInput

    if len(alts) > len(images):
        raise click.UsageError(_("Each --alt describes the --image before it: give fewer --alt."))
    uploads = []
    for index, path in enumerate(images):
        try:
            handle = stack.enter_context(open(path, "rb"))  # noqa: SIM115 (closed by the stack)
        except OSError as exc:
            raise click.FileError(path, hint=exc.strerror or str(exc)) from exc
        try:
            checked = media.inspect(File(handle, name=Path(path).name))
        except DomainError as refused:
            refuse(str(refused.message))
        alt = alts[index] if index < len(alts) else ""
        uploads.append(UploadInput(checked=checked, alt_text=alt, networks=[network]))
    return uploads


def _print_findings(findings: list[Any]) -> None:
    """The charter's findings, on the standard error."""
    for finding in findings:
        click.echo(f"{finding.severity:<8} {finding.code:<28} {finding.message}", err=True)


@click.command("create")
@workspace_required
@click.option(
    "--account",
    "handle",
    required=True,
    metavar="HANDLE",
    help="A connected account of the workspace, by handle (NETWORK:HANDLE if two share it).",
)
@click.option("--text", required=True, help="The text (a line of only --- starts a thread).")
@click.option("--at", "at", metavar="ISO-8601", help="When it goes out: submit it for that time.")
@click.option("--tactic", metavar="ID", help="The tactic it serves (needed when several).")
@click.option("--image", "images", multiple=True, metavar="PATH", help="An image (repeatable).")
@click.option("--alt", "alts", multiple=True, metavar="TEXT", help="The --image's alt text.")
@click.option("--as", "email", metavar="EMAIL", help="Who writes it (default: the owner).")
@with_django
def create(
    slug: str,
    handle: str,
    text: str,
    at: str | None,
    tactic: str | None,
    images: tuple[str, ...],
    alts: tuple[str, ...],
    email: str | None,
) -> None:
    """Create a post for one account and print its id.

    Without --at it stays a draft. With --at it is submitted for approval, or
    scheduled at once when the workspace needs no approval. A charter error refuses
    the post (exit status 1, nothing created).

    \b
    Example:
        mostra post create --workspace demo --account fromagerie.bsky.social \\
            --text "Nouvelle tomme en cave 🧀" --at 2026-12-01T09:30 \\
            --image tomme.jpg --alt "Une tomme entière sur une planche"
    """
    from mostra.core.errors import DomainError
    from mostra.editorial.services.post_create import CharterRefused, create_post
    from mostra.editorial.services.posts import PostInput, VariantInput

    workspace = workspace_option(slug, changing=True)
    account = _account(workspace, handle)
    actor = acting_member(workspace, email)
    served = _tactic(workspace, tactic)
    when = _moment(workspace, at) if at else None
    try:
        with contextlib.ExitStack() as stack:
            data = PostInput(
                tactic=served,
                scheduled_at=when,
                variants=[VariantInput(network=account.network, text=text)],
                uploads=_uploads(stack, images, alts, account.network),
            )
            created = create_post(actor, data, submit=when is not None, strict=True)
    except CharterRefused as refused:
        _print_findings(refused.findings)
        sys.exit(HAS_ERRORS)
    except DomainError as refused:
        refuse(str(refused.message))
    _print_findings(created.findings)
    post = created.post
    click.echo(post.pk)
    click.echo(
        _("Post %(id)d: %(status)s.") % {"id": post.pk, "status": post.get_status_display()},
        err=True,
    )
