"""``mostra qr``: a QR code (SVG, PNG, PDF) or a printable support for a short link, a
profile or an address of a workspace, through the same service as the Print / QR page."""

from __future__ import annotations

from pathlib import Path

import click

from mostra.core.cli_support import refuse, with_django

TEMPLATES = ["card", "flyer", "poster", "stickers"]


@click.command(name="qr")
@click.argument("target")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "pdf"]),
    help="The file's format (default: the output's extension, else svg; pdf with --template).",
)
@click.option("--template", type=click.Choice(TEMPLATES), help="A printable support (a PDF).")
@click.option("--workspace", "slug", metavar="SLUG", help="Needed for a profile or an address.")
@click.option("--support", default="", help="The support its scans count under (card, flyer…).")
@click.option("--cta", "call_to_action", default="", help="The call to action printed.")
@click.option("--dark", default="", help="The code's colour, #rrggbb (default black).")
@click.option("--light", default="", help="The background, #rrggbb (default white).")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False), help="A PNG or JPEG.")
@click.option("--size", "size_px", type=int, help="PNG width in pixels (default 600).")
@click.option("--size-mm", type=float, help="Width in mm (PNG at --dpi, PDF code alone).")
@click.option("--dpi", type=int, default=300, show_default=True, help="A PNG's resolution.")
@click.option("--as", "as_email", metavar="EMAIL", help="Act as this member (default: owner).")
@click.option("-o", "--output", required=True, help="The file to write (- for the output).")
@with_django
def qr_command(
    target: str,
    fmt: str | None,
    template: str | None,
    slug: str | None,
    support: str,
    call_to_action: str,
    dark: str,
    light: str,
    logo: str | None,
    size_px: int | None,
    size_mm: float | None,
    dpi: int,
    as_email: str | None,
    output: str,
) -> None:
    """Write the QR code of TARGET for a printed support to a file.

    TARGET is a short link (its code or short address), a profile of the workspace
    (network:handle, e.g. bluesky:@name.bsky.social) or, with --workspace, a web address.
    The code carries the link's own child for the support (medium offline, created
    once), so that the report counts each support's scans.

    \b
    Example:
        mostra qr Ab3dEf9 --template flyer --cta "Come on Saturday" -o flyer.pdf
        mostra qr bluesky:@demo.bsky.social --workspace demo --support sign -o sign.svg
    """
    from django.db import transaction
    from django.utils.translation import gettext as _

    from mostra.core.cli_support import (
        acting_member,
        refuse_if_archived,
        workspace_option,
        write_output,
    )
    from mostra.core.errors import DomainError
    from mostra.links.models import TrackedLink
    from mostra.links.qr.files import QrOrder, qr_file
    from mostra.links.qr.supports import address_link, resolve_target
    from mostra.publishing.models import SocialAccount

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".")
        fmt = "pdf" if template else suffix if suffix in {"svg", "png", "pdf"} else "svg"
    is_address = target.startswith(("http://", "https://")) and "/l/" not in target
    workspace = workspace_option(slug) if slug else None
    if workspace is None:
        if is_address or (":" in target and "/" not in target):
            refuse(_("give --workspace SLUG for a profile or a web address."))
        code = target.rstrip("/").rsplit("/l/", 1)[-1]
        found = TrackedLink.objects.select_related("workspace").filter(code=code).first()
        if found is None:
            refuse(
                _("no short link has the code %(code)s: check it (mostra link stats lists them).")
                % {"code": repr(code)}
            )
        workspace = found.workspace
    refuse_if_archived(workspace)
    membership = acting_member(workspace, as_email)
    order = QrOrder(
        format=fmt,
        template=template or "",
        support=support,
        call_to_action=call_to_action,
        dark=dark,
        light=light,
        logo=Path(logo).read_bytes() if logo else None,
        size_px=size_px,
        size_mm=size_mm,
        dpi=dpi,
    )
    try:
        with transaction.atomic():  # a refusal leaves no link behind
            named: TrackedLink | SocialAccount
            if is_address:
                named = address_link(membership, target)
            else:
                named = resolve_target(workspace, target)
            made = qr_file(membership, named, order)
    except DomainError as exc:
        refuse(exc.message)
    write_output(output, made.content)
    if output != "-":
        click.echo(
            _("%(file)s: the code of %(url)s (support %(support)s).")
            % {"file": output, "url": made.url, "support": made.link.support}
        )
