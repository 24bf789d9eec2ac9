"""A QR code's two colours: typed as ``#rrggbb`` and checked for a contrast a phone can scan.

Scanners look for dark modules on a light background: the dark colour must be darker
than the light one, with a contrast ratio (WCAG's, 1 to 21) of at least
:data:`MIN_CONTRAST`; a pale yellow on white, or a light code on a dark background, is
refused with a message saying what to change.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from mostra.links.qr.errors import QrRefused

DEFAULT_DARK = "#000000"
DEFAULT_LIGHT = "#ffffff"
#: Below this, many phone cameras fail in dim light or on glossy paper.
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_colour(text: str, *, which: str) -> str:
    """``text`` as ``#rrggbb`` (``#abc`` and ``abc`` accepted), or :class:`QrRefused`."""
    match = _HEX.match(text.strip())
    if not match:
        raise QrRefused(
            _("The %(which)s colour %(value)s is not a colour: type it as #rrggbb, e.g. #1a4d8f.")
            % {"which": which, "value": repr(text)}
        )
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(dark: str, light: str) -> float:
    """WCAG's contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21."""
    high, low = sorted((_luminance(dark), _luminance(light)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def checked_colours(dark: str = "", light: str = "") -> tuple[str, str]:
    """The code's dark and light colours (black on white when not given), refused when a
    phone could not scan them."""
    dark_colour = parse_colour(dark, which=_("dark")) if dark.strip() else DEFAULT_DARK
    light_colour = parse_colour(light, which=_("light")) if light.strip() else DEFAULT_LIGHT
    if _luminance(dark_colour) >= _luminance(light_colour):
        raise QrRefused(
            _(
                "The code's colour %(dark)s is not darker than its background %(light)s: "
                "scanners need dark modules on a light background, swap them."
            )
            % {"dark": dark_colour, "light": light_colour}
        )
    ratio = contrast(dark_colour, light_colour)
    if ratio < MIN_CONTRAST:
        raise QrRefused(
            _(
                "%(dark)s on %(light)s has a contrast of %(ratio).1f:1, too low to scan "
                "reliably: choose a darker code colour or a lighter background "
                "(at least %(minimum).1f:1)."
            )
            % {"dark": dark_colour, "light": light_colour, "ratio": ratio, "minimum": MIN_CONTRAST}
        )
    return dark_colour, light_colour
