"""A QR code file for a link or an account of the workspace, as the page, the API and
``mostra qr`` ask for it: everything is checked first (format, template, colours, logo,
support, call to action), then the support's child link is found or created and the
file drawn, in one transaction (a refusal leaves no link behind)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core.models import Membership
from mostra.links.models import TrackedLink
from mostra.links.print.sheets import CTA_MAX, AccountLine, render_sheet, sheet_named
from mostra.links.qr.colours import checked_colours
from mostra.links.qr.errors import QrRefused
from mostra.links.qr.logo import checked_logo
from mostra.links.qr.profiles import printed_accounts
from mostra.links.qr.render import QrStyle, pixels, render_pdf, render_png, render_svg
from mostra.links.qr.supports import absolute_short_url, profile_link, support_link
from mostra.publishing.models import SocialAccount

FORMATS = ("svg", "png", "pdf")
CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


@dataclass(frozen=True)
class QrOrder:
    """What the user asked for."""

    format: str = "svg"
    template: str = ""  #: card, flyer, poster or stickers: a PDF to print
    support: str = ""  #: the support's name (by default the template's)
    call_to_action: str = ""
    dark: str = ""
    light: str = ""
    logo: bytes | None = None
    size_px: int | None = None
    size_mm: float | None = None
    dpi: int = 300
    language: str | None = None


@dataclass(frozen=True)
class QrFile:
    content: bytes
    content_type: str
    filename: str
    link: TrackedLink  #: the support's link the code carries
    url: str  #: its short address


def _checked(order: QrOrder) -> tuple[str, QrStyle]:
    """The support's name and the style, or :class:`QrRefused` (nothing created yet)."""
    fmt = order.format.strip().lower()
    if fmt not in FORMATS:
        raise QrRefused(
            _("%(format)s is not a QR code format: choose svg, png or pdf.")
            % {"format": repr(order.format)}
        )
    support = order.support
    if order.template:
        sheet = sheet_named(order.template)
        if fmt != "pdf":
            raise QrRefused(_("A printable template is a PDF: choose the pdf format."))
        support = support or sheet.support
    if len(" ".join(order.call_to_action.split())) > CTA_MAX:
        raise QrRefused(
            _("The call to action is longer than %(max)d characters: shorten it.")
            % {"max": CTA_MAX}
        )
    if not 72 <= order.dpi <= 1200:
        raise QrRefused(_("Give a resolution from 72 to 1200 dpi."))
    if fmt == "png":
        pixels(size_px=order.size_px, size_mm=order.size_mm, dpi=order.dpi)
    dark, light = checked_colours(order.dark, order.light)
    logo = checked_logo(order.logo) if order.logo is not None else None
    return support, QrStyle(dark=dark, light=light, logo=logo)


def _draw(order: QrOrder, url: str, style: QrStyle, accounts: list[AccountLine]) -> bytes:
    fmt = order.format.strip().lower()
    if order.template:
        return render_sheet(
            sheet_named(order.template),
            url=url,
            style=style,
            call_to_action=order.call_to_action,
            accounts=accounts,
            language=order.language,
        )
    if fmt == "png":
        width = pixels(size_px=order.size_px, size_mm=order.size_mm, dpi=order.dpi)
        return render_png(url, style, width_px=width, dpi=order.dpi)
    if fmt == "pdf":
        return render_pdf(url, style, width_mm=order.size_mm or 50)
    return render_svg(url, style).encode("utf-8")


def qr_file(
    membership: Membership,
    target: TrackedLink | SocialAccount,
    order: QrOrder,
    request: Any = None,
) -> QrFile:
    """The QR code of ``target``'s link for the order's support: the link's child for
    that support (created once), or for an account, its profile link's child. The
    address is the one the request came to unless the instance names its own."""
    support, style = _checked(order)
    if isinstance(target, SocialAccount) and target.workspace_id != membership.workspace_id:
        raise QrRefused(_("That account is not in this workspace."))
    accounts = [AccountLine(n, h) for n, h in printed_accounts(membership.workspace)]
    with transaction.atomic():
        base = profile_link(membership, target) if isinstance(target, SocialAccount) else target
        link = support_link(membership, base, support)
        url = absolute_short_url(link, request)
        content = _draw(order, url, style, accounts)
    fmt = order.format.strip().lower()
    name = f"qr-{link.code}-{order.template or link.support}.{fmt}"
    return QrFile(content, CONTENT_TYPES[fmt], name, link, url)
