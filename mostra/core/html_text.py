"""A post's HTML as plain text: the one reading of Mastodon's ``content``.

Mastodon gives a status's text as HTML (``<p>``, ``<br />``, links whose scheme and
tail sit in hidden ``<span>``). Publishing reads it back to find a status it already
made, the archive import and the public profiles store it: all three call
:func:`html_to_text`, so the same status is the same text wherever it came from.

It sits in core because integrations (the read-back) and analytics both need it.
"""

from __future__ import annotations

import html
import re

_BREAKS = re.compile(r"<\s*(br|/p|/li|/h\d)\s*/?\s*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """``markup`` as plain text: paragraphs and line breaks become new lines, tags go
    (a link keeps its whole address), entities are decoded, the ends are trimmed."""
    if "<" not in markup and "&" not in markup:
        return markup
    text = _BREAKS.sub("\n", markup)
    text = html.unescape(_TAGS.sub("", text))
    return _BLANK_LINES.sub("\n\n", text).strip()
