"""Measuring text before drawing it, so that nothing in the infographic overlaps.

SVG has no text layout: a long workspace or account name simply runs over whatever is
beside it. The infographic therefore measures each text with the font it is drawn in
(DejaVu Sans, read through Pillow when the font file is installed) and shortens it with
an ellipsis to the room it has. Without the font file, an estimate per character class
(DejaVu Sans' own average widths) is used; it errs on the wide side.
"""

from __future__ import annotations

import functools
from typing import Any

FONT_FILES = {
    False: ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
ELLIPSIS = "…"


@functools.lru_cache(maxsize=64)
def _font(size: int, bold: bool) -> Any:
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with CairoSVG
        return None
    for name in FONT_FILES[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return None


def _estimate(text: str, size: float, bold: bool) -> float:
    width = 0.0
    for char in text:
        if char in " .,:;'|!il":
            em = 0.32
        elif char.isdigit():
            em = 0.64
        elif char.isupper() or char in "mwMW@%—…":
            em = 0.78
        else:
            em = 0.6
        width += em * (1.1 if bold else 1.0)
    return width * size


def text_width(text: str, size: float, bold: bool = False, spacing: float = 0.0) -> float:
    """The width in pixels of ``text`` drawn at ``size`` px (plus letter-spacing)."""
    font = _font(round(size), bold)
    width = font.getlength(text) * size / round(size) if font else _estimate(text, size, bold)
    return width + spacing * max(len(text) - 1, 0)


def fit(text: str, room: float, size: float, bold: bool = False, spacing: float = 0.0) -> str:
    """``text``, or its longest start that fits in ``room`` px followed by "…"."""
    text = " ".join(text.split())
    if text_width(text, size, bold, spacing) <= room:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix whose "prefix…" fits
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + ELLIPSIS, size, bold, spacing) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low else ELLIPSIS


def largest_size(text: str, room: float, sizes: tuple[int, ...], bold: bool = True) -> int:
    """The first of ``sizes`` (largest first) at which ``text`` fits in ``room``."""
    for size in sizes:
        if text_width(text, size, bold) <= room:
            return size
    return sizes[-1]
