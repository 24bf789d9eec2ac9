"""A URL drawn as a QR code by segno: SVG, PNG or vector PDF, ready for print.

Error correction is M (15 % of the code can be damaged) by default, H (30 %) when a logo
covers the centre; the quiet zone is 4 modules, as the standard asks. The logo covers at
most :data:`LOGO_SHARE` of the code's side (about 9 % of its area) on a pad of the
background colour.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import segno
from django.utils.translation import gettext as _
from PIL import Image

from mostra.links.qr.colours import DEFAULT_DARK, DEFAULT_LIGHT
from mostra.links.qr.errors import QrRefused

QUIET_ZONE = 4
LOGO_SHARE = 0.3
MM_PER_INCH = 25.4
MAX_PIXELS = 8000


@dataclass(frozen=True)
class QrStyle:
    """How a code looks: colours already checked (:func:`~mostra.links.qr.colours.checked_colours`)
    and an optional logo already checked (:func:`~mostra.links.qr.logo.checked_logo`)."""

    dark: str = DEFAULT_DARK
    light: str = DEFAULT_LIGHT
    logo: bytes | None = None

    @property
    def error(self) -> str:
        return "h" if self.logo else "m"


def make_code(url: str, style: QrStyle) -> segno.QRCode:
    """The QR code of ``url`` at the style's error-correction level (never boosted, so
    that the level is the one announced)."""
    if not url.startswith(("http://", "https://")):
        raise QrRefused(
            _("%(target)s is not a web address: a QR code points to an http(s) link.")
            % {"target": repr(url)}
        )
    return segno.make_qr(url, error=style.error, boost_error=False)


def _logo_box(code: segno.QRCode) -> tuple[int, int]:
    """Where the logo goes, in modules from the symbol's edge (quiet zone included): its
    origin and its side, a whole number of modules centred on the code."""
    modules = int(code.symbol_size(border=0)[0])
    side = int(modules * LOGO_SHARE)
    side -= (modules - side) % 2  # odd symbol, odd side: the same margin on both sides
    return QUIET_ZONE + (modules - side) // 2, side


def render_svg(url: str, style: QrStyle, *, module_mm: float | None = None) -> str:
    """The code as an SVG document: ``module_mm`` millimetres a module (the document's
    size in mm), else 10 user units a module (a size-less drawing to scale freely)."""
    code = make_code(url, style)
    out = io.BytesIO()
    options: dict[str, object] = {"unit": "mm", "scale": module_mm} if module_mm else {"scale": 10}
    code.save(
        out,
        kind="svg",
        border=QUIET_ZONE,
        dark=style.dark,
        light=style.light,
        xmldecl=False,
        **options,
    )
    svg = out.getvalue().decode("utf-8")
    if style.logo:
        origin, side = _logo_box(code)
        logo = base64.b64encode(style.logo).decode("ascii")
        pad = (
            f'<rect x="{origin - 0.5}" y="{origin - 0.5}" width="{side + 1}" '
            f'height="{side + 1}" fill="{style.light}"/>'
            f'<image x="{origin}" y="{origin}" width="{side}" height="{side}" '
            f'preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,{logo}"/>'
        )
        head, _sep, tail = svg.rpartition("</g>")
        svg = f"{head}{pad}</g>{tail}"
    return svg


def pixels(*, size_px: int | None = None, size_mm: float | None = None, dpi: int = 300) -> int:
    """The width asked for a PNG, in pixels: given as such, or in mm at ``dpi``."""
    if size_px is None and size_mm is None:
        return 600
    wanted = size_px if size_px is not None else round((size_mm or 0) / MM_PER_INCH * dpi)
    if not 50 <= wanted <= MAX_PIXELS:
        raise QrRefused(
            _("A PNG code is %(wanted)d pixels wide: ask for 50 to 8000 pixels.")
            % {"wanted": wanted}
        )
    return wanted


def render_png(url: str, style: QrStyle, *, width_px: int = 600, dpi: int = 300) -> bytes:
    """The code as a PNG at most ``width_px`` wide, a whole number of pixels a module (so
    that no module is blurred), tagged with ``dpi`` for print."""
    code = make_code(url, style)
    total = int(code.symbol_size(border=QUIET_ZONE)[0])
    scale = max(1, width_px // total)
    out = io.BytesIO()
    code.save(
        out, kind="png", scale=scale, border=QUIET_ZONE, dark=style.dark, light=style.light, dpi=dpi
    )
    if not style.logo:
        return out.getvalue()
    with Image.open(io.BytesIO(out.getvalue())) as drawn:
        picture = drawn.convert("RGB")
    origin, side = _logo_box(code)
    pad = Image.new("RGB", ((side + 1) * scale, (side + 1) * scale), style.light)
    picture.paste(pad, (round((origin - 0.5) * scale), round((origin - 0.5) * scale)))
    with Image.open(io.BytesIO(style.logo)) as logo_file:
        logo = logo_file.convert("RGBA")
    logo.thumbnail((side * scale, side * scale))
    left = origin * scale + (side * scale - logo.width) // 2
    top = origin * scale + (side * scale - logo.height) // 2
    picture.paste(logo, (left, top), logo)
    result = io.BytesIO()
    picture.save(result, format="PNG", dpi=(dpi, dpi))
    return result.getvalue()


def render_pdf(url: str, style: QrStyle, *, width_mm: float = 50) -> bytes:
    """The code alone as a one-page vector PDF ``width_mm`` wide (quiet zone included)."""
    import cairosvg  # type: ignore[import-untyped]

    if not 10 <= width_mm <= 1000:
        raise QrRefused(
            _("A PDF code is %(wanted)s mm wide: ask for 10 to 1000 mm.") % {"wanted": width_mm}
        )
    code = make_code(url, style)
    total = code.symbol_size(border=QUIET_ZONE)[0]
    svg = render_svg(url, style, module_mm=width_mm / total)
    pdf: bytes = cairosvg.svg2pdf(bytestring=svg.encode("utf-8"))
    return pdf
