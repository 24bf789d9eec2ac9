"""The optional logo placed in a QR code's centre: an uploaded PNG or JPEG, checked and
re-encoded as PNG (nothing of the upload but its pixels is kept)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from mostra.links.qr.errors import QrRefused

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
#: The logo is scaled down to this many pixels a side: plenty for print at 300 dpi.
KEPT_SIDE = 600


def checked_logo(data: bytes) -> bytes:
    """``data`` (a PNG or JPEG file) as a PNG of at most :data:`KEPT_SIDE` pixels a side,
    or :class:`QrRefused` saying what to upload instead."""
    if not data:
        raise QrRefused(_("The logo file is empty: upload a PNG or JPEG image."))
    if len(data) > MAX_BYTES:
        raise QrRefused(_("The logo is larger than 2 MB: upload a smaller PNG or JPEG image."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in {"PNG", "JPEG"}:
                raise QrRefused(
                    _("The logo is a %(format)s image: upload a PNG or JPEG image.")
                    % {"format": image.format or "?"}
                )
            if max(image.size) > MAX_SIDE:
                raise QrRefused(
                    _("The logo is %(width)d×%(height)d pixels: upload one of at most 4000 a side.")
                    % {"width": image.size[0], "height": image.size[1]}
                )
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise QrRefused(_("The logo is not an image: upload a PNG or JPEG file.")) from exc
    picture.thumbnail((KEPT_SIDE, KEPT_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
