"""The printable supports and their rendering to PDF.

Every size is the trimmed size (no bleed): nothing is printed within the safe margin of
the paper's edge, so an office printer or a print shop's cutter leaves every element
whole. The QR code is embedded as SVG and stays vector in the PDF.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.links.qr.errors import QrRefused
from mostra.links.qr.render import QrStyle, render_svg

#: The longest call to action a support carries (a card has room for one short line).
CTA_MAX = 120


@dataclass(frozen=True)
class Sheet:
    """One printable support: its page in mm, the safe margin, and the QR code's side."""

    name: str
    support: str  #: the support name its scans are counted under
    label: object  #: a lazy translated name, for forms
    width_mm: float
    height_mm: float
    margin_mm: float
    qr_mm: float
    template: str


SHEETS: dict[str, Sheet] = {
    sheet.name: sheet
    for sheet in (
        Sheet("card", "card", gettext_lazy("Business card (85 × 55 mm)"), 85, 55, 4, 38, "card"),
        Sheet("flyer", "flyer", gettext_lazy("A5 flyer"), 148, 210, 10, 80, "flyer"),
        Sheet("poster", "poster", gettext_lazy("A4 poster"), 210, 297, 12, 130, "poster"),
        Sheet(
            "stickers",
            "sticker",
            gettext_lazy("A4 sheet of 24 stickers (3 × 8)"),
            210,
            297,
            0,
            26,
            "stickers",
        ),
    )
}
#: The sticker sheet's labels: 3 columns of 70 mm, 8 rows of 37.125 mm (an A4 sheet).
STICKER_COLUMNS = 3
STICKER_ROWS = 8


@dataclass(frozen=True)
class AccountLine:
    """One of the workspace's accounts as printed: the network's name and the handle."""

    network: str
    handle: str


def sheet_named(name: str) -> Sheet:
    """The support called ``name``, or :class:`QrRefused` listing those that exist."""
    sheet = SHEETS.get(name.strip().lower())
    if sheet is None:
        raise QrRefused(
            _("%(name)s is not a printable template: choose one of %(names)s.")
            % {"name": repr(name), "names": ", ".join(SHEETS)}
        )
    return sheet


def render_sheet(
    sheet: Sheet,
    *,
    url: str,
    style: QrStyle,
    call_to_action: str,
    accounts: list[AccountLine],
    language: str | None = None,
) -> bytes:
    """The support as a PDF: one page (the stickers: one A4 sheet of 24 labels)."""
    import weasyprint  # type: ignore[import-untyped]

    call_to_action = " ".join(call_to_action.split())
    if len(call_to_action) > CTA_MAX:
        raise QrRefused(
            _("The call to action has %(count)d characters: keep it to %(max)d.")
            % {"count": len(call_to_action), "max": CTA_MAX}
        )
    svg = render_svg(url, style)
    qr = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    shown_url = url.split("://", 1)[-1]
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            f"links/print/{sheet.template}.html",
            {
                "sheet": sheet,
                "qr": qr,
                "url": shown_url,
                "call_to_action": call_to_action,
                "accounts": accounts,
                "stickers": range(STICKER_COLUMNS * STICKER_ROWS),
                "dark": style.dark,
                "light": style.light,
                "language": translation.get_language() or "en",
            },
        )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
