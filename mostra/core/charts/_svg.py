"""The small vocabulary every chart shares: escaping, localised numbers, colours, frame.

Charts are strings of SVG built by hand rather than by a plotting library: the figures
of a dashboard are few, the same SVG must embed inline in a page, go into a PDF
(WeasyPrint) and become a PNG (CairoSVG), and nothing may be fetched (no web fonts, no
scripts). Every piece of text that reaches the SVG goes through :func:`esc`, because
labels are user content (account handles, tactic names).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django.utils import formats, numberformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

#: A value formatter: a number in, a short localised text out.
Formatter = Callable[[float], str]

FONT = "system-ui, DejaVu Sans, sans-serif"
INK = "#1d2433"
MUTED = "#5b6476"
LINE = "#d9dee7"
BRAND = "#1f4e79"
ACCENT = "#e0742b"
OK = "#1b7f4b"
#: Series colours, told apart by people with the common colour-vision deficiencies.
PALETTE = ("#1f4e79", "#e0742b", "#1b7f4b", "#8e44ad", "#b42318", "#2a9d8f", "#8a5a00", "#5b6476")


def esc(text: object) -> str:
    """Text safe inside an SVG element or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def number(value: float, decimals: int | None = None, *, language: str | None = None) -> str:
    """``value`` in the active language: ``1,234.5`` in English, ``1 234,5`` in French.

    Without ``decimals``: none for whole numbers and large values, one below 100,
    two below 1. A caller formatting many numbers passes ``language``, read once: the
    active language is read through a lock every thread of the process shares.
    """
    if decimals is None:
        if float(value).is_integer() or abs(value) >= 100:
            decimals = 0
        elif abs(value) >= 1:
            decimals = 1
        else:
            decimals = 2
    lang = language or get_language()
    return numberformat.format(  # formats.number_format, the language given
        round(value, decimals),
        formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True),
        decimals,
        formats.get_format("NUMBER_GROUPING", lang, use_l10n=True),
        formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
        force_grouping=True,
        use_l10n=True,
    )


def percent(value: float, decimals: int = 0) -> str:
    """A ratio (0..1) as a percentage: ``40%`` in English, ``40 %`` in French."""
    text = number(value * 100, decimals)
    space = "\u202f" if (get_language() or "").startswith("fr") else ""
    return f"{text}{space}%"


def no_data() -> str:
    return gettext("no data")


def text(
    x: float,
    y: float,
    content: object,
    *,
    size: float = 12,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}"{extra}>{esc(content)}</text>'
    )


def text_width(content: str, size: float = 12, *, bold: bool = False) -> float:
    """An estimate of the width of ``content`` (no font metrics on the server).

    Generous (DejaVu Sans is wide), so that a label estimated to fit does fit.
    """
    return len(content) * size * (0.68 if bold else 0.62)


def fit(content: str, room: float, size: float = 12, *, bold: bool = False) -> str:
    """``content`` cut with an ellipsis to fit ``room`` pixels (whole when it fits)."""
    if text_width(content, size, bold=bold) <= room:
        return content
    keep = max(int(room / text_width("x", size, bold=bold)) - 1, 1)
    return content[:keep].rstrip() + "…"


def wrap(
    content: str, room: float, size: float = 12, *, bold: bool = False, lines: int = 2
) -> list[str]:
    """``content`` on at most ``lines`` lines of ``room`` pixels, the last one cut if needed."""
    words, found = content.split(), [""]
    for word in words:
        candidate = f"{found[-1]} {word}".strip()
        if text_width(candidate, size, bold=bold) <= room or not found[-1]:
            found[-1] = candidate
        elif len(found) < lines:
            found.append(word)
        else:
            found[-1] = candidate
    return [fit(line, room, size, bold=bold) for line in found]


def frame(
    width: float, height: float, title: str, body: list[str], *, css_class: str
) -> SafeString:
    """The ``<svg>`` element around ``body``, titled for screen readers."""
    label = esc(title)
    return mark_safe(  # noqa: S308 — every text in body went through esc()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'role="img" aria-label="{label}" font-family="{FONT}" '
        f'style="max-width:100%;height:auto">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def nice_max(value: float) -> float:
    """A round number at or above ``value`` for an axis end (1, 2, 2.5, 5 × 10ⁿ)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10 if value >= 1 else 1.0
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude
